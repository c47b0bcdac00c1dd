"""The web app in Chromium, driven by playwright: filling, uploading, downloading, live updates."""

from __future__ import annotations

import pytest
import yaml

from tests.brief_support import HOSTILE_IMG, HOSTILE_SCRIPT, hostile_proposal, unavailable
from tests.web_support import (
    EXAMPLES,
    REALCASES,
    Watched,
    call_and_risks,
    cli_assessment,
    fill_form,
    launch,
    live_server,
    partner_facts_proposal,
    shown_call,
)

pytest.importorskip("starlette")


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


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    watched = Watched(context)
    yield watched
    context.close()
    assert watched.errors == [], f"console errors: {watched.errors}"
    assert watched.dialogs == [], f"dialogs opened: {watched.dialogs}"


@pytest.mark.parametrize("example", [*EXAMPLES, REALCASES[0], None], ids=lambda p: p and p.stem)
def test_filling_the_form_gives_what_the_cli_gives(tab, server, kb, example, tmp_path):
    example = example or partner_facts_proposal(tmp_path)
    page = tab.page
    page.goto(server + "/")
    fill_form(page, yaml.safe_load(example.read_text(encoding="utf-8")), kb)
    page.click("#assess")
    page.wait_for_load_state()
    expected = call_and_risks(cli_assessment(example))
    assert shown_call(page) == expected
    # the proposal file it downloads is the same proposal for the CLI
    with page.expect_download() as info:
        page.click("#download-yaml")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".yaml"
    assert call_and_risks(cli_assessment(saved)) == expected
    with page.expect_download() as info:
        page.click("#download-html")
    brief = tmp_path / info.value.suggested_filename
    info.value.save_as(brief)
    text = brief.read_text(encoding="utf-8")
    assert brief.name.endswith("-brief.html") and text.lower().startswith("<!doctype html>")
    assert 'id="overall"' in text and expected[0].capitalize() in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_uploading_an_example_fills_the_form(tab, server, example):
    page = tab.page
    page.goto(server + "/")
    page.set_input_files("#proposal_file", str(example))
    page.click("#upload")
    page.wait_for_load_state()
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    assert page.input_value("#title") == data["title"]
    for name, value in data["facts"].items():
        if isinstance(value, str):
            assert page.is_checked(f'input[name="f.{name}"][value="{value}"]'), name
    assert shown_call(page) == call_and_risks(cli_assessment(example))


def test_a_broken_upload_shows_line_and_field_and_keeps_the_form(tab, server, tmp_path):
    page = tab.page
    page.goto(server + "/")
    page.fill("#title", "Typed before the upload")
    page.check('input[name="f.initiation"][value="voluntary"]')
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\nfacts:\n  form: mergr\n  pace: fats\n", encoding="utf-8")
    page.set_input_files("#proposal_file", str(broken))
    page.click("#upload")
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    text = summary.inner_text()
    assert "broken.yaml, line 3, field 'facts.form'" in text and "did you mean 'merger'?" in text
    assert "line 4, field 'facts.pace'" in text
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.title().startswith("Error: ")
    assert page.input_value("#title") == "Typed before the upload"
    assert page.is_checked('input[name="f.initiation"][value="voluntary"]')
    summary.locator("a").first.click()
    assert page.evaluate("location.hash") == "#proposal_file"
    tab.errors.clear()  # the browser logs the 400 status itself


def test_an_oversized_upload_is_refused(tab, server):
    page = tab.page
    page.goto(server + "/")
    page.set_input_files(
        "#proposal_file",
        files=[{"name": "huge.yaml", "mimeType": "application/yaml", "buffer": b"#" * 1_300_000}],
    )
    page.click("#upload")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "The file is too large"
    assert "1 MiB" in page.locator("main").inner_text()
    tab.errors.clear()  # the browser logs the 413 status itself


