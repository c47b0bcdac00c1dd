"""The mechanism chart's geometry: a diverging bar per mechanism, laid out once for every format.

The chart is drawn by the `chart-mechanisms.svg.j2` template as SVG whose colours, strokes and
font sizes are presentation attributes (fill=, stroke=, font-size=), never CSS classes, so a
browser and WeasyPrint draw it alike. Everything the SVG needs is computed here in SVG user
units: wrapped label lines (textfit measures them, so no label is ever cut), bar extents, the
colour of each row's state by its tone (favourable or not, from derived.yaml's `favourable:`
keys) and a mark whose shape also tells the tone, so colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.report.context.fields import doc
from accord.report.context.textfit import wrap

if TYPE_CHECKING:
    from accord.report.context.mechanisms import MechanismView

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
INK, MUTED, AXIS = "#1a1a1a", "#555555", "#1a1a1a"
BAD, GOOD = "#a4271b", "#1f6f3f"
TONE_COLOURS = {"favourable": GOOD, "unfavourable": BAD, "mixed": "#7a5a00", "none": "#6b6b6b"}
TONE_WORDS = {
    "favourable": "favourable",
    "unfavourable": "unfavourable",
    "mixed": "not settled",
    "none": "no signal",
}


def tone_word(tone: str, state: str) -> str:
    """The tone in words when it adds to the state: '' for no reading (the state, such as
    'withheld' or 'no signal', says it) or when the words would repeat the state."""
    word = TONE_WORDS.get(tone, tone)
    return "" if tone == "none" or word == state else word


LABEL_W, HALF, STATE_W = 190, 110, 140
LABEL_SIZE, HEAD_SIZE, LINE_H, ROW_MIN, BAR_H = 13, 12, 15, 28, 18


@dataclass(frozen=True)
class ChartLine:
    """One line of wrapped text in the chart."""

    text: str = doc("The words on this line.")
    y: float = doc("Its baseline, in SVG user units.")


@dataclass(frozen=True)
class ChartHead:
    """A column heading of the mechanism chart."""

    text: str = doc("The heading.")
    anchor: str = doc("SVG text-anchor of its lines: start or end.")
    x: int = doc("x of the anchor.")
    lines: tuple[ChartLine, ...] = doc("The heading wrapped to its column.")


@dataclass(frozen=True)
class ChartBar:
    """One row of the mechanism chart, with its geometry precomputed in SVG user units."""

    label: str = doc("The mechanism's name.")
    label_lines: tuple[ChartLine, ...] = doc("Its name wrapped to the label column, one per line.")
    state: str = doc("Its state, written at the right.")
    state_lines: tuple[ChartLine, ...] = doc("The state wrapped to the state column.")
    tone: str = doc("As MechanismView.tone.")
    tone_word: str = doc(
        "The tone in words, for the bar's tooltip ('favourable'); '' when the state says it."
    )
    colour: str = doc("The state's colour by its tone, as an SVG colour ('#1f6f3f').")
    mark: str = doc(
        "SVG path data of the tone mark beside the state: a triangle up (favourable), down "
        "(unfavourable), a diamond (not settled) or a ring (no signal)."
    )
    mark_filled: bool = doc("False for the no-signal ring, drawn as an outline.")
    y: float = doc("Top of the bars.")
    text_y: float = doc("Baseline for the counts beside the bars.")
    bad_x: float = doc("Left edge of the unfavourable bar (it ends at the centre line).")
    bad_width: float = doc("Width of the unfavourable bar; 0 when none.")
    good_width: float = doc("Width of the favourable bar, starting at the centre line.")
    towards_favourable: int = doc("Count shown by the favourable bar.")
    towards_unfavourable: int = doc("Count shown by the unfavourable bar.")


@dataclass(frozen=True)
class Chart:
    """The mechanism chart: a diverging bar per mechanism, counting what pushes each way."""

    width: int = doc("SVG width in user units (the viewBox is 0 0 width height).")
    height: int = doc("SVG height in user units.")
    centre: int = doc("x of the centre line.")
    label_width: int = doc("Width reserved for mechanism names on the left.")
    label_x: int = doc("x where the mechanism names end (they are right-aligned).")
    mark_x: int = doc("x of the centre of each row's tone mark.")
    state_x: int = doc("x where each row's state starts.")
    bar_height: int = doc("Height of a bar.")
    axis_top: int = doc("y where the centre line starts.")
    heads: tuple[ChartHead, ...] = doc("The column headings.")
    title: str = doc("The chart's accessible title.")
    description: str = doc("The chart's accessible description, in words.")
    font_family: str = doc("The font family the layout was measured for.")
    label_size: int = doc("Font size of names and states, in user units.")
    head_size: int = doc("Font size of headings and counts, in user units.")
    ink: str = doc("Colour of names.")
    muted: str = doc("Colour of headings and counts.")
    bad: str = doc("Colour of the bars pushing away from the favourable state.")
    good: str = doc("Colour of the bars pushing towards it.")
    bars: tuple[ChartBar, ...] = doc("One row per mechanism.")


def baselines(lines: Sequence[str], middle: float, size: float) -> tuple[ChartLine, ...]:
    """Lines of text centred vertically on `middle`, with their baselines."""
    first = middle - (len(lines) - 1) * LINE_H / 2 + size * 0.36
    return tuple(ChartLine(t, round(first + i * LINE_H, 1)) for i, t in enumerate(lines))


def tone_mark(tone: str, x: float, y: float) -> str:
    """SVG path data for a tone's mark centred on (x, y): its shape tells the tone."""
    r = 6
    if tone == "favourable":
        return f"M{x - r},{y + r - 1}L{x + r},{y + r - 1}L{x},{y - r}Z"
    if tone == "unfavourable":
        return f"M{x - r},{y - r + 1}L{x + r},{y - r + 1}L{x},{y + r}Z"
    if tone == "mixed":
        return f"M{x},{y - r}L{x + r},{y}L{x},{y + r}L{x - r},{y}Z"
    return f"M{x - 4},{y}a4,4 0 1,0 8,0a4,4 0 1,0 -8,0Z"


