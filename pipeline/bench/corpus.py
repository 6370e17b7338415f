"""An invented ANTARA archive for the backfill bench: both editions, realistic sizes, republications and twins.

Nothing here is real ANTARA text. Articles are told about invented *events* (a place, people, an organisation,
figures); an Indonesian report uses Indonesian function words, an English one English ones, so names and figures are
what twins share — as on the real site, where the English desk rewrites. Per article number ``n``:

* two thirds Indonesian (``www.antaranews.com/berita/<id>/<slug>``), one third English
  (``en.antaranews.com/news/<id>/<slug>``), about ``ARTICLES_PER_DAY`` a day;
* every 20th article republishes an earlier article of its edition (same text, new id, hours later);
* half of the English articles are twins of a recent Indonesian one (same event, hours apart);
* bodies of 250-700 words in the site's article layout, pages of ~25-40 KB (navigation, related lists, footer);
* the WARC is what a crawler writes: a request record before each response, gzip per record.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.dedup.normalise import word_list
from pipeline.fetch.archive import warc_date

START = datetime(2025, 1, 6, tzinfo=UTC)
ARTICLES_PER_DAY = 600
REPUBLISH_EVERY = 20
TWIN_SHARE = 0.5
ID_START, EN_START = 4_800_000, 330_000
MIN_WORDS, MAX_WORDS = 250, 700

_SYLLABLES = word_list(
    "ba be bi bo bu da de di do du ga gi go ja ka ke ki ko la li lo ma me mi mo na ni no pa pe po ra ri "
    "ro sa se si so ta te ti to wa wi ya yo"
)
ID_WORDS = word_list(
    "yang dan di ke dari ini itu dengan untuk pada dalam tidak akan juga ada oleh atau karena bahwa telah "
    "sudah masih lebih para serta agar kata ujar menurut sebagai tersebut hingga secara namun sementara "
    "bisa dapat harus menjadi pemerintah warga kota desa jalan pasar harga beras naik turun menteri rapat "
    "banjir hujan sekolah rumah sakit pelabuhan kapal ekspor impor bank investasi petani nelayan program "
    "bantuan anggaran proyek pembangunan masyarakat daerah wilayah kegiatan kebijakan layanan kesehatan "
    "pendidikan ekonomi pertumbuhan produksi pengembangan peningkatan penanganan pelaksanaan kerja sama "
    "tahun bulan pekan hari kabupaten provinsi"
)
EN_WORDS = word_list(
    "the a an and or but of to in on at for with from by as is are was were be been has have had it its "
    "this that these those he she they we his her their said says will would can could also not which who "
    "than then after before over into about more most such other some government residents city village "
    "road market price rice rise fall minister meeting flood rain school hospital port ship export import "
    "bank investment farmers fishermen program aid budget project development community region activity "
    "policy service health education economy growth production improvement handling cooperation year "
    "month week day district province"
)
ID_CATEGORIES = ("ekonomi", "politik", "hukum", "olahraga", "humaniora", "metro", "dunia", "tekno")
EN_CATEGORIES = ("national", "business", "world", "sports", "politics")


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


@dataclass(frozen=True)
class Event:
    place: str
    people: tuple[str, ...]
    organisation: str
    figures: tuple[str, ...]


@dataclass(frozen=True)
class BenchArticle:
    number: int
    lang: str
    url: str
    title: str
    body_paragraphs: tuple[str, ...]
    published_at: datetime
    category: str

    @property
    def fetched_at(self) -> datetime:
        return self.published_at + timedelta(minutes=30)


class Corpus:
    """Deterministic articles, one per call of :meth:`article`, in publication order."""

    def __init__(self, seed: int = 14, id_offset: int = 0) -> None:
        self.rng = random.Random(seed)
        self.places = [_name(self.rng, 3) for _ in range(400)]
        self.persons = [f"{_name(self.rng, 2)} {_name(self.rng, 3)}" for _ in range(3000)]
        self.organisations = [f"Badan {_name(self.rng, 3)}" for _ in range(300)]
        self.recent: dict[str, list[BenchArticle]] = {"id": [], "en": []}
        self.events: list[tuple[datetime, Event]] = []  # recent Indonesian events, for English twins
        self.ids = {"id": ID_START + id_offset, "en": EN_START + id_offset}

    def event(self) -> Event:
        rng = self.rng
        figures = tuple(f"{rng.randint(10, 99_999):,}".replace(",", ".") for _ in range(rng.randint(2, 5)))
        return Event(
            place=rng.choice(self.places),
            people=tuple(rng.sample(self.persons, rng.randint(1, 3))),
            organisation=rng.choice(self.organisations),
            figures=figures,
        )

    def paragraphs(self, lang: str, event: Event, words: int) -> tuple[str, ...]:
        rng, vocabulary = self.rng, ID_WORDS if lang == "id" else EN_WORDS
        names = [*event.people, event.organisation, event.place, *event.figures]
        out, written = [], 0
        while written < words:
            sentences = []
            for _ in range(rng.randint(2, 4)):
                tokens = rng.choices(vocabulary, k=rng.randint(12, 22))
                for _ in range(rng.randint(1, 3)):
                    tokens.insert(rng.randint(1, len(tokens)), rng.choice(names))
                sentences.append(" ".join(tokens).capitalize() + ".")
                written += len(tokens)
            out.append(" ".join(sentences))
        out[0] = f"{event.place} (ANTARA) - {out[0]}"
        return tuple(out)

    def article(self, number: int) -> BenchArticle:
        rng = self.rng
        lang = "en" if number % 3 == 0 else "id"
        published = START + timedelta(days=number / ARTICLES_PER_DAY, minutes=rng.randint(0, 20))
        self.ids[lang] += rng.randint(1, 3)
        antara_id = self.ids[lang]
        recent = self.recent[lang]
        if number % REPUBLISH_EVERY == REPUBLISH_EVERY - 1 and recent:
            original = rng.choice(recent[-200:])
            paragraphs, title = original.body_paragraphs, original.title
        else:
            event = self._twin_source(lang, published) or self.event()
            paragraphs = self.paragraphs(lang, event, rng.randint(MIN_WORDS, MAX_WORDS))
            title = " ".join(rng.choices(ID_WORDS if lang == "id" else EN_WORDS, k=6)).capitalize()
            title = f"{title} {event.place} {event.figures[0]}"
            if lang == "id":
                self.events.append((published, event))
                del self.events[:-300]
        slug = "-".join(title.lower().replace(".", "").split()[:8])
        host, kind = ("www.antaranews.com", "berita") if lang == "id" else ("en.antaranews.com", "news")
        categories = ID_CATEGORIES if lang == "id" else EN_CATEGORIES
        article = BenchArticle(
            number=number,
            lang=lang,
            url=f"https://{host}/{kind}/{antara_id}/{slug}",
            title=title,
            body_paragraphs=paragraphs,
            published_at=published,
            category=rng.choice(categories),
        )
        recent.append(article)
        del recent[:-400]
        return article

    def _twin_source(self, lang: str, published: datetime) -> Event | None:
        """Half of the English articles retell an Indonesian event of the last twelve hours."""
        if lang != "en" or self.rng.random() >= TWIN_SHARE:
            return None
        candidates = [e for at, e in self.events if timedelta(0) <= published - at <= timedelta(hours=12)]
        return self.rng.choice(candidates) if candidates else None


# --- pages ----------------------------------------------------------------------------------------------------------

_NAV = "".join(
    f'<li class="nav-item"><a class="nav-link" href="https://www.antaranews.com/{c}">{c.title()}</a></li>\n'
    for c in (*ID_CATEGORIES, "terkini", "top-news", "sepakbola", "lifestyle", "hiburan", "otomotif", "warta-bumi")
)
_SCRIPTS = "".join(
    f"<script>window.dataLayer=window.dataLayer||[];function gtag{n}(){{dataLayer.push(arguments)}}"
    f'gtag{n}("js",new Date());'
    f'gtag{n}("config","G-{n:08d}",{{"page_path":location.pathname,"anonymize_ip":true,"slot":"div-gpt-ad-{n}"}});</script>\n'
    for n in range(12)
)


def _related(rng: random.Random, host: str, count: int) -> str:
    cards = []
    for n in range(count):
        title = escape(" ".join(rng.choices(ID_WORDS, k=7)).capitalize())
        link = f"https://{host}/berita/{rng.randint(4_000_000, 4_999_999)}/{'-'.join(title.lower().split()[:5])}"
        cards.append(
            '<div class="card__post card__post-list card__post__transition mt-30"><div class="row">'
            f'<div class="col-md-5"><div class="card__post__transition"><a href="{link}">'
            f'<img src="https://img.antaranews.com/cache/270x180/2025/01/thumb{n}.jpg" class="img-fluid w-100" '
            f'alt="{title}"></a></div></div>\n<div class="col-md-7 my-auto pl-0"><div class="card__post__body ">'
            f'<div class="card__post__content"><div class="card__post__category">Berita</div>'
            f'<h2 class="post_title h5"><a href="{link}">{title}</a></h2>\n<div class="card__post__author-info mb-2">'
            f'<span class="text-secondary">{n + 1} jam lalu</span></div></div></div></div></div></div>\n'
        )
    return "".join(cards)


def page_html(article: BenchArticle, rng: random.Random) -> str:
    """The article in the site's current layout (the one ``pipeline.extract`` reads)."""
    host = article.url.split("/")[2]
    title = escape(article.title)
    lead = escape(article.body_paragraphs[0][:150])
    stamp = article.published_at.astimezone(UTC) + timedelta(hours=7)
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": stamp.strftime("%Y-%m-%dT%H:%M:%S+07:00"),
            "author": {"@type": "Person", "name": "Redaksi Bench"},
        }
    )
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.body_paragraphs)
    footer = (
        "Pewarta: Fulan Bench<br>Editor: Siti Bench<br>Hak Cipta © ANTARA 2025"
        if article.lang == "id"
        else "Reporter: Fulan Bench<br>Editor: Siti Bench<br>Copyright © ANTARA 2025"
    )
    return f"""<!DOCTYPE html>
<html lang="{article.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - ANTARA News</title>
<meta name="description" content="{lead}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{article.url}">
<link rel="canonical" href="{article.url}">
<script type="application/ld+json">{ld}</script>
{_SCRIPTS}</head>
<body>
<header class="header-news"><nav class="navbar navbar-expand-lg"><ul class="navbar-nav">
{_NAV}</ul></nav></header>
<section class="pt-3"><div class="container"><div class="row"><div class="col-md-12">
<ul class="breadcrumbs bg-light mb-4">
<li class="breadcrumbs__item"><a href="https://{host}/" class="breadcrumbs__url"><i class="fa fa-home"></i>
Beranda</a></li>
<li class="breadcrumbs__item"><a href="https://{host}/{article.category}"
class="breadcrumbs__url">{article.category.title()}</a></li>
</ul></div>
<div class="col-md-8">
<div class="wrap__article-detail">
<div class="wrap__article-detail-title"><h1>{title}</h1></div>
<hr>
<div class="share-buttons d-flex"><a href="#" class="btn btn-social-o facebook">Facebook</a>
<a href="#" class="btn btn-social-o twitter">X</a></div>
<div class="wrap__article-detail-content post-content">
{body}
<p class="text-muted mt-2 small">{footer}</p>
</div>
</div>
<div class="wrap__related"><h4 class="border_section">Berita Terkait</h4>
{_related(rng, host, 8)}</div>
</div>
<div class="col-md-4"><aside class="wrapper__list__article"><h4 class="border_section">Terpopuler</h4>
{_related(rng, host, 10)}</aside></div>
</div></div></section>
<footer class="wrapper__footer"><div class="container">
<p>Kantor Berita ANTARA, Wisma ANTARA, Jakarta. Tentang Kami | Kode Etik | Pedoman Media Siber | Kebijakan Privasi</p>
<p>Copyright &copy; 2025 ANTARA</p></div></footer>
</body>
</html>
"""


