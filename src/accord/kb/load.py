"""Load a knowledge-base folder into a validated KnowledgeBase, reporting every problem at once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from accord.errors import InputFileError, KnowledgeBaseError, Problem, did_you_mean, problems_error
from accord.kb.model import (
    DERIVED_KINDS,
    FACT_TYPES,
    GRADES,
    KINDS,
    LOWERS,
    RULE_FACTS,
    SCOPES,
    SEVERITIES,
    STAGES,
    Accepted,
    AcceptedTension,
    All,
    Any_,
    Case,
    Claim,
    Condition,
    DerivedDef,
    FactDef,
    KnowledgeBase,
    Leaf,
    Not,
    Rule,
    Source,
)
from accord.kb.presentation import load_presentation
from accord.kb.problems import Collector
from accord.kb.standard import STANDARD_FILE, read_standard
from accord.kb.strata import stratify
from accord.kb.values import normalise_value
from accord.kb.yamlread import Located, load_yaml, read_bytes

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
ORDER_OPS = ("at_least", "at_most", "above", "below")
LEAF_OPS = ("equals", "in", *ORDER_OPS, "known", "unknown")
CASE_EXPECT = ("fires", "silent")

_cache: dict[tuple[str, str, bool], KnowledgeBase] = {}


def default_kb_dir() -> Path:
    """Return the folder of the knowledge base shipped with Accord."""
    return Path(str(resources.files("accord.rules")))


def content_hash(root: Path) -> str:
    """Hash every YAML file of a KB folder (relative path and bytes), in sorted order."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        h.update(rel.encode() + b"\0" + read_bytes(path, rel) + b"\0")
    return h.hexdigest()


def load_kb(root: Path | str | None = None, *, cases: bool = True) -> KnowledgeBase:
    """Load, validate and stratify the knowledge base in root (default: the shipped one).

    root: a folder of knowledge-base YAML files (rules/README.md describes them); None for the
    one shipped with Accord. cases=False skips the *.cases.yaml files (and the check that every
    rule has cases): an assessment does not need them, and they are most of the YAML to parse.
    Returns a KnowledgeBase, cached by folder and content hash. Raises KnowledgeBaseError
    listing every problem (file, line, field, expected, did-you-mean) when it is inconsistent.
    """
    root = Path(root) if root is not None else default_kb_dir()
    if not root.is_dir():
        raise KnowledgeBaseError(f"{root}: no knowledge-base folder there")
    digest = content_hash(root)
    full = (str(root.resolve()), digest, True)
    if full in _cache:
        return _cache[full]
    key = full if cases else full[:2] + (False,)
    if key not in _cache:
        _cache[key] = _Loader(root, digest, cases).load()
    return _cache[key]


