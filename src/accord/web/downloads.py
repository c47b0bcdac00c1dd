"""Downloads: the proposal YAML, the assessment JSON and the brief (HTML, Markdown, PDF).

Everything is rendered in memory (briefs by accord.api.render, with the knowledge base's
case-library score) and sent as an attachment with its media type; nothing is written on the
server.
"""

from __future__ import annotations

import functools
import re

from starlette.responses import Response

from accord.engine.assessment import Assessment
from accord.kb.model import KnowledgeBase
from accord.web.formspec import FormSpec, FormState, proposal_yaml

# kind in the address -> (format for accord.render, file extension, media type)
KINDS: dict[str, tuple[str, str, str]] = {
    "yaml": ("", "yaml", "application/yaml; charset=utf-8"),
    "json": ("json", "json", "application/json; charset=utf-8"),
    "html": ("html", "html", "text/html; charset=utf-8"),
    "md": ("markdown", "md", "text/markdown; charset=utf-8"),
    "pdf": ("pdf", "pdf", "application/pdf"),
}


@functools.lru_cache(maxsize=1)
def pdf_available() -> bool:
    """True when WeasyPrint and its system libraries load (the `pdf` extra)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def file_stem(title: str) -> str:
    """A file name for a download: the title in lower case, words joined by '-', at most 60
    characters of letters, digits and '-' ("proposal" when nothing is left)."""
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return stem or "proposal"


def attachment(body: str | bytes, kind: str, title: str) -> Response:
    """body as a download of kind (a key of KINDS), named after title."""
    _, ext, media = KINDS[kind]
    suffix = "-assessment" if kind == "json" else ("" if kind == "yaml" else "-brief")
    name = f"{file_stem(title)}{suffix}.{ext}"
    return Response(
        body.encode("utf-8") if isinstance(body, str) else body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


def yaml_response(state: FormState, spec: FormSpec, kb: KnowledgeBase) -> Response:
    """The form as the proposal file the CLI reads (formspec.proposal_yaml)."""
    return attachment(proposal_yaml(state, spec, kb), "yaml", state.title)


def brief_response(result: Assessment, kind: str, kb: KnowledgeBase, date: str) -> Response:
    """The assessment rendered by accord.api.render in the format of kind (json, html, md,
    pdf). Raises UsageError for PDF without WeasyPrint."""
    from accord.api import render

    return attachment(render(result, KINDS[kind][0], kb=kb, date=date), kind, result.title)
