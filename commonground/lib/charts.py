"""Server-rendered SVG charts, the one chart module: a line chart (a trend) and a bar chart
(progress to a goal), for pages and for the PDF.

Each chart is accessible: ``role="img"`` with a ``<title>`` and ``<desc>``, and it carries
its data as ``headers``/``rows`` so the page can show a table for screen readers and print
(``includes/chart.html``). Colours and type are presentation attributes on the SVG itself, so
the same drawing reads the same on a page (where ``site.css`` may restyle it), on its own, and
in a PDF: :func:`pdf_drawing` converts the very SVG with svglib instead of drawing it again.
No JavaScript, no external assets.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

_ids = itertools.count(1)

# The site's colours (site.css :root), repeated here as SVG attributes so a chart needs no
# stylesheet: --brand for the line, dots and bars, --a4 for a goal reached, --line for
# gridlines, --muted for labels.
BRAND = "#5a2a82"
DONE = "#2f7d32"
GRID = "#d5d7de"
TRACK = "#eef2f7"
LABEL = "#4f5160"


def percent(value: float) -> str:
    """A share as a percentage: two decimals below 10% (density is often under 1%), else one;
    trailing zeros dropped, so axis ticks at 0.25% read as such."""
    pct = value * 100
    text = f"{pct:.2f}" if abs(pct) < 10 else f"{pct:.1f}"
    return text.rstrip("0").rstrip(".") + "%"


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    """``None``: no figure (hidden small count, or no data) — the line breaks there."""
    note: str = ""
    """More about the point for its tooltip (e.g. "120 / ~4,000"), after the value."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    target: float
    note: str = ""


@dataclass
class Chart:
    svg: SafeString
    title: str
    desc: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: bool = False


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above ``value``: the axis top, so that its
    gridlines (top and half of it) fall on round numbers (0.5%, 0.25%)."""
    if value <= 0:
        return 1e-9
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value * (1 - 1e-9):
            return step * magnitude
    return 10 * magnitude


def _svg_open(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    tid, did = f"chart-{n}-title", f"chart-{n}-desc"
    head = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="{} {}" xmlns="http://www.w3.org/2000/svg" '
        'preserveAspectRatio="xMidYMid meet" font-family="sans-serif" font-size="12" '
        'fill="{}"><title id="{}">{}</title><desc id="{}">{}</desc>',
        width,
        height,
        tid,
        did,
        LABEL,
        tid,
        title,
        did,
        desc,
    )
    return head, "</svg>"


def line_chart(
    points: Sequence[Point],
    *,
    title: str,
    desc: str,
    fmt: Callable[[float], str] = percent,
    value_header: str = "",
    width: int = 640,
    height: int = 220,
) -> Chart:
    """A line through ``points`` in order, with a zero-based y axis and three gridlines."""
    left, right, top, bottom = 56, 26, 14, 30
    known = [p.value for p in points if p.value is not None]
    rows = [[p.label, fmt(p.value) if p.value is not None else "—"] for p in points]
    headers = ["", value_header or _("Value")]
    if not known:
        return Chart(mark_safe(""), title, desc, headers, rows, empty=True)
    top_value = nice_ceiling(max(known) * 1.1)
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(len(points) - 1, 1)
    head, tail = _svg_open(width, height, title, desc)
    parts = [head]
    for frac in (0.0, 0.5, 1.0):
        y = top + inner_h * (1 - frac)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text class="ylabel" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(fmt(top_value * frac))}</text>"
        )
    segments: list[list[str]] = [[]]
    dots = []
    every = max(1, -(-len(points) * 70 // (width - 72)))
    for i, p in enumerate(points):
        x = left + i * step
        if i % every == 0 or i == len(points) - 1:
            parts.append(
                f'<text class="xlabel" x="{x:.1f}" y="{height - 8}" text-anchor="middle">'
                f"{escape(p.label)}</text>"
            )
        if p.value is None:
            segments.append([])
            continue
        y = top + inner_h * (1 - p.value / top_value)
        segments[-1].append(f"{x:.1f},{y:.1f}")
        tip = f"{p.label}: {fmt(p.value)}" + (f" ({p.note})" if p.note else "")
        dots.append(
            f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BRAND}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    for seg in segments:
        if len(seg) > 1:
            parts.append(
                f'<polyline class="line" fill="none" stroke="{BRAND}" stroke-width="2.5" '
                f'points="{" ".join(seg)}"/>'
            )
    parts.extend(dots)
    parts.append(tail)
    return Chart(mark_safe("".join(parts)), title, desc, headers, rows)


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str,
    fmt: Callable[[float], str] = number,
    width: int = 640,
) -> Chart:
    """One horizontal bar per goal, its label and figures above it: progress filled towards
    the target, across the whole width (so that nothing runs past the edge on a phone)."""
    row_h, top, bar_h, char_w = 44, 6, 14, 7.2
    height = top * 2 + row_h * max(len(bars), 1)
    rows = [
        [
            b.label,
            fmt(b.value) if b.value is not None else (b.note or "—"),
            fmt(b.target),
            f"{min(999, round(100 * b.value / b.target))}%"
            if b.value is not None and b.target
            else "—",
        ]
        for b in bars
    ]
    headers = ["", _("Now"), _("Goal"), _("Progress")]
    if not bars:
        return Chart(mark_safe(""), title, desc, headers, rows, empty=True)
    inner_w = width
    head, tail = _svg_open(width, height, title, desc)
    parts = [head]
    for i, b in enumerate(bars):
        y = top + i * row_h
        share = 0.0
        if b.value is not None and b.target:
            share = max(0.0, min(1.0, b.value / b.target))
        figures = f"{rows[i][1]} / {rows[i][2]}"
        max_chars = max(8, int((width - char_w * (len(figures) + 2)) / char_w))
        label = b.label if len(b.label) <= max_chars else b.label[: max_chars - 1] + "…"
        bar_y = y + 20
        done = share >= 1
        parts.append(
            f"<g><title>{escape(b.label)}: {escape(figures)}</title>"
            f'<text class="blabel" x="0" y="{y + 14}">{escape(label)}</text>'
            f'<rect class="track" x="0" y="{bar_y}" width="{inner_w}" height="{bar_h}" rx="3" '
            f'fill="{TRACK}"/>'
        )
        if share > 0:
            parts.append(
                f'<rect class="{"bar done" if done else "bar"}" x="0" y="{bar_y}" '
                f'width="{inner_w * share:.1f}" height="{bar_h}" rx="3" '
                f'fill="{DONE if done else BRAND}"/>'
            )
        parts.append(
            f'<text class="bvalue" x="{width}" y="{y + 14}" text-anchor="end">'
            f"{escape(figures)}</text></g>"
        )
    parts.append(tail)
    return Chart(mark_safe("".join(parts)), title, desc, headers, rows)


def pdf_drawing(chart: Chart, width: float) -> Drawing:
    """The chart's own SVG as a reportlab drawing ``width`` points wide (svglib), for a PDF:
    the same drawing as on the page, not a second one."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(str(chart.svg).encode()))
    if drawing is None:  # svglib returns None only for an unreadable file: ours never is
        raise ValueError("svglib could not read the chart")
    factor = width / drawing.width
    drawing.scale(factor, factor)
    drawing.width, drawing.height = width, drawing.height * factor
    return drawing
