"""Every example's HTML brief in headless Chromium: no errors, no overflow, summary on screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.brief_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    ROOT,
    hostile_proposal,
    unavailable,
)
from tests.chart_support import CASES, brief_html

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright (pip install 'accord[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"Debian's chromium ({CHROMIUM})")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def html_files(tmp_path_factory, kb):
    """Each example's HTML brief written to a file, as a reader would open it."""
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal
    from accord.report.brief import render_brief

    folder = tmp_path_factory.mktemp("html")
    out = {}
    for example in EXAMPLES:
        result = assess(load_proposal(example, kb), kb, "reference")
        path = folder / f"{example.stem}.html"
        path.write_text(render_brief(result, "html", kb=kb, date="2026-01-01"), encoding="utf-8")
        out[example.stem] = path
    return out


def open_page(browser, path: Path, width: int, height: int):
    """Open a file in a fresh page; collect console errors, page errors, dialogs and requests."""
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))

    def route(r):
        if not r.request.url.startswith("file://"):
            seen["requests"].append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    return page, seen


def overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_example_in_chromium(browser, html_files, stem):
    path = html_files[stem]
    page, seen = open_page(browser, path, 1280, 800)
    try:
        assert overflow(page) <= 0, "horizontal overflow at 1280 px"
        # The call and the top risks (or the line saying there are none) are above the fold.
        box = page.locator("#overall ~ h3 + *").first.bounding_box()
        assert box is not None and box["y"] >= 0
        assert box["y"] + box["height"] <= 800, (
            f"the top risks end at {box['y'] + box['height']:.0f} px, below the 800 px fold"
        )
        assert page.locator("#overall").is_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{stem}-1280x800.png"))
        page.set_viewport_size({"width": 800, "height": 800})
        assert overflow(page) <= 0, "horizontal overflow at 800 px"
        # Accessible structure: one h1, the chart named and described, tables with headers.
        assert page.locator("h1").count() == 1
        assert page.locator("svg[role=img] > title").count() == 1
        assert page.locator("svg[role=img] > desc").count() == 1
        assert page.locator("table th[scope=col]").count() > 0
        assert page.locator("script").count() == 0
    finally:
        page.close()
    assert seen["errors"] == [], f"console errors: {seen['errors']}"
    assert seen["requests"] == [], f"external requests: {seen['requests']}"


def test_hostile_names_are_inert_in_chromium(browser, tmp_path, kb):
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal
    from accord.report.brief import render_brief

    result = assess(load_proposal(hostile_proposal(tmp_path), kb), kb, "reference")
    path = tmp_path / "hostile.html"
    path.write_text(render_brief(result, "html", kb=kb, date="2026-01-01"), encoding="utf-8")
    page, seen = open_page(browser, path, 1280, 800)
    try:
        assert page.locator("script").count() == 0
        assert page.locator("img").count() == 0
        assert HOSTILE_SCRIPT in page.locator("h1").inner_text()
        assert HOSTILE_IMG in page.locator("#summary").inner_text()
    finally:
        page.close()
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["requests"] == []


def test_survey_brief_in_chromium(browser, tmp_path, kb):
    """The maturity index and radar chart fit at 1280 and 800 px, with a text alternative."""
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal
    from accord.report.brief import render_brief
    from accord.survey.apply import with_survey

    prop, used = with_survey(
        load_proposal(ROOT / "examples/survey/proposal.yaml", kb),
        kb,
        [ROOT / "examples/survey/answers"],
    )
    path = tmp_path / "survey.html"
    path.write_text(
        render_brief(assess(prop, kb, "reference", survey=used), "html", kb=kb, date="2026-01-01"),
        encoding="utf-8",
    )
    page, seen = open_page(browser, path, 1280, 800)
    try:
        assert overflow(page) <= 0
        radar = page.locator("svg.radar")
        assert radar.is_visible() and page.locator("svg.radar > title").count() == 1
        assert page.locator("svg.radar polygon.outline").count() == 2
        assert "Partners see trust differently" in page.locator("#survey").inner_text()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.locator("#survey").screenshot(path=str(ARTIFACTS / "survey-radar.png"))
        page.set_viewport_size({"width": 800, "height": 800})
        assert overflow(page) <= 0
    finally:
        page.close()
    assert seen["errors"] == [] and seen["requests"] == []


