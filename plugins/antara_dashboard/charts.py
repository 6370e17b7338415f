"""Small server-side SVG charts (stacked bars over time, lines, horizontal bars): no JavaScript, no CDN.

Why hand-built rather than a chart library: the charts need things generic SVG libraries make awkward — a "now"
marker inside the last bucket, hatched buckets where the pipeline did not run (a gap is not a zero), semantic colours
per outcome, and colours that follow Airflow's light/dark theme through CSS (text and axes use ``currentColor``).
Every chart is an ``<svg>`` string with ``role="img"``, a ``<title>``, axis titles with units, integer ticks for
counts, and ``data-chart``/``data-points`` attributes so a browser test can tell that it rendered with data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

#: Colour-blind-safe palette (Okabe–Ito), cycled by series that have no semantic colour.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999")
WIDTH, HEIGHT = 640, 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 16, 30, 70
FONT = 'font-family="system-ui, sans-serif" fill="currentColor"'
TICK_FONT = 12
MAX_TICKS = 5


@dataclass(frozen=True)
class Series:
    """One named series of values, aligned with the chart's labels (``None``: no data, drawn as a gap)."""

    name: str
    values: Sequence[float | None]
    colour: str | None = None


def _colour(series: Series, index: int) -> str:
    return series.colour or PALETTE[index % len(PALETTE)]


