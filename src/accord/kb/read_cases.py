"""Read the *.cases.yaml files (the scenarios each rule must fire or stay silent on), and
check every rule has both."""

from __future__ import annotations

from typing import Any

from accord.errors import Problem, did_you_mean
from accord.kb.model import Case, FactDef, Rule
from accord.kb.problems import Collector
from accord.kb.read_common import CASE_EXPECT, NAME, ReaderState
from accord.kb.values import normalise_value
from accord.kb.yamlread import Located


class CaseReader(ReaderState):
    """Reads one *.cases.yaml (cases); checks each rule has a firing and a silent case."""

    def cases(self, src: Located, facts: dict[str, FactDef], rule_ids: set[str]) -> list[Case]:
        col = Collector(src)
        data = col.mapping(src.data, (), src.file) or {}
        col.keys(data, (), required=("cases",))
        out: list[Case] = []
        for rid, entries in (col.mapping(data.get("cases", {}), ("cases",), "cases") or {}).items():
            path = ("cases", rid)
            if rid not in rule_ids:
                col.add(
                    path, f"cases for unknown rule '{rid}'", hint=did_you_mean(str(rid), rule_ids)
                )
                continue
            if not isinstance(entries, list):
                col.add(
                    path,
                    "must be a list of cases",
                    expected="- name: ..., facts: {...}, expect: fires",
                )
                continue
            names: set[str] = set()
            for i, e in enumerate(entries):
                p = path + (i,)
                if col.mapping(e, p, "a case") is None:
                    continue
                col.keys(e, p, required=("name", "facts", "expect"))
                name = col.text(e.get("name"), p + ("name",))
                if name and not NAME.match(name):
                    col.add(
                        p + ("name",), f"'{name}' is not a case name", expected="lower_case_words"
                    )
                if name in names:
                    col.add(p + ("name",), f"case name '{name}' is used twice for {rid}")
                names.add(name)
                expect = e.get("expect")
                if expect not in CASE_EXPECT:
                    col.add(
                        p + ("expect",),
                        f"'{expect}' is not an expectation",
                        expected="fires or silent",
                        hint=did_you_mean(str(expect), CASE_EXPECT),
                    )
                given = col.mapping(e.get("facts"), p + ("facts",), "case facts")
                if given is None:
                    continue
                values = self.case_facts(col, p, given, facts)
                out.append(Case(rid, name, values, str(expect), src.file, src.line(*p)))
        self.problems.extend(col.problems)
        return out

    def case_facts(
        self, col: Collector, p: tuple[Any, ...], given: dict[str, Any], facts: dict[str, FactDef]
    ) -> tuple[tuple[str, Any], ...]:
        """A case's facts, each value normalised for its fact, sorted by fact name."""
        values = []
        for fname, v in given.items():
            if fname not in facts:
                col.add(
                    p + ("facts", fname),
                    f"unknown fact '{fname}'",
                    expected="a fact from vocabulary.yaml",
                    hint=did_you_mean(str(fname), facts),
                )
                continue
            norm = normalise_value(facts[fname], v, col, p + ("facts", fname))
            if norm is not None:
                values.append((fname, norm))
        return tuple(sorted(values))

    def case_coverage(self, rules: list[Rule], cases: list[Case]) -> None:
        have: dict[str, set[str]] = {}
        for c in cases:
            have.setdefault(c.rule, set()).add(c.expect)
        for r in rules:
            missing = [x for x in CASE_EXPECT if x not in have.get(r.id, set())]
            if missing:
                self.problems.append(
                    Problem(
                        r.file,
                        f"rule {r.id} has no case that is expected to be {' or '.join(missing)}",
                        line=r.line,
                        field="cases",
                        hint="add to the matching *.cases.yaml a scenario that fires it and a near miss that must not",
                    )
                )
