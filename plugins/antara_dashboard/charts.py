"""Small server-side SVG charts (stacked bars, lines, horizontal bars): the page needs no JavaScript and no CDN.

Every chart is an ``<svg>`` string with ``role="img"``, a ``<title>`` and ``data-chart``/``data-points`` attributes
so a browser test can tell that it rendered with data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

#: Colour-blind-safe palette (Okabe–Ito), cycled by series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999")
WIDTH, HEIGHT = 640, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 12, 28, 56
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Series:
    """One named series of values, aligned with the chart's labels."""

    name: str
    values: Sequence[float]


def _nice_max(value: float) -> float:
    """Round an axis maximum up to 1, 2 or 5 × a power of ten so the grid lines land on round numbers."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


LEGEND_ITEM_W = 150
LEGEND_PER_ROW = (WIDTH - MARGIN_LEFT) // LEGEND_ITEM_W
LEGEND_ROW_H = 14


def _frame(kind: str, title: str, points: int, body: str, legend: Sequence[str]) -> str:
    """Wrap a plot in its <svg>; a legend longer than one row pushes the plot down instead of running off."""
    extra_rows = max(0, (len(legend) - 1) // LEGEND_PER_ROW)
    legend_items = []
    for i, name in enumerate(legend):
        x = MARGIN_LEFT + (i % LEGEND_PER_ROW) * LEGEND_ITEM_W
        y = 6 + (i // LEGEND_PER_ROW) * LEGEND_ROW_H
        legend_items.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{y + 9}" font-size="11" {FONT}>{escape(name[:22])}</text>'
        )
    shift = extra_rows * LEGEND_ROW_H
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + shift}" width="100%" role="img" '
        f'class="chart" data-chart="{escape(kind)}" data-points="{points}"><title>{escape(title)}</title>'
        f'{"".join(legend_items)}<g transform="translate(0 {shift})">{body}</g></svg>'
    )


def _empty(kind: str, title: str) -> str:
    body = (
        f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="13" fill="#666" {FONT}>'
        "no data yet</text>"
    )
    return _frame(kind, title, 0, body, [])


def _y_axis(top: float) -> str:
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    lines = []
    for i in range(5):
        value = top * i / 4
        y = HEIGHT - MARGIN_BOTTOM - plot_h * i / 4
        label = f"{value:g}" if value < 1000 else f"{value / 1000:g}k"
        lines.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" {FONT}>{label}</text>'
        )
    return "".join(lines)


def _x_labels(labels: Sequence[str], slot: float) -> str:
    every = max(1, len(labels) // 12)  # at most ~12 labels, whatever the number of bars
    out = []
    for i, label in enumerate(labels):
        if i % every:
            continue
        x = MARGIN_LEFT + slot * (i + 0.5)
        y = HEIGHT - MARGIN_BOTTOM + 12
        out.append(
            f'<text x="{x:.1f}" y="{y}" font-size="10" text-anchor="end" {FONT} '
            f'transform="rotate(-35 {x:.1f} {y})">{escape(label)}</text>'
        )
    return "".join(out)


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """Vertical bars, one per label, stacked by series (e.g. articles per hour stacked by edition)."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    if not labels or not any(totals):
        return _empty("stacked_bars", title)
    top = _nice_max(max(totals))
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / len(labels)
    bars = []
    for i, label in enumerate(labels):
        base = HEIGHT - MARGIN_BOTTOM
        for k, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            bars.append(
                f'<rect class="bar" x="{MARGIN_LEFT + slot * i + slot * 0.1:.1f}" y="{base:.1f}" '
                f'width="{slot * 0.8:.1f}" height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}">'
                f"<title>{escape(label)} · {escape(s.name)}: {value:g}</title></rect>"
            )
    body = _y_axis(top) + "".join(bars) + _x_labels(labels, slot)
    return _frame("stacked_bars", title, sum(1 for t in totals if t), body, [s.name for s in series])


def lines(title: str, labels: Sequence[str], series: Sequence[Series], *, percent: bool = False) -> str:
    """One polyline per series with a dot per point (e.g. duplicate rate per day)."""
    values = [v for s in series for v in s.values]
    if not labels or not values:
        return _empty("lines", title)
    top = 100.0 if percent else _nice_max(max(values))
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / len(labels)
    paths = []
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        coords = [
            (MARGIN_LEFT + slot * (i + 0.5), HEIGHT - MARGIN_BOTTOM - plot_h * min(v, top) / top)
            for i, v in enumerate(s.values)
        ]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        paths.append(f'<polyline class="line" fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        unit = "%" if percent else ""
        paths.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(labels[i])} · '
            f"{escape(s.name)}: {s.values[i]:.3g}{unit}</title></circle>"
            for i, (x, y) in enumerate(coords)
        )
    body = _y_axis(top) + "".join(paths) + _x_labels(labels, slot)
    return _frame("lines", title, len(labels), body, [s.name for s in series])


def horizontal_bars(title: str, values: Mapping[str, float], *, colours: Mapping[str, str] | None = None) -> str:
    """One labelled bar per key (e.g. translation backlog by status); the value is written at the bar's end."""
    if not values or not any(values.values()):
        return _empty("horizontal_bars", title)
    top = _nice_max(max(values.values()))
    label_w = 150
    row_h = min(28.0, (HEIGHT - MARGIN_TOP - 12) / len(values))
    rows = []
    for i, (name, value) in enumerate(values.items()):
        y = MARGIN_TOP + i * row_h
        w = (WIDTH - label_w - 60) * value / top
        colour = (colours or {}).get(name, PALETTE[i % len(PALETTE)])
        rows.append(
            f'<text x="{label_w - 6}" y="{y + row_h * 0.65:.1f}" text-anchor="end" font-size="11" {FONT}>'
            f"{escape(name[:24])}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + row_h * 0.15:.1f}" width="{w:.1f}" height="{row_h * 0.7:.1f}" '
            f'fill="{colour}"><title>{escape(name)}: {value:g}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + row_h * 0.65:.1f}" font-size="11" {FONT}>{value:g}</text>'
        )
    return _frame("horizontal_bars", title, sum(1 for v in values.values() if v), "".join(rows), [])
