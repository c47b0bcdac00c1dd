"""Shared fixtures: the shipped knowledge base, the examples, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.engine import durable_available
from accord.kb.load import load_kb

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
ENGINES = ["reference"] + (["durable"] if durable_available() else [])


@pytest.fixture(scope="session")
def kb():
    return load_kb()


@pytest.fixture(params=ENGINES)
def engine_name(request):
    return request.param
