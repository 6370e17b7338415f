"""The translate task reads the warehouse's cache but stages new entries for the load's transaction."""

import json
from pathlib import Path

from pipeline.config import Settings
from pipeline.stages import StagedCache
from pipeline.warehouse import Warehouse


def test_staged_cache_reads_both_and_writes_only_the_run_file(tmp_path: Path, duckdb_uri: str) -> None:
    with Warehouse.open(duckdb_uri, auto_migrate=True) as wh, wh.transaction():
        wh.translation_cache().put_many("m@1", {"Banjir melanda desa.": "Floods hit villages."})
    cache = StagedCache(Settings(data_dir=tmp_path, warehouse_uri=duckdb_uri), tmp_path / "new.jsonl")
    cache.put_many("m@1", {"Harga beras naik.": "Rice prices rose."})

    found = cache.get_many("m@1", ["Banjir melanda desa.", "Harga beras naik.", "Belum ada."])
    assert found == {"Banjir melanda desa.": "Floods hit villages.", "Harga beras naik.": "Rice prices rose."}
    assert cache.get_many("other@2", ["Harga beras naik."]) == {}  # keyed by model identity

    assert cache.flush() == 1
    rows = [json.loads(line) for line in (tmp_path / "new.jsonl").read_text().splitlines()]
    assert rows == [{"model_key": "m@1", "source": "Harga beras naik.", "target": "Rice prices rose."}]
    with Warehouse.open(duckdb_uri, auto_migrate=True) as wh:  # nothing staged reached the warehouse before the load
        assert wh.translation_cache().get_many("m@1", ["Harga beras naik."]) == {}
