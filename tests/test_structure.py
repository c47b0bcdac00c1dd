"""Architecture contracts: one direction of imports, one owner per library, lint clean."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SRC = ROOT / "src" / "accord"
LAYERS = ["cli", "report", "curate", "engine", "survey", "inputs", "kb", "errors"]  # each may import only those after it
OWNERS = {"durable": ["engine/durable_engine.py"], "jinja2": ["report"], "click": ["cli"]}


def imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def layer(rel: str) -> str | None:
    head = rel.split("/")[0].removesuffix(".py")
    return head if head in LAYERS else None


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_flow_one_way(path):
    rel = path.relative_to(SRC).as_posix()
    own = layer(rel)
    for name in imports(path):
        top = name.split(".")[0]
        if top in OWNERS:
            assert any(rel.startswith(o) for o in OWNERS[top]), f"{rel} imports {top}"
        if name.startswith("accord.") and own is not None:
            target = name.split(".")[1]
            if target in LAYERS:
                assert LAYERS.index(target) >= LAYERS.index(own), f"{rel} imports {name}"


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
