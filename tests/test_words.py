"""Words a board reads: form-aware texts, the one-sentence summary, plurals, no identifiers in
prose, "what would change this advice" in sentences, and advice tailored to the services."""

from __future__ import annotations

import re
import shutil
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from accord import assess, load_kb, load_proposal, proposal_from_dict
from accord.curate.realcase_library import load_library
from accord.engine.judge import lower_label
from accord.errors import KnowledgeBaseError
from accord.kb.wording import FORM_PLACEHOLDERS, count, fields_of
from accord.kb.yamlread import load_yaml
from accord.report import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
RULES = ROOT / "rules"

# an enum identifier: a word joined by underscores, a risk id given a value, or fact=value
IDENTIFIER = re.compile(r"\b[A-Za-z]+(?:_[A-Za-z0-9]+)+\b|\b[A-Z]+-\d+=|\b[a-z_]+=[A-Za-z0-9_,-]+")
FORMATS = ("text", "markdown", "html")


class _Visible(HTMLParser):
    """The visible text of an HTML page, without code, styles, scripts or tooltips."""

    HIDDEN = ("code", "style", "script", "title")

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def prose(out: str, fmt: str) -> str:
    """What a reader reads of one rendered format, code and id columns left out."""
    if fmt == "html":
        page = _Visible()
        page.feed(out)
        return " ".join(page.parts)
    if fmt == "markdown":
        return re.sub(r"`[^`\n]*`", "", out)
    return out


@cache
def _cases() -> tuple:
    kb = load_kb()
    out = [(p.stem, load_proposal(p, kb)) for p in EXAMPLES]
    lib = load_library(kb)
    assert lib is not None
    out += [(c.name, c.proposal) for c in lib.cases]
    return tuple(out)


@cache
def _rendered(name: str) -> dict[str, str]:
    kb = load_kb()
    proposal = dict(_cases())[name]
    a = assess(proposal, kb)
    return {fmt: prose(str(render(a, fmt, kb=kb, date="2026-01-01")), fmt) for fmt in FORMATS}


def _names() -> list[str]:
    return [name for name, _ in _cases()]


@pytest.mark.parametrize("name", _names())
def test_no_identifier_in_prose(name: str) -> None:
    """No enum identifier or fact=value in the text, Markdown or visible HTML of any example
    or real case (ids such as RISK-07 alone are allowed: they are the id column)."""
    for fmt, text in _rendered(name).items():
        found = sorted(set(IDENTIFIER.findall(text)))
        assert not found, f"{name} {fmt}: {found[:10]}"
        assert not re.search(r"\{[A-Za-z_]+\}", text), f"{name} {fmt}: a placeholder left"


@pytest.mark.parametrize("name", _names())
def test_plurals(name: str) -> None:
    for fmt, text in _rendered(name).items():
        assert "(s)" not in text, f"{name} {fmt}"
        assert not re.search(r"\b1 (risks|answers|facts|recommendations|respondents)\b", text)
        assert not re.search(r"\S\((details|as placed)", text), f"{name} {fmt}: missing space"


def test_count() -> None:
    assert count(1, "risk") == "1 risk"
    assert count(2, "risk") == "2 risks"
    assert count(0, "other unknown fact") == "0 other unknown facts"
    assert count(3, "analysis", "analyses") == "3 analyses"


def _acquisitions() -> list[str]:
    return [n for n, p in _cases() if p.fact_map().get("form") == "acquisition"]


def test_acquisitions_exist() -> None:
    assert "acquisition" in _acquisitions() and len(_acquisitions()) >= 2


@pytest.mark.parametrize("name", _acquisitions())
def test_acquisition_texts_never_say_merger(name: str) -> None:
    kb = load_kb()
    a = assess(dict(_cases())[name], kb)
    texts = [a.one_sentence, a.overall.summary, *a.overall.reasons]
    for r in (*a.risks, *a.set_aside):
        texts += [r.title, r.because, r.why, r.chain.title, r.chain.because]
    for adv in (*a.recommendations, *a.checks):
        texts += [adv.title, adv.advice, adv.because, *(t.title for t in adv.addresses)]
    texts += [m.sentence for m in a.missing] + [f.detail for f in a.in_favour]
    said = [t for t in texts if re.search("merger", t, re.I)]
    assert not said
    assert any("acquisition" in t.lower() for t in texts)  # the form is named, not dropped


