"""``python -m pipeline export corpus``: the aligned sentence pairs as a parallel corpus (JSONL, TMX or Parquet).

Every pair carries its provenance (both articles' URLs, publication times, translator credits, revisions) and
every file carries ANTARA's copyright notice: the texts are ANTARA's, and using the corpus outside this pipeline
needs ANTARA's permission (see the README section "Parallel corpus").
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)

COPYRIGHT_NOTICE = (
    "The texts of this corpus are copyright (c) ANTARA (Perum LKBN ANTARA, antaranews.com and en.antaranews.com); "
    "ANTARA's Indonesian and English editions are the source and the human translation. Using, publishing or "
    "redistributing this corpus requires ANTARA's prior written permission. Aligned by antara-pipeline."
)


class CorpusFormat(StrEnum):
    JSONL = "jsonl"
    TMX = "tmx"
    PARQUET = "parquet"


@dataclass(frozen=True)
class CorpusRecord:
    """One sentence link with the provenance of both sides."""

    id_text: str
    en_text: str
    score: float
    link_type: str
    method: str
    day: str | None
    story_id: str | None
    id_key: str
    en_key: str
    id_url: str
    en_url: str
    id_published_at: str | None
    en_published_at: str | None
    id_translator: str | None
    en_translator: str | None
    id_revision: int
    en_revision: int


@dataclass
class ExportReport:
    path: Path
    format: CorpusFormat
    pairs: int


CORPUS_SQL = """
SELECT p.id_text, p.en_text, p.score, p.link_type, p.method, p.day, p.story_id, p.id_key, p.en_key,
       i.url, e.url, i.published_at, e.published_at, i.translator, e.translator, p.id_revision, p.en_revision
FROM sentence_pairs p
JOIN articles i ON i.key = p.id_key
JOIN articles e ON e.key = p.en_key
WHERE p.score >= ? AND (CAST(? AS DATE) IS NULL OR p.day >= CAST(? AS DATE))
  AND (CAST(? AS DATE) IS NULL OR p.day <= CAST(? AS DATE))
ORDER BY p.day, p.id_key, p.en_key, p.link_index
"""


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)


def corpus_records(
    wh: Warehouse, *, since: date | None = None, until: date | None = None, min_score: float = 0.0
) -> list[CorpusRecord]:
    """The stored sentence pairs published (Asia/Jakarta day) in [since, until] with at least ``min_score``."""
    rows = wh.fetchall(CORPUS_SQL, [min_score, since, since, until, until])
    records = []
    for row in rows:
        values = list(row)
        for position in (5, 11, 12):
            values[position] = _iso(values[position])
        values[2] = float(values[2])
        records.append(CorpusRecord(*values))
    return records


def _header() -> dict[str, str]:
    return {"notice": COPYRIGHT_NOTICE, "generated_at": datetime.now(UTC).isoformat(), "generator": "antara-pipeline"}


def write_jsonl(records: Iterable[CorpusRecord], path: Path) -> None:
    """First line: the notice record (``{"_notice": …}``); then one pair per line."""
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"_notice": _header()}, ensure_ascii=False) + "\n")
        for record in records:
            out.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")


def _tu(record: CorpusRecord, number: int) -> str:
    props = "".join(
        f'<prop type="x-{name}">{escape(str(value))}</prop>'
        for name, value in asdict(record).items()
        if name not in ("id_text", "en_text") and value is not None
    )
    return (
        f"<tu tuid={quoteattr(str(number))}>{props}"
        f'<tuv xml:lang="id"><seg>{escape(record.id_text)}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{escape(record.en_text)}</seg></tuv></tu>\n'
    )


def write_tmx(records: Iterable[CorpusRecord], path: Path) -> None:
    """TMX 1.4 with the notice as the header's note and each pair's provenance as ``x-`` props."""
    header = _header()
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write(
            '<header creationtool="antara-pipeline" creationtoolversion="1" datatype="plaintext" segtype="sentence" '
            f'adminlang="en" srclang="id" o-tmf="antara-pipeline" creationdate={quoteattr(header["generated_at"])}>'
            f"<note>{escape(COPYRIGHT_NOTICE)}</note></header>\n<body>\n"
        )
        for number, record in enumerate(records, 1):
            out.write(_tu(record, number))
        out.write("</body>\n</tmx>\n")


def write_parquet(records: Iterable[CorpusRecord], path: Path) -> None:
    """Parquet written by DuckDB (already a dependency); the notice is in the file's key-value metadata."""
    import duckdb

    names = [f.name for f in fields(CorpusRecord)]
    types = {"score": "DOUBLE", "id_revision": "INTEGER", "en_revision": "INTEGER"}
    con = duckdb.connect()
    try:
        columns = ", ".join(f"{name} {types.get(name, 'VARCHAR')}" for name in names)
        con.execute(f"CREATE TABLE corpus ({columns})")
        rows = [tuple(getattr(record, n) for n in names) for record in records]
        if rows:
            con.executemany(f"INSERT INTO corpus VALUES ({', '.join('?' * len(names))})", rows)
        notice = COPYRIGHT_NOTICE.replace("'", "''")
        target = str(path).replace("'", "''")
        con.execute(f"COPY corpus TO '{target}' (FORMAT PARQUET, KV_METADATA {{copyright: '{notice}'}})")
    finally:
        con.close()


WRITERS = {CorpusFormat.JSONL: write_jsonl, CorpusFormat.TMX: write_tmx, CorpusFormat.PARQUET: write_parquet}


def _progress(records: list[CorpusRecord], enabled: bool) -> Iterator[CorpusRecord]:
    from tqdm import tqdm

    yield from tqdm(records, desc="export corpus", unit="pair", disable=not enabled)


def export_corpus(
    wh: Warehouse,
    path: Path,
    fmt: CorpusFormat,
    *,
    since: date | None = None,
    until: date | None = None,
    min_score: float = 0.0,
    progress: bool = True,
) -> ExportReport:
    records = corpus_records(wh, since=since, until=until, min_score=min_score)
    path.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[fmt](_progress(records, progress), path)
    log.info("exported %d sentence pairs to %s (%s)", len(records), path, fmt.value)
    return ExportReport(path, fmt, len(records))
