"""The public Python API, each function on a bundled example."""

from __future__ import annotations

import json
import shutil

import pytest

import accord
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "acquisition.yaml"


@pytest.fixture(scope="module")
def result(kb):
    return accord.assess(accord.load_proposal(EXAMPLE, kb), kb, "reference")


def test_all_names_resolve_and_are_documented():
    expected = {
        "load_kb", "load_proposal", "proposal_from_dict", "assess", "render", "to_json",
        "AccordError", "InputFileError", "ProposalError", "KnowledgeBaseError", "EngineError",
        "UsageError", "Assessment", "KnowledgeBase", "__version__", "compare", "what_if",
        "why_not", "assess_many", "robustness", "to_record",
    }  # fmt: skip
    assert set(accord.__all__) == expected
    for name in accord.__all__:
        obj = getattr(accord, name)
        if name != "__version__":
            assert obj.__doc__ and obj.__doc__.strip(), name
    for name in ("load_kb", "load_proposal", "proposal_from_dict", "assess", "render", "compare",
                 "what_if", "why_not", "assess_many", "robustness"):  # fmt: skip
        assert "Raise" in getattr(accord, name).__doc__, f"{name} does not say what it raises"
    with pytest.raises(AttributeError):
        accord.no_such_name  # noqa: B018


def test_load_kb_shipped_and_bad_folder(tmp_path):
    kb = accord.load_kb()
    assert isinstance(kb, accord.KnowledgeBase) and kb.rules and kb.presentation is not None
    with pytest.raises(accord.KnowledgeBaseError):
        accord.load_kb(tmp_path / "absent")


def test_load_proposal_and_errors(kb, tmp_path):
    prop = accord.load_proposal(EXAMPLE, kb)
    assert prop.title.startswith("Acquisition") and len(prop.partners) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nfacts: {form: mergr}\n", encoding="utf-8")
    with pytest.raises(accord.ProposalError) as err:
        accord.load_proposal(bad, kb)
    assert err.value.problems[0].line == 2


def test_proposal_from_dict_keeps_title_and_partners(kb, result):
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    prop = accord.proposal_from_dict(data, kb, "acquisition.yaml")
    again = accord.assess(prop, kb, "reference")
    assert again.title == result.title and again.partners == result.partners
    assert again.risks == result.risks and again.mechanisms == result.mechanisms
    with pytest.raises(accord.ProposalError, match="not a valid proposal") as err:
        accord.proposal_from_dict({"title": "x", "facts": {"form": "mergr"}}, kb)
    assert err.value.problems[0].field == "facts.form"


def test_assess_and_repr(result):
    assert isinstance(result, accord.Assessment)
    text = repr(result)
    assert "\n" not in text and len(text) < 160
    assert result.title in text and f"{len(result.risks)} risk" in text
    assert result.provenance.kb_version in text


def test_to_json_and_render_every_format(result, kb, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    data = json.loads(accord.to_json(result))
    assert data["schema"] == "accord.assessment/1" and data["title"] == result.title
    assert accord.render(result, "json") == accord.to_json(result)
    assert accord.render(result, "text").startswith(result.title)
    md = accord.render(result, "markdown", kb=kb)
    assert isinstance(md, str) and "## Risks" in md and "2026-01-01" in md
    html = accord.render(result, "html")  # the shipped KB, which made this assessment
    assert isinstance(html, str) and html.startswith("<!DOCTYPE html>")
    with pytest.raises(accord.UsageError, match="unknown format"):
        accord.render(result, "docx")


def test_render_pdf_is_bytes(result, kb):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pytest.skip("WeasyPrint is not available")
    pdf = accord.render(result, "pdf", kb=kb, date="2026-01-01")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


def _other_kb(tmp_path):
    other = tmp_path / "other"
    shutil.copytree(ROOT / "rules", other)
    pres = other / "presentation.yaml"
    text = pres.read_text(encoding="utf-8")
    text = text.replace("Millar R, Aunger JA, Rafferty AM", "Quill B, Ferrand T, Osei K", 1)
    text = text.replace("The Accord team's own reasoning", "The other team's own reasoning")
    pres.write_text(text, encoding="utf-8")
    return other


def test_brief_credits_the_knowledge_base_it_was_made_with(tmp_path):
    other = accord.load_kb(_other_kb(tmp_path))
    result = accord.assess(accord.load_proposal(EXAMPLE, other), other, "reference")
    md = accord.render(result, "markdown", kb=other, date="2026-01-01")
    assert "Quill B, Ferrand T, Osei K" in md and "Millar R, Aunger JA, Rafferty AM" not in md
    assert "other team's own reasoning" in md
    with pytest.raises(accord.UsageError, match="made with knowledge base"):
        accord.render(result, "html")  # the shipped KB is not the one it was made with


def test_cli_brief_with_kb_credits_that_kb(tmp_path):
    from click.testing import CliRunner

    from accord.cli import main

    other = _other_kb(tmp_path)
    out = tmp_path / "b.md"
    res = CliRunner().invoke(main, ["brief", str(EXAMPLE), "--kb", str(other), "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "Quill B, Ferrand T, Osei K" in text and "Millar R, Aunger JA, Rafferty AM" not in text


def test_presentation_is_validated(tmp_path):
    other = _other_kb(tmp_path)
    derived = other / "derived.yaml"
    derived.write_text(
        derived.read_text(encoding="utf-8").replace("favourable: high", "favourable: hihg", 1),
        encoding="utf-8",
    )
    (other / "presentation.yaml").write_text("grades:\n  stron: x\n", encoding="utf-8")
    with pytest.raises(accord.KnowledgeBaseError) as err:
        accord.load_kb(other)
    found = {(p.file, p.field) for p in err.value.problems}
    assert ("presentation.yaml", "grades.stron") in found
    assert any(f == "derived.yaml" and fld and fld.endswith(".favourable") for f, fld in found)
    messages = " ".join(p.render() for p in err.value.problems)
    assert "did you mean 'high'" in messages and "did you mean 'strong'" in messages


def test_a_kb_without_presentation_names_no_authors(tmp_path, monkeypatch):
    other = _other_kb(tmp_path)
    (other / "presentation.yaml").unlink()
    kb = accord.load_kb(other)
    result = accord.assess(accord.load_proposal(EXAMPLE, kb), kb, "reference")
    md = accord.render(result, "markdown", kb=kb, date="2026-01-01")
    assert "names no sources to credit" in md and "Millar R, Aunger JA, Rafferty AM" not in md
    assert "Grading scheme" not in md
