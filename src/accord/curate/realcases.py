"""The real-case library: real collaborations with what a sound assessment must say about them.

The library ships inside a knowledge-base folder:

- ``concerns.yaml``: the controlled list of concerns a board is warned about, each naming the
  risk rules that warn about it;
- ``realcases/library.yaml``: per case, its proposal file, title, outcome, sources and
  expectations (must_warn, must_not_warn, highest_severity, protective, call, no_synergy,
  not_form_driven), and a ``threshold`` for the ``kb check`` step;
- ``realcases/*.yaml``: the proposals themselves (outcomes only in their header comments).

``load_library`` validates all of it against the knowledge base; ``run_library`` assesses every
case with the engine and says, per expectation, whether it holds, fails, or fails while waiting
on work that is still to come (``waits_on``); ``library_score`` gives the "warns about N of M
documented causes" figure for a knowledge-base version.

Judgement attributes. Raised risks may carry ``likelihood`` and ``scope``, and the Assessment
``in_favour``, once the weighing of issue 10 lands. They are read only through
``risk_likelihood``, ``risk_scope`` and ``in_favour_pairs``, which fall back to "likely",
"proposal" and nothing, so this module works before and after that change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.engine import Engine, get_engine
from accord.engine.assessment import Assessment, Risk
from accord.engine.explain import assess
from accord.errors import (
    AccordError,
    KnowledgeBaseError,
    Problem,
    did_you_mean,
    problems_error,
)
from accord.inputs.proposal import FactValue, Proposal, load_proposal, proposal_from_facts
from accord.kb.model import SEVERITIES, KnowledgeBase, Scalar, severity_rank
from accord.kb.problems import Collector
from accord.kb.values import normalise_value
from accord.kb.yamlread import Located, load_yaml

CONCERNS_FILE = "concerns.yaml"
LIBRARY_DIR = "realcases"
LIBRARY_FILE = f"{LIBRARY_DIR}/library.yaml"

CALL_LEVELS = ("high concern", "some concern", "low concern", "insufficient information")
# The ultimate outcomes of collaboration (BM-01): "likely" for any of them is a prediction of benefit.
ULTIMATE_OUTCOMES = (
    "innovation",
    "duplication_reduced",
    "best_practice_shared",
    "resource_access",
    "service_gaps_reduced",
    "influence",
)
SYNERGY = ("performance", "synergy")
CONCERN_ID = re.compile(r"^[a-z][a-z0-9_]*$")

HOLDS, FAILS, WAITS = "holds", "fails", "waits"
CASE_KEYS = (
    "file",
    "title",
    "outcome",
    "sources",
    "must_warn",
    "must_not_warn",
    "highest_severity",
    "protective",
    "call",
    "no_synergy",
    "not_form_driven",
)


# --- the library as records ---------------------------------------------------------------


@dataclass(frozen=True)
class Concern:
    """A concern a board is warned about (concerns.yaml) and the risk rules that warn about it."""

    id: str
    label: str
    description: str
    risks: tuple[str, ...]
    waits_on: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Expectation:
    """One thing a sound assessment must do on a case.

    kind is one of must_warn, must_not_warn, highest_severity, protective, call, no_synergy,
    not_form_driven. concern and severity serve the warn kinds (severity alone serves
    highest_severity), fact and value serve protective (about when the fact cannot be stated
    yet), levels serve call.
    """

    kind: str
    concern: str = ""
    severity: str = ""
    fact: str = ""
    value: FactValue | None = None
    about: str = ""
    levels: tuple[str, ...] = ()
    note: str = ""
    waits_on: str = ""
    line: int | None = None

    @property
    def subject(self) -> str:
        """A short name for the expectation, unique within its case."""
        if self.kind in ("must_warn", "must_not_warn"):
            return f"{self.kind} {self.concern} ({self.severity})"
        if self.kind == "highest_severity":
            return f"highest_severity {self.severity}"
        if self.kind == "protective":
            return (
                f"protective {self.fact}={_show(self.value)}"
                if self.fact
                else (f"protective: {self.about}")
            )
        if self.kind == "call":
            return "call " + " | ".join(self.levels)
        return self.kind


@dataclass(frozen=True)
class SourceRef:
    title: str
    address: str = ""


@dataclass(frozen=True)
class RealCase:
    """A case of the library: its proposal, what happened, where that is told, and expectations."""

    file: str  # the proposal's file name inside realcases/
    title: str
    outcome: str
    sources: tuple[SourceRef, ...]
    expectations: tuple[Expectation, ...]
    proposal: Proposal
    line: int | None = None

    @property
    def name(self) -> str:
        return self.file.removesuffix(".yaml")


@dataclass(frozen=True)
class Library:
    """A validated library; warnings are problems that do not stop it from running."""

    concerns: dict[str, Concern]
    cases: tuple[RealCase, ...]
    threshold: int
    warnings: tuple[Problem, ...]
    root: str

    def case_paths(self) -> tuple[Path, ...]:
        """The proposal files of the cases, in library order."""
        return tuple(Path(self.root) / LIBRARY_DIR / c.file for c in self.cases)


def has_library(kb: KnowledgeBase) -> bool:
    """True when the knowledge-base folder holds a real-case library (or its concerns list)."""
    root = Path(kb.root)
    return bool(kb.root) and ((root / LIBRARY_FILE).is_file() or (root / CONCERNS_FILE).is_file())


def load_library(kb: KnowledgeBase) -> Library | None:
    """Load and validate the real-case library of kb's folder (``kb.root``).

    Returns None when the folder has neither concerns.yaml nor realcases/library.yaml.
    Raises KnowledgeBaseError carrying every problem (file, line, field, did-you-mean) when
    anything is wrong; warnings (a risk rule in no concern, a case file not in the library,
    an expectation no rule can meet yet that does not say what it waits on) are kept in
    Library.warnings.
    """
    if not has_library(kb):
        return None
    lib, problems = _read(kb)
    if lib is None or any(p.severity == "error" for p in problems):
        raise problems_error(
            KnowledgeBaseError, f"{kb.root}: the real-case library is not valid", problems
        )
    return lib


def library_problems(kb: KnowledgeBase) -> list[Problem]:
    """Every problem and warning of the library of kb's folder (none when it has no library)."""
    if not has_library(kb):
        return []
    return _read(kb)[1]