def test_the_assessment_follows_the_form_as_facts_change(tab, server, kb):
    page = tab.page
    page.goto(server + "/")
    page.set_input_files("#proposal_file", str(EXAMPLES[0]))
    page.click("#upload")
    page.wait_for_load_state()
    before = shown_call(page)
    updates = page.get_attribute("#assessment", "data-updates")
    for name, value in (("financial_case", "tested"), ("due_diligence", "complete")):
        page.check(f'input[name="f.{name}"][value="{value}"]')
    page.wait_for_function(
        "n => document.getElementById('assessment').dataset.updates !== n", arg=updates
    )
    page.wait_for_function("() => document.getElementById('assessment').ariaBusy === 'false'")
    data = yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8"))
    data["facts"].update(financial_case="tested", due_diligence="complete")
    import json

    from accord.engine.explain import assess
    from accord.inputs.proposal import proposal_from_dict
    from accord.report.json import to_json

    expected = call_and_risks(json.loads(to_json(assess(proposal_from_dict(data, kb), kb))))
    page.wait_for_function(
        "n => document.querySelectorAll('details.risk').length === n", arg=len(expected[1])
    )
    assert shown_call(page) == expected != before
    assert "Assessment updated" in page.inner_text("#live-status")
    # a "what would change" button sets its fact in the form
    opened = page.locator("details.risk").first
    opened.locator("summary").click()
    title = opened.get_attribute("data-risk")
    button = page.locator("button[name=set]").first
    fact, value = button.get_attribute("value").split("=", 1)
    updates = page.get_attribute("#assessment", "data-updates")
    button.click()
    page.wait_for_function(
        "v => document.querySelector(`input[name='f.${v[0]}'][value='${v[1]}']`).checked",
        arg=[fact, value],
    )
    # the focus moves to the answer set, and a risk the reader opened stays open
    assert page.evaluate("document.activeElement.name") == f"f.{fact}"
    page.wait_for_function(
        "n => document.getElementById('assessment').dataset.updates !== n", arg=updates
    )
    still = page.locator(f'details.risk[data-risk="{title}"]')
    if still.count():
        assert still.get_attribute("open") is not None


def test_hostile_text_typed_into_the_form_stays_inert(tab, server, tmp_path):
    page = tab.page
    page.goto(server + "/")
    page.fill("#title", f"Merger {HOSTILE_SCRIPT} {HOSTILE_IMG}")
    page.fill("#p0-name", HOSTILE_SCRIPT)
    page.fill("#p0-role", f"lead {HOSTILE_IMG}")
    page.fill("#p1-name", HOSTILE_IMG)
    page.check('input[name="f.form"][value="merger"]')
    page.click("#save-option")
    page.wait_for_load_state()
    assert HOSTILE_SCRIPT in page.locator("#partner-0 > legend").inner_text()
    page.set_input_files("#proposal_file", str(hostile_proposal(tmp_path)))
    page.click("#upload")
    page.wait_for_load_state()
    for details in page.locator("details.risk").all():
        details.locator("summary").click()
    assert page.locator("main img, main script").count() == 0
    page.click("#save-option")
    page.wait_for_load_state()
    page.goto(server + "/compare")
    page.click("#compare")
    page.wait_for_load_state()
    assert HOSTILE_SCRIPT in page.locator("#comparison").inner_text()
    assert page.locator("main img, main script").count() == 0
    with page.expect_download() as info:
        page.goto(server + "/")
        page.set_input_files("#proposal_file", str(hostile_proposal(tmp_path)))
        page.click("#upload")
        page.wait_for_load_state()
        page.click("#download-html")
    brief = tmp_path / "hostile-brief.html"
    info.value.save_as(brief)
    page.goto(brief.as_uri())
    assert HOSTILE_SCRIPT in page.locator("h1").inner_text()
    assert page.locator("img, script").count() == 0


def test_a_server_with_a_token_refuses_requests_without_it(browser, kb):
    token = "browser-test-token-0123456789"
    with live_server(kb, token=token, loopback_only=False) as url:
        context = browser.new_context()
        page = context.new_page()
        response = page.goto(url + "/")
        assert response.status == 401 and "Token needed" in page.inner_text("h1")
        assert page.goto(url + "/?token=wrong").status == 403
        response = page.goto(f"{url}/?token={token}")
        assert response.status == 200 and page.url == url + "/"
        assert page.locator("#proposal-form").count() == 1
        page.fill("#title", "With a token")
        page.click("#assess")
        page.wait_for_load_state()
        assert page.locator("#call").count() == 1
        context.close()
