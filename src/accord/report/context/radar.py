"""The survey radar's geometry: one spoke per dimension, one outline per organisation.

Drawn by the `chart-radar.svg.j2` template as SVG styled only by presentation attributes, so
WeasyPrint prints what the browser shows. Labels are wrapped (textfit measures them) and the
viewBox is grown to hold every label, so none is ever cut. Organisations differ by colour and
by dash pattern both, so colour is never the only signal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from accord.report.context.charts import FONT_FAMILY, INK, LINE_H, ChartLine
from accord.report.context.fields import doc
from accord.report.context.textfit import text_width, wrap

RADIUS, LABEL_GAP, LABEL_SIZE, LABEL_W, PAD = 130.0, 10.0, 13, 130, 6.0
RING, SPOKE = "#b0b0b0", "#c8c8c8"
# (colour, stroke-dasharray or '') for the outlines, in order.
STYLES = (
    ("#1f4e9c", ""),
    ("#b3541e", "7 4"),
    ("#2e7d32", "2 3"),
    ("#6a1b9a", "10 3 2 3"),
)


@dataclass(frozen=True)
class RadarAxis:
    """One spoke of the survey radar chart, centred on (0, 0)."""

    label: str = doc("The dimension's label.")
    x: float = doc("The spoke's outer end, x.")
    y: float = doc("The spoke's outer end, y.")
    label_x: float = doc("x where the label's lines are anchored.")
    anchor: str = doc("SVG text-anchor for the label: start, middle or end.")
    lines: tuple[ChartLine, ...] = doc("The label wrapped, one entry per line.")


@dataclass(frozen=True)
class RadarOutline:
    """One organisation's scores drawn as a closed outline."""

    name: str = doc("The organisation.")
    points: str = doc(
        "SVG polygon points, 'x,y x,y ...' (a dimension without a score sits at the centre)."
    )
    style: int = doc(
        "Which line style (1-4): colour and dash pattern both differ, so colour is never the "
        "only signal."
    )
    colour: str = doc("The outline's colour, as an SVG colour.")
    dash: str = doc("Its stroke-dasharray ('' for a solid line).")


@dataclass(frozen=True)
class Radar:
    """The radar chart: rings at scores 2 to 5 around (0, 0), spokes, labels and outlines."""

    view_box: str = doc("The SVG viewBox, 'min-x min-y width height', holding every label.")
    width: float = doc("The viewBox width in user units.")
    height: float = doc("The viewBox height in user units.")
    rings: tuple[tuple[int, float], ...] = doc("(score, radius) of the rings at 2 to 5.")
    axes: tuple[RadarAxis, ...] = doc("The spokes, one per dimension.")
    outlines: tuple[RadarOutline, ...] = doc("One outline per organisation.")
    font_family: str = doc("The font family the layout was measured for.")
    label_size: int = doc("Font size of the labels, in user units.")
    ink: str = doc("Colour of the labels.")
    ring_colour: str = doc("Colour of the rings.")
    spoke_colour: str = doc("Colour of the spokes.")


def _at(i: int, n: int, rad: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return round(rad * math.cos(angle), 1), round(rad * math.sin(angle), 1)


def _axis(label: str, i: int, n: int) -> RadarAxis:
    """A spoke and its label, wrapped and set clear of the outer ring on its side."""
    x, y = _at(i, n, RADIUS)
    lx, ly = _at(i, n, RADIUS + LABEL_GAP)
    anchor = "middle" if abs(lx) < 8 else ("start" if lx > 0 else "end")
    lines = wrap(label, LABEL_SIZE, LABEL_W)
    k = len(lines)
    if ly < -RADIUS * 0.3:  # above the chart: the last line sits on the gap
        first = ly - (k - 1) * LINE_H - 2
    elif ly > RADIUS * 0.3:  # below: the first line hangs from it
        first = ly + LABEL_SIZE * 0.8
    else:  # beside: centred on the spoke's end
        first = ly - (k - 1) * LINE_H / 2 + LABEL_SIZE * 0.36
    placed = tuple(ChartLine(t, round(first + j * LINE_H, 1)) for j, t in enumerate(lines))
    return RadarAxis(label, x, y, lx, anchor, placed)


def _box(ax: RadarAxis) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) a label's lines take, in user units."""
    left, top, right, bottom = math.inf, math.inf, -math.inf, -math.inf
    for line in ax.lines:
        w = text_width(line.text, LABEL_SIZE)
        start = {"start": ax.label_x, "end": ax.label_x - w}.get(ax.anchor, ax.label_x - w / 2)
        left, right = min(left, start), max(right, start + w)
        top = min(top, line.y - LABEL_SIZE * 0.95)
        bottom = max(bottom, line.y + LABEL_SIZE * 0.3)
    return left, top, right, bottom


