"""Shared fixtures: the shipped knowledge base, the examples, and a CLI runner."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from accord.engine import durable_available
from accord.kb.load import load_kb

# The knowledge-base cache (kb/cache.py) of this run lives in a folder of its own, shared by the
# commands the tests start, instead of the user's ~/.cache/accord.
_CACHE = tempfile.mkdtemp(prefix="accord-test-cache-")
os.environ["ACCORD_CACHE_DIR"] = _CACHE
os.environ.pop("ACCORD_NO_CACHE", None)
atexit.register(shutil.rmtree, _CACHE, True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
ENGINES = ["reference"] + (["durable"] if durable_available() else [])


@pytest.fixture(scope="session")
def kb():
    return load_kb()


@pytest.fixture(params=ENGINES)
def engine_name(request):
    return request.param