def _read(kb: KnowledgeBase) -> tuple[Library | None, list[Problem]]:
    root = Path(kb.root)
    problems: list[Problem] = []
    located: dict[str, Located] = {}
    for name in (CONCERNS_FILE, LIBRARY_FILE):
        path = root / name
        if not path.is_file():
            problems.append(
                Problem(
                    name,
                    f"missing file {name}",
                    hint="the library needs both files; see rules/README.md",
                )
            )
            continue
        try:
            located[name] = load_yaml(path, name)
        except AccordError as exc:
            problems.extend(exc.problems or [Problem(name, exc.message)])
    if len(located) < 2:
        return None, problems
    concerns = _concerns(located[CONCERNS_FILE], kb, problems)
    lib = _library(located[LIBRARY_FILE], kb, concerns, problems)
    problems.sort(key=lambda p: (p.severity != "error", p.file, p.line or 0, p.message))
    if lib is None:
        return None, problems
    warnings = tuple(p for p in problems if p.severity == "warning")
    return Library(lib[0], lib[1], lib[2], warnings, str(root)), problems


def _concerns(src: Located, kb: KnowledgeBase, problems: list[Problem]) -> dict[str, Concern]:
    col = Collector(src)
    data = col.mapping(src.data, (), CONCERNS_FILE) or {}
    col.keys(data, (), required=("concerns",))
    raw = data.get("concerns")
    out: dict[str, Concern] = {}
    risk_ids = sorted(r.id for r in kb.rules if r.kind == "risk")
    if raw is not None and not isinstance(raw, list):
        col.add(("concerns",), "must be a list of concerns", expected="- id: ...")
        raw = []
    for i, entry in enumerate(raw or []):
        path = ("concerns", i)
        e = col.mapping(entry, path, "a concern")
        if e is None:
            continue
        col.keys(e, path, required=("id", "label", "description", "risks"), optional=("waits_on",))
        cid = col.text(e.get("id"), path + ("id",))
        if cid and not CONCERN_ID.match(cid):
            col.add(path + ("id",), f"'{cid}' is not a concern id", expected="lower_case_words")
        if cid in out:
            col.add(path + ("id",), f"concern '{cid}' is listed twice", hint="keep one of them")
            continue
        risks = col.text_list(e.get("risks", []) or [], path + ("risks",))
        for j, rid in enumerate(risks):
            if rid in kb.rule_index and kb.rule(rid).kind == "risk":
                continue
            what = (
                f"{rid} is a {kb.rule(rid).kind} rule"
                if rid in kb.rule_index
                else (f"no risk rule {rid}")
            )
            col.add(
                path + ("risks", j),
                f"{what}",
                expected="ids of risk rules (*.rules.yaml, kind: risk)",
                hint=did_you_mean(rid, risk_ids),
            )
        waits = col.text(e.get("waits_on"), path + ("waits_on",), required=False)
        if not risks and not waits:
            col.add(
                path + ("risks",),
                f"no risk rule warns about concern '{cid}'",
                hint="name the risk rules that warn about it, or say what it waits on (waits_on)",
                severity="warning",
            )
        if cid:
            out[cid] = Concern(
                cid,
                col.text(e.get("label"), path + ("label",)),
                col.text(e.get("description"), path + ("description",)),
                risks,
                waits,
                src.line(*path),
            )
    problems.extend(col.problems)
    covered = {r for c in out.values() for r in c.risks}
    for rule in kb.rules:
        if rule.kind == "risk" and rule.id not in covered:
            problems.append(
                Problem(
                    rule.file,
                    f"risk {rule.id} belongs to no concern in {CONCERNS_FILE}",
                    line=rule.line,
                    field="id",
                    hint=f"add {rule.id} to the risks of the concern it warns about "
                    f"(or a new concern) in {CONCERNS_FILE}",
                    severity="warning",
                )
            )
    return out


