"""Data-quality checks run after a load: each one is a query for offending rows plus a tolerated share.

Checks are declared in :data:`CHECKS` (name, what it means, the offending-row query, the denominator, how one
offending row reads). Queries return raw values and Python formats them, so a report reads the same on both engines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from pipeline.house_style import BOILERPLATE_MARKERS

if TYPE_CHECKING:
    from pipeline.warehouse.core import Warehouse

DEFAULT_BOILERPLATE_MARKERS = BOILERPLATE_MARKERS
ORIGINAL_BODY = "CASE WHEN lang = 'id' THEN body_id ELSE body_en END"


class CheckThresholds(BaseModel):
    """Every tunable of the checks; the defaults are strict (a fresh load of clean articles passes them)."""

    min_body_chars: int = Field(20, description="an original-language body shorter than this (trimmed) is 'empty'")
    earliest_published_at: datetime = datetime(2000, 1, 1, tzinfo=UTC)
    max_future_skew_s: float = Field(3600.0, description="published_at may lead fetched_at by this much (clocks)")
    allow_missing_published_at: bool = False
    min_lang_confidence: float = Field(0.0, description="language mismatches below this confidence are ignored")
    max_lang_mismatch_ratio: float = 0.0
    boilerplate_markers: tuple[str, ...] = DEFAULT_BOILERPLATE_MARKERS
    min_translation_coverage: float = Field(0.9, description="share of articles with a DONE translation; 0 disables")
    max_flagged_translation_ratio: float = Field(
        1.0, description="share of DONE translations that may carry quality flags (1.0: counted and listed only)"
    )
    sample_rows: int = Field(20, description="offending rows listed per failed check")


@dataclass
class CheckResult:
    name: str
    description: str
    checked: int
    offending: int
    allowed: int
    samples: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.offending <= self.allowed

    @property
    def observed(self) -> int:
        """The measured value the limit applies to (offending rows), as persisted in ``check_results``."""
        return self.offending

    @property
    def sample_keys(self) -> list[str]:
        return [key for key, _ in self.samples]

    @property
    def relaxed(self) -> bool:
        """The limit tolerates every checked row: the check is informative only for this run."""
        return self.checked > 0 and self.allowed >= self.checked

    @property
    def limit_text(self) -> str:
        if self.relaxed:
            return "not enforced: limit relaxed for this run"
        return "none allowed" if self.allowed == 0 else f"at most {self.allowed} allowed"

    def render(self) -> str:
        status = "PASS" if self.ok else "FAIL"
        lines = [
            f"{status} {self.name}: {self.offending} of {self.checked} offending ({self.limit_text})"
            f" — {self.description}"
        ]
        if not self.ok:
            width = max((len(key) for key, _ in self.samples), default=0)
            lines += [f"    {key.ljust(width)}  {detail}" for key, detail in self.samples]
            if self.offending > len(self.samples):
                lines.append(f"    … and {self.offending - len(self.samples)} more")
        return "\n".join(lines)


@dataclass
class CheckReport:
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        return [result for result in self.results if not result.ok]

    def __getitem__(self, name: str) -> CheckResult:
        return next(result for result in self.results if result.name == name)

    def render(self) -> str:
        passed = len(self.results) - len(self.failed)
        header = f"Data-quality checks: {passed} passed, {len(self.failed)} failed"
        return "\n".join([header, *(result.render() for result in self.results)])


Query = tuple[str, list[Any]]


@dataclass(frozen=True)
class Check:
    """One declared check: ``offending`` returns (key, *details) rows; ``allowed`` turns the total into a limit."""

    name: str
    description: str
    offending: Callable[[CheckThresholds, str], Query]
    detail: Callable[[Sequence[Any]], str]
    total: Callable[[str], str] = lambda scope: f"SELECT COUNT(*) FROM {scope}"
    allowed: Callable[[CheckThresholds, int], int] = lambda t, checked: 0


def _empty_bodies(t: CheckThresholds, scope: str) -> Query:
    length = f"LENGTH(TRIM(COALESCE({ORIGINAL_BODY}, '')))"
    return f"SELECT key, {length} FROM {scope} WHERE {length} < ? ORDER BY key", [t.min_body_chars]


def _published_window(t: CheckThresholds, scope: str) -> Query:
    lead = "EXTRACT(EPOCH FROM published_at) - EXTRACT(EPOCH FROM fetched_at)"
    missing = "" if t.allow_missing_published_at else "published_at IS NULL OR "
    sql = (
        f"SELECT key, published_at, fetched_at FROM {scope} WHERE {missing}published_at < ? OR {lead} > ? ORDER BY key"
    )
    return sql, [t.earliest_published_at, t.max_future_skew_s]


def _language_mismatch(t: CheckThresholds, scope: str) -> Query:
    sql = (
        f"SELECT key, lang, detected_lang, lang_confidence FROM {scope} "
        "WHERE detected_lang IS NOT NULL AND detected_lang <> lang AND COALESCE(lang_confidence, 1) >= ? ORDER BY key"
    )
    return sql, [t.min_lang_confidence]


def _boilerplate(t: CheckThresholds, scope: str) -> Query:
    hit = "STRPOS(COALESCE(a.{column}, ''), m.marker) > 0"
    sql = (
        f"SELECT a.key, m.marker, {hit.format(column='body_id')} FROM {scope} "
        "JOIN (SELECT UNNEST(CAST(? AS TEXT[])) AS marker) m "
        f"ON {hit.format(column='body_id')} OR {hit.format(column='body_en')} ORDER BY a.key, m.marker"
    )
    return sql, [list(t.boilerplate_markers)]


def _untranslated(t: CheckThresholds, scope: str) -> Query:
    sql = f"SELECT key, translation_status, translation_error FROM {scope} WHERE translation_status <> 'done'"
    sql += " ORDER BY key"
    return sql, []


def _flagged_translations(t: CheckThresholds, scope: str) -> Query:
    sql = (
        f"SELECT key, translation_flags, translation_model FROM {scope} "
        "WHERE translation_status = 'done' AND COALESCE(CARDINALITY(translation_flags), 0) > 0 "
        "ORDER BY key"
    )
    return sql, []


def _orphans(t: CheckThresholds, scope: str) -> Query:
    exists = "EXISTS (SELECT 1 FROM articles x WHERE x.key = {ref})"
    sql = (
        "SELECT a_key || ' ~ ' || b_key, 'story_links', "
        f"CASE WHEN {exists.format(ref='l.a_key')} THEN b_key ELSE a_key END FROM story_links l "
        f"WHERE NOT {exists.format(ref='l.a_key')} OR NOT {exists.format(ref='l.b_key')} "
        "UNION ALL "
        "SELECT key || ' r' || CAST(revision AS TEXT), 'article_revisions', key FROM article_revisions r "
        f"WHERE NOT {exists.format(ref='r.key')} ORDER BY 1"
    )
    return sql, []


def _ratio_allowance(ratio: float, checked: int) -> int:
    return int(ratio * checked + 1e-9)


CHECKS: tuple[Check, ...] = (
    Check(
        "non_empty_body",
        "the original-language body has text",
        _empty_bodies,
        lambda row: f"body has {row[1]} characters",
    ),
    Check(
        "published_at_window",
        "published_at is present, after the earliest plausible date and not ahead of the fetch",
        _published_window,
        lambda row: f"published_at {_iso(row[1])}, fetched_at {_iso(row[2])}",
    ),
    Check(
        "language_matches_edition",
        "the detected language is the edition's",
        _language_mismatch,
        lambda row: f"edition {row[1]}, detected {row[2]} (confidence {_fmt(row[3])})",
        allowed=lambda t, checked: _ratio_allowance(t.max_lang_mismatch_ratio, checked),
    ),
    Check(
        "no_boilerplate",
        "no site boilerplate (related links, credits, copyright, ad code) left in the bodies",
        _boilerplate,
        lambda row: f"{'body_id' if row[2] else 'body_en'} contains {row[1]!r}",
    ),
    Check(
        "translation_coverage",
        "articles carry a DONE translation into the other language",
        _untranslated,
        lambda row: f"translation {row[1]}" + (f": {row[2]}" if row[2] else ""),
        allowed=lambda t, checked: checked - _ratio_ceil(t.min_translation_coverage, checked),
    ),
    Check(
        "translation_flags",
        "DONE translations pass the per-article checks (figures, names, untranslated text, loops, length)",
        _flagged_translations,
        lambda row: f"flags {', '.join(row[1])} ({row[2]})",
        total=lambda scope: f"SELECT COUNT(*) FROM {scope} WHERE translation_status = 'done'",
        allowed=lambda t, checked: _ratio_allowance(t.max_flagged_translation_ratio, checked),
    ),
    Check(
        "no_orphans",
        "story links and revisions point at existing articles",
        _orphans,
        lambda row: f"{row[1]} references missing article {row[2]}",
        total=lambda scope: "SELECT (SELECT COUNT(*) FROM story_links) + (SELECT COUNT(*) FROM article_revisions)",
    ),
)


def _ratio_ceil(ratio: float, checked: int) -> int:
    """Fewest rows that satisfy a minimum share (ceil without float noise)."""
    needed = ratio * checked
    return int(needed) + (needed - int(needed) > 1e-9)


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value is not None else "missing"


def _fmt(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.2f}"


def run_checks(wh: Warehouse, thresholds: CheckThresholds | None = None, *, run_id: str | None = None) -> CheckReport:
    """Run every check over all articles, or only those last changed by ``run_id``."""
    thresholds = thresholds or CheckThresholds()
    scope, scope_params = "articles a", []  # every query names the scoped rows "a"
    if run_id is not None:
        scope, scope_params = "(SELECT * FROM articles WHERE run_id = ?) a", [run_id]
    results = []
    for check in CHECKS:
        total_sql = check.total(scope)
        checked = int(wh.fetchall(total_sql, scope_params if "?" in total_sql else [])[0][0])
        sql, params = check.offending(thresholds, scope)
        rows = wh.fetchall(sql, [*(scope_params if scope in sql else []), *params])
        by_key: dict[str, str] = {}
        for row in rows:
            by_key.setdefault(row[0], check.detail(row))
        samples = list(by_key.items())[: thresholds.sample_rows]
        allowed = max(0, check.allowed(thresholds, checked))
        results.append(CheckResult(check.name, check.description, checked, len(by_key), allowed, samples))
    return CheckReport(results)


#: The check computed from the parallel corpus (pipeline.align.quality); the checks stage adds it to the report.
TRANSLATION_REGRESSION = "translation_revision_regression"
#: Every check a run's report holds, in order: the SQL checks above, then the translation regression.
CHECK_NAMES: tuple[str, ...] = (*(check.name for check in CHECKS), TRANSLATION_REGRESSION)
