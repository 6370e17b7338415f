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


def test_a_replaced_archive_of_the_same_size_is_indexed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept index names offsets into one file: an archive rewritten in place with other bytes of the same total
    size (fresh record IDs shift every offset) must not be read through its predecessor's index."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_ccnews(tmp_path / "a" / "cc.warc.gz").path
    second = write_ccnews(tmp_path / "b" / "cc.warc.gz").path
    data = first.read_bytes()
    other = second.read_bytes()
    replacement = (other + data)[: len(data)]  # the other file's bytes, cut or padded to the first one's size
    file_index(first)
    archive._INDEX_CACHE.clear()
    first.write_bytes(replacement)
    rebuilt: list[object] = []
    real = archive.read_index_records
    monkeypatch.setattr(archive, "read_index_records", lambda *a, **k: rebuilt.append(a) or real(*a, **k))
    file_index(first)
    assert rebuilt, "the replaced file was read through its predecessor's index"
    archive._INDEX_CACHE.clear()
    rebuilt.clear()
    file_index(first)
    assert not rebuilt  # and the index kept for the new file is reused


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


@pytest.mark.parametrize("kept_bytes", [10, 60, 200])
def test_a_truncated_archive_is_reported(tmp_path: Path, caplog, kept_bytes: int) -> None:
    """The last record cut after its gzip header (10 bytes: it inflates to nothing, and both readers end there as at
    the end of a file), inside its first compressed block (60) and later (200): each is reported."""
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    intact = read_index_records(warc.path)
    last = max(ref.offset for ref in intact)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc.path.read_bytes()[: last + kept_bytes])

    problems = IndexProblems()
    with caplog.at_level(logging.WARNING):
        kept = read_index_records(cut, problems)
    assert [ref.offset for ref in kept] == [ref.offset for ref in intact if ref.offset < last]
    assert problems.truncated_at == last
    assert f"WARC {cut} is truncated: the record at offset {last} is incomplete" in caplog.text
