"""Golden assessments, golden briefs and the brief template reference, from examples/.

Goldens use the reference engine and a fixed date (SOURCE_DATE_EPOCH), so they are
byte-identical on every machine. Golden assessments are `golden_json`: the assessment without
its firing trace (the differential test compares traces across engines), in a compact layout.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = "tests/golden"
BRIEFS = "tests/golden/briefs"
CONTEXT_DOC = "docs/brief-context.md"
ENGINE = "reference"
# 2026-01-01T00:00:00Z: the date every golden brief carries.
SOURCE_DATE_EPOCH = "1767225600"
BRIEF_FORMATS = {"markdown": ".md", "html": ".html"}


def golden_date() -> str:
    """The fixed date of the golden briefs, as resolve_date reads it from SOURCE_DATE_EPOCH."""
    from accord.report.brief import resolve_date

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        return resolve_date()
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def assessments(root: Path, kb_dir: Path | None = None) -> dict[str, str]:
    """Every example's golden assessment, and the survey example without and with answers."""
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import load_kb
    from accord.report.json import golden_json
    from accord.survey.apply import with_survey

    kb = load_kb(kb_dir)
    out = {}
    for example in sorted((root / "examples").glob("*.yaml")):
        result = assess(load_proposal(example, kb), kb, ENGINE)
        out[f"{GOLDEN}/{example.stem}.json"] = golden_json(result)
    survey = root / "examples" / "survey"
    for name, answers in (("without", []), ("with", [survey / "answers"])):
        prop, used = with_survey(load_proposal(survey / "proposal.yaml", kb), kb, answers)
        out[f"{GOLDEN}/survey/{name}.json"] = golden_json(assess(prop, kb, ENGINE, survey=used))
    return out


def briefs(root: Path, kb_dir: Path | None = None) -> dict[str, str]:
    """Every example's brief in each golden format, and the template context reference."""
    from accord.curate.realcases import library_statement
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import load_kb
    from accord.report.brief import render_brief
    from accord.report.context import context_reference

    kb = load_kb(kb_dir)
    date = golden_date()
    score = library_statement(kb)  # as the CLI and accord.render state it
    out = {}
    for example in sorted((root / "examples").glob("*.yaml")):
        result = assess(load_proposal(example, kb), kb, ENGINE)
        for fmt, ext in BRIEF_FORMATS.items():
            text = render_brief(result, fmt, kb=kb, date=date, library_score=score)
            assert isinstance(text, str)
            out[f"{BRIEFS}/{example.stem}{ext}"] = text
    out[CONTEXT_DOC] = context_reference()
    return out