def _library(
    src: Located, kb: KnowledgeBase, concerns: dict[str, Concern], problems: list[Problem]
) -> tuple[dict[str, Concern], tuple[RealCase, ...], int] | None:
    col = Collector(src)
    data = col.mapping(src.data, (), LIBRARY_FILE)
    if data is None:
        problems.extend(col.problems)
        return None
    col.keys(data, (), required=("cases",), optional=("threshold",))
    threshold = 0
    t = data.get("threshold")
    if t is not None:
        tm = col.mapping(t, ("threshold",), "'threshold'")
        if tm is not None:
            col.keys(tm, ("threshold",), required=("holding",))
            h = tm.get("holding")
            if isinstance(h, int) and not isinstance(h, bool) and h >= 0:
                threshold = h
            elif "holding" in tm:
                col.add(
                    ("threshold", "holding"),
                    f"'{h}' is not a count",
                    expected="a whole number of expectations, 0 or more",
                )
    folder = Path(kb.root) / LIBRARY_DIR
    on_disk = sorted(p.name for p in folder.glob("*.yaml") if p.name != "library.yaml")
    raw = data.get("cases")
    if not isinstance(raw, list) or not raw:
        col.add(("cases",), "must be a non-empty list of cases", expected="- file: ...")
        raw = []
    cases: list[RealCase] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        case = _case(col, entry, ("cases", i), kb, concerns, on_disk, folder, problems)
        if case is None:
            continue
        if case.file in seen:
            col.add(("cases", i, "file"), f"case {case.file} is listed twice", hint="keep one")
            continue
        seen.add(case.file)
        cases.append(case)
    for name in on_disk:
        if name not in seen and not any(
            p.field and p.field.endswith(".file") and p.severity == "error" for p in col.problems
        ):
            problems.append(
                Problem(
                    f"{LIBRARY_DIR}/{name}",
                    f"this proposal is not a case of {LIBRARY_FILE}",
                    hint="add it to the library with its outcome, sources and expectations, "
                    "or move it out of the folder",
                    severity="warning",
                )
            )
    problems.extend(col.problems)
    return concerns, tuple(cases), threshold


