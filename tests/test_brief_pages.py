"""Every example's PDF brief as pictures of its pages (pdftoppm): no page but the last left
nearly empty, and the charts printed in colour on the pages that hold them.

The pages are kept under tests/artifacts/pdf/ (git ignores them) for a person to look at.
"""

from __future__ import annotations

import pytest

from tests.brief_support import ARTIFACTS
from tests.chart_support import (
    CASES,
    brief_html,
    count_near,
    inked_rows,
    needs_pdf_tools,
    page_image,
    pdf_pages,
    print_all,
    svg_of,
    tag,
)

# A page whose ink reaches fewer than this share of its pixel rows holds a few lines at most
# (a full page of text inks about 40-70% of its rows, as lines alternate with their gaps).
LEAST_INK = 0.2
OUT = ARTIFACTS / "pdf"


@pytest.fixture(scope="module")
def printed(kb):
    """{case: (html, pdf path)} for every example and the survey example."""
    needs_pdf_tools()
    OUT.mkdir(parents=True, exist_ok=True)
    pdfs = print_all(CASES, OUT)
    return {case: (brief_html(kb, case), pdfs[case]) for case in CASES}


@pytest.mark.parametrize("case", CASES)
def test_no_page_but_the_last_is_nearly_empty(printed, case):
    _, pdf = printed[case]
    pages = pdf_pages(pdf, OUT / case, dpi=40, gray=True)
    shares = [round(inked_rows(p), 2) for p in pages]
    sparse = [i + 1 for i, s in enumerate(shares[:-1]) if s < LEAST_INK]
    assert not sparse, f"{case}: pages {sparse} are nearly empty (ink on rows: {shares})"


def chart_page(pdf, words: str) -> int:
    """The number (from 1) of the first page whose text holds `words`."""
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(str(pdf)).pages, start=1):
        if words in " ".join((page.extract_text() or "").split()):
            return number
    raise AssertionError(f"no page of {pdf.name} holds {words!r}")


def colours_on_page(pdf, number: int, colours: set[str]) -> dict[str, int]:
    """How many pixels of page `number` (at 60 dpi) are close to each colour."""
    image = page_image(pdf, number, OUT / f"{pdf.stem}-page-{number}", dpi=60)
    return {c: count_near(image, c) for c in sorted(colours)}


@pytest.mark.parametrize("case", CASES)
def test_pdf_charts_keep_their_colours(printed, case):
    html, pdf = printed[case]
    svg = svg_of(html, "chart")
    fills = {el.attrib["fill"] for el in svg.iter() if tag(el) in ("rect", "path")}
    fills.discard("none")
    counts = colours_on_page(pdf, chart_page(pdf, "towards favourable"), fills)
    assert all(n >= 10 for n in counts.values()), f"{case}: colours missing from the PDF {counts}"
    if case == "survey":
        radar = svg_of(html, "radar")
        strokes = {el.attrib["stroke"] for el in radar.iter() if tag(el) == "polygon"}
        page = chart_page(pdf, "(line 1)")
        counts = colours_on_page(pdf, page, strokes)
        assert all(n >= 50 for n in counts.values()), f"radar outlines missing {counts}"


LEAD_INS = {"Because:", "Evidence:", "Mitigations credited:"}


@pytest.mark.parametrize("case", CASES)
def test_no_page_ends_on_a_heading_or_a_lead_in(printed, case):
    from pypdf import PdfReader

    from tests.brief_support import SECTION_HEADINGS

    _, pdf = printed[case]
    pages = PdfReader(str(pdf)).pages
    for number, page in enumerate(pages[:-1], start=1):
        lines = [ln.strip() for ln in (page.extract_text() or "").splitlines() if ln.strip()]
        assert lines, f"{case}: page {number} is blank"
        assert lines[-1] not in set(SECTION_HEADINGS) | LEAD_INS, (
            f"{case}: page {number} ends on {lines[-1]!r}, cut from what it introduces"
        )
