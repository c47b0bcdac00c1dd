"""The import contracts in pyproject.toml ([tool.importlinter]) hold, and would catch a breach.

The contracts: imports flow one way (cli > report | curate > engine > survey > inputs > kb >
errors), durable-rules is imported only by engine/durable_engine.py, jinja2 and WeasyPrint
only in report, click only in cli.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

RUN_LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def lint_imports(cwd, src):
    """Run lint-imports with cwd's pyproject.toml on the accord package found in src."""
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "200"}  # one line per contract
    return subprocess.run(
        [sys.executable, "-c", RUN_LINT, "--no-cache", "--no-logo"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_import_contracts_are_kept():
    proc = lint_imports(ROOT, ROOT / "src")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 kept, 0 broken" in proc.stdout


@pytest.mark.parametrize(
    ("module", "seeded", "contract"),
    [
        ("kb/values.py", "from accord.engine import get_engine", "Imports flow one way"),
        ("report/text.py", "from accord.curate import lint", "Imports flow one way"),
        ("inputs/proposal.py", "import durable.lang", "durable-rules is imported only"),
        ("engine/explain.py", "import jinja2", "jinja2 and WeasyPrint are imported only"),
        ("cli/output.py", "import weasyprint", "jinja2 and WeasyPrint are imported only"),
        ("survey/apply.py", "import click", "click is imported only in cli"),
    ],
)
def test_a_seeded_breach_breaks_its_contract(tmp_path, module, seeded, contract):
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "accord", src / "accord", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = src / "accord" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n\ndef _seeded():\n    {seeded}\n")
    proc = lint_imports(tmp_path, src)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    broken = [line for line in proc.stdout.splitlines() if " BROKEN" in line]
    assert len(broken) == 1 and broken[0].startswith(contract), proc.stdout
    assert "Contracts: 3 kept, 1 broken." in proc.stdout
