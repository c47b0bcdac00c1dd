"""The PDF brief against a plain assessment, and the length of every example's brief.

Target (issue 12): `accord brief P -o x.pdf` at most 3x `accord assess P --format json`, both
cold, measured in this run, alternating, median of N runs each. Then, for every bundled
example: PDF pages of the whole brief and of the board summary alone (--summary-only), and the
words a reader sees in the HTML brief and in its board summary.

    .venv/bin/python -m bench.brief [--runs N] [--no-sizes]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.html_text import words_by_section

from bench.common import ROOT

EXAMPLE = ROOT / "examples" / "mandated-merger.yaml"
ENV = {"SOURCE_DATE_EPOCH": "1767225600", "PATH": "/usr/bin:/bin"}


def _accord(*args: str) -> list[str]:
    return [sys.executable, "-m", "accord", *args]


def _wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=ENV)
    return time.perf_counter() - start


def ratio(runs: int, folder: Path) -> None:
    """Median wall time of the PDF brief and of the JSON assessment, interleaved."""
    pdf = folder / "x.pdf"
    assess = _accord("assess", str(EXAMPLE), "--format", "json")
    brief = _accord("brief", str(EXAMPLE), "-o", str(pdf))
    _wall(assess)  # warm the file cache and byte-code
    pdf.unlink(missing_ok=True)
    _wall(brief)
    a, b = [], []
    for _ in range(runs):
        a.append(_wall(assess))
        pdf.unlink(missing_ok=True)
        b.append(_wall(brief))
    ta, tb = statistics.median(a), statistics.median(b)
    print(f"accord assess --format json: {ta * 1000:.0f} ms (median of {runs})")
    print(f"accord brief -o x.pdf:       {tb * 1000:.0f} ms")
    print(f"ratio brief-pdf/assess: {tb / ta:.2f}x (target <= 3x)")


def sizes(folder: Path) -> None:
    """Pages and visible words of every example's brief and board summary."""
    from pypdf import PdfReader

    print(f"{'example':24} {'pages':>5} {'summary pages':>13} {'words':>6} {'summary words':>13}")
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        html, pdf, summary = (folder / f"{path.stem}{s}" for s in (".html", ".pdf", "-s.pdf"))
        for out, extra in ((html, ()), (pdf, ()), (summary, ("--summary-only",))):
            out.unlink(missing_ok=True)
            subprocess.run(
                _accord("brief", str(path), "-o", str(out), *extra),
                check=True,
                capture_output=True,
                cwd=ROOT,
                env=ENV,
            )
        words = words_by_section(html.read_text(encoding="utf-8"))
        pages = len(PdfReader(str(pdf)).pages)
        summary_pages = len(PdfReader(str(summary)).pages)
        print(
            f"{path.stem:24} {pages:5d} {summary_pages:13d} {sum(words.values()):6d} "
            f"{words.get('summary', 0):13d}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-sizes", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ratio(args.runs, Path(tmp))
        if not args.no_sizes:
            sizes(Path(tmp))


if __name__ == "__main__":
    main()
