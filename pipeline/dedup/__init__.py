"""Deduplication and story linking: content hash, near duplicates (MinHash LSH), cross-lingual twins.

Public API used by the pipeline::

    content_hash(body) -> str
    link_stories(articles, wh | None) -> DedupResult      # read-only against the warehouse
    persist_dedup(wh, result) -> None                     # inside the load transaction
"""

from pipeline.dedup.linker import DEFAULT_THRESHOLDS, DedupResult, Thresholds, link_stories, persist_dedup
from pipeline.dedup.normalise import content_hash, normalise_body

__all__ = [
    "DEFAULT_THRESHOLDS",
    "DedupResult",
    "Thresholds",
    "content_hash",
    "link_stories",
    "normalise_body",
    "persist_dedup",
]
