"""The dashboard's translation-quality chart: chrF per day, one line per direction and model revision."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from antara_dashboard.app import translation_quality_chart

SVG = "{http://www.w3.org/2000/svg}"


def _row(day: int, revision: str, chrf: float | None, pairs: int = 12) -> dict:
    return {
        "day": date(2026, 3, day),
        "direction": "id-en",
        "model": "opus-mt-id-en",
        "revision": revision,
        "pairs": pairs,
        "chrf": chrf,
        "bleu": None,
    }


def test_one_line_per_revision_with_a_gap_on_a_day_without_pairs() -> None:
    rows = [_row(3, "r1", 55.5), _row(1, "r1", 57.0), _row(2, "r1", 56.0, pairs=40), _row(3, "r2", 49.0)]
    root = ET.fromstring(translation_quality_chart(rows))
    titles = sorted(t.text for t in root.iter(f"{SVG}title") if "·" in (t.text or ""))
    assert titles == [
        "2026-03-01 · id-en opus-mt-id-en@r1: 57 (12 pairs)",
        "2026-03-02 · id-en opus-mt-id-en@r1: 56 (40 pairs)",
        "2026-03-03 · id-en opus-mt-id-en@r1: 55.5 (12 pairs)",
        "2026-03-03 · id-en opus-mt-id-en@r2: 49 (12 pairs)",
    ]
    assert len(root.findall(f".//{SVG}polyline")) == 1  # r2 has one point: a dot, no line


def test_no_rows_draw_the_empty_chart() -> None:
    svg = translation_quality_chart([_row(1, "r1", None)])
    assert "<polyline" not in svg and "<circle" not in svg
