"""The bilingual warehouse: schema as versioned migrations, transactional idempotent loads, consumer views.

``with Warehouse.open(uri) as wh:`` works on DuckDB (``duckdb:///path``) and PostgreSQL (``postgresql://…``);
see docs/warehouse.md for the data dictionary.
"""

from pipeline.warehouse.connection import WarehouseError, WarehouseLockTimeout, parse_uri
from pipeline.warehouse.core import LoadStats, Warehouse
from pipeline.warehouse.translation_cache import WarehouseTranslationCache

__all__ = ["LoadStats", "Warehouse", "WarehouseError", "WarehouseLockTimeout", "WarehouseTranslationCache", "parse_uri"]
