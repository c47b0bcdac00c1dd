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
        box = page.locator("#summary").bounding_box()
        assert box is not None and box["y"] >= 0
        assert box["y"] + box["height"] <= 800, (
            f"summary section ends at {box['y'] + box['height']:.0f} px, below the 800 px fold"
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
