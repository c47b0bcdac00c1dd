"""The brief's charts as WeasyPrint prints them: colours where the SVG puts them, no label out of
its box, no black disc. Each chart is cut out of the HTML brief and printed alone at one pixel
per SVG unit, so a pixel can be checked against the element that should have drawn it."""

from __future__ import annotations

import re

import pytest

from tests.brief_support import ARTIFACTS
from tests.chart_support import (
    CASES,
    brief_html,
    count_near,
    hex_rgb,
    ink_box,
    near,
    needs_pdf_tools,
    only,
    render_svg,
    svg_of,
    tag,
    view_box,
)

MARGIN = 40
OUT = ARTIFACTS / "charts"


@pytest.fixture(scope="module")
def html(kb):
    needs_pdf_tools()
    OUT.mkdir(parents=True, exist_ok=True)
    return {case: brief_html(kb, case) for case in CASES}


def classes(el) -> set[str]:
    return set(el.attrib.get("class", "").split())


def first_x(text_el) -> float:
    return float(next(iter(text_el)).attrib["x"])


def inside(box, left, top, right, bottom, slack=1.0) -> bool:
    """Whether an ink box (pixels, margin included) lies within a box given in chart units."""
    x0, y0, x1, y1 = box
    return (
        x0 >= left + MARGIN - slack
        and y0 >= top + MARGIN - slack
        and x1 <= right + MARGIN + slack
        and y1 <= bottom + MARGIN + slack
    )


@pytest.mark.parametrize("case", CASES)
def test_mechanism_chart_prints_its_colours_and_marks(html, case):
    svg = svg_of(html[case], "chart")
    image = render_svg(svg, OUT / f"{case}-mechanisms")
    bars = [el for el in svg.iter() if tag(el) == "rect"]
    for rect in bars:
        x, y = float(rect.attrib["x"]), float(rect.attrib["y"])
        w, h = float(rect.attrib["width"]), float(rect.attrib["height"])
        pixel = image.getpixel((int(x + w / 2), int(y + h / 2)))
        assert near(pixel, hex_rgb(rect.attrib["fill"])), (case, rect.attrib, pixel)
    tones: dict[str, str] = {}
    for row in (el for el in svg.iter() if "row" in classes(el)):
        state = next(el for el in row if "st" in classes(el))
        mark = next(el for el in row if "mark" in classes(el))
        tone = next(c for c in classes(state) if c.startswith("st-"))
        assert tones.setdefault(tone, state.attrib["fill"]) == state.attrib["fill"]
        if tone == "st-none":
            continue  # no signal: a hollow ring, neutral
        # a state that is not neutral has a bar for what pushed it there, whichever way
        assert any(tag(el) == "rect" for el in row), f"{case}: no bar for {state.attrib}"
        # every other state has a filled mark in its tone's colour, drawn where the SVG puts it
        points = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", mark.attrib["d"])]
        cx = sum(points[0::2]) / len(points[0::2])
        cy = sum(points[1::2]) / len(points[1::2])
        pixel = image.getpixel((round(cx), round(cy)))
        assert near(pixel, hex_rgb(mark.attrib["fill"])), (case, tone, pixel)
    # one colour per tone, and tones never share one ("poor" and "good" differ)
    assert len(set(tones.values())) == len(tones), tones
    # each side of the centre line has its own colour
    assert len({r.attrib["fill"] for r in bars}) == len({r.attrib["class"] for r in bars})


@pytest.mark.parametrize("case", CASES)
def test_mechanism_chart_labels_stay_in_their_boxes(html, case):
    svg = svg_of(html[case], "chart")
    _, _, width, height = view_box(svg)
    whole = ink_box(render_svg(svg, OUT / f"{case}-mechanisms-margin", MARGIN))
    assert whole and inside(whole, 0, 0, width, height), f"{case}: ink outside the chart"
    labels = [el for el in svg.iter() if "lbl" in classes(el)]
    states = [el for el in svg.iter() if "st" in classes(el)]
    label_end, state_start = first_x(labels[0]), first_x(states[0])
    # names are right-aligned at label_end and never reach the bars or counts beyond it
    names = ink_box(
        render_svg(only(svg, lambda e: "lbl" in classes(e)), OUT / f"{case}-names", MARGIN)
    )
    assert names and inside(names, 0, 0, label_end, height), f"{case}: a name leaves its column"
    # states start at state_start and end inside the chart
    words = ink_box(
        render_svg(only(svg, lambda e: "st" in classes(e)), OUT / f"{case}-states", MARGIN)
    )
    assert words and inside(words, state_start, 0, width, height), f"{case}: a state is cut"
    bars = [el for el in svg.iter() if tag(el) == "rect"]
    nearest_bar = min([float(r.attrib["x"]) for r in bars] + [label_end + 40])
    assert label_end < nearest_bar - 20  # room for the count left of the longest bar


def test_radar_prints_outlines_not_a_black_disc(html):
    svg = svg_of(html["survey"], "radar")
    image = render_svg(svg, OUT / "survey-radar")
    x0, y0, width, height = view_box(svg)
    centre = image.getpixel((round(-x0), round(-y0)))
    assert sum(centre) / 3 > 150, f"the radar's centre prints dark {centre}"
    dark = sum(image.convert("L").histogram()[:50])
    assert dark < 0.03 * width * height, "the radar prints large dark areas"
    for outline in (el for el in svg.iter() if tag(el) == "polygon"):
        assert count_near(image, outline.attrib["stroke"]) > 100, outline.attrib["stroke"]
    ring = next(el for el in svg.iter() if tag(el) == "circle")
    r = float(ring.attrib["r"])
    assert sum(image.getpixel((round(-x0 + r), round(-y0)))) / 3 < 235, "rings are not drawn"


def test_radar_labels_stay_clear_of_the_chart_and_inside_the_picture(html):
    from PIL import Image, ImageDraw

    svg = svg_of(html["survey"], "radar")
    x0, y0, width, height = view_box(svg)
    labels = only(svg, lambda e: tag(e) == "text")
    image = render_svg(labels, OUT / "survey-radar-labels", MARGIN)
    box = ink_box(image)
    assert box and inside(box, 0, 0, width, height), "a radar label leaves the picture"
    outer = max(float(el.attrib["r"]) for el in svg.iter() if tag(el) == "circle")
    cx, cy = MARGIN - x0, MARGIN - y0
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse((cx - outer, cy - outer, cx + outer, cy + outer), fill=255)
    within = Image.composite(image, Image.new("RGB", image.size, "white"), mask)
    assert ink_box(within) is None, "a radar label overlaps the outer ring"
    # one label per spoke
    assert len([el for el in svg.iter() if tag(el) == "text"]) == len(
        [el for el in svg.iter() if tag(el) == "line"]
    )
