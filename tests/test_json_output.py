"""to_json writes exactly what the standard library's indented encoder writes (report/json_fast)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.explain import assess
from accord.inputs.proposal import load_proposal
from accord.report.json import SCHEMA, as_data, to_json
from accord.report.json_fast import dumps_indented
from tests.conftest import EXAMPLES


def stdlib(record, head=None) -> str:
    return json.dumps({**(head or {}), **as_data(record)}, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_is_written_as_the_standard_library_would(example, kb, engine_name):
    assessment = assess(load_proposal(example, kb), kb, engine_name)
    assert to_json(assessment) == stdlib(assessment, {"schema": SCHEMA}) + "\n"


@dataclass(frozen=True)
class Inner:
    text: str
    number: float
    items: tuple


@dataclass(frozen=True)
class Outer:
    name: str
    inner: Inner | None
    many: tuple
    table: dict
    flag: bool
    count: int


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
plain = st.recursive(
    scalars,
    lambda kids: (
        st.lists(kids, max_size=3)
        | st.tuples(kids, kids)
        | st.dictionaries(st.text() | st.integers(), kids, max_size=3)
    ),
    max_leaves=12,
)
inners = st.builds(Inner, st.text(), st.floats(), st.lists(plain, max_size=3).map(tuple))
outers = st.builds(
    Outer,
    st.text(),
    st.none() | inners,
    st.lists(inners | plain, max_size=3).map(tuple),
    st.dictionaries(st.text(), inners | plain, max_size=3),
    st.booleans(),
    st.integers(),
)


@settings(max_examples=300, deadline=None)
@given(outers)
def test_any_record_is_written_as_the_standard_library_would(record):
    assert dumps_indented({"schema": "x"}, record) == stdlib(record, {"schema": "x"})


def test_what_json_cannot_hold_is_refused_as_json_refuses_it():
    record = Outer("a", None, ({1, 2},), {}, True, 1)
    with pytest.raises(TypeError):
        stdlib(record)
    with pytest.raises(TypeError):
        dumps_indented({}, record)
    with pytest.raises(TypeError):
        dumps_indented({}, {"not": "a record"})
    with pytest.raises(ValueError):
        dumps_indented({"name": 1}, record)


def test_keys_that_read_the_same_as_text_keep_the_last_value_as_as_data_does():
    record = Outer("a", None, (), {1: "number", "1": "text"}, False, 0)
    assert dumps_indented({}, record) == stdlib(record)