def _heads(centre: int, state_x: int) -> tuple[ChartHead, ...]:
    heads = (
        ("away from favourable", "end", centre - 8),
        ("towards favourable", "start", centre + 8),
        ("state", "start", state_x),
    )
    out = []
    for text, anchor, x in heads:
        lines = wrap(text, HEAD_SIZE, HALF - 16)
        top = LINE_H * len(lines)
        out.append(ChartHead(text, anchor, x, baselines(lines, top / 2 + 2, HEAD_SIZE)))
    return tuple(out)


def _row(m: MechanismView, top: float, centre: int, unit: float) -> tuple[ChartBar, float]:
    """One row starting at `top`; returns it and the row's height."""
    label = wrap(m.label, LABEL_SIZE, LABEL_W - 14)
    state = wrap(m.state, LABEL_SIZE, STATE_W - 30, bold=True)
    height = max(ROW_MIN, max(len(label), len(state)) * LINE_H + 10)
    middle = top + height / 2
    bad = m.towards_unfavourable * unit
    return (
        ChartBar(
            label=m.label,
            label_lines=baselines(label, middle, LABEL_SIZE),
            state=m.state,
            state_lines=baselines(state, middle, LABEL_SIZE),
            tone=m.tone,
            tone_word=tone_word(m.tone, m.state),
            colour=TONE_COLOURS.get(m.tone, INK),
            mark=tone_mark(m.tone, centre + HALF + 14, middle),
            mark_filled=m.tone != "none",
            y=middle - BAR_H / 2,
            text_y=round(middle + HEAD_SIZE * 0.36, 1),
            bad_x=centre - bad,
            bad_width=bad,
            good_width=m.towards_favourable * unit,
            towards_favourable=m.towards_favourable,
            towards_unfavourable=m.towards_unfavourable,
        ),
        height,
    )


def chart(mechs: tuple[MechanismView, ...]) -> Chart:
    """The diverging bar chart of the mechanism profile, geometry in SVG user units.

    mechs: the mechanism profile in the brief's order. The rows grow to fit wrapped names;
    bars scale so the longest leaves room for its count. Raises nothing.
    """
    centre = LABEL_W + HALF
    state_x = centre + HALF + 26
    heads = _heads(centre, state_x)
    axis_top = max(len(h.lines) for h in heads) * LINE_H + 8
    peak = max([1] + [max(m.towards_favourable, m.towards_unfavourable) for m in mechs])
    unit = (HALF - 30) // peak
    bars: list[ChartBar] = []
    top = axis_top + 4.0
    for m in mechs:
        bar, height = _row(m, top, centre, unit)
        bars.append(bar)
        top += height
    parts = [
        f"{m.label}: {m.state} ({m.towards_unfavourable} pushing away from its favourable "
        f"state, {m.towards_favourable} towards it)"
        for m in mechs
    ]
    return Chart(
        width=LABEL_W + 2 * HALF + STATE_W,
        height=int(top + 8),
        centre=centre,
        label_width=LABEL_W,
        label_x=LABEL_W - 8,
        mark_x=centre + HALF + 14,
        state_x=state_x,
        bar_height=BAR_H,
        axis_top=axis_top,
        heads=heads,
        title="Mechanism profile",
        description=(
            "For each mechanism, bars count the rules pushing it away from (left) or "
            "towards (right) its favourable state; its resulting state is written at the "
            "right, after a mark: a triangle up for a favourable state, down for an "
            "unfavourable one, a diamond for one not settled and a ring for no signal. "
            + "; ".join(parts)
            + "."
        ),
        font_family=FONT_FAMILY,
        label_size=LABEL_SIZE,
        head_size=HEAD_SIZE,
        ink=INK,
        muted=MUTED,
        bad=BAD,
        good=GOOD,
        bars=tuple(bars),
    )
