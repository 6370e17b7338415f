"""Data records passed between stages.

Every stage reads and writes these records as JSON Lines files in a run-scoped directory
(see :mod:`pipeline.runfiles`); Airflow's XCom only ever carries the file paths and counts.
Pydantic gives us validation on the way in and a stable JSON shape on the way out.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["id", "en"]


class Record(BaseModel):
    """Base for every record: strict about unknown fields so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class Feed(Record):
    """One entry of the feed registry (``feeds.yaml``)."""

    name: str
    url: str
    lang: Lang
    category: str


class FeedItem(Record):
    """One RSS item, as announced by a feed."""

    feed: str
    category: str
    lang: Lang
    url: str
    title: str | None = None
    summary: str | None = None
    guid: str | None = None
    published_at: datetime | None = None


class ArticleRef(Record):
    """An article to fetch: feed items merged on the article's canonical key."""

    key: str
    url: str
    lang: Lang
    categories: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)
    feed_title: str | None = None
    feed_published_at: datetime | None = None


class Page(Record):
    """A fetched article page. ``html_path`` points into the run directory."""

    ref: ArticleRef
    final_url: str
    status: int
    fetched_at: datetime
    html_path: str


class PageKind(StrEnum):
    ARTICLE = "article"
    VIDEO = "video"
    PHOTO = "photo"
    INFOGRAPHIC = "infographic"
    NOT_FOUND = "not_found"
    EMPTY = "empty"


class Extracted(Record):
    """What extraction made of one page. Non-articles carry ``skip_reason`` and no body."""

    url: str
    kind: PageKind
    skip_reason: str | None = None
    lang: Lang | None = None
    title: str | None = None
    body: str | None = None
    published_at: datetime | None = None
    #: Which source ``published_at`` came from (``feed``, ``meta``, ``json-ld``, ``page-text``, ``…+page-zone``).
    published_at_source: str | None = None
    #: Seconds between the sources when they disagreed by more than a minute (else None).
    published_at_disagreement_s: int | None = None
    reporter: str | None = None
    editor: str | None = None
    translator: str | None = None
    tags: list[str] = Field(default_factory=list)
    #: The kanal (top-level section: ``ekonomi``), from the breadcrumb, else the feed's kanal.
    category: str | None = None
    #: The breadcrumb below the kanal (``finansial`` for ``/ekonomi/finansial``), if any.
    subcategory: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    word_count: int = 0
    layout: str | None = None


class TranslationStatus(StrEnum):
    DONE = "done"
    PENDING = "pending"
    FAILED = "failed"


class Translation(Record):
    """The article rendered in the other edition language, with its provenance."""

    target_lang: Lang
    status: TranslationStatus
    title: str | None = None
    body: str | None = None
    model: str | None = None
    engine: str | None = None
    revision: str | None = None
    error: str | None = None
    #: Per-article checks of a DONE translation (:mod:`pipeline.translate.quality`); a flagged one is still loaded.
    flags: list[str] = Field(default_factory=list)


class Article(Record):
    """One article as loaded into the warehouse (one row of ``articles``)."""

    key: str
    url: str
    host: str
    content_type: str
    antara_id: int
    lang: Lang
    detected_lang: str | None = None
    lang_confidence: float | None = None
    categories: list[str] = Field(default_factory=list)
    #: The kanal and the section below it (see :class:`Extracted`).
    category: str | None = None
    subcategory: str | None = None
    feeds: list[str] = Field(default_factory=list)
    title: str
    body: str
    published_at: datetime | None = None
    published_at_source: str | None = None
    published_at_disagreement_s: int | None = None
    fetched_at: datetime
    reporter: str | None = None
    editor: str | None = None
    translator: str | None = None
    tags: list[str] = Field(default_factory=list)
    image_url: str | None = None
    image_caption: str | None = None
    word_count: int = 0
    content_hash: str = ""
    translation: Translation | None = None
    story_id: str | None = None
    canonical: bool = True

    @property
    def other_lang(self) -> Lang:
        return "en" if self.lang == "id" else "id"


class ArticleTranslation(Record):
    """What the translate stage adds to an article (the load joins it onto the extracted record by key)."""

    key: str
    translation: Translation


