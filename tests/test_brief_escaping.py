"""HTML and script in a proposal's title and partner names render inert in every format."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from accord.engine.explain import assess
from accord.inputs.proposal import load_proposal
from accord.report.brief import render_brief
from tests.brief_support import HOSTILE_IMG, HOSTILE_SCRIPT, hostile_proposal, unavailable


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, kb):
    path = hostile_proposal(tmp_path_factory.mktemp("hostile"))
    return assess(load_proposal(path, kb), kb, "reference")


def test_html_escapes_everything(hostile, kb):
    html = render_brief(hostile, "html", kb=kb, date="2026-01-01")
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert html_lib.escape(HOSTILE_SCRIPT, quote=False) in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # every attribute value is quoted and escaped: the quote in the name cannot break out
    assert '"><img' not in html


def test_markdown_lets_no_raw_html_through(hostile, kb):
    md = render_brief(hostile, "markdown", kb=kb, date="2026-01-01")
    assert isinstance(md, str)
    # Every '<' is backslash-escaped, except our own autolinks to https addresses.
    for match in re.finditer("<", md):
        i = match.start()
        escaped = i > 0 and md[i - 1] == "\\"
        autolink = md.startswith("<https://", i)
        assert escaped or autolink, f"raw '<' in Markdown: {md[max(0, i - 20) : i + 30]!r}"
    assert r"\<script\>alert(1)\</script\>" in md
    assert r"\[a link\](javascript:alert(1))" in md  # not a link
    assert r"\*emphasis\*" in md


def test_pdf_shows_the_text_literally(hostile, tmp_path, kb):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        unavailable(f"WeasyPrint ({exc})")
    from pypdf import PdfReader

    out = tmp_path / "hostile.pdf"
    out.write_bytes(render_brief(hostile, "pdf", kb=kb, date="2026-01-01"))
    reader = PdfReader(str(out))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))
    assert HOSTILE_SCRIPT in text
    assert HOSTILE_IMG in text
