"""Sentence-level translation cache: the protocol the warehouse implements, and an in-memory version.

Keys are ``(model_key, normalised source sentence)`` where ``model_key`` is ``name@revision``, so a new model
revision never reuses old output while duplicate or re-fetched text is never translated twice.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class TranslationCache(Protocol):
    def get_many(self, model_key: str, sources: list[str]) -> dict[str, str]:
        """Cached translations for those of ``sources`` (normalised sentences) that are known."""
        ...

    def put_many(self, model_key: str, pairs: dict[str, str]) -> None:
        """Store ``normalised source -> translation`` pairs (overwriting is allowed)."""
        ...


class MemoryCache:
    """A dict-backed :class:`TranslationCache`, for tests and single-process runs."""

    def __init__(self) -> None:
        self._store: dict[tuple[str, str], str] = {}

    def get_many(self, model_key: str, sources: list[str]) -> dict[str, str]:
        return {source: self._store[model_key, source] for source in sources if (model_key, source) in self._store}

    def put_many(self, model_key: str, pairs: dict[str, str]) -> None:
        self._store.update({(model_key, source): target for source, target in pairs.items()})

    def __len__(self) -> int:
        return len(self._store)
