"""A small invented warehouse for the dashboard tests: known counts per hour, edition, category and status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline.models import Article, Feed, FeedState, FetchEvent, StoryLink, Translation, TranslationStatus
from pipeline.warehouse import Warehouse

#: The newest article's fetch time: the dashboard's windows end here.
T0 = datetime(2026, 3, 10, 9, 15, tzinfo=UTC)
NOW = T0 + timedelta(minutes=30)


def _article(n: int, lang: str, category: str, fetched: datetime, status: TranslationStatus | None) -> Article:
    host = "www.antaranews.com" if lang == "id" else "en.antaranews.com"
    kind = "berita" if lang == "id" else "news"
    other = "en" if lang == "id" else "id"
    translation = None
    if status is not None:
        done = status is TranslationStatus.DONE
        translation = Translation(
            target_lang=other,
            status=status,
            title=f"Translated headline {n}" if done else None,
            body=f"Translated body of invented story {n}." if done else None,
            model="tiny-test-model" if done else None,
            error=None if done else "model not available",
        )
    return Article(
        key=f"{host}/{kind}/{1000 + n}",
        url=f"https://{host}/{kind}/{1000 + n}/invented-story-{n}",
        host=host,
        content_type=kind,
        antara_id=1000 + n,
        lang=lang,
        categories=[category],
        feeds=[f"{lang}-{category}"],
        title=f"Invented headline number {n}",
        body=f"Invented body text for story {n}, written for the dashboard tests.",
        published_at=fetched - timedelta(minutes=5),
        fetched_at=fetched,
        word_count=11,
        content_hash=f"hash-{n}",
        translation=translation,
    )


#: The registry the seed's articles came from (name, edition, category); every article names one of these feeds.
FEEDS = (
    Feed(name="id-politik", url="https://www.antaranews.com/rss/politik.xml", lang="id", category="politik"),
    Feed(name="id-ekonomi", url="https://www.antaranews.com/rss/ekonomi.xml", lang="id", category="ekonomi"),
    Feed(name="en-national", url="https://en.antaranews.com/rss/national.xml", lang="en", category="national"),
    Feed(name="en-business", url="https://en.antaranews.com/rss/business.xml", lang="en", category="business"),
)


def seed_articles(t0: datetime = T0) -> list[Article]:
    """9 articles: 6 Indonesian + 3 English; 4 in the newest hour, 3 an hour earlier, 2 a day earlier."""
    done, pending, failed = TranslationStatus.DONE, None, TranslationStatus.FAILED
    spec = [  # (lang, category, hours before T0, translation)
        ("id", "politik", 0, done),
        ("id", "politik", 0, done),
        ("id", "ekonomi", 0, pending),
        ("en", "national", 0, done),
        ("id", "ekonomi", 1, failed),
        ("id", "politik", 1, done),
        ("en", "business", 1, pending),
        ("id", "politik", 24, done),
        ("en", "national", 24, done),
    ]
    articles = [
        _article(n, lang, category, t0 - timedelta(hours=hours), status)
        for n, (lang, category, hours, status) in enumerate(spec)
    ]
    # Articles 0 and 1 are one story (1 is the duplicate); 3 (English) is linked to it across languages.
    for article in (articles[0], articles[1], articles[3]):
        article.story_id = articles[0].key
    articles[1].canonical = False
    return articles


def seed_warehouse(uri: str, t0: datetime = T0) -> list[Article]:
    """The seed with every time relative to ``t0`` (the newest article's fetch time)."""
    articles = seed_articles(t0)
    now = t0 + (NOW - T0)
    with Warehouse.open(uri, auto_migrate=True) as wh:
        wh.load_articles(articles, run_id="seed")
        wh.save_feeds(list(FEEDS))
        wh.save_feed_states(
            [
                FeedState(
                    feed="id-politik",
                    url="https://www.antaranews.com/rss/politik.xml",
                    last_success_at=t0,
                    last_checked_at=t0,
                    consecutive_failures=0,
                    items_seen=4,
                ),
                FeedState(
                    feed="en-business",
                    url="https://en.antaranews.com/rss/business.xml",
                    last_success_at=t0 - timedelta(days=2),
                    last_checked_at=t0,
                    last_error="HTTP 503",
                    consecutive_failures=4,
                    backoff_until=now + timedelta(hours=1),
                ),
                FeedState(
                    feed="id-ekonomi",
                    url="https://www.antaranews.com/rss/ekonomi.xml",
                    last_checked_at=t0,
                    last_error="timeout",
                    consecutive_failures=1,
                ),
            ]
        )
        wh.log_fetches(
            [
                FetchEvent(url=a.url, kind="page", fetched_at=a.fetched_at, status=200, outcome="ok", bytes=1000)
                for a in articles
            ]
            + [
                FetchEvent(
                    url="https://en.antaranews.com/rss/business.xml",
                    kind="feed",
                    fetched_at=t0,
                    status=503,
                    outcome="error",
                    error="HTTP 503",
                )
            ]
        )
        wh.save_story_links(
            [
                StoryLink(a_key=articles[0].key, b_key=articles[1].key, kind="near_duplicate", score=0.93),
                StoryLink(a_key=articles[0].key, b_key=articles[3].key, kind="crosslingual", score=0.71),
            ]
        )
    return articles


def mark_feeds_fetched(uri: str, at: datetime, feeds: tuple[Feed, ...] = FEEDS) -> None:
    """Every feed answered well at ``at`` (as after a healthy run, or a run of ``304 Not Modified``)."""
    with Warehouse.open(uri, auto_migrate=True) as wh:
        wh.save_feed_states(
            [FeedState(feed=f.name, url=f.url, last_success_at=at, last_checked_at=at, last_status=304) for f in feeds]
        )


def arrive(uri: str, n: int, feed: Feed, at: datetime) -> None:
    """A new article from ``feed`` fetched at ``at``, and the feed's good fetch then: the feed is alive again."""
    with Warehouse.open(uri, auto_migrate=True) as wh:
        wh.load_articles([_article(n, feed.lang, feed.category, at, TranslationStatus.DONE)], run_id=f"arrival-{n}")
    mark_feeds_fetched(uri, at, (feed,))


#: Minimal versions of tables other migrations own (frontier/quarantine: 0005, translation_quality_daily: 0008),
#: created only where the warehouse lacks them, with the columns agreed in OWNERSHIP.md.
FOREIGN_TABLES = {
    "frontier": "CREATE TABLE frontier (key TEXT PRIMARY KEY, url TEXT, source TEXT, source_name TEXT, state TEXT,"
    " attempts INTEGER, next_attempt_at TIMESTAMPTZ, last_error TEXT, last_error_at TIMESTAMPTZ,"
    " first_seen_at TIMESTAMPTZ, updated_at TIMESTAMPTZ)",
    "quarantine": "CREATE TABLE quarantine (id INTEGER, run_id TEXT, stage TEXT, key TEXT, url TEXT, reason TEXT,"
    " detail TEXT, quarantined_at TIMESTAMPTZ)",
    "translation_quality_daily": "CREATE TABLE translation_quality_daily (day DATE, direction TEXT, model TEXT,"
    " revision TEXT, pairs INTEGER, chrf DOUBLE PRECISION, bleu DOUBLE PRECISION)",
}


#: The linked id/en pair whose sentence links carry the seeded translation scores.
PAIR = ("www.antaranews.com/berita/2001", "en.antaranews.com/news/2001")


def seed_problems(uri: str, t0: datetime = T0) -> None:
    """Two given-up / failing frontier items, one quarantined page and a day of translation quality."""
    with Warehouse.open(uri, auto_migrate=True) as wh:
        present = {r[0] for r in wh.fetchall("SELECT table_name FROM information_schema.tables")}
        for table, ddl in FOREIGN_TABLES.items():
            if table not in present:
                wh.execute(ddl)
        wh.executemany(
            "INSERT INTO frontier (key, url, source, source_name, state, attempts, last_error, last_error_at,"
            " first_seen_at, updated_at) VALUES (?, ?, 'feed', 'id-politik', ?, ?, ?, ?, ?, ?)",
            [
                [
                    "www.antaranews.com/berita/2001",
                    "https://www.antaranews.com/berita/2001/a",
                    "given_up",
                    5,
                    "http_503",
                    t0,
                    t0 - timedelta(days=1),
                    t0,
                ],
                [
                    "www.antaranews.com/berita/2002",
                    "https://www.antaranews.com/berita/2002/b",
                    "loaded",
                    1,
                    None,
                    None,
                    t0,
                    t0,
                ],
            ],
        )
        wh.executemany(
            "INSERT INTO quarantine (id, run_id, stage, key, url, reason, detail, quarantined_at)"
            " VALUES (?, 'seed', 'extract', ?, ?, ?, ?, ?)",
            [
                [
                    "q-1",
                    "www.antaranews.com/berita/2003",
                    "https://www.antaranews.com/berita/2003/c",
                    "no_body",
                    "body has 0 characters",
                    t0,
                ]
            ],
        )
        if "sentence_pair_scores" in present:  # 0008: the view averages the scored sentence links
            wh.executemany(
                "INSERT INTO sentence_pair_scores (id_key, en_key, link_index, direction, model, revision, hypothesis,"
                " chrf, bleu, day, scored_at) VALUES (?, ?, ?, 'id-en', 'opus-mt-id-en', 'r1', ?, ?, ?, ?, ?)",
                [
                    [PAIR[0], PAIR[1], i, "mt", chrf, bleu, t0.date(), t0]
                    for i, (chrf, bleu) in enumerate([(50.5, 28.25), (60.5, 32.25)])
                ],
            )
        else:
            wh.executemany(
                "INSERT INTO translation_quality_daily VALUES (?, ?, ?, ?, ?, ?, ?)",
                [[t0.date(), "id-en", "opus-mt-id-en", "r1", 120, 55.5, 30.25]],
            )
