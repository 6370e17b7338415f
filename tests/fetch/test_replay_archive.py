"""Reading WARC archives: a kept CDXJ index, damaged records skipped by file and offset, truncation reported."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from backfill.ccnews import write_ccnews

from pipeline.fetch import archive
from pipeline.fetch.archive import ArchiveNotFound, IndexProblems, file_index, index_path, load, read_index_records
from pipeline.fetch.replay import ReplaySource


def responses(path: Path) -> list[archive.RecordRef]:
    return [ref for ref in read_index_records(path) if ref.rec_type == "response"]


def test_a_missing_archive_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ArchiveNotFound, match=f"archive not found: {tmp_path / 'none'} does not exist"):
        ReplaySource(tmp_path / "none")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArchiveNotFound, match=r"holds no \*\.warc or \*\.warc\.gz file"):
        ReplaySource(tmp_path / "empty")


def test_the_index_is_kept_beside_the_file_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    built = file_index(warc.path)
    assert index_path(warc.path).read_text().startswith("!meta 0 ")
    archive._INDEX_CACHE.clear()
    monkeypatch.setattr(archive, "read_index_records", lambda *a, **k: pytest.fail("re-scanned"))
    assert file_index(warc.path) == built
    kinds = {ref.rec_type for ref in built}
    assert kinds == {"response", "revisit"}  # request, metadata and warcinfo records are not indexed


def test_a_corrupted_record_is_skipped_and_the_intact_ones_are_kept(tmp_path: Path, caplog) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    intact = responses(warc.path)
    victim = intact[5]
    data = bytearray(warc.path.read_bytes())
    middle = victim.offset + 40
    data[middle : middle + 30] = b"\x00" * 30  # inside the gzip member of one record
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(bytes(data))

    problems = IndexProblems()
    with caplog.at_level(logging.WARNING):
        survivors = [ref for ref in read_index_records(damaged, problems) if ref.rec_type == "response"]
    assert [ref.url for ref in survivors] == [ref.url for ref in intact if ref.offset != victim.offset]
    assert [offset for offset, _ in problems.corrupted] == [victim.offset]
    assert f"WARC {damaged}: corrupted record at offset {victim.offset} skipped" in caplog.text
    assert all(load(ref).body for ref in survivors)


def test_a_truncated_archive_is_reported(tmp_path: Path, caplog) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    intact = read_index_records(warc.path)
    last = max(ref.offset for ref in intact)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc.path.read_bytes()[: last + 60])

    problems = IndexProblems()
    with caplog.at_level(logging.WARNING):
        kept = read_index_records(cut, problems)
    assert [ref.offset for ref in kept] == [ref.offset for ref in intact if ref.offset < last]
    assert problems.truncated_at == last
    assert f"WARC {cut} is truncated: the record at offset {last} is incomplete" in caplog.text
