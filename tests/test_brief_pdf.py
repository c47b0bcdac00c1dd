"""The PDF brief: printed by WeasyPrint, read back with pypdf, every section present in order."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from accord.cli import main
from tests.brief_support import ROOT, SECTION_HEADINGS, unavailable


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        unavailable(f"WeasyPrint ({type(exc).__name__}: {exc})")
    return weasyprint


def pdf_text(path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), text


def pdf_first_page_text(path) -> str:
    from pypdf import PdfReader

    return PdfReader(str(path)).pages[0].extract_text() or ""


@pytest.fixture(scope="module")
def merger_pdf(tmp_path_factory):
    _weasyprint()
    out = tmp_path_factory.mktemp("pdf") / "mandated-merger.pdf"
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1767225600"}).invoke(
        main,
        ["brief", str(ROOT / "examples" / "mandated-merger.yaml"), "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return out


def test_pdf_has_every_section_in_order(merger_pdf):
    assert merger_pdf.read_bytes().startswith(b"%PDF-")
    pages, text = pdf_text(merger_pdf)
    lines = [ln.strip() for ln in text.splitlines()]
    found = [ln for ln in lines if ln in SECTION_HEADINGS]
    assert found == list(SECTION_HEADINGS), f"section headings found: {found}"
    # The board summary opens the first page; the annex flows on after it.
    assert pages >= 2
    first = pdf_first_page_text(merger_pdf)
    assert "Board summary" in first and "Annex: the full reasoning" not in first
    flat = re.sub(r"\s+", " ", text)
    assert "CC BY 4.0" in flat and "10.3310/KPLT1423" in flat
    assert "2026-01-01" in flat


def test_pdf_pages_are_a4(merger_pdf):
    from pypdf import PdfReader

    box = PdfReader(str(merger_pdf)).pages[0].mediabox
    # A4 is 595 x 842 points.
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842
