"""Record the demo snapshot: run the pipeline live against the invented ANTARA and keep its WARC.

    .venv/bin/python tests/support/record_demo.py            # rewrites pipeline/demo/

The archive holds exactly what a live run fetched (robots.txt, feeds, pages, with their headers);
``make demo`` replays it through the real DAG with no network. ``tests/e2e`` checks it is current.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support.antara_site import FEEDS, serve_antara, write_registry
from support.fake_site import FakeSite
from support.paths import DEMO_DIR


@contextmanager
def proxied_through(site: FakeSite) -> Iterator[None]:
    """Route this process's HTTP through the fake site, and restore the environment afterwards."""
    saved = {name: os.environ.get(name) for name in site.proxy_env}
    os.environ.update(site.proxy_env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def demo_registry() -> dict:
    """The demo's feed registry: the recorded feeds under their real https URLs."""
    return {
        "feeds": [
            {"name": f.name, "url": f.url.replace("http://", "https://", 1), "lang": f.lang, "category": f.category}
            for f in FEEDS
        ]
    }


def record(out_dir: Path = DEMO_DIR) -> Path:
    from pipeline.cli import run_pipeline
    from pipeline.config import Settings

    with tempfile.TemporaryDirectory() as tmp, FakeSite() as site, proxied_through(site):
        serve_antara(site)
        settings = Settings(
            data_dir=Path(tmp),
            feeds_file=write_registry(Path(tmp) / "feeds.yaml"),
            min_delay_s=0.0,
            translate=False,
            check_min_translation_coverage=0.0,
        )
        run_pipeline(settings, "record-demo")
        warcs = sorted(settings.resolved_archive_dir.rglob("*.warc.gz"))
        out_dir.mkdir(parents=True, exist_ok=True)
        archive = out_dir / "antara-demo.warc.gz"
        # Gzip members concatenate into one valid WARC file.
        archive.write_bytes(b"".join(p.read_bytes() for p in warcs))
        gzip.decompress(archive.read_bytes())  # sanity: the result is readable
    (out_dir / "feeds.yaml").write_text(
        "# The demo's feeds: what tests/support/record_demo.py recorded into antara-demo.warc.gz.\n"
        + yaml.safe_dump(demo_registry(), sort_keys=False),
        encoding="utf-8",
    )
    return archive


if __name__ == "__main__":
    print(record())