class Skipped(Record):
    """Something a stage deliberately did not carry forward, and why (kept for the run report)."""

    stage: str
    url: str | None = None
    feed: str | None = None
    reason: str


class FeedState(Record):
    """What we remember about one feed between runs (conditional GET, health, back-off)."""

    feed: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    last_checked_at: datetime | None = None
    last_success_at: datetime | None = None
    consecutive_failures: int = 0
    items_seen: int = 0
    new_items: int = 0
    backoff_until: datetime | None = None
    body_sha256: str | None = None
    last_links: list[str] = Field(default_factory=list)


class FetchEvent(Record):
    """One HTTP exchange (or replayed record), for the warehouse's fetch log."""

    url: str
    kind: Literal["feed", "page", "robots"]
    fetched_at: datetime
    status: int | None = None
    outcome: str
    bytes: int = 0
    feed: str | None = None
    error: str | None = None


class StoryLink(Record):
    """Two articles judged to report the same story."""

    a_key: str
    b_key: str
    kind: Literal["near_duplicate", "crosslingual"]
    score: float
    evidence: dict[str, float | str | list[str]] = Field(default_factory=dict)


# --- the frontier: every discovered article URL until it is loaded or given up -------------------------------------


class FetchOutcome(StrEnum):
    """Why one fetch of one URL did not yield a usable page: typed, so nothing parses reason strings back."""

    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    PROXY_ERROR = "proxy_error"
    ROBOTS_UNREACHABLE = "robots_unreachable"
    REQUEST_ERROR = "request_error"
    EMPTY_BODY = "empty_body"
    NOT_FOUND = "not_found"
    GONE = "gone"
    FORBIDDEN = "forbidden"
    UNAUTHORIZED = "unauthorized"
    BAD_REQUEST = "bad_request"
    HTTP_ERROR = "http_error"
    CONTENT_TYPE = "content_type"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    OFF_ALLOWLIST = "off_allowlist"
    REDIRECT_OFF_ALLOWLIST = "redirect_off_allowlist"
    ROBOTS_DISALLOWED = "robots_disallowed"
    NOT_IN_ARCHIVE = "not_in_archive"
    NOT_ARTICLE = "not_article"
    UNEXPECTED = "unexpected"


#: Faults worth another attempt on a later run (the server or the network may recover); every other outcome is final.
TRANSIENT_OUTCOMES: frozenset[FetchOutcome] = frozenset(
    {
        FetchOutcome.SERVER_ERROR,
        FetchOutcome.RATE_LIMITED,
        FetchOutcome.TIMEOUT,
        FetchOutcome.CONNECTION_ERROR,
        FetchOutcome.PROXY_ERROR,
        FetchOutcome.ROBOTS_UNREACHABLE,
        FetchOutcome.REQUEST_ERROR,
        FetchOutcome.EMPTY_BODY,
        FetchOutcome.UNEXPECTED,
    }
)
#: A known article answering these on a re-check has been taken down (the warehouse marks it retracted).
GONE_OUTCOMES: frozenset[FetchOutcome] = frozenset({FetchOutcome.NOT_FOUND, FetchOutcome.GONE})


class FrontierState(StrEnum):
    DISCOVERED = "discovered"
    FETCHED = "fetched"
    LOADED = "loaded"
    FAILED = "failed"  # a transient fault; retried once ``next_attempt_at`` is due
    GIVEN_UP = "given_up"  # a permanent fault, or transient faults for longer than the retry budget
    QUARANTINED = "quarantined"
    RETRACTED = "retracted"


class FetchAttempt(Record):
    """One failed attempt at an article URL in this run (successes are the pages themselves)."""

    key: str
    url: str
    outcome: FetchOutcome
    reason: str  # the outcome plus detail, for people (``content_type:application/pdf``)
    status: int | None = None
    at: datetime
    retry_at: datetime | None = None  # a server's Retry-After, when it asked for more than the request budget


class Quarantined(Record):
    """An item held back before load because it breaks a schema limit; the rest of the run loads."""

    stage: str
    key: str | None = None
    url: str | None = None
    reason: str  # a short code from pipeline.run.validate (``id_out_of_range``, ``line_too_long`` …)
    detail: str = ""
