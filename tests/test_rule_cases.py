"""Every case beside every rule, on every engine: `pytest -k TRUST-01` runs one rule's cases."""

from __future__ import annotations

import pytest

from accord.curate.cases import run_case
from accord.engine import get_engine
from accord.kb.load import load_kb
from tests.conftest import ENGINES

KB = load_kb()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", KB.cases, ids=lambda c: f"{c.rule}_{c.name}")
def test_case(case, engine):
    result = run_case(case, get_engine(KB, engine))
    assert result.passed, result.explain()
