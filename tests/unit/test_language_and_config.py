from pathlib import Path

from pipeline.config import Settings
from pipeline.language import detect, identify_articles
from pipeline.models import Article


def _article(lang: str, title: str, body: str) -> Article:
    return Article(
        key=f"www.antaranews.com/berita/{len(body)}",
        url="https://www.antaranews.com/berita/1/x",
        host="www.antaranews.com",
        content_type="berita",
        antara_id=1,
        lang=lang,
        title=title,
        body=body,
        fetched_at="2026-11-27T08:00:00+00:00",
    )


def test_detects_indonesian_and_english() -> None:
    assert detect("Pemerintah akan membangun jalan tol baru di Kalimantan Timur tahun depan.")[0] == "id"
    assert detect("The government will build a new toll road in East Kalimantan next year.")[0] == "en"
    assert detect("ok") == (None, None)


def test_identify_counts_edition_mismatches() -> None:
    articles = [
        _article("id", "Harga beras naik", "Harga beras naik di pasar tradisional Jakarta pada pekan ini."),
        _article("id", "Rice prices rose", "Rice prices rose in traditional markets in Jakarta this week."),
    ]
    assert identify_articles(articles) == 1
    assert [a.detected_lang for a in articles] == ["id", "en"]
    assert all(0.5 < (a.lang_confidence or 0) <= 1 for a in articles)


def test_settings_defaults_and_environment(monkeypatch, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_warehouse_uri == f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    assert settings.feeds_file.name == "feeds.yaml" and settings.feeds_file.exists()
    assert settings.user_agent.startswith("antara-pipeline/")
    monkeypatch.setenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", "postgresql://u@db:5432/news")
    monkeypatch.setenv("ANTARA_MIN_DELAY_S", "2.5")
    settings = Settings()
    assert settings.resolved_warehouse_uri == "postgresql://u@db:5432/news"
    assert settings.min_delay_s == 2.5


def test_models_dir_resolves_hub_names_to_local_folders(tmp_path: Path) -> None:
    (tmp_path / "opus-mt-id-en").mkdir()
    settings = Settings(mt_models_dir=tmp_path)
    assert settings.mt_model("id", "en") == str(tmp_path / "opus-mt-id-en")
    assert settings.mt_model("en", "id") == "Helsinki-NLP/opus-mt-en-id"


def test_old_run_directories_are_pruned_but_not_the_current_one(tmp_path: Path) -> None:
    import os
    import time

    from pipeline.runfiles import prune_runs, run_dir

    old, current, fresh = (run_dir(tmp_path, name) for name in ("scheduled__old", "manual__now", "scheduled__new"))
    (old / "pages.jsonl").write_text("{}\n")
    ten_days_ago = time.time() - 10 * 86_400
    for path in (old, current):
        os.utime(path, (ten_days_ago, ten_days_ago))
    assert prune_runs(tmp_path, 7, keep=current) == [old]
    assert not old.exists() and current.exists() and fresh.exists()
    assert prune_runs(tmp_path, 0) == []  # 0 keeps everything
