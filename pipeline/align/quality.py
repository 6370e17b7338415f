"""Our machine translation scored against ANTARA's human translation, on the aligned sentence pairs.

For a link whose source sentences our model translated (per-sentence output from ``translation_cache``), the
hypothesis is that MT and the reference is ANTARA's own sentence(s) in the other edition: sacrebleu sentence chrF
and BLEU (0-100) per link, direction and model revision in ``sentence_pair_scores``; the view
``translation_quality_daily`` averages them per day. Because every revision is scored on the same links,
:func:`revision_regression` can tell a worse model from a harder news day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from pipeline.align.aligner import Alignment, Link
from pipeline.dedup.store import insert_rows
from pipeline.warehouse.checks import TRANSLATION_REGRESSION, CheckResult
from pipeline.warehouse.translation_cache import WarehouseTranslationCache

if TYPE_CHECKING:
    from pipeline.align.store import Side
    from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)
SCORE_COLUMNS = (
    "id_key",
    "en_key",
    "link_index",
    "direction",
    "model",
    "revision",
    "hypothesis",
    "chrf",
    "bleu",
    "day",
    "scored_at",
)
#: chrF points (0-100) a new revision may lose on the same pairs before the check fails: sentence-level chrF of two
#: revisions of one model differ by a point or so from noise alone.
REGRESSION_TOLERANCE_CHRF = 2.0
#: Fewer shared pairs than this say nothing about a revision.
MIN_SHARED_PAIRS = 20
CHECK_NAME = TRANSLATION_REGRESSION


@cache
def _metrics():
    from sacrebleu.metrics import BLEU, CHRF

    return CHRF(), BLEU(effective_order=True)


def sentence_scores(hypothesis: str, reference: str) -> tuple[float, float]:
    """(chrF, BLEU) of one hypothesis against one reference, sacrebleu defaults, 0-100."""
    chrf, bleu = _metrics()
    return (
        round(chrf.sentence_score(hypothesis, [reference]).score, 2),
        round(bleu.sentence_score(hypothesis, [reference]).score, 2),
    )


def _score_row(
    source: Side, target: Side, link: Link, index: int, id_key: str, en_key: str, now: datetime
) -> tuple | None:
    if source.translated is None or not source.model or not source.model_revision:
        return None
    source_idx, target_idx = (link.a, link.b) if source.lang == "id" else (link.b, link.a)
    outputs = [source.translated[i] for i in source_idx]
    if any(output is None for output in outputs):
        return None  # a sentence the model split or never translated: no fair hypothesis
    hypothesis = " ".join(outputs)  # type: ignore[arg-type]
    reference = " ".join(target.sentences[j] for j in target_idx)
    chrf, bleu = sentence_scores(hypothesis, reference)
    day = source.day or target.day
    return (
        id_key,
        en_key,
        index,
        f"{source.lang}-{target.lang}",
        source.model,
        source.model_revision,
        hypothesis,
        chrf,
        bleu,
        day,
        now,
    )


def score_pairs(wh: Warehouse, id_side: Side, en_side: Side, result: Alignment, now: datetime) -> int:
    """Score the links of one aligned pair in each direction our MT covers; returns the rows written."""
    rows = [
        row
        for index, link in enumerate(result.links)
        for source, target in ((id_side, en_side), (en_side, id_side))
        if (row := _score_row(source, target, link, index, id_side.key, en_side.key, now)) is not None
    ]
    insert_rows(wh, "sentence_pair_scores", SCORE_COLUMNS, rows, suffix="ON CONFLICT DO NOTHING")
    return len(rows)


def rescore(wh: Warehouse, *, now: datetime | None = None) -> int:
    """Score the stored links with the model revision that translated each source article now (after a model change).

    ``antara_retranslate`` calls this after re-translating: links already scored for that revision are left as
    they are, so it is cheap to repeat. Returns the rows written.
    """
    from pipeline.align.store import _articles, _side

    now = now or datetime.now(UTC)
    stored = wh.fetchall("SELECT id_key, en_key, link_index, id_sentences, en_sentences FROM sentence_pairs")
    by_pair: dict[tuple[str, str], list[tuple[int, Link]]] = {}
    for id_key, en_key, index, id_idx, en_idx in stored:
        link = Link(tuple(int(i) for i in id_idx.split(",")), tuple(int(j) for j in en_idx.split(",")), 1.0)
        by_pair.setdefault((id_key, en_key), []).append((int(index), link))
    articles = _articles(wh, [key for pair in by_pair for key in pair])
    translations = WarehouseTranslationCache(wh)
    done = set(wh.fetchall("SELECT id_key, en_key, link_index, direction, model, revision FROM sentence_pair_scores"))
    written = 0
    with wh.transaction():
        for (id_key, en_key), links in by_pair.items():
            if id_key not in articles or en_key not in articles:
                continue
            id_side, en_side = _side(articles[id_key], translations), _side(articles[en_key], translations)
            rows = [
                row
                for index, link in links
                for source, target in ((id_side, en_side), (en_side, id_side))
                if _fits(source, target, link)
                and (row := _score_row(source, target, link, index, id_key, en_key, now)) is not None
                and row[:6] not in done
            ]
            insert_rows(wh, "sentence_pair_scores", SCORE_COLUMNS, rows, suffix="ON CONFLICT DO NOTHING")
            written += len(rows)
    log.info("re-scored %d sentence links", written)
    return written


def _fits(source: Side, target: Side, link: Link) -> bool:
    """A stored link still points inside both sides (the bodies have not changed under it)."""
    source_idx, target_idx = (link.a, link.b) if source.lang == "id" else (link.b, link.a)
    return max(source_idx) < len(source.sentences) and max(target_idx) < len(target.sentences)


@dataclass(frozen=True)
class RevisionComparison:
    direction: str
    previous: str
    latest: str
    shared_pairs: int
    previous_chrf: float
    latest_chrf: float

    @property
    def delta(self) -> float:
        return round(self.latest_chrf - self.previous_chrf, 2)

    @property
    def regressed(self) -> bool:
        return self.shared_pairs >= MIN_SHARED_PAIRS and self.delta < -REGRESSION_TOLERANCE_CHRF

    def describe(self) -> str:
        return (
            f"{self.direction}: {self.latest} chrF {self.latest_chrf:.2f} vs {self.previous} "
            f"{self.previous_chrf:.2f} on {self.shared_pairs} shared pairs ({self.delta:+.2f})"
        )


def compare_revisions(wh: Warehouse) -> list[RevisionComparison]:
    """Per direction, the newest model revision against the one scored before it, on the pairs both scored."""
    firsts = wh.fetchall(
        "SELECT direction, model, revision, MIN(scored_at) FROM sentence_pair_scores "
        "GROUP BY direction, model, revision ORDER BY direction, MIN(scored_at)"
    )
    by_direction: dict[str, list[tuple[str, str]]] = {}
    for direction, model, revision, _ in firsts:
        by_direction.setdefault(direction, []).append((model, revision))
    comparisons = []
    for direction, versions in sorted(by_direction.items()):
        if len(versions) < 2:
            continue
        (old_model, old_rev), (new_model, new_rev) = versions[-2], versions[-1]
        count, old_chrf, new_chrf = wh.fetchall(
            "SELECT COUNT(*), AVG(o.chrf), AVG(n.chrf) FROM sentence_pair_scores o "
            "JOIN sentence_pair_scores n ON n.id_key = o.id_key AND n.en_key = o.en_key "
            "AND n.link_index = o.link_index AND n.direction = o.direction "
            "WHERE o.direction = ? AND o.model = ? AND o.revision = ? AND n.model = ? AND n.revision = ?",
            [direction, old_model, old_rev, new_model, new_rev],
        )[0]
        comparisons.append(
            RevisionComparison(
                direction,
                f"{old_model}@{old_rev}",
                f"{new_model}@{new_rev}",
                int(count),
                round(float(old_chrf or 0.0), 2),
                round(float(new_chrf or 0.0), 2),
            )
        )
    return comparisons


def revision_regression(wh: Warehouse) -> CheckResult:
    """Fails when a direction's newest model revision scores clearly below the previous one on the same pairs."""
    comparisons = compare_revisions(wh)
    regressed = [c for c in comparisons if c.regressed]
    return replace(
        CheckResult(
            name=CHECK_NAME,
            description=(
                f"newest MT revision loses more than {REGRESSION_TOLERANCE_CHRF} chrF against the previous one "
                f"on the same ANTARA sentence pairs (at least {MIN_SHARED_PAIRS} shared)"
            ),
            checked=len(comparisons),
            offending=len(regressed),
            allowed=0,
        ),
        samples=[(c.direction, c.describe()) for c in regressed or comparisons],
    )
