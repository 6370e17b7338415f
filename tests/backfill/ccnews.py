"""An invented CC-NEWS-style WARC: mostly other publishers, request/response/revisit/metadata records, gzip per record.

Written with warcio the way Common Crawl's news crawler writes its files: a warcinfo record, then per capture a
request, a response and a metadata record; a later capture of an unchanged page is a revisit record
("identical-payload-digest") that refers to the first by URI and date.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.bench.corpus import BenchArticle, Corpus, page_html
from pipeline.fetch.archive import warc_date

FOREIGN_HOSTS = ("www.example-news.co.uk", "news.example.org", "www.koran-contoh.id", "antaranews.com.example.net")
WHEN = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


@dataclass
class CcNews:
    """What the file holds, so a test can say exactly which ANTARA articles a backfill must load."""

    path: Path
    antara: list[BenchArticle] = field(default_factory=list)
    expected_keys: set[str] = field(default_factory=set)


def _key(url: str) -> str:
    host, kind, number = url.split("/")[2:5]
    return f"{host}/{kind}/{number}"


class _Writer:
    def __init__(self, fh: io.BufferedWriter) -> None:
        self.writer = WARCWriter(fh, gzip=True)
        self.writer.write_record(self.writer.create_warcinfo_record("CC-NEWS-test.warc.gz", {"software": "test"}))

    def capture(self, url: str, at: datetime, body: bytes, status: str = "200 OK", mime: str = "text/html") -> str:
        """request + response + metadata; returns the response's payload digest."""
        http = StatusAndHeaders(status, [("Content-Type", f"{mime}; charset=UTF-8")], protocol="HTTP/1.1")
        response = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), warc_headers_dict={"WARC-Date": warc_date(at)}, http_headers=http
        )
        path = "/" + url.split("/", 3)[3]
        request_http = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
        request = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), warc_headers_dict={"WARC-Date": warc_date(at)},
            http_headers=request_http,
        )  # fmt: skip
        metadata = self.writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\n"), warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": warc_date(at)},
        )  # fmt: skip
        for record in (request, response, metadata):
            self.writer.write_record(record)
        return response.rec_headers.get_header("WARC-Payload-Digest")

    def revisit(self, url: str, at: datetime, digest: str, refers_to: str, refers_at: datetime) -> None:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=UTF-8")], protocol="HTTP/1.1")
        record = self.writer.create_revisit_record(url, digest, refers_to, warc_date(refers_at), http_headers=http)
        record.rec_headers.replace_header("WARC-Date", warc_date(at))
        self.writer.write_record(record)


def write_ccnews(path: Path, antara_count: int = 12, foreign_count: int = 30, seed: int = 3) -> CcNews:
    """ANTARA articles scattered among foreign pages, plus the awkward cases a real CC-NEWS file has."""
    rng = random.Random(seed)
    corpus = Corpus(seed)
    result = CcNews(path)
    with path.open("wb") as fh:
        out = _Writer(fh)
        articles = [corpus.article(n) for n in range(antara_count)]
        digests: dict[str, tuple[str, datetime]] = {}
        for n, article in enumerate(articles):
            for _ in range(foreign_count // antara_count):
                host = rng.choice(FOREIGN_HOSTS)
                url = f"https://{host}/news/{rng.randint(1, 10**6)}/story"
                out.capture(url, WHEN + timedelta(minutes=n), b"<html><body><p>Not ANTARA.</p></body></html>")
            at = article.fetched_at
            digests[article.url] = (out.capture(article.url, at, page_html(article, rng).encode()), at)
            result.antara.append(article)
            result.expected_keys.add(_key(article.url))
        # a later, unchanged capture of the first article: a revisit that must be served from the original
        first = articles[0]
        digest, at = digests[first.url]
        out.revisit(first.url, at + timedelta(hours=6), digest, first.url, at)
        # a revisit whose original is in another crawl's file: nothing to serve, skipped
        orphan = corpus.article(antara_count)
        out.revisit(orphan.url, orphan.fetched_at, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", orphan.url, WHEN)
        # ANTARA URLs that are no text article, and a missing page
        out.capture("https://www.antaranews.com/foto/4555555/galeri", WHEN, b"<html><body>foto</body></html>")
        out.capture("https://www.antaranews.com/berita/4999999/hilang", WHEN, b"Not Found", status="404 Not Found")
        out.capture("https://www.antaranews.com/terkini", WHEN, b"<html><body>listing</body></html>")
    return result
