"""The comparison brief (Markdown, HTML, PDF) and the what-if section of a brief.

Both use the brief's jinja2 environments (report/brief.py: strict, every value escaped) and its
stylesheet; the templates are compare.md.j2, compare.html.j2, whatif.md.j2 and whatif.html.j2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from accord.engine.compare import Comparison, WhatIf
from accord.errors import UsageError
from accord.report.brief import BRIEF_FORMATS, environment, html_to_pdf
from accord.report.decide import SECTIONS, change_lines, setting_words

COMPARE_TEMPLATES = {"markdown": "compare.md.j2", "html": "compare.html.j2"}
WHATIF_TEMPLATES = {"markdown": "whatif.md.j2", "html": "whatif.html.j2"}


def _render(name: str, fmt: str, template_dir: Path | None, **context: Any) -> str:
    try:
        template = environment(fmt, template_dir).get_template(name)
        return template.render(**context)
    except jinja2.TemplateError as exc:
        raise UsageError(f"template error in {name}: {exc}") from None


def comparison_context(c: Comparison, date: str) -> dict[str, Any]:
    """What the comparison templates see: plain strings and lists, nothing to compute."""
    sections = []
    for section, title in SECTIONS:
        rows = [
            {
                "id": r.id if section in ("risk", "advice") else "",
                "label": r.label,
                "cells": [v.replace("_", " ") if v else "-" for v in r.values],
                "differs": r.differs,
            }
            for r in c.rows
            if r.section == section
        ]
        if rows:
            differ = sum(1 for r in rows if r["differs"])
            ids = section in ("risk", "advice")
            sections.append({"title": title, "rows": rows, "differ": differ, "ids": ids})
    first = c.assessments[0].provenance if c.assessments else None
    titles = list(dict.fromkeys(o.title for o in c.options))
    return {
        "title": titles[0] if len(titles) == 1 else f"{len(c.options)} proposals",
        "date": date,
        "options": c.options,
        "sources": len({(o.title, o.source) for o in c.options}) > 1,
        "identical": c.identical,
        "sections": sections,
        "trades": c.trades,
        "kb_name": first.kb_name if first else "",
        "kb_version": first.kb_version if first else "",
        "engine": first.engine if first else "",
        "accord_version": first.accord_version if first else "",
    }


def render_comparison(
    c: Comparison, fmt: str, *, date: str, template_dir: Path | None = None
) -> str | bytes:
    """A comparison brief: text for markdown or html, bytes for pdf.

    date: YYYY-MM-DD (report.brief.resolve_date); template_dir overrides the shipped
    templates. Raises UsageError for an unknown format, a template error, or PDF without
    WeasyPrint.
    """
    if fmt not in BRIEF_FORMATS:
        raise UsageError(
            f"unknown brief format {fmt!r}; expected one of {', '.join(BRIEF_FORMATS)}"
        )
    ctx = comparison_context(c, date)
    if fmt == "pdf":
        return html_to_pdf(_render(COMPARE_TEMPLATES["html"], "html", template_dir, cmp=ctx), date)
    text = _render(COMPARE_TEMPLATES[fmt], fmt, template_dir, cmp=ctx)
    return text.rstrip("\n") + "\n"


def whatif_section(w: WhatIf, fmt: str, template_dir: Path | None = None) -> str:
    """The what-if section of a brief in markdown or html."""
    ctx = {"settings": setting_words(w), "lines": change_lines(w.changes)}
    return _render(WHATIF_TEMPLATES[fmt], fmt, template_dir, w=ctx)


def with_whatif(
    brief: str, w: WhatIf, fmt: str, date: str | None = None, template_dir: Path | None = None
) -> str | bytes:
    """A brief of the changed proposal with the what-if section first (after the title line).

    brief: the HTML or Markdown brief of w.after; fmt: "markdown", "html" or "pdf" (brief is
    then the HTML to print). Returns the brief with the section spliced in (bytes for pdf).
    """
    kind = "html" if fmt in ("html", "pdf") else "markdown"
    section = whatif_section(w, kind, template_dir)
    if kind == "html":
        spliced = _after_title(brief, section)
        return html_to_pdf(spliced, date) if fmt == "pdf" else spliced
    head, sep, rest = brief.partition("\n\n")
    return head + sep + section + rest if sep else section + brief


def _after_title(html: str, section: str) -> str:
    """Insert section after the brief's heading and its date line (else at the top of main)."""
    heading = html.find("<h1")
    end = html.find("</p>", html.find("</h1>", heading)) if heading >= 0 else -1
    if end >= 0:
        end += len("</p>")
        return html[:end] + "\n" + section + html[end:]
    at = html.find("<main>")
    return html[: at + 6] + "\n" + section + html[at + 6 :] if at >= 0 else section + html
