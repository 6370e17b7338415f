"""Configuration: one ``Settings`` object, read from ``ANTARA_*`` environment variables.

Every knob has a default that works on a laptop; the Airflow DAGs and the CLI read the same
settings, so a value set in the environment means the same thing everywhere. Values can also be
passed explicitly (``Settings(data_dir=...)``), which is what the tests do.
"""

from __future__ import annotations

import re
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: DuckDB's buffer pool cap (``memory_limit``; DuckDB's own default is 80 % of the machine's memory, and a writer
#: keeps every block it has touched: a 100,000-article backfill peaked at 1,613.5 MiB over all its processes
#: without a cap, 1,434.6 MiB with this one). Blocks beyond it are evicted — the file's, read again through the
#: OS cache — and large sorts and joins spill to disk.
#: ``ANTARA_DUCKDB_MEMORY_LIMIT`` (:attr:`Settings.duckdb_memory_limit`) sets it per deployment.
DEFAULT_DUCKDB_MEMORY_LIMIT = "512MB"
#: The forms DuckDB's ``memory_limit`` takes (a size in 1000^i or 1024^i units, or a share of the machine's memory),
#: checked when the settings are read: a typo is one line naming the setting, not DuckDB's parser error mid-run.
DUCKDB_MEMORY_LIMIT_FORM = re.compile(r"\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)\s*", re.IGNORECASE)

WAREHOUSE_CONN_ID = "antara_warehouse"
#: The Airflow Asset every successful load updates (name, URI); downstream DAGs schedule on it.
WAREHOUSE_ASSET = ("antara_articles", "antara://warehouse/articles")
DEFAULT_MODELS = {
    ("id", "en"): "Helsinki-NLP/opus-mt-id-en",
    ("en", "id"): "Helsinki-NLP/opus-mt-en-id",
}