# Every text of a chart inside the viewBox, no two texts overlapping, no text over a bar, and
# no radar label over the rings. Returns what is wrong, one line per problem.
CHART_LABELS_JS = """
() => {
  const problems = [];
  const overlap = (a, b) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 &&
                            a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
  for (const svg of document.querySelectorAll('svg.chart, svg.radar')) {
    const vb = svg.viewBox.baseVal;
    const texts = [...svg.querySelectorAll('text')];
    const boxes = texts.map(t => t.getBBox());
    const name = i => svg.getAttribute('class') + ': "' + texts[i].textContent + '"';
    boxes.forEach((b, i) => {
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 ||
          b.y + b.height > vb.y + vb.height + 0.5) problems.push(name(i) + ' is cut by the edge');
      boxes.forEach((c, j) => { if (j > i && overlap(b, c)) problems.push(name(i) + ' overlaps ' + name(j)); });
      for (const r of svg.querySelectorAll('rect'))
        if (overlap(b, r.getBBox())) problems.push(name(i) + ' overlaps a bar');
    });
    const rings = [...svg.querySelectorAll('circle')].map(c => c.r.baseVal.value);
    if (rings.length) {
      const r = Math.max(...rings);
      boxes.forEach((b, i) => {
        const dx = Math.max(b.x, Math.min(0, b.x + b.width)), dy = Math.max(b.y, Math.min(0, b.y + b.height));
        if (Math.hypot(dx, dy) < r) problems.push(name(i) + ' overlaps the rings');
      });
    }
  }
  return problems;
}
"""


@pytest.fixture(scope="module")
def case_files(tmp_path_factory, kb):
    """Every example's HTML brief, and the survey example's, written to files."""
    folder = tmp_path_factory.mktemp("cases")
    out = {}
    for case in CASES:
        out[case] = folder / f"{case}.html"
        out[case].write_text(brief_html(kb, case), encoding="utf-8")
    return out


@pytest.mark.parametrize("width", [1280, 400])
@pytest.mark.parametrize("case", CASES)
def test_layout_and_chart_labels_in_chromium(browser, case_files, case, width):
    """No horizontal overflow, every chart label whole and clear, no console error."""
    page, seen = open_page(browser, case_files[case], width, 900)
    try:
        assert overflow(page) <= 0, f"horizontal overflow at {width} px"
        assert page.evaluate(CHART_LABELS_JS) == []
        charts = page.locator("svg.chart, svg.radar")
        assert charts.count() == (2 if case == "survey" else 1)
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box is not None and min(500, width - 40) <= box["width"] <= width, (
                f"a chart is squeezed to {box} at {width} px"
            )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{case}-{width}.png"), full_page=width < 800)
        for i in range(charts.count()):
            kind = charts.nth(i).get_attribute("class")
            charts.nth(i).locator("xpath=..").screenshot(
                path=str(ARTIFACTS / f"{case}-{width}-{kind}.png")
            )
    finally:
        page.close()
    assert seen["errors"] == [], f"console errors: {seen['errors']}"


def test_label_widths_match_the_font_chromium_draws(browser, tmp_path, kb):
    """textfit's table measures every mechanism, outcome and survey label at least as wide as
    Chromium draws it in DejaVu Sans, and not much wider, so wrapping is neither cut nor loose."""
    import html as html_lib

    from accord.report.context.charts import FONT_FAMILY
    from accord.report.context.textfit import SLACK, text_width

    labels = sorted({d.label for d in kb.derived.values()} | {"away from favourable"})
    states = sorted({s.replace("_", " ") for d in kb.derived.values() for s, _ in d.states})
    texts = [(t, False) for t in labels] + [(t, True) for t in states]
    weight = {True: ' font-weight="bold"', False: ""}
    body = "".join(
        f'<text x="0" y="{20 * (i + 1)}" font-size="13"{weight[bold]}>{html_lib.escape(t)}</text>'
        for i, (t, bold) in enumerate(texts)
    )
    page_file = tmp_path / "widths.html"
    page_file.write_text(
        f'<!DOCTYPE html><html><body><svg xmlns="http://www.w3.org/2000/svg" width="900" '
        f'height="{20 * len(texts) + 20}" font-family="{FONT_FAMILY}">{body}</svg></body></html>',
        encoding="utf-8",
    )
    page, seen = open_page(browser, page_file, 1000, 800)
    try:
        drawn = page.evaluate(
            "() => [...document.querySelectorAll('text')].map(t => t.getComputedTextLength())"
        )
    finally:
        page.close()
    assert seen["errors"] == []
    for (text, bold), width in zip(texts, drawn, strict=True):
        measured = text_width(text, 13, bold)
        assert width <= measured, f"{text!r} draws {width:.1f} wide, measured {measured:.1f}"
        # kerning ('Fa') can narrow a short word by several per cent
        assert measured <= width * SLACK * 1.12, f"{text!r} measured far wider than drawn"
    total = sum(text_width(t, 13, b) for t, b in texts)
    assert total <= sum(drawn) * SLACK * 1.02, "the table measures text much wider than drawn"
