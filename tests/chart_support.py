"""Helpers for the chart and page tests: briefs of every example, SVG cut out of them, and
pictures of PDFs (pdftoppm) read with Pillow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.brief_support import ROOT, unavailable

SVG_NS = "http://www.w3.org/2000/svg"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Each example by name, plus the survey example with its answers.
CASES = [p.stem for p in EXAMPLES] + ["survey"]
EPOCH, EPOCH_DATE = "1767225600", "2026-01-01"


def brief_html(kb, case: str) -> str:
    """The HTML brief of one case, rendered in process with the reference engine."""
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal
    from accord.report.brief import render_brief

    if case == "survey":
        from accord.survey.apply import with_survey

        prop, used = with_survey(
            load_proposal(ROOT / "examples/survey/proposal.yaml", kb),
            kb,
            [ROOT / "examples/survey/answers"],
        )
        result = assess(prop, kb, "reference", survey=used)
    else:
        result = assess(load_proposal(ROOT / "examples" / f"{case}.yaml", kb), kb, "reference")
    return str(render_brief(result, "html", kb=kb, date=EPOCH_DATE))


def print_all(cases: list[str], folder: Path, jobs: int = 0) -> dict[str, Path]:
    """Print each case's PDF brief with `accord brief` (SOURCE_DATE_EPOCH set), a few at a time.

    Returns {case: pdf path}; fails with the command's message if one does not exit 0.
    """
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    jobs = jobs or max(2, os.cpu_count() or 1)
    out = {case: folder / f"{case}.pdf" for case in cases}
    pending = list(cases)
    running: list[tuple[str, subprocess.Popen[str]]] = []
    while pending or running:
        while pending and len(running) < jobs:
            case = pending.pop(0)
            if case == "survey":
                args = [str(ROOT / "examples/survey/proposal.yaml"), "--survey"]
                args.append(str(ROOT / "examples/survey/answers"))
            else:
                args = [str(ROOT / "examples" / f"{case}.yaml")]
            cmd = [sys.executable, "-m", "accord", "brief", *args, "-o", str(out[case])]
            proc = subprocess.Popen(cmd, env=env, text=True, stderr=subprocess.PIPE)
            running.append((case, proc))
        case, proc = running.pop(0)
        _, err = proc.communicate()
        assert proc.returncode == 0, f"accord brief {case}: {err}"
    return out


def needs_pdf_tools() -> None:
    """Skip (or fail in CI) unless WeasyPrint, pdftoppm and Pillow are all here."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        unavailable(f"WeasyPrint ({type(exc).__name__}: {exc})")
    try:
        import PIL  # noqa: F401
    except ImportError:
        unavailable("Pillow (pip install 'accord[test]')")
    if shutil.which("pdftoppm") is None:
        unavailable("pdftoppm (Debian package poppler-utils; scripts/setup.sh installs it)")


def pdf_pages(pdf: Path, prefix: Path, dpi: int, gray: bool = False) -> list[Path]:
    """Render every page of a PDF to PNG files prefix-NN.png; returns them in page order."""
    for old in prefix.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    args = ["pdftoppm", "-r", str(dpi), "-png"] + (["-gray"] if gray else [])
    subprocess.run([*args, str(pdf), str(prefix)], check=True, capture_output=True)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def page_image(pdf: Path, number: int, prefix: Path, dpi: int):
    """Page `number` (from 1) of a PDF as an RGB image, also kept as prefix.png."""
    from PIL import Image

    n = str(number)
    args = ["pdftoppm", "-r", str(dpi), "-png", "-f", n, "-l", n, "-singlefile"]
    subprocess.run([*args, str(pdf), str(prefix)], check=True, capture_output=True)
    with Image.open(prefix.with_suffix(".png")) as im:
        return im.convert("RGB")


def inked_rows(png: Path, threshold: int = 200) -> float:
    """The share of a page image's pixel rows that hold any ink (a pixel darker than threshold)."""
    from PIL import Image

    with Image.open(png) as im:
        grey = im.convert("L")
        width, height = grey.size
        data = grey.tobytes()
    rows = sum(1 for y in range(height) if min(data[y * width : (y + 1) * width]) < threshold)
    return rows / height


def svg_of(html: str, css_class: str) -> ET.Element:
    """The inline <svg class=css_class> of a brief, parsed as XML (it declares its namespace)."""
    found = re.search(rf'<svg class="{css_class}".*?</svg>', html, re.S)
    assert found, f"no svg.{css_class} in the brief"
    return ET.fromstring(found.group(0))


def tag(el: ET.Element) -> str:
    return el.tag.removeprefix(f"{{{SVG_NS}}}")


def view_box(svg: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in svg.attrib["viewBox"].split())
    return x, y, w, h


def render_svg(svg: ET.Element, out: Path, margin: float = 0.0):
    """Print one SVG alone with WeasyPrint at one pixel per user unit; returns the RGB image.

    margin widens the viewBox on every side, so ink the chart would draw outside its own box
    (a label too long for it) shows in the margin instead of being clipped.
    """
    from PIL import Image
    from weasyprint import HTML

    x, y, w, h = view_box(svg)
    svg = ET.fromstring(ET.tostring(svg))
    svg.attrib["viewBox"] = f"{x - margin} {y - margin} {w + 2 * margin} {h + 2 * margin}"
    svg.attrib["width"], svg.attrib["height"] = str(w + 2 * margin), str(h + 2 * margin)
    ET.register_namespace("", SVG_NS)
    page = (
        f"<html><head><style>@page {{ size: {w + 2 * margin}px {h + 2 * margin}px; margin: 0 }}"
        "body { margin: 0 } svg { display: block }</style></head><body>"
        f"{ET.tostring(svg, encoding='unicode')}</body></html>"
    )
    pdf = out.with_suffix(".pdf")
    HTML(string=page).write_pdf(str(pdf))
    (png,) = pdf_pages(pdf, out.with_suffix(""), dpi=96)
    with Image.open(png) as im:
        return im.convert("RGB")


def only(svg: ET.Element, keep) -> ET.Element:
    """A copy of svg keeping only the drawn elements for which keep(element) is true."""
    copy = ET.fromstring(ET.tostring(svg))

    def prune(parent: ET.Element) -> None:
        for child in list(parent):
            if tag(child) in ("title", "desc"):
                continue
            if tag(child) == "g":
                prune(child)
            elif not keep(child):
                parent.remove(child)

    prune(copy)
    return copy


def ink_box(image, threshold: int = 200) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the pixels darker than threshold, or None when blank."""
    from PIL import ImageOps

    return (
        ImageOps.invert(image.convert("L"))
        .point(lambda v: 255 if v > 255 - threshold else 0)
        .getbbox()
    )


def count_near(image, colour: str, tolerance: int = 30) -> int:
    """How many pixels of an image are within tolerance of colour ('#rrggbb') in every channel."""
    from PIL import Image, ImageChops

    rgb = image.convert("RGB")
    diff = ImageChops.difference(rgb, Image.new("RGB", rgb.size, hex_rgb(colour)))
    r, g, b = diff.split()
    return sum(ImageChops.lighter(ImageChops.lighter(r, g), b).histogram()[: tolerance + 1])


def hex_rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))