def write_archive(path: Path, count: int, seed: int = 14, id_offset: int = 0) -> dict[str, int]:
    """Write ``count`` articles as request + response records (gzip per record); returns what was written.

    Written under a temporary name and renamed when complete: an interrupted write leaves no archive that a later
    bench (which reuses an archive it finds) would take for the whole one."""
    corpus = Corpus(seed, id_offset)
    rng = random.Random(seed + 1)
    counts = {"articles": 0, "id": 0, "en": 0, "bytes": 0}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "antara-pipeline bench"}))
        for article in iter_articles(corpus, count):
            html = page_html(article, rng).encode("utf-8")
            _write_exchange(writer, article.url, article.fetched_at, html)
            counts["articles"] += 1
            counts[article.lang] += 1
            counts["bytes"] += len(html)
    partial.replace(path)
    return counts


def iter_articles(corpus: Corpus, count: int) -> Iterator[BenchArticle]:
    for number in range(count):
        yield corpus.article(number)


def _write_exchange(writer: WARCWriter, url: str, at: datetime, html: bytes) -> None:
    http = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html; charset=UTF-8"), ("Content-Length", str(len(html)))],
        protocol="HTTP/1.1",
    )
    response = writer.create_warc_record(
        url, "response", payload=io.BytesIO(html), warc_headers_dict={"WARC-Date": warc_date(at)}, http_headers=http
    )
    host = url.split("/")[2]
    request_http = StatusAndHeaders(f"GET /{url.split('/', 3)[3]} HTTP/1.1", [("Host", host)], is_http_request=True)
    request = writer.create_warc_record(
        url,
        "request",
        payload=io.BytesIO(b""),
        warc_headers_dict={"WARC-Date": warc_date(at), "WARC-Concurrent-To": response.rec_headers["WARC-Record-ID"]},
        http_headers=request_http,
    )
    writer.write_record(request)
    writer.write_record(response)