class _Loader:
    def __init__(self, root: Path, digest: str, with_cases: bool = True) -> None:
        self.root = root
        self.digest = digest
        self.with_cases = with_cases
        self.problems: list[Problem] = []
        self.unreadable: list[Problem] = []  # missing or unreadable files
        self.raw_tensions: list[tuple[Located, Any]] = []
        self.raw_accepted: tuple[Located, Any] | None = None

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read(self, name: str) -> Located | None:
        path = self.root / name
        if not path.exists():
            self.unreadable.append(
                Problem(name, f"missing file {name}", hint="see rules/README.md")
            )
            return None
        try:
            return load_yaml(path, self.rel(path))
        except InputFileError as exc:  # keep going to report the other files' reading
            self.unreadable.extend(exc.problems or [Problem(name, exc.message)])
            return None

    def stop_if_unreadable(self) -> None:
        """Report files that could not be read, alone: what follows from them would bury them."""
        if self.unreadable:
            raise problems_error(
                KnowledgeBaseError,
                f"knowledge base {self.root.name}: files that cannot be read "
                "(other checks wait until they can)",
                self.unreadable,
            )

    def load(self) -> KnowledgeBase:
        meta = self.read("kb.yaml")
        vocab = self.read("vocabulary.yaml")
        derived = self.read("derived.yaml")
        evidence = self.read("evidence.yaml")
        rule_files = sorted(self.root.glob("*.rules.yaml"))
        case_files = sorted(self.root.glob("*.cases.yaml")) if self.with_cases else []
        if not rule_files:
            self.problems.append(Problem(".", "no *.rules.yaml files", hint="see rules/README.md"))

        rule_srcs = [self.read(self.rel(path)) for path in rule_files]
        case_srcs = [self.read(self.rel(path)) for path in case_files]
        standard_src = self.read(STANDARD_FILE)
        self.stop_if_unreadable()

        name, version, description, limits = self.meta(meta)
        facts = self.vocabulary(vocab)
        dfacts = self.derived(derived, facts)
        sources, claims = self.evidence(evidence)
        raw_rules = []
        for src in rule_srcs:
            if src is not None:
                raw_rules.extend(self.rule_entries(src))
        rules = self.rules(raw_rules, facts, dfacts, claims)
        cases: list[Case] = []
        for src in case_srcs:
            if src is not None:
                cases.extend(self.cases(src, facts, {r.id for r in rules}))
        if self.with_cases:
            self.case_coverage(rules, cases)
        tensions = self.tensions({r.id: r for r in rules}, dfacts)
        accepted = self.accepted()
        standard = None
        if standard_src is not None:
            standard, standard_problems = read_standard(standard_src, facts, dfacts)
            self.problems.extend(standard_problems)
        presentation, presentation_problems = load_presentation(self.root, derived, dfacts)
        self.problems.extend(presentation_problems)

        strata, cycle_problems = stratify(rules)
        self.problems.extend(cycle_problems)
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise problems_error(
                KnowledgeBaseError, f"knowledge base {self.root.name}", self.problems
            )
        ordered = sorted(
            (_with_stratum(r, strata[r.id]) for r in rules), key=lambda r: (r.stratum, r.id)
        )
        return KnowledgeBase(
            name=name,
            version=version,
            description=description,
            limits=limits,
            facts=facts,
            derived=dfacts,
            sources=sources,
            claims=claims,
            rules=tuple(ordered),
            cases=tuple(sorted(cases, key=lambda c: (c.rule, c.name))),
            content_hash=self.digest,
            root=str(self.root),
            rule_index={r.id: r for r in ordered},
            tensions=tensions,
            accepted=accepted,
            standard=standard,
            presentation=presentation,
        )

    # --- metadata -------------------------------------------------------------------------
    def meta(self, src: Located | None) -> tuple[str, str, str, tuple[str, ...]]:
        if src is None:
            return "", "", "", ()
        col = Collector(src)
        data = col.mapping(src.data, (), "kb.yaml") or {}
        col.keys(
            data,
            (),
            required=("name", "version", "description", "limits"),
            optional=("tensions", "accepted"),
        )
        self.raw_accepted = (src, data.get("accepted"))
        self.raw_tensions.append((src, data.get("tensions")))
        version = str(data.get("version", ""))
        if not re.match(r"^\d+\.\d+\.\d+$", version):
            col.add(("version",), f"'{version}' is not a version", expected="MAJOR.MINOR.PATCH")
        limits = data.get("limits", [])
        if not isinstance(limits, list) or not all(isinstance(x, str) for x in limits):
            col.add(("limits",), "must be a list of sentences", expected="a list of text")
            limits = []
        self.problems.extend(col.problems)
        return (
            col.text(data.get("name"), ("name",)),
            version,
            col.text(data.get("description"), ("description",)),
            tuple(s.strip() for s in limits),
        )

    # --- accepted tensions ----------------------------------------------------------------
    def tensions(
        self, rules: dict[str, Rule], dfacts: dict[str, DerivedDef]
    ) -> tuple[AcceptedTension, ...]:
        out = []
        expected = "a list of '- {rules: [A, B], because: ...}' or '- {fact: NAME, because: ...}'"
        for src, raw in self.raw_tensions:
            if raw is None:
                continue
            col = Collector(src)
            if not isinstance(raw, list):
                col.add(("tensions",), "must be a list of accepted tensions", expected=expected)
                raw = []
            for i, entry in enumerate(raw):
                path = ("tensions", i)
                e = col.mapping(entry, path, "an accepted tension")
                if e is None:
                    continue
                col.keys(e, path, required=("because",), optional=("rules", "fact"))
                ids: tuple[str, ...] = ()
                fact = e.get("fact")
                if ("rules" in e) == ("fact" in e):
                    col.add(
                        path, "name either two 'rules' or one derived 'fact'", expected=expected
                    )
                    continue
                if "rules" in e:
                    ids = col.text_list(e.get("rules"), path + ("rules",))
                    if len(ids) != 2:
                        col.add(path + ("rules",), "names exactly two rules", expected="[A, B]")
                        continue
                    for j, rid in enumerate(ids):
                        if rid not in rules:
                            col.add(
                                path + ("rules", j),
                                f"unknown rule '{rid}'",
                                expected="a rule id",
                                hint=did_you_mean(rid, rules),
                            )
                elif fact not in dfacts:
                    col.add(
                        path + ("fact",),
                        f"unknown derived fact '{fact}'",
                        expected="a fact from derived.yaml",
                        hint=did_you_mean(str(fact), dfacts),
                    )
                out.append(
                    AcceptedTension(
                        ids,
                        None if ids else str(fact),
                        col.text(e.get("because"), path + ("because",)),
                        src.file,
                        src.line(*path),
                    )
                )
            self.problems.extend(col.problems)
        return tuple(out)

    def accepted(self) -> tuple[Accepted, ...]:
        if self.raw_accepted is None or self.raw_accepted[1] is None:
            return ()
        src, raw = self.raw_accepted
        col = Collector(src)
        out = []
        if not isinstance(raw, list):
            col.add(
                ("accepted",),
                "must be a list",
                expected="- {check: ..., subject: ..., because: ...}",
            )
            raw = []
        for i, entry in enumerate(raw):
            path = ("accepted", i)
            e = col.mapping(entry, path, "an accepted finding")
            if e is None:
                continue
            col.keys(e, path, required=("check", "subject", "because"))
            out.append(
                Accepted(
                    col.text(e.get("check"), path + ("check",)),
                    col.text(e.get("subject"), path + ("subject",)),
                    col.text(e.get("because"), path + ("because",)),
                    src.file,
                    src.line(*path),
                )
            )
        self.problems.extend(col.problems)
        return tuple(out)

    # --- vocabulary -----------------------------------------------------------------------
    def vocabulary(self, src: Located | None) -> dict[str, FactDef]:
        if src is None:
            return {}
        col = Collector(src)
        data = col.mapping(src.data, (), "vocabulary.yaml") or {}
        col.keys(data, (), required=("facts",))
        out: dict[str, FactDef] = {}
        for name, entry in (col.mapping(data.get("facts", {}), ("facts",), "facts") or {}).items():
            path = ("facts", name)
            if not isinstance(name, str) or not NAME.match(name):
                col.add(path, f"'{name}' is not a valid fact name", expected="lower_case_words")
                continue
            if name in RULE_FACTS.values():
                col.add(path, f"'{name}' is reserved for rule conclusions")
                continue
            e = col.mapping(entry, path, f"fact '{name}'")
            if e is None:
                continue
            col.keys(
                e,
                path,
                required=("type", "group", "label", "question", "description"),
                optional=("values", "min", "max", "collected_because"),
            )
            ftype = e.get("type")
            if ftype not in FACT_TYPES:
                col.add(
                    path + ("type",),
                    f"'{ftype}' is not a fact type",
                    expected="one of: " + ", ".join(FACT_TYPES),
                    hint=did_you_mean(str(ftype), FACT_TYPES),
                )
                continue
            values: tuple[tuple[str, str], ...] = ()
            if ftype in ("enum", "set"):
                values = self.meanings(col, e.get("values"), path + ("values",))
            elif "values" in e:
                col.add(path + ("values",), f"a {ftype} fact has no list of values")
            lo, hi = e.get("min"), e.get("max")
            if ftype != "int" and (lo is not None or hi is not None):
                col.add(path, "only int facts take min and max")
            for bound, key in ((lo, "min"), (hi, "max")):
                if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int)):
                    col.add(path + (key,), "must be a whole number")
            out[name] = FactDef(
                name=name,
                type=ftype,
                group=col.text(e.get("group"), path + ("group",)),
                label=col.text(e.get("label"), path + ("label",)),
                question=col.text(e.get("question"), path + ("question",)),
                description=col.text(e.get("description"), path + ("description",)),
                values=values,
                minimum=lo if isinstance(lo, int) else None,
                maximum=hi if isinstance(hi, int) else None,
                line=src.line(*path),
                collected_because=col.text(
                    e.get("collected_because"), path + ("collected_because",), required=False
                ),
            )
        self.problems.extend(col.problems)
        return out

    def meanings(
        self, col: Collector, raw: Any, path: tuple[Any, ...]
    ) -> tuple[tuple[str, str], ...]:
        m = col.mapping(raw, path, "values")
        if not m:
            col.add(path, "needs at least one value with its meaning", expected="value: meaning")
            return ()
        out = []
        for value, meaning in m.items():
            if not isinstance(value, str) or not NAME.match(value) or value == "unknown":
                col.add(
                    path + (value,),
                    f"'{value}' is not a valid value name",
                    expected="lower_case_words, not 'unknown'",
                )
                continue
            out.append((value, col.text(meaning, path + (value,))))
        return tuple(out)

    # --- derived facts --------------------------------------------------------------------
    def derived(self, src: Located | None, facts: dict[str, FactDef]) -> dict[str, DerivedDef]:
        if src is None:
            return {}
        col = Collector(src)
        data = col.mapping(src.data, (), "derived.yaml") or {}
        col.keys(data, (), required=("derived",), optional=("tensions",))
        self.raw_tensions.append((src, data.get("tensions")))
        out: dict[str, DerivedDef] = {}
        for name, entry in (
            col.mapping(data.get("derived", {}), ("derived",), "derived") or {}
        ).items():
            path = ("derived", name)
            if not isinstance(name, str) or not NAME.match(name):
                col.add(path, f"'{name}' is not a valid name", expected="lower_case_words")
                continue
            if name in facts or name in RULE_FACTS.values():
                col.add(path, f"'{name}' is already a proposal fact or reserved")
                continue
            e = col.mapping(entry, path, f"derived fact '{name}'")
            if e is None:
                continue
            col.keys(
                e,
                path,
                required=("kind", "label", "description", "states"),
                optional=("family", "favourable"),
            )
            kind = e.get("kind")
            if kind not in DERIVED_KINDS:
                col.add(
                    path + ("kind",),
                    f"'{kind}' is not a derived-fact kind",
                    expected="one of: " + ", ".join(DERIVED_KINDS),
                    hint=did_you_mean(str(kind), DERIVED_KINDS),
                )
                continue
            out[name] = DerivedDef(
                name=name,
                kind=kind,
                label=col.text(e.get("label"), path + ("label",)),
                description=col.text(e.get("description"), path + ("description",)),
                states=self.meanings(col, e.get("states"), path + ("states",)),
                family=e.get("family") if isinstance(e.get("family"), str) else None,
                line=src.line(*path),
                favourable=self.favourable(col, path, e),
            )
        self.problems.extend(col.problems)
        return out

    def favourable(self, col: Collector, path: tuple[Any, ...], e: dict[str, Any]) -> str | None:
        """The state of a mechanism or outcome that counts in a proposal's favour (optional)."""
        value = e.get("favourable")
        raw = e.get("states")
        states: dict[Any, Any] = raw if isinstance(raw, dict) else {}
        if value is None:
            return None
        if value not in states:
            col.add(
                path + ("favourable",),
                f"'{value}' is not one of its states",
                expected="one of: " + ", ".join(map(str, states)),
                hint=did_you_mean(str(value), [str(k) for k in states]),
            )
            return None
        return str(value)

    # --- evidence -------------------------------------------------------------------------
    def evidence(self, src: Located | None) -> tuple[dict[str, Source], dict[str, Claim]]:
        if src is None:
            return {}, {}
        col = Collector(src)
        data = col.mapping(src.data, (), "evidence.yaml") or {}
        col.keys(data, (), required=("sources", "claims"))
        sources: dict[str, Source] = {}
        for sid, entry in (
            col.mapping(data.get("sources", {}), ("sources",), "sources") or {}
        ).items():
            path = ("sources", sid)
            e = col.mapping(entry, path, f"source '{sid}'")
            if e is None:
                continue
            col.keys(e, path, required=("citation", "link", "licence"))
            sources[str(sid)] = Source(
                id=str(sid),
                citation=col.text(e.get("citation"), path + ("citation",)),
                link=col.text(e.get("link"), path + ("link",)),
                licence=col.text(e.get("licence"), path + ("licence",)),
            )
        claims: dict[str, Claim] = {}
        for cid, entry in (
            col.mapping(data.get("claims", {}), ("claims",), "claims") or {}
        ).items():
            path = ("claims", cid)
            e = col.mapping(entry, path, f"claim '{cid}'")
            if e is None:
                continue
            col.keys(
                e,
                path,
                required=("source", "location", "summary", "status", "grade"),
                optional=("context", "mechanism", "outcome"),
            )
            source = e.get("source")
            if source not in sources:
                col.add(
                    path + ("source",),
                    f"unknown source '{source}'",
                    expected="a source id from 'sources'",
                    hint=did_you_mean(str(source), sources),
                )
            grade = e.get("grade")
            if grade not in GRADES:
                col.add(
                    path + ("grade",),
                    f"'{grade}' is not a grade",
                    expected="one of: " + ", ".join(GRADES),
                    hint=did_you_mean(str(grade), GRADES),
                )
            claims[str(cid)] = Claim(
                id=str(cid),
                source=str(source),
                location=col.text(e.get("location"), path + ("location",)),
                summary=col.text(e.get("summary"), path + ("summary",)),
                status=col.text(e.get("status"), path + ("status",)),
                grade=str(grade),
                context=col.text(e.get("context"), path + ("context",), required=False),
                mechanism=col.text(e.get("mechanism"), path + ("mechanism",), required=False),
                outcome=col.text(e.get("outcome"), path + ("outcome",), required=False),
            )
        self.problems.extend(col.problems)
        return sources, claims

    # --- rules ----------------------------------------------------------------------------
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
        scope, mitigates, lowers = self.risk_terms(col, path, e, kind, kinds)
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

    def condition(
        self,
        col: Collector,
        path: tuple[Any, ...],
        raw: Any,
        facts: dict[str, FactDef],
        dfacts: dict[str, DerivedDef],
        kinds: dict[str, Any],
    ) -> Condition | None:
        expected = "all: [...], any: [...], not: {...}, or {fact: NAME, equals: VALUE}"
        if not isinstance(raw, dict):
            col.add(path, "a condition must be a mapping", expected=expected)
            return None
        for combinator in ("all", "any"):
            if combinator in raw:
                col.keys(raw, path, required=(combinator,))
                items = raw[combinator]
                if not isinstance(items, list) or not items:
                    col.add(
                        path + (combinator,),
                        f"'{combinator}' needs a non-empty list of conditions",
                        expected=expected,
                    )
                    return None
                parsed = [
                    self.condition(col, path + (combinator, i), item, facts, dfacts, kinds)
                    for i, item in enumerate(items)
                ]
                if any(p is None for p in parsed):
                    return None
                return All(tuple(parsed)) if combinator == "all" else Any_(tuple(parsed))  # type: ignore[arg-type]
        if "not" in raw:
            col.keys(raw, path, required=("not",))
            inner = self.condition(col, path + ("not",), raw["not"], facts, dfacts, kinds)
            return Not(inner) if inner is not None else None
        if "fact" not in raw:
            col.add(
                path,
                "a condition needs 'fact', or 'all', 'any' or 'not'",
                expected=expected,
                hint=did_you_mean(next(iter(raw), ""), ("fact", "all", "any", "not")),
            )
            return None
        ops = [k for k in raw if k != "fact"]
        col.keys(raw, path, required=("fact",), optional=LEAF_OPS)
        ops = [k for k in ops if k in LEAF_OPS]
        if len(ops) != 1:
            col.add(
                path,
                "a fact test needs exactly one operator",
                expected="one of: " + ", ".join(LEAF_OPS),
            )
            return None
        fact, op = raw["fact"], ops[0]
        value = raw[op]
        return self.leaf(col, path, fact, op, value, facts, dfacts, kinds)

    def leaf(
        self,
        col: Collector,
        path: tuple[Any, ...],
        fact: Any,
        op: str,
        value: Any,
        facts: dict[str, FactDef],
        dfacts: dict[str, DerivedDef],
        kinds: dict[str, Any],
    ) -> Leaf | None:
        if op in ("known", "unknown"):
            if value is not True:
                col.add(path + (op,), f"'{op}' takes the value true", expected=f"{op}: true")
                return None
        if fact in RULE_FACTS.values():
            kind = next(k for k, v in RULE_FACTS.items() if v == fact)
            ids = [k for k, v in kinds.items() if v == kind]
            values = value if op == "in" else [value]
            if op not in ("equals", "in"):
                col.add(path, f"'{fact}' can only be tested with equals or in")
                return None
            for v in values if isinstance(values, list) else [values]:
                if v not in ids:
                    col.add(
                        path + (op,),
                        f"'{v}' is not a {kind} rule",
                        expected=f"a {kind} rule id",
                        hint=did_you_mean(str(v), ids),
                    )
            return Leaf(fact, op, tuple(values) if op == "in" else value)
        if fact in dfacts:
            d = dfacts[fact]
            if op in ORDER_OPS:
                col.add(
                    path,
                    f"derived fact '{fact}' has states, not numbers",
                    expected="equals, in, known or unknown",
                )
                return None
            if op in ("equals", "in"):
                values = value if op == "in" else [value]
                if not isinstance(values, list):
                    col.add(path + (op,), "'in' takes a list", expected="[a, b]")
                    return None
                for v in values:
                    if v not in d.state_names:
                        col.add(
                            path + (op,),
                            f"'{v}' is not a state of '{fact}'",
                            expected="one of: " + ", ".join(d.state_names),
                            hint=did_you_mean(str(v), d.state_names),
                        )
                return Leaf(fact, op, tuple(values) if op == "in" else value)
            return Leaf(fact, op, None)
        if fact not in facts:
            col.add(
                path + ("fact",),
                f"unknown fact '{fact}'",
                expected="a fact from vocabulary.yaml or derived.yaml",
                hint=did_you_mean(
                    str(fact), list(facts) + list(dfacts) + list(RULE_FACTS.values())
                ),
            )
            return None
        f = facts[fact]
        if op in ("known", "unknown"):
            return Leaf(fact, op, None)
        if op in ORDER_OPS:
            if f.type != "int":
                col.add(
                    path,
                    f"'{op}' compares numbers, but '{fact}' is a {f.type} fact",
                    expected="equals or in",
                )
                return None
            if isinstance(value, bool) or not isinstance(value, int):
                col.add(path + (op,), f"'{value}' is not a whole number", expected="a whole number")
                return None
            return Leaf(fact, op, value)
        values = value if op == "in" else [value]
        if not isinstance(values, list) or not values:
            col.add(path + (op,), "'in' takes a non-empty list", expected="[a, b]")
            return None
        scalar_def = FactDef(
            f.name,
            "enum" if f.type == "set" else f.type,
            f.group,
            f.label,
            f.question,
            f.description,
            f.values,
            f.minimum,
            f.maximum,
        )
        for j, v in enumerate(values):
            p = path + (op,) if op == "equals" else path + (op, j)
            if v is None or v == "unknown":
                col.add(p, "test for an unknown fact with 'unknown: true'", expected="a value")
            else:
                normalise_value(scalar_def, v, col, p)
        return Leaf(fact, op, tuple(values) if op == "in" else value)

    # --- cases ----------------------------------------------------------------------------
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
                out.append(
                    Case(rid, name, tuple(sorted(values)), str(expect), src.file, src.line(*p))
                )
        self.problems.extend(col.problems)
        return out

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


def _with_stratum(rule: Rule, stratum: int) -> Rule:
    return replace(rule, stratum=stratum)
