"""The notebook API: accord.assess_many (a generator), accord.to_record, accord.robustness."""

from __future__ import annotations

import json
import types

import pytest

import accord
from tests.batch_support import random_proposals
from tests.conftest import EXAMPLES


def test_assess_many_equals_assess_one_by_one(kb):
    many = accord.assess_many(EXAMPLES, kb, "reference")
    assert isinstance(many, types.GeneratorType)
    for path, a in zip(EXAMPLES, many, strict=True):
        one = accord.assess(accord.load_proposal(path, kb), kb, "reference")
        assert accord.to_json(a) == accord.to_json(one)


def test_assess_many_takes_proposals_dicts_and_paths_lazily(kb):
    taken = []

    def source():
        for i, item in enumerate(
            [
                accord.load_proposal(EXAMPLES[0], kb),
                {"id": "d1", "title": "From a dict", "facts": {"form": "merger"}},
                str(EXAMPLES[1]),
            ]
        ):
            taken.append(i)
            yield item

    many = accord.assess_many(source(), kb, missing=False)
    assert taken == []  # nothing read before the first result is asked for
    first = next(many)
    assert taken == [0] and first.missing == ()
    rest = list(many)
    assert [a.title for a in rest][0] == "From a dict"
    assert rest[0].provenance.input == "d1"
    assert rest[1].provenance.input == EXAMPLES[1].name


def test_assess_many_raises_at_the_bad_item(kb):
    items = [str(EXAMPLES[0]), {"title": "Bad", "facts": {"form": "mergr"}}, str(EXAMPLES[1])]
    many = accord.assess_many(items, kb, missing=False)
    assert next(many).provenance.input == EXAMPLES[0].name
    with pytest.raises(accord.ProposalError) as err:
        next(many)
    assert "merger" in (err.value.problems[0].hint or "")
    with pytest.raises(accord.UsageError):
        next(accord.assess_many([42], kb))


def test_to_record_is_flat_and_matches_the_assessment(kb):
    for a in accord.assess_many(EXAMPLES, kb, "reference", missing=False):
        rec = accord.to_record(a)
        assert all(v is None or isinstance(v, (str, int, float, bool)) for v in rec.values())
        assert json.loads(json.dumps(rec)) == rec
        assert rec["level"] == a.overall.level
        assert rec["source"] == a.provenance.input
        own = [r for r in a.risks if r.scope != "form"]
        assert rec["risks"] == len(own)
        assert rec["risks_high"] + rec["risks_medium"] + rec["risks_low"] == len(own)
        for r in a.risks:
            assert rec[f"risk.{r.id}"] == f"{r.severity}, {r.likelihood}"
        stated = {f.fact: f.value for f in a.facts if f.value is not None}
        assert {k[5:] for k in rec if k.startswith("fact.")} == set(stated)
        for m in a.mechanisms:
            assert rec[f"mechanism.{m.name}"] == m.state


def test_to_record_rows_make_a_table(kb):
    rows = [
        accord.to_record(a)
        for a in accord.assess_many(random_proposals(kb, 20), kb, "reference", missing=False)
    ]
    columns = sorted({k for r in rows for k in r})
    table = [[r.get(c) for c in columns] for r in rows]  # what pandas.DataFrame(rows) does
    assert len(table) == 20 and "level" in columns and "risk_ids" not in columns


def test_robustness_api_returns_a_result_with_documented_shapes(kb):
    p = accord.load_proposal(EXAMPLES[0], kb)
    r = accord.robustness(p, kb, 30, seed=4, engine="reference")
    data = r.to_dict()
    assert data["schema"] == "accord.robustness/1" and data["worlds"] == 30
    assert [c["what"] for c in data["calls"]] == [
        "high concern",
        "some concern",
        "low concern",
        "insufficient information",
    ]
    assert json.loads(r.to_json()) == json.loads(json.dumps(data))
    assert all(0 <= risk.share <= 1 for risk in r.risks)
    # one driver per unknown fact; a set fact has one per value ("moves:staff")
    assert {d.fact.partition(":")[0] for d in r.drivers} == set(r.unknown)
    assert len(r.drivers) > len(r.unknown)
