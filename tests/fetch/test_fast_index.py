"""The FastWARC index reader gives warcio's records, and hands every file it cannot read as warcio would to warcio."""

from __future__ import annotations

import gzip
import io
import pickle
from datetime import UTC, datetime
from pathlib import Path

import pytest
from backfill.ccnews import write_ccnews
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.backfill.warc import WarcBackfill, fast_load
from pipeline.bench.corpus import write_archive
from pipeline.fetch.archive import (
    RecordRef,
    fast_index_records,
    load,
    read_index_records,
    warcio_index_records,
)


def plain_warc(path: Path, *, gzip_records: bool, target: str = "https://www.antaranews.com/berita/1/a") -> Path:
    """Two exchanges, a revisit without HTTP headers and a non-HTTP resource, as a WARC writer lays them out."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for n, url in enumerate((target, "http://en.antaranews.com/news/2/b")):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            headers = {"WARC-Date": f"2025-01-0{n + 1}T08:00:00Z", "X-Antara-Kind": "page"}
            body = io.BytesIO(f"<p>{n}</p>".encode())
            writer.write_record(writer.create_warc_record(url, "response", payload=body, http_headers=http,
                                                          warc_headers_dict=headers))  # fmt: skip
        revisit = writer.create_revisit_record(
            target, "sha1:AAAA", target, "2025-01-01T08:00:00Z", warc_headers_dict={"WARC-Date": "2025-01-03T08:00:00Z"}
        )
        writer.write_record(revisit)
        dns = writer.create_warc_record("dns:www.antaranews.com", "resource", payload=io.BytesIO(b"1.2.3.4"))
        writer.write_record(dns)
    return path


@pytest.fixture(params=["ccnews", "bench", "gzip-records", "uncompressed"])
def archive_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "ccnews":
        return write_ccnews(tmp_path / "cc.warc.gz").path
    if request.param == "bench":
        write_archive(tmp_path / "bench.warc.gz", 30)
        return tmp_path / "bench.warc.gz"
    return plain_warc(tmp_path / f"{request.param}.warc", gzip_records=request.param == "gzip-records")


def test_fastwarc_reads_every_indexed_record_as_warcio_does(archive_file: Path) -> None:
    fast = fast_index_records(archive_file)
    assert fast is not None and len(fast) >= 3
    assert fast == warcio_index_records(archive_file)
    assert read_index_records(archive_file) == fast
    assert {ref.rec_type for ref in fast} <= {"response", "revisit"}


def test_a_revisit_without_http_headers_has_no_status(tmp_path: Path) -> None:
    refs = fast_index_records(plain_warc(tmp_path / "a.warc.gz", gzip_records=True))
    assert refs is not None
    revisit = next(ref for ref in refs if ref.rec_type == "revisit")
    assert (revisit.status, revisit.mime, revisit.refers_to_date) == (0, "", datetime(2025, 1, 1, 8, tzinfo=UTC))


def test_what_warcio_reads_otherwise_is_left_to_warcio(tmp_path: Path) -> None:
    bracketed = plain_warc(tmp_path / "b.warc.gz", gzip_records=True, target="<https://www.antaranews.com/berita/1/a>")
    assert fast_index_records(bracketed) is None  # warcio strips the brackets (wget 1.19)
    assert read_index_records(bracketed)[0].url == "https://www.antaranews.com/berita/1/a"

    whole = tmp_path / "whole.warc.gz"  # one gzip stream for the whole file: offsets are not records' own
    whole.write_bytes(gzip.compress(plain_warc(tmp_path / "w.warc", gzip_records=False).read_bytes()))
    assert read_index_records(whole) == warcio_index_records(whole)


def test_damaged_and_truncated_files_are_read_by_warcio(tmp_path: Path) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    intact = warcio_index_records(warc.path)
    data = warc.path.read_bytes()
    victim = intact[5].offset
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data[: victim + 40] + b"\x00" * 30 + data[victim + 70 :])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: max(ref.offset for ref in intact) + 60])
    assert fast_index_records(damaged) is None
    assert fast_index_records(cut) is None
    assert fast_index_records(tmp_path / "missing.warc.gz") is None


def _responses(file: Path) -> list[RecordRef]:
    return [ref for ref in warcio_index_records(file) if ref.rec_type == "response"]


def test_a_record_read_by_fastwarc_is_the_one_warcio_reads(archive_file: Path) -> None:
    refs = _responses(archive_file)
    with archive_file.open("rb") as handle:
        read = [fast_load(ref, handle) for ref in refs]
    assert refs and all(record is not None for record in read)
    assert read == [load(ref) for ref in refs]
    assert {record.body for record in read} != {b""}


def test_what_fastwarc_reads_otherwise_is_read_by_warcio(tmp_path: Path) -> None:
    path = tmp_path / "encoded.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, (name, value, payload) in enumerate(
            [
                ("Content-Encoding", "gzip", gzip.compress(b"<p>compressed</p>")),
                ("Transfer-Encoding", "chunked", b"5\r\n<p>a<\r\n4\r\n/p>.\r\n0\r\n\r\n"),
            ]
        ):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), (name, value)], protocol="HTTP/1.1")
            url = f"https://www.antaranews.com/berita/{n}/a"
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=http))  # fmt: skip
    whole = tmp_path / "whole.warc.gz"  # offsets inside one gzip stream
    whole.write_bytes(gzip.compress(plain_warc(tmp_path / "w.warc", gzip_records=False).read_bytes()))
    for file in (path, whole):
        refs = _responses(file)
        source = WarcBackfill([file], ["www.antaranews.com", "en.antaranews.com"])
        with file.open("rb") as handle:
            assert [fast_load(ref, handle) for ref in refs] == [None] * len(refs)
        assert [source._read(ref) for ref in refs] == [load(ref) for ref in refs]
    assert load(_responses(path)[0]).body == b"<p>compressed</p>", "warcio decoded it"


def test_a_backfill_source_keeps_its_archive_open_only_in_its_own_process(tmp_path: Path) -> None:
    write_archive(tmp_path / "bench.warc.gz", 5)
    source = WarcBackfill([tmp_path / "bench.warc.gz"], ["www.antaranews.com", "en.antaranews.com"])
    refs = _responses(tmp_path / "bench.warc.gz")
    assert [source._read(ref) for ref in refs] == [load(ref) for ref in refs]
    assert len(source._open_files) == 1
    assert pickle.loads(pickle.dumps(source))._open_files == {}
    source.release()
    assert source._open_files == {}
