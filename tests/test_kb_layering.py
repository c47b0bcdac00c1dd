"""The curator's toolkit keeps the one-way imports: cli -> brief -> engine -> kb -> errors."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

SRC = ROOT / "src" / "accord"
FORBIDDEN = {
    "kb": ("accord.engine", "accord.brief", "accord.cli", "durable", "click", "jinja2"),
    "engine": ("accord.brief", "accord.cli", "click", "jinja2"),
}


def imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer):
    bad = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((SRC / layer).glob("*.py"))
        for name in imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])
        and not (layer == "engine" and path.name == "durable_engine.py" and name == "durable")
    ]
    assert not bad, bad
