"""antara-pipeline: ANTARA's Indonesian and English feeds → one bilingual, deduplicated warehouse table."""

__version__ = "0.1.0"
