"""Turn an Assessment into what people read: JSON, terminal text, and briefs.

json.py: canonical JSON for tools and the compact JSON of the goldens; text.py: the terminal
summary; brief.py with context/ and templates/: Markdown, HTML and PDF briefs for boards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from accord.engine.assessment import Assessment
    from accord.kb.model import KnowledgeBase

FORMATS = ("json", "text", "markdown", "html", "pdf")


def render(
    assessment: Assessment,
    fmt: str = "text",
    *,
    kb: KnowledgeBase | None = None,
    date: str | None = None,
    template_dir: Path | None = None,
    library_score: str = "",
) -> str | bytes:
    """Render an assessment in one format: "json", "text", "markdown", "html" or "pdf".

    assessment: what `accord.assess()` returns. Returns str, or bytes for "pdf". The briefs
    (markdown, html, pdf) credit and explain the knowledge base the assessment was made with:
    pass it as kb; without kb the shipped knowledge base is used, and only if it is the one
    the assessment names (same content hash). date: YYYY-MM-DD printed on a brief
    (SOURCE_DATE_EPOCH wins; default today). template_dir: a folder of templates overriding
    the shipped ones. library_score: the knowledge base's score on its real-case library in
    words, stated by text and briefs (computed by the caller, `accord.render` or the CLI, with
    `accord.curate.realcases.library_score`, since report may not import curate; '' leaves it
    out). Raises UsageError for an unknown format, a bad date, a knowledge base
    other than the assessment's, a template error, or PDF without WeasyPrint installed.
    """
    from accord.errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "json":
        from accord.report.json import to_json

        return to_json(assessment)
    if fmt == "text":
        from accord.report.text import to_text

        return to_text(assessment, library_score)
    from accord.report.brief import render_brief, resolve_date

    return render_brief(
        assessment,
        fmt,
        kb=_matching_kb(assessment, kb),
        date=resolve_date(date),
        template_dir=template_dir,
        library_score=library_score,
    )


def _matching_kb(assessment: Assessment, kb: KnowledgeBase | None) -> KnowledgeBase:
    """kb, or the shipped knowledge base; either must be the one the assessment was made with."""
    from accord.errors import UsageError
    from accord.kb.load import load_kb

    chosen = kb if kb is not None else load_kb(cases=False)
    made_with = assessment.provenance.kb_hash
    if chosen.content_hash != made_with:
        raise UsageError(
            f"the assessment was made with knowledge base {assessment.provenance.kb_name} "
            f"{assessment.provenance.kb_version} ({made_with[:12]}), not "
            f"{chosen.name} {chosen.version} ({chosen.content_hash[:12]}); "
            "pass the knowledge base it was made with as kb="
        )
    return chosen
