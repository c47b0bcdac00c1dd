"""A synthetic knowledge base n times the shipped one, for measuring how costs grow.

Copy k (k = 1 .. n-1) of every rule, proposal fact and derived fact is added beside the
original under new names: a fact or derived fact `name` becomes `name_k<k>`, a rule id
`RISK-01` becomes `RISK-01-K<k>`, and every value a copied rule tests or concludes is
renamed the same way wherever it is also a name. The copies read only their own facts, so the
result is as valid as the original: n independent knowledge bases in one. The weighing
standard, evidence, presentation and survey are shared; the case files and the real-case
library are left out (an assessment does not read them).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from bench.common import ROOT

RULES = ROOT / "rules"
KEYWORDS = {"scope", "kind", "severity", "grade", "lowers", "type", "group", "title", "because"}
SHARED = ("kb.yaml", "judgement.yaml", "presentation.yaml", "evidence.yaml", "exclusions.yaml")


def renamer(k: int, names: set[str], rule_ids: set[str]):
    """The renaming of copy k: a function over parsed YAML (keys and strings alike)."""

    def rename(node: Any) -> Any:
        if isinstance(node, str):
            if node in rule_ids:
                return f"{node}-K{k}"
            if node in names:
                return f"{node}_k{k}"
            return node
        if isinstance(node, list):
            return [rename(x) for x in node]
        if isinstance(node, dict):
            return {
                rename(key): value if key in KEYWORDS else rename(value)
                for key, value in node.items()
            }
        return node

    return rename


def build(dest: Path, copies: int) -> Path:
    """Write a knowledge base `copies` times the shipped one into dest; return dest.

    Args:
        dest: an empty or missing folder.
        copies: how many copies of the rules and facts (1: the shipped knowledge base).
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*SHARED, "concerns.yaml", "survey.yaml"):
        if (RULES / name).exists():
            shutil.copy(RULES / name, dest / name)
    vocab = _load("vocabulary.yaml")
    derived = _load("derived.yaml")
    rule_files = {p.name: _load(p.name) for p in sorted(RULES.glob("*.rules.yaml"))}
    names = set(vocab["facts"]) | set(derived["derived"])
    rule_ids = {r["id"] for data in rule_files.values() for r in data["rules"]}
    for k in range(1, copies):
        rename = renamer(k, names, rule_ids)
        vocab["facts"].update(rename({n: f for n, f in _load("vocabulary.yaml")["facts"].items()}))
        fresh = _load("derived.yaml")
        derived["derived"].update(rename(fresh["derived"]))
        derived["tensions"] = derived.get("tensions", []) + rename(fresh.get("tensions", []))
        for name in rule_files:
            rule_files[name]["rules"] += rename(_load(name)["rules"])
    _dump(dest / "vocabulary.yaml", vocab)
    _dump(dest / "derived.yaml", derived)
    for name, data in rule_files.items():
        _dump(dest / name, data)
    return dest


def proposal_facts(facts: dict[str, Any], copies: int, kb_names: set[str]) -> dict[str, Any]:
    """The same proposal stated for every copy: each fact also under its copies' names."""
    out = dict(facts)
    for k in range(1, copies):
        rename = renamer(k, kb_names, set())
        out.update({rename(n): rename(v) for n, v in facts.items()})
    return out


def names(root: Path = RULES) -> set[str]:
    """The fact and derived-fact names of the shipped knowledge base (what copies rename)."""
    return set(_load("vocabulary.yaml", root)["facts"]) | set(
        _load("derived.yaml", root)["derived"]
    )


def _load(name: str, root: Path = RULES) -> Any:
    return yaml.safe_load((root / name).read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
