"""Options side by side: `accord compare`, `accord options` and accord.compare."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import accord
from accord.analysis.decide import options
from accord.cli import main
from tests.conftest import ROOT

MERGER = ROOT / "examples" / "mandated-merger.yaml"
ALLIANCE = ROOT / "examples" / "voluntary-alliance.yaml"
FORMS = "merger,chain_or_group,alliance"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_compare_a_proposal_with_itself_shows_no_difference(kb):
    p = accord.load_proposal(MERGER, kb)
    c = accord.compare([p, p], kb, engine="reference")
    assert c.identical and not any(r.differs for r in c.rows)
    assert all(not t.gains and not t.costs for t in c.trades)
    result = run("compare", str(MERGER), str(MERGER), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["identical"] is True and len(data["options"]) == 2
    assert "No difference" in run("compare", str(MERGER), str(MERGER)).stdout


def test_compare_two_examples_says_what_each_trades(kb):
    props = [accord.load_proposal(p, kb) for p in (MERGER, ALLIANCE)]
    c = accord.compare(props, kb, engine="reference")
    assert not c.identical
    merger, alliance = c.assessments
    only_merger = {r.id for r in merger.risks} - {r.id for r in alliance.risks}
    rows = {r.id: r for r in c.rows if r.section == "risk"}
    for rid in only_merger:
        assert rows[rid].differs and rows[rid].values[1] == ""
    merger_trade, alliance_trade = c.trades
    assert merger_trade.option == merger.title and merger_trade.costs
    assert alliance_trade.gains  # it avoids the merger's risks, and says which
    said = " ".join(alliance_trade.gains)
    assert any(r.title in said for r in merger.risks if r.id in only_merger)
    assert "RISK-" not in said  # titles in prose, never ids


def test_options_by_form_table_and_trades(kb):
    p = accord.load_proposal(MERGER, kb)
    c = options(p, kb, {"form": FORMS.split(",")}, engine="reference")
    assert [o.label for o in c.options] == ["Merger (as written)", "Group", "Alliance"]
    assert [o.settings for o in c.options][1] == (("form", "chain_or_group"),)
    culture = {r.id: r for r in c.rows}["RISK-09"]  # culture clash: full integration only
    assert culture.values[0] and not culture.values[2] and culture.differs
    assert all(r.differs == (len(set(r.values)) > 1) for r in c.rows)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_options_cli_in_every_format(fmt):
    result = run("options", str(MERGER), "--form", FORMS, "--format", fmt)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["schema"] == "accord.comparison/1" and len(data["trades"]) == 3
        return
    assert "Group" in out and "Alliance" in out
    assert "Culture clash and a sense of takeover" in out
    if fmt == "html":
        assert 'class="differs"' in out and "<script" not in out
    if fmt == "markdown":
        assert "**differs**" in out
    assert "chain_or_group" not in out  # labels, not raw values


def test_vary_any_fact_and_its_errors():
    result = run("options", str(MERGER), "--vary", "legal_basis=memorandum,contract")
    assert result.exit_code == 0, result.output
    assert "Memorandum (as written)" in result.stdout
    assert "A contract-led collaboration without a binding agreement" in result.stdout
    bad = run("options", str(MERGER), "--form", "merger,group_model")
    assert bad.exit_code == 2 and "--form group_model" in bad.stderr and "expected:" in bad.stderr
    bad = run("options", str(MERGER), "--vary", "legl_basis=contract")
    assert bad.exit_code == 2 and "did you mean 'legal_basis'?" in bad.stderr
    assert run("options", str(MERGER)).exit_code == 2


def test_comparison_brief_escapes_and_is_deterministic(kb, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    hostile = tmp_path / "hostile.yaml"
    text = MERGER.read_text(encoding="utf-8").replace(
        "title: Merger of", "title: <script>alert(1)</script> *Merger* of"
    )
    hostile.write_text(text, encoding="utf-8")
    for fmt, forbidden in (("html", "<script>alert"), ("markdown", "*Merger*")):
        one = run("compare", str(hostile), str(ALLIANCE), "--format", fmt).stdout
        two = run("compare", str(hostile), str(ALLIANCE), "--format", fmt).stdout
        assert one == two and forbidden not in one


def test_compare_limits_and_other_knowledge_base(kb):
    p = accord.load_proposal(MERGER, kb)
    with pytest.raises(accord.UsageError):
        accord.compare([], kb)
    with pytest.raises(accord.AccordError):
        accord.compare([p] * 13, kb)
    one = run("compare", str(MERGER))
    assert one.exit_code == 2 and "two or more proposals" in one.stderr
    a = accord.assess(p, kb, "reference")
    c = accord.compare([a, p], kb, labels=["as assessed", "as loaded"], engine="reference")
    assert c.identical and [o.label for o in c.options] == ["as assessed", "as loaded"]


def test_comparison_json_is_the_same_bytes_each_run():
    one = run("options", str(MERGER), "--form", FORMS, "--format", "json").stdout
    two = run("options", str(MERGER), "--form", FORMS, "--format", "json").stdout
    assert one == two and json.loads(one)["identical"] is False


def test_comparison_pdf(tmp_path):
    from tests.brief_support import unavailable

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        unavailable(f"WeasyPrint ({type(exc).__name__}: {exc})")
    from pypdf import PdfReader

    assert run("compare", str(MERGER), str(ALLIANCE), "--format", "pdf").exit_code == 2
    out = tmp_path / "c.pdf"
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1767225600"}).invoke(
        main, ["compare", str(MERGER), str(ALLIANCE), "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(out)).pages)
    assert "Options compared" in text and "What each option trades" in text