def ticks(top_value: float, *, integer: bool = True) -> list[float]:
    """Round ticks from 0 covering ``top_value``: steps of 1, 2 or 5 × 10^k, at most :data:`MAX_TICKS` intervals;
    integer steps only for counts (no "2.5 articles")."""
    if top_value <= 0:
        return [0.0, 1.0]
    raw = top_value / MAX_TICKS
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if integer:
        step = max(1.0, float(math.ceil(step)))
    count = math.ceil(top_value / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def _tick_label(value: float, unit: str) -> str:
    text = f"{value:g}" if value < 10_000 else f"{value / 1000:g}k"
    return f"{text}{unit}"


LEGEND_ITEM_W = 150
LEGEND_PER_ROW = (WIDTH - MARGIN_LEFT) // LEGEND_ITEM_W
LEGEND_ROW_H = 16


def _frame(
    kind: str, title: str, points: int, body: str, legend: Sequence[tuple[str, str]], axes: tuple[str, str] = ("", "")
) -> str:
    """Wrap a plot in its <svg>; a legend longer than one row pushes the plot down instead of running off."""
    extra_rows = max(0, (len(legend) - 1) // LEGEND_PER_ROW)
    items = []
    for i, (name, colour) in enumerate(legend):
        x = MARGIN_LEFT + (i % LEGEND_PER_ROW) * LEGEND_ITEM_W
        y = 6 + (i // LEGEND_PER_ROW) * LEGEND_ROW_H
        items.append(
            f'<rect x="{x}" y="{y}" width="11" height="11" fill="{colour}"/>'
            f'<text x="{x + 15}" y="{y + 10}" font-size="12" {FONT}>{escape(name[:22])}</text>'
        )
    shift = extra_rows * LEGEND_ROW_H
    x_title, y_title = axes
    titles = ""
    if x_title:
        titles += (
            f'<text class="axis-title" x="{(MARGIN_LEFT + WIDTH - MARGIN_RIGHT) / 2}" y="{HEIGHT - 6}" '
            f'text-anchor="middle" font-size="12" {FONT}>{escape(x_title)}</text>'
        )
    if y_title:
        mid = (MARGIN_TOP + HEIGHT - MARGIN_BOTTOM) / 2
        titles += (
            f'<text class="axis-title" x="14" y="{mid}" text-anchor="middle" font-size="12" {FONT} '
            f'transform="rotate(-90 14 {mid})">{escape(y_title)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + shift}" width="100%" role="img" '
        f'class="chart" data-chart="{escape(kind)}" data-points="{points}"><title>{escape(title)}</title>'
        f'{"".join(items)}<g transform="translate(0 {shift})">{body}{titles}</g></svg>'
    )


def _empty(kind: str, title: str, axes: tuple[str, str] = ("", "")) -> str:
    body = (
        f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="14" {FONT} opacity="0.7">'
        "no data in this window</text>"
    )
    return _frame(kind, title, 0, body, [], axes)


def _y_axis(tick_values: Sequence[float], unit: str = "") -> str:
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = tick_values[-1]
    lines = []
    for value in tick_values:
        y = HEIGHT - MARGIN_BOTTOM - plot_h * value / top
        lines.append(
            f'<line class="grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="currentColor" stroke-opacity="0.15"/>'
            f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="{TICK_FONT}" '
            f"{FONT}>{_tick_label(value, unit)}</text>"
        )
    return "".join(lines)


def _x_labels(labels: Sequence[str], slot: float) -> str:
    every = max(1, math.ceil(len(labels) / 10))  # at most ~10 labels, whatever the number of bars
    out = []
    for i, label in enumerate(labels):
        if (len(labels) - 1 - i) % every:  # count from the newest bucket, so "now" always has its label
            continue
        x = MARGIN_LEFT + slot * (i + 0.5)
        y = HEIGHT - MARGIN_BOTTOM + 14
        out.append(
            f'<text class="tick" x="{x:.1f}" y="{y}" font-size="{TICK_FONT}" text-anchor="end" {FONT} '
            f'transform="rotate(-35 {x:.1f} {y})">{escape(label)}</text>'
        )
    return "".join(out)


def _missing_buckets(missing: Sequence[bool], slot: float) -> str:
    """Hatched background where nothing was recorded at all: a gap in the pipeline, not a quiet hour."""
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    rects = [
        f'<rect class="gap" x="{MARGIN_LEFT + slot * i:.1f}" y="{MARGIN_TOP}" width="{slot:.1f}" height="{plot_h}" '
        f'fill="url(#gap-hatch)"><title>no run recorded</title></rect>'
        for i, gap in enumerate(missing)
        if gap
    ]
    if not rects:
        return ""
    pattern = (
        '<defs><pattern id="gap-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" '
        'stroke-opacity="0.18" stroke-width="2"/></pattern></defs>'
    )
    return pattern + "".join(rects)


def _now_marker(count: int, slot: float, now_fraction: float | None) -> str:
    if now_fraction is None or not count:
        return ""
    x = MARGIN_LEFT + slot * (count - 1 + min(max(now_fraction, 0.0), 1.0))
    return (
        f'<line class="now" x1="{x:.1f}" x2="{x:.1f}" y1="{MARGIN_TOP - 4}" y2="{HEIGHT - MARGIN_BOTTOM}" '
        f'stroke="currentColor" stroke-dasharray="4 3" stroke-width="1.5"/>'
        f'<text class="now-label" x="{x - 3:.1f}" y="{MARGIN_TOP + 8}" text-anchor="end" font-size="12" '
        f"{FONT}>now</text>"
    )


def stacked_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    axes: tuple[str, str] = ("", ""),
    missing: Sequence[bool] | None = None,
    now_fraction: float | None = None,
) -> str:
    """Vertical bars, one per label, stacked by series (e.g. articles per hour stacked by edition)."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    if not labels or not any(totals):
        return _empty("stacked_bars", title, axes)
    tick_values = ticks(max(totals))
    top = tick_values[-1]
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
                f'width="{slot * 0.8:.1f}" height="{h:.1f}" fill="{_colour(s, k)}">'
                f"<title>{escape(label)} · {escape(s.name)}: {value:g}</title></rect>"
            )
    body = (
        _missing_buckets(missing or [], slot)
        + _y_axis(tick_values)
        + "".join(bars)
        + _x_labels(labels, slot)
        + _now_marker(len(labels), slot, now_fraction)
    )
    legend = [(s.name, _colour(s, k)) for k, s in enumerate(series)]
    return _frame("stacked_bars", title, sum(1 for t in totals if t), body, legend, axes)


def lines(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    percent: bool = False,
    notes: Mapping[str, Sequence[str]] | None = None,
    axes: tuple[str, str] = ("", ""),
    now_fraction: float | None = None,
) -> str:
    """One polyline per series with a dot per point; ``None`` breaks the line (no data is not 0 %).

    ``notes`` adds a text per point to its tooltip (e.g. the counts behind a rate: "1 of 8 articles").
    """
    values = [v for s in series for v in s.values if v is not None]
    if not labels or not values:
        return _empty("lines", title, axes)
    tick_values = [0.0, 25.0, 50.0, 75.0, 100.0] if percent else ticks(max(values), integer=False)
    top = tick_values[-1]
    unit = "%" if percent else ""
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / len(labels)
    paths = []
    for k, s in enumerate(series):
        colour = _colour(s, k)
        segment: list[str] = []
        for i, v in enumerate(s.values):
            if v is None:
                paths.append(_polyline(segment, colour))
                segment = []
                continue
            x, y = MARGIN_LEFT + slot * (i + 0.5), HEIGHT - MARGIN_BOTTOM - plot_h * min(v, top) / top
            segment.append(f"{x:.1f},{y:.1f}")
            note = (notes or {}).get(s.name, [""] * len(labels))[i]
            paths.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>{escape(labels[i])} · '
                f"{escape(s.name)}: {v:.3g}{unit}{(' (' + escape(note) + ')') if note else ''}</title></circle>"
            )
        paths.append(_polyline(segment, colour))
    body = _y_axis(tick_values, unit) + "".join(paths) + _x_labels(labels, slot)
    body += _now_marker(len(labels), slot, now_fraction)
    legend = [(s.name, _colour(s, k)) for k, s in enumerate(series)]
    return _frame("lines", title, len(values), body, legend, axes)


def _polyline(points: Sequence[str], colour: str) -> str:
    if len(points) < 2:
        return ""
    return f'<polyline class="line" fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}"/>'


def horizontal_bars(
    title: str, values: Mapping[str, float], *, colours: Mapping[str, str] | None = None, unit: str = ""
) -> str:
    """One labelled bar per key (e.g. translation backlog by status); the value is written at the bar's end."""
    if not values or not any(values.values()):
        return _empty("horizontal_bars", title)
    top = ticks(max(values.values()))[-1]
    label_w = 170
    row_h = min(30.0, (HEIGHT - MARGIN_TOP - 12) / len(values))
    rows = []
    for i, (name, value) in enumerate(values.items()):
        y = MARGIN_TOP + i * row_h
        w = (WIDTH - label_w - 80) * value / top
        colour = (colours or {}).get(name, PALETTE[i % len(PALETTE)])
        rows.append(
            f'<text x="{label_w - 6}" y="{y + row_h * 0.65:.1f}" text-anchor="end" font-size="12" {FONT}>'
            f"{escape(name[:26])}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + row_h * 0.15:.1f}" width="{w:.1f}" height="{row_h * 0.7:.1f}" '
            f'fill="{colour}"><title>{escape(name)}: {value:g}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + row_h * 0.65:.1f}" font-size="12" {FONT}>{value:g}{unit}</text>'
        )
    return _frame("horizontal_bars", title, sum(1 for v in values.values() if v), "".join(rows), [])
