"""accord.render: the report layer's render, with the knowledge base's case-library score.

A module of its own, reached by name from `accord/__init__.py` (never imported by it), because
it joins two sibling layers: report (which may not import curate) and curate (which scores
the knowledge base on its real-case library). The score is computed here and passed to the
report as data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from accord.engine.assessment import Assessment
    from accord.kb.model import KnowledgeBase


def render(
    assessment: Assessment,
    fmt: str = "text",
    *,
    kb: KnowledgeBase | None = None,
    date: str | None = None,
    template_dir: Path | None = None,
) -> str | bytes:
    """Render an assessment as "json", "text", "markdown", "html" or "pdf" (bytes for pdf).

    As `accord.report.render`, and the text and briefs also state the knowledge base's score
    on its real-case library (`accord.curate.realcases.library_statement`). kb: the knowledge
    base the assessment was made with (default: the shipped one, if it is that one); date:
    YYYY-MM-DD printed on a brief; template_dir: templates overriding the shipped ones.
    Raises UsageError for an unknown format, a bad date, another knowledge base, a template
    error, or PDF without WeasyPrint.
    """
    from accord.curate.realcases import library_statement
    from accord.errors import UsageError
    from accord.report import FORMATS, _matching_kb
    from accord.report import render as report_render

    statement = ""
    if fmt in FORMATS and fmt != "json":
        try:
            kb = _matching_kb(assessment, kb)
        except UsageError:
            if fmt != "text":  # a brief must credit the right knowledge base; text need not
                raise
        else:
            statement = library_statement(kb)
    return report_render(
        assessment,
        fmt,
        kb=kb,
        date=date,
        template_dir=template_dir,
        library_score=statement,
    )
