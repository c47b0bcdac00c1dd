"""Helpers for the brief tests: the golden renderer, hostile input, and the skip-or-fail rule."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SECTION_HEADINGS = (
    "Board summary",
    "Annex: the full reasoning",
    "Risks",
    "Chains of reasoning",
    "Recommendations",
    "In the proposal's favour",
    "Mechanism profile",
    "Tensions",
    "What would change this advice",
    "Method and limits",
)
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(1)>'


def unavailable(what: str) -> None:
    """Skip locally when a tool is missing, but fail in CI (the CI variable is set)."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not available, and CI is set: .ci/run must install it")
    pytest.skip(f"{what} is not available (this test fails instead when CI is set)")


def hostile_proposal(folder: Path) -> Path:
    """A proposal whose title, summary and partner names carry HTML and script."""
    import yaml

    data = {
        "title": f"Merger {HOSTILE_SCRIPT} of {HOSTILE_IMG} trusts",
        "summary": f"Summary with {HOSTILE_SCRIPT} and *emphasis* and [a link](javascript:alert(1)).",
        "partners": [
            {"name": HOSTILE_SCRIPT, "sector": "acute", "role": f"lead {HOSTILE_IMG}"},
            {"name": HOSTILE_IMG, "sector": "acute"},
        ],
        "facts": {"form": "merger", "initiation": "mandated_regulator", "rationale_stated": False},
    }
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