def test_summary_names_who_acquires_whom() -> None:
    kb = load_kb()
    a = assess(load_proposal(ROOT / "examples/acquisition.yaml", kb), kb)
    assert a.one_sentence.startswith(
        "Severnbridge Hospitals NHS Foundation Trust would acquire "
        "Harrowfield Community Hospital NHS Trust"
    )
    brief = str(render(a, "markdown", kb=kb, date="2026-01-01"))
    assert a.one_sentence in brief
    assert a.one_sentence in str(render(a, "text", kb=kb))


def test_summary_sentences_read_naturally() -> None:
    """Every example's summary sentence: no value words, no 'between' after a form name, the
    lead named for a lead-provider contract, the buddy for buddying."""
    kb = load_kb()
    got = {p.stem: assess(load_proposal(p, kb), kb).one_sentence for p in EXAMPLES}
    for name, sentence in got.items():
        assert sentence.endswith(".") and sentence[0].isupper(), name
        assert not IDENTIFIER.search(sentence), name
        assert "joint venture corporate" not in sentence
    assert got["lead-provider"].startswith("Fellside Mental Health NHS Foundation Trust would hold")
    assert got["buddying"].startswith("Kingsbridge University Hospitals NHS Foundation Trust")
    assert "merge into Eastmoor" in got["mandated-merger"]


def test_acquisition_without_roles_says_it_is_not_named() -> None:
    kb = load_kb()
    data = load_yaml(ROOT / "examples/acquisition.yaml", "acquisition.yaml").data
    for p in data["partners"]:
        p.pop("role", None)
    a = assess(proposal_from_dict(data, kb), kb)
    assert "does not say which" in a.one_sentence


def test_what_would_change_in_sentences() -> None:
    """Each item names the fact by its label, the value by its meaning and the effect in
    words, with no identifier, in every format."""
    kb = load_kb()
    a = assess(load_proposal(ROOT / "examples/mandated-merger.yaml", kb), kb)
    assert a.missing
    for m in a.missing:
        assert m.sentence.startswith("If "), m.sentence
        named = (m.label, lower_label(m.label))
        assert any(n in m.sentence for n in named), m.sentence
        assert not IDENTIFIER.search(m.sentence), m.sentence
        assert not re.search(r"\bRISK-\d+\b", m.sentence)


def _jv(scope: str) -> dict:
    data = load_yaml(ROOT / "examples/shared-services.yaml", "shared-services.yaml").data
    data["facts"]["service_scope"] = scope
    return data


def test_back_office_venture_gets_no_clinical_engagement() -> None:
    kb = load_kb()
    back = assess(load_proposal(ROOT / "examples/shared-services.yaml", kb), kb)
    ids = {r.id for r in back.recommendations}
    assert "REC-42" in ids and "REC-15" not in ids
    said = " ".join(f"{r.title} {r.advice}" for r in back.recommendations)
    assert "patient representatives" not in said
    clinical = assess(proposal_from_dict(_jv("clinical"), kb), kb)
    ids = {r.id for r in clinical.recommendations}
    assert "REC-15" in ids and "REC-42" not in ids
    assert any("patient representatives" in r.advice for r in clinical.recommendations)
    unknown = _jv("clinical")
    del unknown["facts"]["service_scope"]
    assert "REC-15" in {r.id for r in assess(proposal_from_dict(unknown, kb), kb).recommendations}


def _kb_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(RULES, folder, ignore=shutil.ignore_patterns("realcases"))
    return folder


def test_unknown_placeholder_in_rule_text_is_refused(tmp_path: Path) -> None:
    folder = _kb_copy(tmp_path)
    path = folder / "risks.rules.yaml"
    text = path.read_text().replace("'{A_form} may not cure", "'{A_from} may not cure", 1)
    path.write_text(text)
    with pytest.raises(KnowledgeBaseError) as exc:
        load_kb(folder)
    shown = "\n".join(p.render() for p in exc.value.problems)
    assert "{A_from}" in shown and "A_form" in shown and "risks.rules.yaml" in shown


