"""Rule texts shown for several forms at once (robustness worlds, comparison rows, why-not
changes of form) are worded form-neutrally, never with a raw placeholder; option labels name
forms as the wording does; --form errors name --form."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import accord
from accord.analysis.decide import options
from accord.cli import main
from accord.engine.phrasing import rule_text
from tests.conftest import ROOT

EX = ROOT / "examples"
NEUTRAL = "A collaboration may not cure poor performance"  # RISK-30 in the default wording


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_robustness_titles_are_filled_for_the_stated_form_or_neutrally(kb):
    stated = accord.load_proposal(EX / "acquisition.yaml", kb)
    result = accord.robustness(stated, kb, 200, seed=1, engine="reference")
    titles = {r.id: r.title for r in result.risks}
    assert titles["RISK-30"] == "An acquisition may not cure poor performance"
    assert not any("{" in t for t in titles.values())
    bare = accord.proposal_from_dict({"title": "Bare", "facts": {}}, kb)
    varied = accord.robustness(bare, kb, 200, seed=1, engine="reference")
    assert "form" in varied.unknown and varied.risks
    for r in varied.risks:
        assert r.title == rule_text(kb, kb.rule(r.id), "title", None) and "{" not in r.title
    out = run("robustness", str(EX / "acquisition.yaml"), "--samples", "200", "--seed", "1")
    assert out.exit_code == 0 and "{" not in out.output and "An acquisition may not" in out.output
    js = run("robustness", str(EX / "acquisition.yaml"), "-n", "200", "--format", "json")
    assert "{A_form}" not in js.output and json.loads(js.output)["risks"]


def test_comparison_rows_across_forms_are_form_neutral(kb):
    files = [EX / f for f in ("acquisition.yaml", "mandated-merger.yaml", "buddying.yaml")]
    c = accord.compare([accord.load_proposal(f, kb) for f in files], kb, engine="reference")
    row = next(r for r in c.rows if r.id == "RISK-30")
    assert row.label == NEUTRAL
    out = run("compare", *map(str, files))
    assert "A collaboration may not cure" in out.output and "{" not in out.output
    same = [accord.load_proposal(EX / "acquisition.yaml", kb)] * 2
    c = accord.compare(same, kb, labels=["a", "b"], engine="reference")
    assert {r.label for r in c.rows if r.id == "RISK-30"} == {
        "An acquisition may not cure poor performance"
    }  # one form: its own words


def test_options_across_forms_label_forms_and_word_rows_neutrally(kb):
    out = run(
        "options",
        str(EX / "acquisition.yaml"),
        "--form",
        "merger,joint_venture_corporate,chain_or_group",
        "--format",
        "markdown",
    )
    assert out.exit_code == 0
    assert f"| `RISK-30` | {NEUTRAL} |" in out.output
    assert "| Overall call | Merger | Joint venture company | Group | Differs |" in out.output
    assert "joint venture corporate" not in out.output and "chain or group" not in out.output
    p = accord.load_proposal(EX / "acquisition.yaml", kb)
    c = options(p, kb, {"legal_basis": ["contract", "memorandum"]}, engine="reference")
    assert [o.label for o in c.options] == ["Contract", "Memorandum"]


@pytest.mark.parametrize("forms", ["mergr", "merger,mergr"])
def test_a_bad_form_is_blamed_on_the_form_option(forms):
    out = run("options", str(EX / "acquisition.yaml"), "--form", forms)
    assert out.exit_code == 2
    assert "--form mergr:" in out.output and "--vary" not in out.output
    assert "did you mean 'merger'?" in out.output
    empty = run("options", str(EX / "acquisition.yaml"), "--form", ",")
    assert empty.exit_code == 2 and "--form: give at least one form" in empty.output


def test_why_not_that_changes_the_form_is_titled_form_neutrally(kb):
    p = accord.load_proposal(EX / "buddying.yaml", kb)
    w = accord.why_not(p, kb, "LIFE-07", engine="reference")
    assert any(c.fact == "form" for alt in w.nearest for c in alt)
    neutral = rule_text(kb, kb.rule("LIFE-07"), "title", None)
    assert w.target.label == neutral and "buddying" not in neutral
    assert all("buddying arrangement" not in r.title for r in w.rules)
    out = run("why-not", str(EX / "buddying.yaml"), "LIFE-07")
    assert f"Why not {neutral} [LIFE-07]" in out.output
    acq = accord.load_proposal(EX / "acquisition.yaml", kb)
    kept = accord.why_not(acq, kb, "RISK-30", engine="reference")  # holds: its form's words
    assert kept.holds and kept.target.label == "An acquisition may not cure poor performance"
