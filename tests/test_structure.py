"""Structure checks: no eval or unsafe YAML, ruff clean, a light `--help`. The import
contracts are in pyproject.toml and tests/test_import_contracts.py."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SRC = ROOT / "src" / "accord"


def test_no_eval_or_unsafe_yaml():
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        assert "eval(" not in text and "exec(" not in text, path
        assert "yaml.load(" not in text and "yaml.unsafe_load" not in text, path


def test_ruff_is_clean():
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_help_does_not_import_heavy_modules():
    code = "import sys; from accord.cli import main; print('durable' in sys.modules, 'jinja2' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False False"
