"""mypy finds no type errors in src/accord (configuration: [tool.mypy] in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_mypy_is_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "src/accord"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "", proc.stdout
