"""The JSON Schemas shipped for editors agree with the loader on the shipped files."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from accord.curate.validate import SCHEMA_MARK, schema_name
from accord.errors import KnowledgeBaseError
from accord.kb.load import load_kb
from tests.conftest import EXAMPLES, ROOT

RULES = ROOT / "rules"
SCHEMAS = Path(str(resources.files("accord.schemas")))
KB_FILES = sorted(p for p in RULES.glob("*.yaml") if schema_name(p.name))


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_schema_is_shipped_and_valid():
    names = {
        "kb",
        "vocabulary",
        "derived",
        "evidence",
        "rules",
        "cases",
        "proposal",
        "presentation",
    }
    assert {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.json")} == names
    for name in names:
        validator(name)


@pytest.mark.parametrize("path", KB_FILES, ids=lambda p: p.name)
def test_shipped_file_names_and_fits_its_schema(path):
    name = schema_name(path.name)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# {SCHEMA_MARK}../src/accord/schemas/{name}.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()
    errors = list(validator(name).iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_proposals_fit_the_proposal_schema(path):
    errors = list(validator("proposal").iter_errors(yaml.safe_load(path.read_text())))
    assert not errors, [e.message for e in errors]


# Each mutation breaks one shipped file in one way; loader and schema must both reject it.
MUTATIONS = {
    "rule_unknown_key": ("risks.rules.yaml", lambda d: d["rules"][0].update(colour="red")),
    "rule_missing_because": ("risks.rules.yaml", lambda d: d["rules"][0].pop("because")),
    "rule_bad_grade": ("risks.rules.yaml", lambda d: d["rules"][0].update(grade="solid")),
    "rule_bad_id": ("risks.rules.yaml", lambda d: d["rules"][0].update(id="risk one")),
    "rule_bad_kind": ("risks.rules.yaml", lambda d: d["rules"][0].update(kind="danger")),
    "risk_without_severity": ("risks.rules.yaml", lambda d: d["rules"][0].pop("severity")),
    "risk_with_then": ("risks.rules.yaml", lambda d: d["rules"][0].update(then={"trust": "low"})),
    "test_two_operators": (
        "risks.rules.yaml",
        lambda d: d["rules"][0].update(when={"fact": "form", "equals": "merger", "in": ["merger"]}),
    ),
    "empty_all": ("risks.rules.yaml", lambda d: d["rules"][0].update(when={"all": []})),
    "recommendation_without_stages": (
        "recommendations.rules.yaml",
        lambda d: d["rules"][0].pop("stages"),
    ),
    "case_bad_expect": (
        "risks.cases.yaml",
        lambda d: next(iter(d["cases"].values()))[0].update(expect="maybe"),
    ),
    "case_missing_facts": (
        "risks.cases.yaml",
        lambda d: next(iter(d["cases"].values()))[0].pop("facts"),
    ),
    "kb_bad_version": ("kb.yaml", lambda d: d.update(version="one")),
    "kb_unknown_key": ("kb.yaml", lambda d: d.update(owner="me")),
    "vocabulary_bad_type": (
        "vocabulary.yaml",
        lambda d: next(iter(d["facts"].values())).update(type="text"),
    ),
    "vocabulary_enum_without_values": (
        "vocabulary.yaml",
        lambda d: next(iter(d["facts"].values())).pop("values"),
    ),
    "derived_bad_kind": (
        "derived.yaml",
        lambda d: next(iter(d["derived"].values())).update(kind="feeling"),
    ),
    "tension_with_rules_and_fact": (
        "derived.yaml",
        lambda d: d["tensions"][0].update(rules=["TYP-05", "TYP-06"]),
    ),
    "claim_bad_grade": (
        "evidence.yaml",
        lambda d: next(iter(d["claims"].values())).update(grade="certain"),
    ),
    "source_missing_link": (
        "evidence.yaml",
        lambda d: next(iter(d["sources"].values())).pop("link"),
    ),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_schema_and_loader_reject_the_same_breakage(mutation, tmp_path):
    filename, change = MUTATIONS[mutation]
    kb_dir = tmp_path / "kb"
    shutil.copytree(RULES, kb_dir)
    data = yaml.safe_load((kb_dir / filename).read_text(encoding="utf-8"))
    change(data)
    (kb_dir / filename).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert list(validator(schema_name(filename)).iter_errors(data)), "the schema accepted it"
    with pytest.raises(KnowledgeBaseError):
        load_kb(kb_dir)
