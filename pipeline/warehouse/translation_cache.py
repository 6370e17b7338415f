"""Sentence-level translation cache stored in the warehouse (the ``TranslationCache`` protocol of pipeline.translate).

Rows are keyed by the model identity and the sha256 of the normalised source; the source text is kept next to its
hash so the cache stays inspectable and a (theoretical) hash collision is detected instead of served.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.warehouse.core import Warehouse

log = logging.getLogger(__name__)
COLUMNS = ("model_key", "source_sha256", "source", "translation")


def normalise_source(text: str) -> str:
    """NFC and single spaces: the same sentence typed twice hits the same cache row."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def source_hash(text: str) -> str:
    return hashlib.sha256(normalise_source(text).encode("utf-8")).hexdigest()


class WarehouseTranslationCache:
    """``get_many``/``put_many`` against the ``translation_cache`` table; one query per call, not per sentence."""

    def __init__(self, warehouse: Warehouse) -> None:
        self._wh = warehouse

    def get_many(self, model_key: str, sources: list[str]) -> dict[str, str]:
        """source -> cached translation, for the sources this model has translated before."""
        by_hash: dict[str, list[str]] = {}
        for source in sources:
            by_hash.setdefault(source_hash(source), []).append(source)
        if not by_hash:
            return {}
        rows = self._wh.fetchall(
            "SELECT source_sha256, source, translation FROM translation_cache "
            "WHERE model_key = ? AND source_sha256 = ANY(?)",
            [model_key, list(by_hash)],
        )
        found: dict[str, str] = {}
        for digest, stored_source, translation in rows:
            for source in by_hash[digest]:
                if normalise_source(source) == stored_source:
                    found[source] = translation
                else:
                    log.error("translation cache hash collision for model %s on %r; row ignored", model_key, source)
        return found

    def by_model(self, sources: list[str]) -> dict[str, dict[str, str]]:
        """model key -> normalised source -> translation, for these sources under every model that has them.

        What a warehouse-pool task hands the translate task, which may not know its model's revision yet."""
        digests = sorted({source_hash(s) for s in sources})
        if not digests:
            return {}
        rows = self._wh.fetchall(
            "SELECT model_key, source, translation FROM translation_cache WHERE source_sha256 = ANY(?)", [digests]
        )
        found: dict[str, dict[str, str]] = {}
        for model_key, source, translation in rows:
            found.setdefault(model_key, {})[source] = translation
        return found

    def put_many(self, model_key: str, pairs: dict[str, str]) -> None:
        """Store translations; an existing row for the same model and source is kept (first writer wins)."""
        rows = {source_hash(s): [model_key, source_hash(s), normalise_source(s), t] for s, t in pairs.items()}
        self._wh._bulk_write(
            "translation_cache", COLUMNS, list(rows.values()), conflict=["model_key", "source_sha256"], update=None
        )
