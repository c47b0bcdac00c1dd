"""Render advisory briefs (Markdown, HTML, PDF) from an Assessment through jinja2 templates."""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from accord.engine.assessment import Assessment
from accord.errors import UsageError
from accord.kb.model import KnowledgeBase
from accord.kb.wording import count
from accord.report.context import BriefContext, StepView, build_context

BRIEF_FORMATS = ("markdown", "html", "pdf")
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
TEMPLATES = {"markdown": "brief.md.j2", "html": "brief.html.j2"}


def resolve_date(option: str | None = None) -> str:
    """The brief's date: SOURCE_DATE_EPOCH if set, else the --date option, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970"
            ) from None
        return moment.date().isoformat()
    if option:
        try:
            return _dt.date.fromisoformat(option).isoformat()
        except ValueError:
            raise UsageError(f"--date {option!r} is not a date of the form YYYY-MM-DD") from None
    return _dt.datetime.now(tz=_dt.timezone.utc).date().isoformat()


def format_for(output: Path | None, fmt: str | None) -> str:
    """Pick the brief format: the explicit one, else from the output file's extension.

    Raises UsageError when neither tells, or when they disagree (`-o x.md --format pdf`)."""
    named = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if fmt and output is not None and named and named != fmt:
        raise UsageError(
            f"{output.name!r} names a {named} file but --format {fmt} was given; name the "
            "file for the format, or leave --format out"
        )
    if fmt:
        return fmt
    if output is not None and output.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[output.suffix.lower()]
    if output is None:
        return "markdown"
    raise UsageError(
        f"cannot tell the format from {output.name!r}; name it .md, .html or .pdf, "
        "or give --format markdown|html|pdf"
    )


# --- Markdown escaping ---------------------------------------------------------------------


class MdSafe(str):
    """Text already fit for Markdown: the Markdown environment passes it through unescaped."""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&~])")
_WS = re.compile(r"\s+")


def md_escape(value: object) -> str:
    """Escape text so Markdown renders it literally: no emphasis, links or raw HTML."""
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = _WS.sub(" ", str(value))
    return MdSafe(_MD_SPECIAL.sub(r"\\\1", text))


def _md_finalize(value: object) -> object:
    return md_escape(value)


def _md_code(value: object) -> MdSafe:
    """Inline code for identifiers; backticks inside are dropped so the span cannot break."""
    text = _WS.sub(" ", str(value)).replace("`", "'").strip()
    return MdSafe(f"`{text}`")


def _md_url(value: object) -> MdSafe:
    """A bare https link, autolinked by GitHub-flavoured Markdown; anything else is escaped."""
    text = str(value)
    if re.fullmatch(r"https://[A-Za-z0-9./_~:%?#=&+-]+", text):
        return MdSafe(f"<{text}>")
    return MdSafe(md_escape(text))


def walk(step: StepView, depth: int = 0) -> Iterator[tuple[int, StepView]]:
    """Yield (depth, step) over a because-chain, depth first, the risk itself at depth 0."""
    yield depth, step
    for s in step.supports:
        yield from walk(s, depth + 1)


# --- environments ---------------------------------------------------------------------------


def _loader(template_dir: Path | None) -> jinja2.BaseLoader:
    package = jinja2.PackageLoader("accord.report", "templates")
    if template_dir is None:
        return package
    if not template_dir.is_dir():
        raise UsageError(f"--template-dir {template_dir}: not a folder")
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(template_dir)), package])


def environment(fmt: str, template_dir: Path | None = None) -> jinja2.Environment:
    """The jinja2 environment for one format: strict, and escaping every value it prints."""
    common: dict[str, Any] = {
        "loader": _loader(template_dir),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if fmt == "markdown":
        env = jinja2.Environment(autoescape=False, finalize=_md_finalize, **common)
        env.filters["code"] = _md_code
        env.filters["url"] = _md_url
        env.filters["md"] = md_escape
        env.filters["raw"] = MdSafe  # a macro's output, already escaped as it was built
        env.filters["indent_list"] = lambda depth: MdSafe("    " * int(depth))
    else:
        env = jinja2.Environment(autoescape=True, **common)
    env.filters["walk"] = walk
    env.filters["count"] = count
    return env


def render_context(ctx: BriefContext, fmt: str, template_dir: Path | None = None) -> str:
    """Render a built context as Markdown or HTML."""
    if fmt not in TEMPLATES:
        raise UsageError(f"unknown text brief format {fmt!r}; expected markdown or html")
    try:
        template = environment(fmt, template_dir).get_template(TEMPLATES[fmt])
        text = template.render(brief=ctx)
    except jinja2.TemplateError as exc:
        lineno = getattr(exc, "lineno", None)  # syntax errors carry a place; others do not
        where = f" ({getattr(exc, 'filename', None)}:{lineno})" if lineno else ""
        raise UsageError(f"brief template error{where}: {exc}") from None
    return text.rstrip("\n") + "\n"


def html_to_pdf(html: str, date: str | None = None) -> bytes:
    """Print HTML to PDF with WeasyPrint (the optional 'pdf' extra), byte for byte reproducibly.

    Nothing in the file depends on the clock or on chance: the creation and modification dates
    are the brief's date (from SOURCE_DATE_EPOCH, --date or today), or absent, and the file
    identifier is a digest of the content.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise UsageError(
            "PDF output needs WeasyPrint and its system libraries (pango): "
            f"pip install 'accord[pdf]' ({type(exc).__name__}: {exc})"
        ) from None
    document = weasyprint.HTML(string=html).render()
    document.metadata.created = document.metadata.modified = date
    return bytes(document.write_pdf(pdf_identifier=True))


def render_brief(
    assessment: Assessment,
    fmt: str,
    *,
    kb: KnowledgeBase,
    date: str,
    template_dir: Path | None = None,
    library_score: str = "",
    summary_only: bool = False,
) -> str | bytes:
    """Render an assessment as a brief: text for markdown/html, bytes for pdf.

    kb is the knowledge base the assessment was made with: the brief credits its attribution
    and explains its grades (kb.presentation). date is YYYY-MM-DD (see resolve_date);
    template_dir overrides shipped templates. library_score: kb's score on its real-case
    library in words, stated in the method section (the caller computes it with
    `accord.curate.realcases.library_score(kb).text`; '' leaves it out). summary_only renders
    the board summary alone (at most two A4 pages), without the annex. Raises UsageError for
    an unknown format, a template error, or PDF without WeasyPrint.
    """
    if fmt not in BRIEF_FORMATS:
        raise UsageError(
            f"unknown brief format {fmt!r}; expected one of {', '.join(BRIEF_FORMATS)}"
        )
    ctx = build_context(assessment, date, kb.presentation, library_score, summary_only)
    if fmt == "pdf":
        return html_to_pdf(render_context(ctx, "html", template_dir), date)
    return render_context(ctx, fmt, template_dir)
