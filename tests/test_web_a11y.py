"""The web app's accessibility in Chromium: axe-core on every page, keyboard only, screenshots.

axe-core (tests/vendor/axe-core, from the npm registry, for the tests only) is loaded into each
page in a browser context that bypasses the app's Content-Security-Policy, since the app itself
never loads it. No serious or critical violation of WCAG 2.0-2.2 A and AA rules may remain.
"""

from __future__ import annotations

import pytest
import yaml

from tests.brief_support import ARTIFACTS, unavailable
from tests.web_support import (
    AXE,
    EXAMPLES,
    Watched,
    call_and_risks,
    cli_assessment,
    launch,
    live_server,
    shown_call,
)

pytest.importorskip("starlette")

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright (pip install 'accord[test]')")
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(kb):
    with live_server(kb) as url:
        yield url


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now, in words."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def upload(page, server, path):
    page.goto(server + "/")
    page.set_input_files("#proposal_file", str(path))
    page.click("#upload")
    page.wait_for_load_state()


def test_no_serious_axe_violation_on_any_page(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = Watched(context).page
    found: dict[str, list[str]] = {}
    page.goto(server + "/")
    found["empty form"] = axe_problems(page)
    upload(page, server, EXAMPLES[0])
    for summary in page.locator("details.risk > summary").all():
        summary.click()
    found["form with assessment, risks open"] = axe_problems(page)
    page.click("#save-option")
    page.wait_for_load_state()
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\nfacts:\n  form: mergr\n", encoding="utf-8")
    upload(page, server, broken)
    found["error summary (upload)"] = axe_problems(page)
    page.goto(server + "/")
    page.fill("#p0-role", "acquier")
    page.click("#assess")
    page.wait_for_load_state()
    found["error summary (form)"] = axe_problems(page)
    upload(page, server, EXAMPLES[1])
    page.click("#save-option")
    page.wait_for_load_state()
    page.goto(server + "/compare")
    found["compare, choosing"] = axe_problems(page)
    page.click("#compare")
    page.wait_for_load_state()
    found["compare, side by side"] = axe_problems(page)
    page.goto(server + "/no-such-page")
    found["page not found"] = axe_problems(page)
    page.goto(server + "/")
    page.set_input_files(
        "#proposal_file",
        files=[{"name": "huge.yaml", "mimeType": "text/yaml", "buffer": b"#" * 1_300_000}],
    )
    page.click("#upload")
    page.wait_for_load_state()
    found["upload too large"] = axe_problems(page)
    context.close()
    assert {k: v for k, v in found.items() if v} == {}


def tab_to(page, selector: str, limit: int = 1500) -> None:
    """Press Tab until the element matching selector has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_radio(page, name: str, value: str) -> None:
    """With a radio group focused, press the down arrow until value is chosen."""
    for _ in range(40):
        if page.evaluate(
            "v => document.activeElement.value === v && document.activeElement.checked", value
        ):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{name}={value} never chosen")


def test_the_form_can_be_completed_and_sent_with_the_keyboard_alone(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context)
    page = watched.page
    page.goto(server + "/")
    tab_to(page, "a.skip-link")
    tab_to(page, "#title")
    page.keyboard.type("Keyboard merger")
    for i, (name, role) in enumerate((("North Trust", "acquirer"), ("South Trust", "target"))):
        tab_to(page, f"#p{i}-name")
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        page.keyboard.type(role)
        tab_to(page, f"#p{i}-sector")  # the first sector: acute
        page.keyboard.press("Space")
    facts = {"form": "merger", "initiation": "mandated_regulator", "financial_case": "untested"}
    for name, value in facts.items():
        tab_to(page, f'input[name="f.{name}"]')
        choose_radio(page, name, value)
    tab_to(page, "#assess")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    proposal = {
        "title": "Keyboard merger",
        "partners": [
            {"name": "North Trust", "sector": "acute", "role": "acquirer"},
            {"name": "South Trust", "sector": "acute", "role": "target"},
        ],
        "facts": facts,
    }
    path = tmp_path / "keyboard.yaml"
    path.write_text(yaml.safe_dump(proposal), encoding="utf-8")
    assert shown_call(page) == call_and_risks(cli_assessment(path))
    # the focus is visible: a focused control has an outline
    tab_to(page, "#title")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    context.close()
    assert watched.errors == [] and watched.dialogs == []


@pytest.mark.parametrize("width", [1280, 400])
def test_screenshots_and_no_sideways_scrolling(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = Watched(context).page
    upload(page, server, EXAMPLES[0])
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0, f"horizontal overflow at {width} px"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-form-{width}.png"))
    page.locator("#h-mechanisms").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"web-chart-{width}.png"))
    chart = page.locator("svg.chart").bounding_box()
    labels = page.eval_on_selector_all(
        "svg.chart text.lbl", "els => els.map(e => e.getBoundingClientRect().left)"
    )
    assert min(labels) >= chart["x"] - 1, "a mechanism label is cut off on the left"
    page.click("#save-option")
    page.wait_for_load_state()
    upload(page, server, EXAMPLES[1])
    page.click("#save-option")
    page.wait_for_load_state()
    page.goto(server + "/compare")
    page.click("#compare")
    page.wait_for_load_state()
    assert page.locator("#comparison thead th").count() == 3
    assert page.evaluate(overflow) <= 0, f"horizontal overflow of the comparison at {width} px"
    page.screenshot(path=str(ARTIFACTS / f"web-compare-{width}.png"), full_page=True)
    context.close()