def packaged_feeds_file() -> Path:
    """The feed registry shipped with the package (``pipeline/feeds.yaml``)."""
    return Path(str(resources.files("pipeline") / "feeds.yaml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ANTARA_", extra="ignore", populate_by_name=True)

    # Where everything lives.
    data_dir: Path = Path("data")
    feeds_file: Path = Field(
        default_factory=packaged_feeds_file, validation_alias=AliasChoices("ANTARA_FEEDS", "feeds_file")
    )
    warehouse_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("AIRFLOW_CONN_ANTARA_WAREHOUSE", "ANTARA_WAREHOUSE_URI", "warehouse_uri"),
        description="postgresql://… or duckdb:///path; unset means an embedded DuckDB file under data_dir.",
    )
    warehouse_from_airflow: bool = Field(
        default=False, description="open the warehouse through the Airflow connection (set by the DAGs' tasks)"
    )
    duckdb_memory_limit: str = Field(
        default=DEFAULT_DUCKDB_MEMORY_LIMIT,
        description="DuckDB's buffer pool cap (its memory_limit, e.g. 512MB, 2GiB, 50%); beyond it blocks are evicted",
    )

    # Fetching.
    source: Literal["live", "replay"] = "live"
    #: ``str`` kept in the unions so an object-storage URL (``s3://conn@bucket/prefix``) stays a URL: ``Path`` would
    #: fold it into ``s3:/conn@bucket/prefix``, a relative local path.
    archive_dir: Path | str | None = Field(
        default=None, description="WARC archive: a directory, or an object-storage URL (e.g. s3://conn@bucket/prefix)"
    )
    replay_archive: Path | str | None = Field(
        default=None,
        description="WARC file, directory or object-storage URL replayed when source=replay (default: archive_dir).",
    )
    contact: str = "https://github.com/antara-pipeline/antara-pipeline"
    min_delay_s: float = 1.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_retries: int = 3
    max_response_bytes: int = 5_000_000
    respect_robots: bool = True
    allowed_hosts: list[str] = ["antaranews.com"]
    recheck_after_hours: float = 48.0
    feed_backoff_after_failures: int = 3
    max_retry_after_s: float = Field(
        300.0, description="a Retry-After longer than this fails the request at once; the next attempt is then due"
    )

    # The frontier: every discovered article URL is retried across runs until loaded or given up.
    frontier_retry_base_s: float = Field(900.0, description="first back-off after a transient fault; doubles")
    frontier_retry_budget_hours: float = Field(24.0, description="transient faults for longer than this: given up")
    max_items_per_feed: int = Field(500, description="feed items beyond this in one poll are quarantined")
    max_items_per_run: int = Field(2000, description="pages fetched per run at most; the rest wait in the frontier")
    lease_minutes: float = Field(
        60.0, description="a run's lease on the keys it fetches; past it (a crashed run) another run takes them over"
    )
    max_body_chars: int = Field(200_000, description="a longer article body is quarantined, not loaded")
    max_line_chars: int = Field(20_000, description="an article body line (paragraph) longer than this is quarantined")

    runs_url: str | None = Field(
        default=None,
        description="run artifacts on object storage (fsspec URL via ObjectStoragePath, e.g. "
        "s3://antara_runs@bucket/antara/runs); unset: <data_dir>/runs on the local disk",
    )

    # Run health: a run fails when planning or the checks failed, or when too many feeds failed.
    max_failed_feed_share: float = Field(
        0.5, description="a run in which more than this share of the feeds failed is failed (all failed always is)"
    )

    # Translation.
    translate: bool = True
    #: CTranslate2 (int8 on CPU, float16 on GPU) by default: about 3x faster on CPU; transformers is the reference.
    mt_engine: Literal["transformers", "ctranslate2"] = "ctranslate2"
    mt_model_id_en: str = DEFAULT_MODELS[("id", "en")]
    mt_model_en_id: str = DEFAULT_MODELS[("en", "id")]
    mt_device: Literal["auto", "cpu", "cuda"] = "auto"
    mt_compute_type: Literal["auto", "int8", "int8_float32", "int8_float16", "int16", "float16", "float32"] = Field(
        "auto",
        description="CTranslate2 precision: auto = int8 on CPU, float16 on a GPU; float32 gives the reference "
        "engine's exact outputs (int8 kernels differ between CPU families, so its output may differ by a token)",
    )
    mt_beam_size: int = 4
    mt_batch_tokens: int = 4096
    mt_max_input_tokens: int = 256
    mt_threads: int = 0
    mt_local_files_only: bool = False
    mt_models_dir: Path | None = Field(
        default=None, description="Pre-downloaded models; a model whose name matches a subfolder loads from it."
    )

    # Data-quality checks after each load (see pipeline.warehouse.checks.CheckThresholds).
    check_min_translation_coverage: float = Field(
        0.9, description="share of a run's articles that must carry a DONE translation; 0 disables"
    )

    # Freshness (pipeline.freshness): how long a feed or an edition may go without a new article before it is stale.
    # Night hours (WIB) count at the night limit's rate, so ANTARA's quiet nights do not raise false alarms.
    freshness_feed_day_minutes: float = Field(180.0, description="a feed's longest healthy gap between new articles")
    freshness_feed_night_minutes: float = Field(600.0, description="the same gap allowed during WIB night hours")
    freshness_edition_day_minutes: float = Field(60.0, description="an edition's longest healthy gap (all its feeds)")
    freshness_edition_night_minutes: float = Field(240.0, description="the same during WIB night hours")
    freshness_fetch_minutes: float = Field(60.0, description="longest healthy time since a feed's last good fetch")
    freshness_night_start_hour: int = Field(22, ge=0, le=23, description="WIB hour the quiet night starts")
    freshness_night_end_hour: int = Field(6, ge=0, le=23, description="WIB hour the day starts again")
    freshness_schedule: str | None = Field("*/30 * * * *", description="when antara_freshness checks (None: off)")
    freshness_feed_factors: dict[str, float] = Field(
        default_factory=dict, description='per-feed multipliers of the feed limits, e.g. {"id-sepakbola": 3}'
    )

    # Housekeeping.
    keep_runs_days: float = Field(7.0, description="run directories older than this are deleted; 0 keeps all")

    # Scheduling (read when the DAG file is parsed).
    schedule: str = "*/15 * * * *"
    task_retries: int = 2
    translation_queue: str = "default"
    retranslate_schedule: str | None = None
    retranslate_limit: int = 200
    retranslate_flagged: bool = Field(
        False, description="antara_retranslate also re-queues flagged translations (e.g. after a model change)"
    )

    # Backfill (python -m pipeline backfill, dags/antara_backfill.py).
    backfill_align: bool = Field(
        False, description="align linked stories' sentence pairs during a backfill (the costliest part of its load)"
    )
    backfill_workers: int = Field(
        2,
        description="processes preparing day partitions (pages → extract → language → translate) while the "
        "main process deduplicates and loads them in day order; 1 runs everything in one process",
    )
    backfill_pool: str = Field(
        "antara_backfill", description="Airflow pool of the backfill DAG's prepare tasks (its slots: docker/pools.json)"
    )
    backfill_sitemap_max_urls: int = Field(
        200_000, description="a sitemap (or index) listing more URLs than this is refused as malformed"
    )

    @field_validator("duckdb_memory_limit")
    @classmethod
    def _duckdb_memory_limit_form(cls, value: str) -> str:
        if not DUCKDB_MEMORY_LIMIT_FORM.fullmatch(value):
            raise ValueError(f"not a DuckDB memory size: {value!r} (e.g. 512MB, 2GiB, 50%)")
        return value

    @cached_property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()

    @property
    def runs_dir(self) -> Path:
        return self.resolved_data_dir / "runs"

    @property
    def resolved_archive_dir(self) -> Path | str:
        """The archive directory resolved on the local disk, or its object-storage URL as given (resolving a URL
        would name a directory under the working directory)."""
        if isinstance(self.archive_dir, str) and "://" in self.archive_dir:
            return self.archive_dir
        return Path(self.archive_dir or self.resolved_data_dir / "archive").expanduser().resolve()

    @property
    def resolved_warehouse_uri(self) -> str:
        if self.warehouse_uri:
            return self.warehouse_uri
        return f"duckdb:///{self.resolved_data_dir / 'warehouse.duckdb'}"

    def mt_model(self, source_lang: str, target_lang: str) -> str:
        """Configured model name or local path for one translation direction.

        A hub name like ``Helsinki-NLP/opus-mt-id-en`` resolves to ``mt_models_dir/opus-mt-id-en``
        when that folder exists (models baked into an image, or downloaded once by an operator).
        """
        name = {("id", "en"): self.mt_model_id_en, ("en", "id"): self.mt_model_en_id}[(source_lang, target_lang)]
        if self.mt_models_dir is not None:
            local = self.mt_models_dir.expanduser() / name.rstrip("/").split("/")[-1]
            if local.is_dir():
                return str(local)
        return name

    @property
    def user_agent(self) -> str:
        from pipeline import __version__

        return f"antara-pipeline/{__version__} (+{self.contact})"
