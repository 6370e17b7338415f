"""Machine translation Indonesian ↔ English for whole articles (see :func:`translate_articles`)."""

from pipeline.translate.cache import MemoryCache, TranslationCache
from pipeline.translate.engines import EnginePool, ModelUnavailable
from pipeline.translate.run import TranslateReport, translate_articles, translate_texts

__all__ = [
    "EnginePool",
    "MemoryCache",
    "ModelUnavailable",
    "TranslateReport",
    "TranslationCache",
    "translate_articles",
    "translate_texts",
]