def _case(
    col: Collector,
    entry: Any,
    path: tuple[Any, ...],
    kb: KnowledgeBase,
    concerns: dict[str, Concern],
    on_disk: list[str],
    folder: Path,
    problems: list[Problem],
) -> RealCase | None:
    e = col.mapping(entry, path, "a case")
    if e is None:
        return None
    col.keys(e, path, required=("file", "title", "outcome", "sources", "call"), optional=CASE_KEYS)
    file = col.text(e.get("file"), path + ("file",))
    proposal: Proposal | None = None
    if file and file not in on_disk:
        col.add(
            path + ("file",),
            f"no proposal {file} in {LIBRARY_DIR}/",
            expected="the name of a proposal file beside library.yaml",
            hint=did_you_mean(file, on_disk),
        )
    elif file:
        try:
            proposal = load_proposal(folder / file, kb)
        except AccordError as exc:
            for p in exc.problems or [Problem(file, exc.message)]:
                problems.append(
                    Problem(
                        f"{LIBRARY_DIR}/{Path(p.file).name}",
                        p.message,
                        line=p.line,
                        field=p.field,
                        expected=p.expected,
                        hint=p.hint,
                        severity=p.severity,
                    )
                )
    title = col.text(e.get("title"), path + ("title",))
    outcome = col.text(e.get("outcome"), path + ("outcome",))
    sources = _sources(col, e.get("sources"), path + ("sources",))
    stated = proposal.fact_map() if proposal is not None else None
    exp: list[Expectation] = []
    for kind in ("must_warn", "must_not_warn"):
        for j, item in enumerate(_items(col, e.get(kind), path + (kind,))):
            exp.extend(_warn(col, item, path + (kind, j), kind, concerns))
    if "highest_severity" in e:
        sev = _severity(col, e.get("highest_severity"), path + ("highest_severity",))
        exp.append(
            Expectation(
                "highest_severity", severity=sev, line=col.src.line(*path, "highest_severity")
            )
        )
    for j, item in enumerate(_items(col, e.get("protective"), path + ("protective",))):
        exp.extend(_protective(col, item, path + ("protective", j), kb, stated))
    exp.append(_call(col, e.get("call"), path + ("call",)))
    for flag in ("no_synergy", "not_form_driven"):
        if flag in e:
            value = e.get(flag)
            if not isinstance(value, bool):
                col.add(path + (flag,), f"'{value}' is not true or false", expected="true or false")
            elif value:
                exp.append(Expectation(flag, line=col.src.line(*path, flag)))
    if proposal is None or not file:
        return None
    return RealCase(file, title, outcome, sources, tuple(exp), proposal, col.src.line(*path))


def _items(
    col: Collector, raw: Any, path: tuple[Any, ...]
) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        col.add(path, "must be a list", expected="- {...}")
        return []
    out = []
    for j, item in enumerate(raw):
        m = col.mapping(item, path + (j,), "an expectation")
        if m is not None:
            out.append((m, path + (j,)))
    return out


def _sources(col: Collector, raw: Any, path: tuple[Any, ...]) -> tuple[SourceRef, ...]:
    out = []
    for m, p in _items(col, raw, path):
        col.keys(m, p, required=("title",), optional=("address",))
        out.append(
            SourceRef(
                col.text(m.get("title"), p + ("title",)),
                col.text(m.get("address"), p + ("address",), required=False),
            )
        )
    if not out:
        col.add(path, "a case needs at least one source", expected="- {title: ..., address: ...}")
    return tuple(out)


def _severity(col: Collector, value: Any, path: tuple[Any, ...]) -> str:
    if isinstance(value, str) and value in SEVERITIES:
        return value
    col.add(
        path,
        f"'{value}' is not a severity",
        expected="one of: " + ", ".join(SEVERITIES),
        hint=did_you_mean(str(value), SEVERITIES),
    )
    return ""


def _waits(col: Collector, m: dict[str, Any], path: tuple[Any, ...]) -> str:
    return col.text(m.get("waits_on"), path + ("waits_on",), required=False)


