"""Tiny memorising Marian models (one per direction), built once per session, and helpers for articles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.models import Article


@pytest.fixture
def make_settings(tiny_models: dict[str, Path], tmp_path: Path) -> Callable[..., Settings]:
    """Settings pointing at the tiny models; keyword arguments override any field."""

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "data_dir": tmp_path / "data",
            "mt_model_id_en": str(tiny_models["id-en"]),
            "mt_model_en_id": str(tiny_models["en-id"]),
            "mt_beam_size": 2,
            "mt_threads": 1,
            "mt_local_files_only": True,
            "mt_engine": "transformers",  # the reference engine; tests of CTranslate2 ask for it by name
        }
        return Settings(**{**values, **overrides})

    return make


def make_article(key: str, lang: str, title: str, body: str) -> Article:
    """An article as extraction hands it over; only what translation reads matters."""
    host = "www.antaranews.com" if lang == "id" else "en.antaranews.com"
    return Article(
        key=f"{host}/berita/{key}",
        url=f"https://{host}/berita/{key}/x",
        host=host,
        content_type="berita",
        antara_id=int(key) if key.isdigit() else 1,
        lang=lang,
        title=title,
        body=body,
        fetched_at=datetime(2026, 3, 7, 8, 0, tzinfo=UTC),
    )
