"""A local stand-in for ANTARA's web servers, with faults on demand.

A threaded ``http.server`` on 127.0.0.1 that also acts as an HTTP proxy for absolute-URI requests
(``GET http://www.antaranews.com/rss/terkini.xml HTTP/1.0``), so tests point ``HTTP_PROXY`` at it
and use real-looking ``http://`` URLs. Routes are matched without the scheme. Each route can be a
sequence of responses (the last one repeats), e.g. a 503 with ``Retry-After`` followed by a 200.

    with FakeSite() as site:
        site.route("http://www.antaranews.com/rss/terkini.xml", Route(body=rss, content_type=RSS))
        monkeypatch.setenv("HTTP_PROXY", site.proxy_url); monkeypatch.setenv("NO_PROXY", "")
        ...
        assert site.requests_for("/rss/terkini.xml")[0].headers["If-None-Match"] == '"v1"'
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

RSS = "application/rss+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"


@dataclass
class Route:
    """One canned response. ``drop`` closes the connection without answering; ``delay_s`` stalls
    before the headers; ``send_length=False`` omits Content-Length (body ends at connection close)."""

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = HTML
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    retry_after: str | None = None
    drop: bool = False
    send_length: bool = True

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    url: str
    headers: Message
    at: float  # time.time() when the request line arrived


def route_key(url: str) -> str:
    """Scheme-insensitive: ``http://h/p?q`` and ``https://h/p?q`` are the same route."""
    parts = urlsplit(url)
    return f"{(parts.netloc or '').lower()}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


class FakeSite:
    def __init__(self) -> None:
        self.routes: dict[str, list[Route]] = {}
        self.served: dict[str, int] = {}
        self.log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-site", daemon=True
        )

    # --- lifecycle ----------------------------------------------------------------------------------

    def __enter__(self) -> FakeSite:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def proxy_env(self) -> dict[str, str]:
        """Environment that routes every http:// request through this site."""
        return {"HTTP_PROXY": self.proxy_url, "http_proxy": self.proxy_url, "NO_PROXY": "", "no_proxy": ""}

    # --- configuration ------------------------------------------------------------------------------

    def route(self, url: str, *responses: Route) -> None:
        """Serve ``responses`` in order for ``url`` (any scheme); the last one repeats."""
        with self._lock:
            self.routes[route_key(url)] = list(responses) or [Route()]
            self.served.pop(route_key(url), None)

    def robots(self, host: str, text: str) -> None:
        self.route(f"http://{host}/robots.txt", Route(body=text, content_type="text/plain"))

    # --- assertions ---------------------------------------------------------------------------------

    def requests_for(self, url_or_path: str) -> list[LoggedRequest]:
        """Logged requests whose URL (without scheme) equals a full URL, or ends with a path."""
        wanted = route_key(url_or_path) if "://" in url_or_path else url_or_path
        with self._lock:
            return [r for r in self.log if route_key(r.url) == wanted or route_key(r.url).endswith(wanted)]

    def page_requests(self) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.log if not r.url.endswith("/robots.txt") and "/rss/" not in r.url]

    # --- serving ------------------------------------------------------------------------------------

    def next_response(self, url: str) -> Route | None:
        key = route_key(url)
        with self._lock:
            responses = self.routes.get(key)
            if responses is None:
                return None
            index = self.served.get(key, 0)
            self.served[key] = index + 1
            return responses[min(index, len(responses) - 1)]

    def record(self, method: str, url: str, headers: Message) -> None:
        with self._lock:
            self.log.append(LoggedRequest(method, url, headers, time.time()))


def _handler_for(site: FakeSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            url = self.path if "://" in self.path else f"http://{self.headers.get('Host', '')}{self.path}"
            site.record("GET", url, self.headers)
            route = site.next_response(url)
            if route is None:
                route = Route(status=404, body="no such route", content_type="text/plain")
            with contextlib.suppress(OSError):  # the client may have timed out and gone away
                self._answer(route)

        def _answer(self, route: Route) -> None:
            if route.delay_s:
                time.sleep(route.delay_s)
            if route.drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if self._not_modified(route):
                self.send_response(304)
                self._validators(route)
                self.end_headers()
                return
            body = route.payload()
            self.send_response(route.status)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            if route.send_length:
                self.send_header("Content-Length", str(len(body)))
            for name, value in (("Location", route.location), ("Retry-After", route.retry_after)):
                if value is not None:
                    self.send_header(name, value)
            self._validators(route)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _not_modified(self, route: Route) -> bool:
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                return True
            since = self.headers.get("If-Modified-Since")
            return bool(route.last_modified and since == route.last_modified)

        def _validators(self, route: Route) -> None:
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)

    return Handler


# --- invented ANTARA-shaped content ----------------------------------------------------------------


@dataclass(frozen=True)
class FakeItem:
    """One invented RSS item in ANTARA's shape (``<img>`` + lead ending " ..." as description)."""

    title: str
    link: str
    pub_date: str | None = "Sat, 07 Mar 2026 14:56:43 +0700"
    lead: str = "Sebuah berita rekaan untuk pengujian pipeline ..."
    guid: str | None = None
    image: str | None = "https://img.antaranews.com/cache/800x533/2026/03/rekaan.jpg"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss_feed(
    items: list[FakeItem], *, style: str = "cdata", channel_title: str = "Berita Terkini - ANTARA News"
) -> bytes:
    """An RSS 2.0 document like ANTARA's: a blank line before ``<?xml``, CDATA (2020+) or
    entity-escaped (2015-17) HTML descriptions with ``&#13;``, ``+0700`` pubDates."""
    rendered = []
    for item in items:
        html = (f'<img src="{item.image}" align="left" border="0">' if item.image else "") + item.lead
        description = f"<![CDATA[{html}]]>" if style == "cdata" else _escape(html).replace("\n", "&#13;\n")
        parts = [f"<title>{_escape(item.title)}</title>"]
        if item.link:
            parts.append(f"<link>{_escape(item.link)}</link>")
        if item.pub_date:
            parts.append(f"<pubDate>{item.pub_date}</pubDate>")
        parts.append(f"<description>{description}</description>")
        guid = item.guid if item.guid is not None else item.link
        if guid:
            parts.append(f'<guid isPermaLink="false">{_escape(guid)}</guid>')
        rendered.append("    <item>\n      " + "\n      ".join(parts) + "\n    </item>")
    document = (
        '\n<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n'
        f"    <title>{_escape(channel_title)}</title>\n    <link>https://www.antaranews.com</link>\n"
        "    <description>News And Service</description>\n    <language>id</language>\n"
        + "\n".join(rendered)
        + "\n  </channel>\n</rss>\n"
    )
    return document.encode("utf-8")


def article_html(title: str, paragraphs: list[str], *, charset: str = "utf-8", meta_charset: bool = True) -> bytes:
    """An invented article page in the current (layout C) markup, encoded in ``charset``."""
    meta = f'<meta charset="{charset}">' if meta_charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<!DOCTYPE html><html lang="id"><head>{meta}<title>{title} - ANTARA News</title></head><body>'
        f'<div class="wrap__article-detail-title"><h1>{title}</h1></div>'
        f'<div class="wrap__article-detail-content post-content">{body}'
        '<p class="text-muted mt-2 small">Pewarta: Rekaan Satu<br>Editor: Rekaan Dua</p></div></body></html>'
    )
    return html.encode(charset)