def _warn(
    col: Collector,
    item: tuple[dict[str, Any], tuple[Any, ...]],
    path: tuple[Any, ...],
    kind: str,
    concerns: dict[str, Concern],
) -> list[Expectation]:
    m, _ = item
    col.keys(m, path, required=("concern", "severity"), optional=("note", "waits_on"))
    cid = col.text(m.get("concern"), path + ("concern",))
    if cid and cid not in concerns:
        col.add(
            path + ("concern",),
            f"unknown concern '{cid}'",
            expected=f"a concern id from {CONCERNS_FILE}",
            hint=did_you_mean(cid, concerns),
        )
        return []
    waits = _waits(col, m, path)
    if (
        kind == "must_warn"
        and cid
        and not concerns[cid].risks
        and not (waits or concerns[cid].waits_on)
    ):
        col.add(
            path,
            f"no risk rule warns about concern '{cid}', so this expectation cannot hold",
            hint=f"add the rule's id to '{cid}' in {CONCERNS_FILE}, or say what it waits on (waits_on)",
            severity="warning",
        )
    return [
        Expectation(
            kind,
            concern=cid,
            severity=_severity(col, m.get("severity"), path + ("severity",)),
            note=col.text(m.get("note"), path + ("note",), required=False),
            waits_on=waits,
            line=col.src.line(*path),
        )
    ]


def _protective(
    col: Collector,
    item: tuple[dict[str, Any], tuple[Any, ...]],
    path: tuple[Any, ...],
    kb: KnowledgeBase,
    stated: dict[str, FactValue] | None,
) -> list[Expectation]:
    m, _ = item
    line = col.src.line(*path)
    if "about" in m:  # a protective fact the vocabulary cannot state yet
        col.keys(m, path, required=("about", "waits_on"), optional=("note",))
        return [
            Expectation(
                "protective",
                about=col.text(m.get("about"), path + ("about",)),
                note=col.text(m.get("note"), path + ("note",), required=False),
                waits_on=_waits(col, m, path),
                line=line,
            )
        ]
    col.keys(m, path, required=("fact", "value"), optional=("note", "waits_on"))
    name = m.get("fact")
    fdef = kb.facts.get(name) if isinstance(name, str) else None
    if fdef is None:
        col.add(
            path + ("fact",),
            f"unknown fact '{name}'",
            expected="a fact from vocabulary.yaml (or 'about:' with 'waits_on:' for one it cannot state yet)",
            hint=did_you_mean(str(name), kb.facts),
        )
        return []
    value = normalise_value(fdef, m.get("value"), col, path + ("value",))
    if value is None:
        return []
    if stated is not None and stated.get(fdef.name) != value:
        got = stated.get(fdef.name)
        col.add(
            path + ("value",),
            f"the case states {fdef.name}={_show(got)}, not {_show(value)}"
            if got is not None
            else f"the case does not state {fdef.name}",
            expected="a protective fact the case's proposal states",
        )
    return [
        Expectation(
            "protective",
            fact=fdef.name,
            value=value,
            note=col.text(m.get("note"), path + ("note",), required=False),
            waits_on=_waits(col, m, path),
            line=line,
        )
    ]


def _call(col: Collector, raw: Any, path: tuple[Any, ...]) -> Expectation:
    levels = col.text_list(raw, path) if raw is not None else ()
    good = []
    for j, level in enumerate(levels):
        if level in CALL_LEVELS:
            good.append(level)
        else:
            col.add(
                path + (j,),
                f"'{level}' is not a call",
                expected="one or more of: " + ", ".join(CALL_LEVELS),
                hint=did_you_mean(level, CALL_LEVELS),
            )
    if raw is not None and not levels:
        col.add(path, "name at least one call", expected="a list such as [high concern]")
    return Expectation("call", levels=tuple(good), line=col.src.line(*path))


# --- reading an assessment (judgement attributes through accessors) --------------------------


def risk_likelihood(risk: Risk) -> str:
    """The likelihood the weighing standard gave a raised risk: "likely" or "possible"."""
    return risk.likelihood


def risk_scope(risk: Risk, kb: KnowledgeBase | None = None) -> str:
    """ "form" when the risk holds for every proposal of its form (context only), else
    "proposal"; kb is accepted for callers that pass it and not needed."""
    return risk.scope


def in_favour_pairs(assessment: Assessment) -> frozenset[tuple[str, Scalar | tuple[str, ...]]]:
    """The stated (fact, value) pairs the assessment shows in the proposal's favour."""
    return frozenset((f, v) for entry in assessment.in_favour for f, v in entry.facts)


