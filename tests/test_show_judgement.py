"""Every format shows the judgement in plain words, on the shipped examples and real cases.

For text, Markdown, HTML and PDF: the call and every raised risk's severity and likelihood
appear; form-wide risks are shown only as context, never among the risks that make the call;
the case of a sound buddying (realcases/08) lists its protective facts in the proposal's
favour; no enum identifier or raw risk assignment appears outside code; the method section
states the knowledge base's score on its case library; an "insufficient information" call
names the unknown facts that decide it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest

import accord
from accord.curate.realcases import library_score, load_library
from accord.engine.assessment import Assessment
from accord.inputs.proposal import load_proposal, proposal_from_dict
from accord.report.context.fields import show
from tests.brief_support import ROOT

PROPOSALS = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "rules" / "realcases").glob("[0-9]*.yaml")
)
TEXT_FORMATS = ("text", "markdown", "html")
PDF_SUBSET = (
    "acquisition",
    "lead-provider",
    "05-weston-bristol-merger",
    "08-medway-gstt-buddying-2015",
)
ENUM_ID = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
RISK_ASSIGNMENT = re.compile(r"RISK-\d+\s*=")
FORM_MARKER = {
    "text": "Context for every proposal of this form (not counted in the call)",
    "markdown": "These hold for every proposal of this form",
    "html": "These hold for every proposal of this form",
    "pdf": "These hold for every proposal of this form",
}
FAVOUR_SECTION = {
    "text": ("In the proposal's favour", "Risks ("),
    "markdown": ("## In the proposal's favour", "## Mechanism profile"),
    "html": ("In the proposal's favour", "Mechanism profile"),
    "pdf": ("In the proposal's favour", "Mechanism profile"),
}


class _Visible(HTMLParser):
    """The text a reader sees, without code spans, styles or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("code", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("code", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(fmt: str, rendered: str | bytes) -> str:
    """The prose of a rendering, whitespace collapsed, without code and id columns."""
    if fmt == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(BytesIO(rendered))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        text = re.sub(r"\b(RISK|REC|MIT|LIFE)-\d+\b", " ", text)  # ids shown in code
    elif fmt == "html":
        parser = _Visible()
        parser.feed(rendered)
        text = " ".join(parser.parts)
    elif fmt == "markdown":
        text = re.sub(r"`[^`]*`", " ", rendered)
        text = re.sub(r"\\(.)", r"\1", text)
    else:
        text = rendered
    return re.sub(r"\s+", " ", text)


def _assess(path: Path, kb) -> Assessment:
    return accord.assess(load_proposal(path, kb), kb, "reference")


@pytest.fixture(scope="module")
def rendered(kb):
    """{(proposal stem, format): (assessment, visible text)} for the text formats."""
    out = {}
    for path in PROPOSALS:
        a = _assess(path, kb)
        for fmt in TEXT_FORMATS:
            out[path.stem, fmt] = (a, visible(fmt, accord.render(a, fmt, kb=kb, date="2026-01-01")))
    return out


def _pdf(kb, a: Assessment) -> str:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        from tests.brief_support import unavailable

        unavailable(f"WeasyPrint ({type(exc).__name__}: {exc})")
    return visible("pdf", accord.render(a, "pdf", kb=kb, date="2026-01-01"))


def _cases(kb):
    for path in PROPOSALS:
        for fmt in TEXT_FORMATS:
            yield path.stem, fmt


def _header(severity: str, likelihood: str, title: str) -> re.Pattern[str]:
    """A risk shown with its severity and likelihood, as every format writes it."""
    return re.compile(
        rf"\[?{severity},? (severity, )?{likelihood}\]?:? {re.escape(title)}", re.IGNORECASE
    )


def check_judgement(fmt: str, a: Assessment, text: str, score: str) -> None:
    level = a.overall.level
    assert re.search(rf"Overall( call)?: {level}\b", text, re.IGNORECASE), f"{fmt}: no call"
    marker = text.find(FORM_MARKER[fmt])
    for r in a.risks:
        found = [m.start() for m in _header(r.severity, r.likelihood, r.title).finditer(text)]
        assert found, f"{fmt}: {r.id} {r.title} without '{r.severity}, {r.likelihood}'"
        if r.scope == "form":
            assert marker >= 0, f"{fmt}: form-wide {r.id} shown without its context heading"
            assert all(at > marker for at in found), (
                f"{fmt}: form-wide {r.id} among the call's risks"
            )
            assert not any(r.title in reason for reason in a.overall.reasons)
    assert not ENUM_ID.findall(text), (
        f"{fmt}: enum ids in prose: {sorted(set(ENUM_ID.findall(text)))[:8]}"
    )
    assert not RISK_ASSIGNMENT.search(text), f"{fmt}: a raw risk assignment in prose"
    assert f"{a.provenance.kb_version}" in text and score in text, f"{fmt}: no library score"


@pytest.mark.parametrize("stem", [p.stem for p in PROPOSALS])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_format_shows_the_judgement(rendered, kb, stem, fmt):
    a, text = rendered[stem, fmt]
    check_judgement(fmt, a, text, library_score(kb).text)


@pytest.mark.parametrize("stem", PDF_SUBSET)
def test_pdf_shows_the_judgement(kb, stem):
    path = next(p for p in PROPOSALS if p.stem == stem)
    a = _assess(path, kb)
    check_judgement("pdf", a, _pdf(kb, a), library_score(kb).text)


def test_form_wide_risks_and_set_aside_are_exercised(rendered):
    """The examples above include form-wide risks, set-aside risks, tensions and favour."""
    assessments = [a for (stem, fmt), (a, _) in rendered.items() if fmt == "text"]
    assert any(r.scope == "form" for a in assessments for r in a.risks)
    assert any(a.set_aside for a in assessments)
    assert any(t.kind == "collision" for a in assessments for t in a.tensions)
    assert any(r.mitigations for a in assessments for r in a.risks)


def _favour_section(fmt: str, text: str) -> str:
    start, end = FAVOUR_SECTION[fmt]
    at = text.rindex(start)
    return text[at : text.index(end, at)]


@pytest.mark.parametrize("fmt", (*TEXT_FORMATS, "pdf"))
def test_in_favour_lists_the_protective_facts_of_a_sound_buddying(rendered, kb, fmt):
    stem = "08-medway-gstt-buddying-2015"
    case = next(c for c in load_library(kb).cases if c.name == stem)
    a, text = rendered[stem, "text"]
    if fmt != "text":
        text = _pdf(kb, a) if fmt == "pdf" else rendered[stem, fmt][1]
    section = _favour_section(fmt, text)
    labels = {f.fact: f.label for f in a.facts}
    protective = [e for e in case.expectations if e.kind == "protective" and e.fact]
    assert len(protective) == 5
    for e in protective:
        stated = f"{labels[e.fact]}: {show(e.value)}"
        assert stated in section, f"{fmt}: {stated!r} not in the proposal's favour"


def test_set_aside_and_mitigations_are_explained(rendered):
    a, text = rendered["05-weston-bristol-merger", "html"]
    assert a.set_aside
    for r in a.set_aside:
        assert r.title in text
    assert "Risks set aside" in text and "Mitigations credited" in text
    assert "Likelihood: Likely" in text or "Likelihood: Possible" in text


def test_mechanism_standards_and_tensions_in_words(rendered):
    a, md = rendered["lead-provider", "markdown"]
    kinds = {t.kind for t in a.tensions}
    assert {"outweighed", "contested", "collision"} <= kinds
    assert "one side outweighed" in md and "two mechanisms collide" in md
    assert "Faith: low" in md and "Confidence: high" in md  # the collision's sides, in words
    assert "The arguments disagree and are too close to call" in md  # a contested mechanism
    assert "It outweighs high (0.80)" in md  # the outweighed side of a clear state
    assert "which the proposal leaves contested or too weak to rely on" in md  # withheld


@pytest.mark.parametrize("fmt", ("text", "markdown", "html", "pdf"))
def test_insufficient_information_names_the_deciding_unknowns(kb, fmt):
    prop = proposal_from_dict({"title": "A bare merger", "facts": {"form": "merger"}}, kb)
    a = accord.assess(prop, kb, "reference")
    assert a.overall.level == "insufficient information"
    rendered = accord.render(a, fmt, kb=kb, date="2026-01-01")
    text = visible(fmt, rendered)
    check_judgement(fmt, a, text, library_score(kb).text)
    labels = {f.fact: f.label for f in a.facts}
    unknown = [labels[f] for f in a.overall.deciding_unknown]
    assert len(unknown) >= 3
    for label in unknown:
        assert label in text, f"{fmt}: deciding fact {label!r} not named"
    if fmt == "html":
        assert 'class="call insufficient-information"' in rendered
    if fmt == "markdown":
        assert "**Unknown facts needed for a call on this form:**" in rendered


def test_what_would_change_puts_deciding_facts_first(rendered):
    # the buddying proposal has a fact the standard needs whose answer changes the call
    a, text = rendered["buddying", "text"]
    lines = text.split("What would change this advice", 1)[1]
    deciding = [m.sentence for m in a.missing if m.decides]
    assert deciding
    first = lines.index(deciding[0][:60])
    others = [m.sentence for m in a.missing if not m.decides]
    if others and others[0][:60] in lines:
        assert first < lines.index(others[0][:60])
