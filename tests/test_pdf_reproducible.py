"""The PDF brief is reproducible: same input and SOURCE_DATE_EPOCH give the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.brief_support import ROOT, unavailable

EXAMPLE = ROOT / "examples" / "mandated-merger.yaml"
# the survey example draws the radar chart too
SURVEY = [
    str(ROOT / "examples/survey/proposal.yaml"),
    "--survey",
    str(ROOT / "examples/survey/answers"),
]


def render_in_a_fresh_process(out, epoch: str, hash_seed: str, args=None) -> bytes:
    """Run `accord brief` in its own interpreter, so nothing is shared between the two runs."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, PYTHONHASHSEED=hash_seed)
    args = args or [str(EXAMPLE)]
    proc = subprocess.run(
        [sys.executable, "-m", "accord", "brief", *args, "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


def test_same_input_and_epoch_give_identical_pdf_bytes(tmp_path):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        unavailable(f"WeasyPrint ({type(exc).__name__}: {exc})")
    # different hash seeds, so set and dict ordering cannot hide behind one lucky seed
    first = render_in_a_fresh_process(tmp_path / "first.pdf", "1767225600", "1")
    second = render_in_a_fresh_process(tmp_path / "second.pdf", "1767225600", "2")
    assert first.startswith(b"%PDF-")
    assert first == second, "two runs with the same input and SOURCE_DATE_EPOCH differ"
    # the dates in the file come from SOURCE_DATE_EPOCH (2026-01-01), never from the clock
    from pypdf import PdfReader

    info = PdfReader(tmp_path / "first.pdf").metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20260101"


def test_survey_brief_with_its_radar_is_reproducible(tmp_path):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        unavailable(f"WeasyPrint ({type(exc).__name__}: {exc})")
    first = render_in_a_fresh_process(tmp_path / "a.pdf", "1767225600", "3", SURVEY)
    second = render_in_a_fresh_process(tmp_path / "b.pdf", "1767225600", "4", SURVEY)
    assert first == second, "two runs of the survey brief with the same SOURCE_DATE_EPOCH differ"
