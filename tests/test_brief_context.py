"""The brief's template context: documented, strict, overridable; jinja2 stays in accord.report."""

from __future__ import annotations

import dataclasses
import re

import pytest

from accord.engine.explain import assess
from accord.errors import UsageError
from accord.inputs.proposal import load_proposal
from accord.report.brief import environment, md_escape, render_context, resolve_date
from accord.report.context import BriefContext, build_context, context_reference, context_types
from tests.brief_support import ROOT, SECTION_HEADINGS


@pytest.fixture(scope="module")
def context(kb):
    result = assess(load_proposal(ROOT / "examples" / "mandated-merger.yaml", kb), kb, "reference")
    return build_context(result, "2026-01-01", kb.presentation)


def test_every_context_field_is_documented():
    undocumented = [
        f"{cls.__name__}.{f.name}"
        for cls in context_types()
        for f in dataclasses.fields(cls)
        if not f.metadata.get("doc", "").strip()
    ]
    assert not undocumented, f"context fields without documentation: {undocumented}"


def test_context_reference_lists_every_field_with_its_doc():
    reference = context_reference()
    for cls in context_types():
        assert f"## {cls.__name__}" in reference
        for f in dataclasses.fields(cls):
            assert f"| `{f.name}` |" in reference, f"{cls.__name__}.{f.name} not in reference"
            assert f.metadata["doc"] in reference


def test_context_records_are_frozen():
    for cls in context_types():
        params = getattr(cls, "__dataclass_params__")  # noqa: B009
        assert params.frozen, cls.__name__


def test_templates_use_only_documented_fields():
    """Every `brief.x` a shipped template reads is a field of BriefContext."""
    fields = {f.name for f in dataclasses.fields(BriefContext)}
    folder = ROOT / "src" / "accord" / "report" / "templates"
    for template in folder.glob("*.j2"):
        used = set(re.findall(r"(?<![\w\"'.])brief\.(\w+)", template.read_text(encoding="utf-8")))
        assert used <= fields, f"{template.name} reads unknown fields {sorted(used - fields)}"


def test_strict_undefined_fails_loudly(context, tmp_path):
    (tmp_path / "brief.md.j2").write_text("{{ brief.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no_such_field"):
        render_context(context, "markdown", tmp_path)


def test_template_dir_overrides_a_template(context, tmp_path):
    (tmp_path / "brief.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    html = render_context(context, "html", tmp_path)
    assert "#123456" in html
    assert "Mechanism profile" in html  # the rest still comes from the shipped templates


def test_template_dir_must_exist(context, tmp_path):
    with pytest.raises(UsageError, match="not a folder"):
        render_context(context, "html", tmp_path / "absent")


def test_html_environment_autoescapes():
    env = environment("html")
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_markdown_escape():
    assert md_escape("<b>*x*_y_ [l](u) | `c`") == r"\<b\>\*x\*\_y\_ \[l\](u) \| \`c\`"
    env = environment("markdown")
    assert env.from_string("{{ x }}").render(x="<i>") == r"\<i\>"


def test_date_sources(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert resolve_date("2020-02-02") == "2026-01-01"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert resolve_date("2020-02-02") == "2020-02-02"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", resolve_date())
    with pytest.raises(UsageError):
        resolve_date("2 Feb 2020")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(UsageError):
        resolve_date()


def test_jinja2_is_imported_only_in_report_and_web():
    pattern = re.compile(r"^\s*(import jinja2|from jinja2)", re.M)
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "src" / "accord").rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8")) and p.parent.name not in ("report", "web")
    ]
    assert not offenders, f"jinja2 imported outside accord.report and accord.web: {offenders}"


def test_brief_sections_in_order(context):
    md = render_context(context, "markdown")
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert tuple(headings) == SECTION_HEADINGS
    assert "CC BY 4.0" in md and "10.3310/KPLT1423" in md and "paraphrases and adapts" in md
    assert context.provenance.kb_hash in md