def test_unknown_slot_in_summary_grammar_is_refused(tmp_path: Path) -> None:
    folder = _kb_copy(tmp_path)
    path = folder / "presentation.yaml"
    text = path.read_text().replace(
        "{acquirer} would acquire {target}", "{acquirer} would acquire {targte}", 1
    )
    path.write_text(text)
    with pytest.raises(KnowledgeBaseError) as exc:
        load_kb(folder)
    shown = "\n".join(p.render() for p in exc.value.problems)
    assert "presentation.yaml" in shown and "targte" in shown and "target" in shown


def test_every_form_has_words_and_a_sentence_for_its_roles() -> None:
    """The shipped wording names every form, and each form's last template needs only
    {partners}, so any proposal with partners gets a summary sentence."""
    kb = load_kb()
    assert kb.presentation is not None
    forms = kb.presentation.wording.forms
    for value in kb.facts["form"].value_names:
        assert value in forms, value
        last = forms[value].sentences[-1]
        assert set(fields_of(last) or []) <= {"partners", *FORM_PLACEHOLDERS}, value


def test_identifier_pattern_finds_what_it_must() -> None:
    """The scan above can fail: it finds enum values, fact=value and RISK-..= in prose, and
    leaves ids, hyphenated words and plain words alone."""
    for bad in ("mandated_regulator", "best_practice_shared=likely", "risk=RISK-01", "RISK-01="):
        assert IDENTIFIER.search(f"Why: {bad}, then more."), bad
    for fine in ("RISK-01", "lead-provider contract", "1-3% of turnover", "a = b"):
        assert not IDENTIFIER.search(fine), fine


def test_text_gives_typology_meanings() -> None:
    """The terminal text says what each typology value means, as the vocabulary words it."""
    kb = load_kb()
    a = assess(load_proposal(ROOT / "examples/buddying.yaml", kb), kb)
    text = str(render(a, "text", kb=kb))
    assert kb.facts["initiation"].meaning("mandated_regulator") in text
    assert kb.facts["entry_point"].meaning("policy_directive") in text


def test_unknown_initiation_in_wording_is_refused(tmp_path: Path) -> None:
    folder = _kb_copy(tmp_path)
    path = folder / "presentation.yaml"
    text = path.read_text().replace(
        "  mandated_regulator: as a regulator", "  mandated_regulater: as a regulator", 1
    )
    path.write_text(text)
    with pytest.raises(KnowledgeBaseError) as exc:
        load_kb(folder)
    shown = "\n".join(p.render() for p in exc.value.problems)
    assert "mandated_regulater" in shown and "mandated_regulator" in shown


def test_hosted_pooled_budget_names_the_host() -> None:
    kb = load_kb()
    data = {
        "title": "Pooled budget for community equipment",
        "partners": [
            {"name": "Eastdale Council", "sector": "local_authority", "role": "host"},
            {"name": "Eastdale Community Health NHS Trust", "sector": "community"},
        ],
        "facts": {"form": "pooled_budget", "initiation": "voluntary"},
    }
    a = assess(proposal_from_dict(data, kb), kb)
    assert a.one_sentence == (
        "Eastdale Council would host a budget pooled with Eastdale Community Health NHS Trust "
        "under a formal agreement, by the partners' own choice."
    )


def test_why_not_says_rule_titles_in_the_proposals_form() -> None:
    from accord.analysis.decide import why_not

    kb = load_kb()
    proposal = load_proposal(ROOT / "examples/acquisition.yaml", kb)
    answer = why_not(proposal, kb, "RISK-30")
    assert answer.target.label == "An acquisition may not cure poor performance"
    assert all("{" not in r.title for r in answer.rules)
    advice = why_not(proposal, kb, "REC-20")
    said = " ".join(str(f) for r in advice.rules for f in r.failed) + advice.target.label
    assert "{" not in said and "merger" not in said.lower()