def raised(assessment: Assessment) -> tuple[Risk, ...]:
    """Risks the assessment raises (a risk weighed as "unlikely" is considered, not raised)."""
    return tuple(r for r in assessment.risks if risk_likelihood(r) != "unlikely")


# --- running the library -------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    expectation: Expectation
    status: str  # holds, fails or waits (fails, and marked as waiting on later work)
    detail: str


@dataclass(frozen=True)
class CaseResult:
    case: RealCase
    level: str
    risks: tuple[tuple[str, str, str, str], ...]  # (id, severity, likelihood, scope)
    results: tuple[Result, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass(frozen=True)
class Score:
    """How many documented causes (must_warn expectations) the assessments warn about."""

    warned: int
    causes: int
    kb_version: str

    @property
    def text(self) -> str:
        return f"warns about {self.warned} of {self.causes} documented causes in its case library"


@dataclass(frozen=True)
class LibraryReport:
    kb_name: str
    kb_version: str
    kb_hash: str
    engine: str
    threshold: int
    cases: tuple[CaseResult, ...]

    @property
    def results(self) -> tuple[Result, ...]:
        return tuple(r for c in self.cases for r in c.results)

    @property
    def score(self) -> Score:
        causes = [r for r in self.results if r.expectation.kind == "must_warn"]
        return Score(sum(r.status == HOLDS for r in causes), len(causes), self.kb_version)

    @property
    def holding(self) -> int:
        """Expectations not marked as waiting that hold: what the threshold is compared with."""
        return sum(1 for r in self.results if r.status == HOLDS and not r.expectation.waits_on)

    @property
    def not_waiting(self) -> int:
        return sum(1 for r in self.results if not r.expectation.waits_on)

    @property
    def ok(self) -> bool:
        """At or above the threshold stated in library.yaml."""
        return self.holding >= self.threshold


def run_library(
    kb: KnowledgeBase, engine: Engine | str = "auto", library: Library | None = None
) -> LibraryReport | None:
    """Assess every case of kb's library and evaluate each expectation.

    Returns None when kb's folder has no library; raises KnowledgeBaseError when it is invalid.
    The same knowledge base gives the same report on either engine.
    """
    lib = library or load_library(kb)
    if lib is None:
        return None
    eng = get_engine(kb, engine) if isinstance(engine, str) else engine
    out = []
    for case in lib.cases:
        a = assess(case.proposal, kb, eng, missing=False)
        form_wide = _form_wide(kb, eng, case.proposal)
        results = tuple(_evaluate(x, a, lib.concerns, form_wide, kb) for x in case.expectations)
        risks = tuple(
            (
                r.id,
                r.severity,
                risk_likelihood(r),
                "form" if r.id in form_wide or risk_scope(r, kb) == "form" else "proposal",
            )
            for r in raised(a)
        )
        out.append(CaseResult(case, a.overall.level, risks, results))
    return LibraryReport(kb.name, kb.version, kb.content_hash, eng.name, lib.threshold, tuple(out))


_form_probe: dict[tuple[str, str, str], frozenset[str]] = {}


def _form_wide(kb: KnowledgeBase, eng: Engine, proposal: Proposal) -> frozenset[str]:
    """Risks that hold for every proposal of this proposal's form.

    A risk is form-wide when its scope is "form" (once the judgement marks it) or when it is
    raised for a proposal that states the form and nothing else: such a finding comes from the
    form alone, so it cannot by itself tell this proposal from any other of its form.
    """
    form = proposal.fact_map().get("form")
    if not isinstance(form, str):
        return frozenset()
    key = (kb.content_hash, eng.name, form)
    if key not in _form_probe:
        bare = assess(proposal_from_facts({"form": form}, kb), kb, eng, missing=False)
        _form_probe[key] = frozenset(r.id for r in raised(bare))
    return _form_probe[key]


def _risk_words(r: Risk, form_wide: frozenset[str], kb: KnowledgeBase) -> str:
    scope = "form-wide" if r.id in form_wide or risk_scope(r, kb) == "form" else ""
    return f"{r.id} ({', '.join(x for x in (r.severity, risk_likelihood(r), scope) if x)})"


def _evaluate(
    x: Expectation,
    a: Assessment,
    concerns: dict[str, Concern],
    form_wide: frozenset[str],
    kb: KnowledgeBase,
) -> Result:
    risks = raised(a)
    held, detail = False, ""
    if x.kind in ("must_warn", "must_not_warn"):
        ids = set(concerns[x.concern].risks)
        mine = [r for r in risks if r.id in ids]
        enough = [r for r in mine if severity_rank(r.severity) >= severity_rank(x.severity)]
        if x.kind == "must_warn":
            held = bool(enough)
            if enough:
                detail = "warned by " + ", ".join(_risk_words(r, form_wide, kb) for r in enough)
            elif mine:
                detail = (
                    "only below "
                    + x.severity
                    + ": "
                    + ", ".join(_risk_words(r, form_wide, kb) for r in mine)
                )
            elif not ids:
                detail = "no risk rule warns about this concern yet"
            else:
                detail = "none of " + ", ".join(sorted(ids)) + " is raised"
        else:
            held = not enough
            detail = (
                "raised: " + ", ".join(_risk_words(r, form_wide, kb) for r in enough)
                if enough
                else "not raised"
            )
    elif x.kind == "highest_severity":
        above = [r for r in risks if severity_rank(r.severity) > severity_rank(x.severity)]
        held = not above
        detail = (
            "raised above it: " + ", ".join(_risk_words(r, form_wide, kb) for r in above)
            if above
            else "none above it"
        )
    elif x.kind == "protective":
        if not x.fact:
            held, detail = False, "the vocabulary cannot state this yet"
        else:
            pair = (x.fact, x.value)
            shown = pair in in_favour_pairs(a)
            against = [r for r in risks if pair in r.facts]
            held = shown and not against
            parts = ["shown in its favour" if shown else "not shown in its favour"]
            if against:
                parts.append("behind " + ", ".join(_risk_words(r, form_wide, kb) for r in against))
            detail = "; ".join(parts)
    elif x.kind == "call":
        held = a.overall.level in x.levels
        detail = a.overall.level
    elif x.kind == "no_synergy":
        states = {m.name: m.state for m in a.mechanisms}
        bad = []
        if states.get(SYNERGY[0]) == SYNERGY[1]:
            bad.append("performance synergy")
        likely = [o for o in ULTIMATE_OUTCOMES if states.get(o) == "likely"]
        if likely:
            bad.append("likely: " + ", ".join(likely))
        held = not bad
        detail = (
            "; ".join(bad)
            if bad
            else f"performance {states.get(SYNERGY[0], 'no signal')}; no ultimate benefit likely"
        )
    elif x.kind == "not_form_driven":
        need = {"high concern": ("high",), "some concern": ("medium", "high")}.get(a.overall.level)
        if need is None:
            held, detail = True, a.overall.level
        else:
            own = [
                r
                for r in risks
                if r.severity in need and r.id not in form_wide and risk_scope(r, kb) != "form"
            ]
            held = bool(own)
            detail = (
                f"{a.overall.level} from " + ", ".join(_risk_words(r, form_wide, kb) for r in own)
                if own
                else f"{a.overall.level} only from form-wide findings: "
                + ", ".join(_risk_words(r, form_wide, kb) for r in risks if r.severity in need)
            )
    status = HOLDS if held else (WAITS if x.waits_on else FAILS)
    if held and x.waits_on:
        detail += f" (marked as waiting on {x.waits_on}: remove waits_on)"
    return Result(x, status, detail)


# --- output ---------------------------------------------------------------------------------


def render_text(report: LibraryReport) -> str:
    """The report in words: the score, then per case its call, risks and every expectation."""
    s = report.score
    lines = [
        f"real-case library of {report.kb_name} {report.kb_version} (engine {report.engine})",
        f"{s.text}; {summary(report)}",
    ]
    for c in report.cases:
        lines.append("")
        lines.append(f"{c.case.name}: {c.case.title}")
        lines.append(f"  call: {c.level}")
        risks = ", ".join(
            f"{i} ({sev}, {lik}{', form-wide' if sc == 'form' else ''})"
            for i, sev, lik, sc in c.risks
        )
        lines.append(f"  risks: {risks or 'none'}")
        for r in c.results:
            tag = {HOLDS: "holds", FAILS: "FAILS", WAITS: "waits"}[r.status]
            wait = f" [waits on {r.expectation.waits_on}]" if r.status == WAITS else ""
            lines.append(f"  {tag:5} {r.expectation.subject}{wait}: {r.detail}")
    return "\n".join(lines) + "\n"


def summary(report: LibraryReport) -> str:
    """One line: expectations holding, failing and waiting, against the threshold."""
    n = len(report.results)
    fails = sum(r.status == FAILS for r in report.results)
    waits = sum(r.status == WAITS for r in report.results)
    return (
        f"{n - fails - waits} of {n} expectations hold, {fails} fail, {waits} wait on later work; "
        f"threshold {report.threshold} of {report.not_waiting} that do not wait"
    )


def report_json(report: LibraryReport) -> dict[str, object]:
    """The report as plain data for JSON (keys sorted by the caller's dump)."""
    s = report.score
    return {
        "kb": {"name": report.kb_name, "version": report.kb_version, "hash": report.kb_hash},
        "engine": report.engine,
        "score": {"warned": s.warned, "causes": s.causes, "text": s.text},
        "threshold": report.threshold,
        "holding": report.holding,
        "not_waiting": report.not_waiting,
        "ok": report.ok,
        "cases": [
            {
                "file": c.case.file,
                "title": c.case.title,
                "call": c.level,
                "risks": [
                    {"id": i, "severity": sev, "likelihood": lik, "scope": sc}
                    for i, sev, lik, sc in c.risks
                ],
                "expectations": [
                    {
                        "kind": r.expectation.kind,
                        "subject": r.expectation.subject,
                        "status": r.status,
                        "detail": r.detail,
                        "waits_on": r.expectation.waits_on or None,
                        "note": r.expectation.note or None,
                        "line": r.expectation.line,
                    }
                    for r in c.results
                ],
            }
            for c in report.cases
        ],
    }


def check_lines(report: LibraryReport) -> tuple[str, ...]:
    """Per case, one line of counts, then each failing or waiting expectation (for kb check)."""
    out = []
    for c in report.cases:
        out.append(
            f"{c.case.name}: {c.count(HOLDS)} hold, {c.count(FAILS)} fail, {c.count(WAITS)} wait"
        )
        for r in c.results:
            if r.status != HOLDS:
                wait = f" [waits on {r.expectation.waits_on}]" if r.status == WAITS else ""
                out.append(f"  {r.status} {r.expectation.subject}{wait}: {r.detail}")
    if report.holding > report.threshold:
        out.append(
            f"note: {report.holding} expectations hold; raise threshold.holding in {LIBRARY_FILE} "
            f"from {report.threshold} to {report.holding} to keep them"
        )
    return tuple(out)


_scores: dict[str, Score | None] = {}


def library_score(kb: KnowledgeBase) -> Score | None:
    """The score of kb's library ("warns about N of M documented causes in its case library").

    Cached per knowledge-base content hash; None when kb's folder has no library. Computed with
    the reference evaluator, which the differential tests keep equal to durable-rules. Raises
    KnowledgeBaseError when the library is invalid.
    """
    if kb.content_hash not in _scores:
        report = run_library(kb, "reference")
        _scores[kb.content_hash] = report.score if report is not None else None
    return _scores[kb.content_hash]


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)


def paths(kb: KnowledgeBase) -> Iterable[Path]:
    """The proposal files of kb's library, for comparing advice (empty when it has none)."""
    lib = load_library(kb)
    return lib.case_paths() if lib is not None else ()


def library_statement(kb: KnowledgeBase) -> str:
    """kb's score on its real-case library in words, for the method section of every format.

    "warns about N of M documented causes in its case library" (library_score), or a sentence
    saying the library is missing or invalid: rendering never fails for the library's sake.
    Raises nothing.
    """
    try:
        score = library_score(kb)
    except KnowledgeBaseError:
        return "could not be scored: its case library has errors (see accord kb check)"
    return score.text if score is not None else "has no case library to be scored on"
