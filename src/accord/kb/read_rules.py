"""Read the rules of the *.rules.yaml files: ids, kinds, conclusions, evidence and the terms
of risks, mitigations, recommendations and life-cycle advice."""

from __future__ import annotations

from typing import Any

from accord.errors import did_you_mean
from accord.kb.model import (
    GRADES,
    KINDS,
    LOWERS,
    SCOPES,
    SEVERITIES,
    STAGES,
    All,
    Claim,
    DerivedDef,
    FactDef,
    Rule,
)
from accord.kb.problems import Collector
from accord.kb.read_common import RULE_ID
from accord.kb.read_conditions import ConditionReader
from accord.kb.yamlread import Located


class RuleReader(ConditionReader):
    """Reads the entries of each *.rules.yaml (rule_entries), then all rules at once (rules)."""

    def rule_entries(self, src: Located) -> list[tuple[Located, int, dict[str, Any]]]:
        col = Collector(src)
        data = col.mapping(src.data, (), src.file) or {}
        col.keys(data, (), required=("rules",))
        entries = data.get("rules", [])
        if not isinstance(entries, list):
            col.add(("rules",), "must be a list of rules", expected="a list of '- id: ...' entries")
            entries = []
        out = []
        for i, entry in enumerate(entries):
            if col.mapping(entry, ("rules", i), "a rule") is not None:
                out.append((src, i, entry))
        self.problems.extend(col.problems)
        return out

    def rules(
        self,
        entries: list[tuple[Located, int, dict[str, Any]]],
        facts: dict[str, FactDef],
        dfacts: dict[str, DerivedDef],
        claims: dict[str, Claim],
    ) -> list[Rule]:
        kinds: dict[str, Any] = {}
        for _src, _i, e in entries:
            rid = e.get("id")
            if isinstance(rid, str):
                kinds.setdefault(rid, e.get("kind"))
        seen: dict[str, str] = {}
        out: list[Rule] = []
        for src, i, e in entries:
            col = Collector(src)
            path: tuple[Any, ...] = ("rules", i)
            rule = self.rule(col, path, e, facts, dfacts, claims, kinds)
            if rule is not None:
                if rule.id in seen:
                    col.add(
                        path + ("id",),
                        f"rule id '{rule.id}' is already used in {seen[rule.id]}",
                        hint="ids are never reused; pick a new one",
                    )
                else:
                    seen[rule.id] = f"{src.file}:{rule.line}"
                    out.append(rule)
            self.problems.extend(col.problems)
        return out

    def rule(
        self,
        col: Collector,
        path: tuple[Any, ...],
        e: dict[str, Any],
        facts: dict[str, FactDef],
        dfacts: dict[str, DerivedDef],
        claims: dict[str, Claim],
        kinds: dict[str, Any],
    ) -> Rule | None:
        kind = e.get("kind")
        self.rule_keys(col, path, e, kind)
        rid = e.get("id")
        if not isinstance(rid, str) or not RULE_ID.match(rid):
            col.add(
                path + ("id",),
                f"'{rid}' is not a valid rule id",
                expected="upper-case words and numbers joined by '-', such as TRUST-03",
            )
            return None
        if kind not in KINDS:
            col.add(
                path + ("kind",),
                f"'{kind}' is not a rule kind",
                expected="one of: " + ", ".join(KINDS),
                hint=did_you_mean(str(kind), KINDS),
            )
            return None
        when = self.condition(col, path + ("when",), e.get("when"), facts, dfacts, kinds)
        then = self.then(col, path + ("then",), e.get("then"), kind, dfacts)
        evidence, grade = self.rule_evidence(col, path, e, claims)
        severity = self.rule_severity(col, path, e, kind)
        scope, mitigates, lowers = self.risk_terms(col, path, e, kind, kinds)
        addresses, stages, advice = self.advice_terms(col, path, e, kind, dfacts, kinds)
        return Rule(
            id=rid,
            title=col.text(e.get("title"), path + ("title",)),
            kind=kind,
            when=when or All(()),
            then=then,
            because=col.text(e.get("because"), path + ("because",)),
            evidence=evidence,
            grade=str(grade),
            file=col.src.file,
            line=col.src.line(*path),
            severity=severity,
            addresses=addresses,
            stages=stages,
            advice=advice,
            scope=scope,
            mitigates=mitigates,
            lowers=lowers,
        )

    def rule_keys(
        self, col: Collector, path: tuple[Any, ...], e: dict[str, Any], kind: Any
    ) -> None:
        """Check a rule's keys: those every rule needs, and those its kind may add."""
        optional = ["then"]
        if kind == "risk":
            optional += ["severity", "scope"]
        if kind == "mitigation":
            optional += ["mitigates", "lowers"]
        if kind in ("recommendation", "lifecycle"):
            optional += ["addresses", "stages", "advice"]
        col.keys(
            e,
            path,
            required=("id", "title", "kind", "when", "because", "evidence", "grade"),
            optional=optional,
        )

    def rule_evidence(
        self, col: Collector, path: tuple[Any, ...], e: dict[str, Any], claims: dict[str, Claim]
    ) -> tuple[tuple[str, ...], Any]:
        """The claims a rule cites (each must exist) and its grade (one of GRADES)."""
        evidence = col.text_list(e.get("evidence"), path + ("evidence",))
        if not evidence:
            col.add(
                path + ("evidence",),
                "a rule must cite at least one claim",
                expected="claim ids from evidence.yaml",
                hint="cite the CMOC or finding this rule encodes, or a 'derived' claim that states our reasoning",
            )
        for j, cid in enumerate(evidence):
            if cid not in claims:
                col.add(
                    path + ("evidence", j),
                    f"unknown claim '{cid}'",
                    expected="a claim id from evidence.yaml",
                    hint=did_you_mean(cid, claims),
                )
        grade = e.get("grade")
        if grade not in GRADES:
            col.add(
                path + ("grade",),
                f"'{grade}' is not a grade",
                expected="one of: " + ", ".join(GRADES),
                hint=did_you_mean(str(grade), GRADES),
            )
        return evidence, grade

    def rule_severity(
        self, col: Collector, path: tuple[Any, ...], e: dict[str, Any], kind: str
    ) -> Any:
        """A risk's severity (one of SEVERITIES); None for other kinds."""
        severity = None
        if kind == "risk":
            severity = e.get("severity")
            if severity not in SEVERITIES:
                col.add(
                    path + ("severity",),
                    f"'{severity}' is not a severity",
                    expected="one of: " + ", ".join(SEVERITIES),
                    hint=did_you_mean(str(severity), SEVERITIES),
                )
        return severity

    def advice_terms(
        self,
        col: Collector,
        path: tuple[Any, ...],
        e: dict[str, Any],
        kind: str,
        dfacts: dict[str, DerivedDef],
        kinds: dict[str, Any],
    ) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        """What a recommendation or life-cycle rule addresses, its stages and its advice."""
        addresses: tuple[str, ...] = ()
        stages: tuple[str, ...] = ()
        advice = ""
        if kind in ("recommendation", "lifecycle"):
            addresses = col.text_list(e.get("addresses", []), path + ("addresses",))
            for j, target in enumerate(addresses):
                self.check_target(col, path + ("addresses", j), target, dfacts, kinds)
            if kind == "recommendation" and not addresses:
                col.add(
                    path + ("addresses",),
                    "a recommendation must say which risks or mechanism states it addresses",
                    expected="risk ids or fact=state",
                )
            stages = col.text_list(e.get("stages", []), path + ("stages",))
            if not stages:
                col.add(
                    path + ("stages",),
                    "must name the life-cycle stages where it applies",
                    expected="some of: " + ", ".join(STAGES),
                )
            for j, stage in enumerate(stages):
                if stage not in STAGES:
                    col.add(
                        path + ("stages", j),
                        f"'{stage}' is not a life-cycle stage",
                        expected="one of: " + ", ".join(STAGES),
                        hint=did_you_mean(stage, STAGES),
                    )
            advice = col.text(e.get("advice"), path + ("advice",))
        return addresses, stages, advice

    def risk_terms(
        self,
        col: Collector,
        path: tuple[Any, ...],
        e: dict[str, Any],
        kind: str,
        kinds: dict[str, Any],
    ) -> tuple[str, tuple[str, ...], str]:
        """A risk's scope; a mitigation's risks and what it lowers (checked against the KB)."""
        scope = "proposal"
        if kind == "risk":
            scope = e.get("scope", "proposal")
            if scope not in SCOPES:
                col.add(
                    path + ("scope",),
                    f"'{scope}' is not a scope",
                    expected="one of: " + ", ".join(SCOPES),
                    hint=did_you_mean(str(scope), SCOPES),
                )
                scope = "proposal"
        if kind != "mitigation":
            return str(scope), (), ""
        mitigates = col.text_list(e.get("mitigates"), path + ("mitigates",))
        if not mitigates:
            col.add(
                path + ("mitigates",),
                "a mitigation must name the risks it lowers",
                expected="risk ids such as [RISK-23]",
            )
        risks = [k for k, v in kinds.items() if v == "risk"]
        for j, target in enumerate(mitigates):
            if kinds.get(target) != "risk":
                col.add(
                    path + ("mitigates", j),
                    f"'{target}' is not a risk rule",
                    expected="a risk rule id",
                    hint=did_you_mean(target, risks),
                )
        lowers = e.get("lowers")
        if lowers not in LOWERS:
            col.add(
                path + ("lowers",),
                f"'{lowers}' is not what a mitigation lowers",
                expected="one of: " + ", ".join(LOWERS),
                hint=did_you_mean(str(lowers), LOWERS),
            )
            lowers = "likelihood"
        return "proposal", mitigates, str(lowers)

    def check_target(
        self,
        col: Collector,
        path: tuple[Any, ...],
        target: str,
        dfacts: dict[str, DerivedDef],
        kinds: dict[str, Any],
    ) -> None:
        if "=" in target:
            fact, _, state = target.partition("=")
            d = dfacts.get(fact)
            if d is None:
                col.add(
                    path,
                    f"unknown derived fact '{fact}'",
                    expected="a mechanism or outcome from derived.yaml",
                    hint=did_you_mean(fact, dfacts),
                )
            elif state not in d.state_names:
                col.add(
                    path,
                    f"'{state}' is not a state of '{fact}'",
                    expected="one of: " + ", ".join(d.state_names),
                    hint=did_you_mean(state, d.state_names),
                )
        elif kinds.get(target) != "risk":
            risks = [k for k, v in kinds.items() if v == "risk"]
            col.add(
                path,
                f"'{target}' is not a risk rule",
                expected="a risk rule id, or fact=state",
                hint=did_you_mean(target, risks),
            )

    def then(
        self,
        col: Collector,
        path: tuple[Any, ...],
        raw: Any,
        kind: str,
        dfacts: dict[str, DerivedDef],
    ) -> tuple[tuple[str, str], ...]:
        if kind in ("risk", "mitigation", "recommendation", "lifecycle"):
            if raw is not None:
                col.add(path, f"a {kind} rule concludes itself; it takes no 'then'")
            return ()
        m = col.mapping(raw, path, "'then'")
        if not m:
            col.add(
                path,
                f"a {kind} rule must conclude at least one {kind} state",
                expected="derived_fact: state",
            )
            return ()
        out = []
        for fact, state in m.items():
            d = dfacts.get(fact)
            if d is None:
                col.add(
                    path + (fact,),
                    f"unknown derived fact '{fact}'",
                    expected=f"a {kind} from derived.yaml",
                    hint=did_you_mean(str(fact), dfacts),
                )
                continue
            if d.kind != kind:
                col.add(
                    path + (fact,),
                    f"'{fact}' is a {d.kind}, but this is a {kind} rule",
                    hint=f"set kind: {d.kind}, or conclude a {kind}",
                )
            if state not in d.state_names:
                col.add(
                    path + (fact,),
                    f"'{state}' is not a state of '{fact}'",
                    expected="one of: " + ", ".join(d.state_names),
                    hint=did_you_mean(str(state), d.state_names),
                )
                continue
            out.append((fact, state))
        return tuple(sorted(out))