def _shifted(ax: RadarAxis, dy: float) -> RadarAxis:
    lines = tuple(ChartLine(line.text, round(line.y + dy, 1)) for line in ax.lines)
    return RadarAxis(ax.label, ax.x, ax.y, ax.label_x, ax.anchor, lines)


def _separate(axes: list[RadarAxis]) -> list[RadarAxis]:
    """Move labels that would overlap apart, the one nearer the vertical axis away from the
    horizontal one, until none overlap (neighbours near the top or bottom can crowd)."""
    for _ in range(4 * len(axes)):
        clash = next(
            (
                (i, j)
                for i in range(len(axes))
                for j in range(i + 1, len(axes))
                if _overlap(_box(axes[i]), _box(axes[j]))
            ),
            None,
        )
        if clash is None:
            break
        i, j = clash
        k, other = (i, j) if abs(axes[i].label_x) < abs(axes[j].label_x) else (j, i)
        mine, theirs = _box(axes[k]), _box(axes[other])
        if mine[1] + mine[3] > 0:  # below the centre: move down
            axes[k] = _shifted(axes[k], theirs[3] - mine[1] + 2)
        else:
            axes[k] = _shifted(axes[k], theirs[1] - mine[3] - 2)
    return axes


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _extent(axes: Sequence[RadarAxis]) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) holding the rings and every label line."""
    left, top, right, bottom = -RADIUS, -RADIUS, RADIUS, RADIUS
    for ax in axes:
        box = _box(ax)
        left, top = min(left, box[0]), min(top, box[1])
        right, bottom = max(right, box[2]), max(bottom, box[3])
    return left - PAD, top - PAD, right + PAD, bottom + PAD


def radar(labels: Sequence[str], scores: Sequence[tuple[str, Sequence[float | None]]]) -> Radar:
    """The radar for dimension labels and, per organisation, (name, score per dimension).

    Scores run from 1 (centre) to 5 (outer ring); None draws the point at the centre. The
    viewBox is the box holding the rings and every label, so nothing is clipped. Raises
    nothing.
    """
    n = len(labels)
    axes = tuple(_separate([_axis(label, i, n) for i, label in enumerate(labels)]))
    outlines = []
    for k, (name, values) in enumerate(scores):
        pts = []
        for i, value in enumerate(values):
            x, y = _at(i, n, RADIUS * ((value if value is not None else 1.0) - 1) / 4)
            pts.append(f"{x},{y}")
        colour, dash = STYLES[k % len(STYLES)]
        outlines.append(RadarOutline(name, " ".join(pts), k % len(STYLES) + 1, colour, dash))
    left, top, right, bottom = _extent(axes)
    x0, y0 = math.floor(left), math.floor(top)
    width, height = math.ceil(right) - x0, math.ceil(bottom) - y0
    return Radar(
        view_box=f"{x0} {y0} {width} {height}",
        width=width,
        height=height,
        rings=tuple((s, round(RADIUS * (s - 1) / 4, 1)) for s in (2, 3, 4, 5)),
        axes=axes,
        outlines=tuple(outlines),
        font_family=FONT_FAMILY,
        label_size=LABEL_SIZE,
        ink=INK,
        ring_colour=RING,
        spoke_colour=SPOKE,
    )
