"""Per-item validation: each schema limit, as a table of (change to a good article, expected reason)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.models import Article, ArticleRef
from pipeline.run.validate import BIGINT_MAX, Limits, article_problem, ref_problem, split_articles

LIMITS = Limits(max_body_chars=10_000, max_line_chars=2_000, max_items_per_feed=10)


def article(**changes) -> Article:
    fields = {"key": "www.antaranews.com/berita/1", "url": "https://www.antaranews.com/berita/1/x",
              "host": "www.antaranews.com", "content_type": "berita", "antara_id": 1, "lang": "id",
              "title": "Judul", "body": "Paragraf satu.\n\nParagraf dua.", "fetched_at": datetime.now(UTC)}  # fmt: skip
    return Article(**{**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"antara_id": BIGINT_MAX + 1}, "id_out_of_range"),
        ({"antara_id": 0}, "id_out_of_range"),
        ({"title": "J" * 1001}, "title_too_long"),
        ({"reporter": "R" * 301}, "reporter_too_long"),
        ({"body": "kata " * 2_001}, "body_too_large"),
        ({"body": "a" * 2_001 + "\n\nb"}, "line_too_long"),
        ({"body": "Paragraf\x00 dengan NUL."}, "control_characters"),
        ({"title": "Judul\x1b[31m"}, "control_characters"),
        ({"tags": ["t"] * 101}, "tags_too_long"),
    ],
)
def test_each_limit_quarantines_with_its_reason(changes: dict, reason: str) -> None:
    problem = article_problem(article(**changes), LIMITS)
    assert problem is not None and problem[0] == reason


def test_good_articles_pass_and_the_rest_of_a_batch_loads() -> None:
    good, bad = article(), article(key="www.antaranews.com/berita/2", body="x\x00y")
    assert article_problem(good, LIMITS) is None
    kept, held = split_articles([bad, good], LIMITS, "load")
    assert kept == [good] and [(h.key, h.reason) for h in held] == [(bad.key, "control_characters")]


def test_a_reference_whose_id_cannot_be_stored_is_held_before_fetching() -> None:
    url = "https://www.antaranews.com/berita/89999999999999999999999/x"
    ref = ArticleRef(key="www.antaranews.com/berita/89999999999999999999999", url=url, lang="id")
    assert ref_problem(ref) == ("id_out_of_range", "ANTARA id 89999999999999999999999 does not fit a BIGINT")
