"""Read and validate a real-case library (concerns.yaml and realcases/library.yaml) against
its knowledge base."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accord.curate.realcase_expectations import (
    call_expectation,
    case_sources,
    expectation_items,
    expected_severity,
    protective_expectations,
    warn_expectations,
)
from accord.curate.realcase_records import (
    CASE_KEYS,
    CONCERN_ID,
    CONCERNS_FILE,
    LIBRARY_DIR,
    LIBRARY_FILE,
    Concern,
    Expectation,
    Library,
    RealCase,
)
from accord.errors import AccordError, KnowledgeBaseError, Problem, did_you_mean, problems_error
from accord.inputs.proposal import Proposal, load_proposal
from accord.kb.model import KnowledgeBase
from accord.kb.problems import Collector
from accord.kb.yamlread import Located, load_yaml


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
        risks = _concern_risks(col, e, path, kb, risk_ids)
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
    problems.extend(_uncovered_risks(kb, out))
    return out


def _concern_risks(
    col: Collector, e: dict[str, Any], path: tuple[Any, ...], kb: KnowledgeBase, risk_ids: list[str]
) -> tuple[str, ...]:
    """The risk rules a concern names; each must be a risk rule of kb."""
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
    return risks


def _uncovered_risks(kb: KnowledgeBase, concerns: dict[str, Concern]) -> list[Problem]:
    """A warning for each risk rule of kb that no concern names."""
    covered = {r for c in concerns.values() for r in c.risks}
    out = []
    for rule in kb.rules:
        if rule.kind == "risk" and rule.id not in covered:
            out.append(
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
    proposal = _case_proposal(col, path, file, kb, on_disk, folder, problems)
    title = col.text(e.get("title"), path + ("title",))
    outcome = col.text(e.get("outcome"), path + ("outcome",))
    sources = case_sources(col, e.get("sources"), path + ("sources",))
    stated = proposal.fact_map() if proposal is not None else None
    exp = _case_expectations(col, e, path, kb, concerns, stated)
    if proposal is None or not file:
        return None
    return RealCase(file, title, outcome, sources, tuple(exp), proposal, col.src.line(*path))


def _case_proposal(
    col: Collector,
    path: tuple[Any, ...],
    file: str,
    kb: KnowledgeBase,
    on_disk: list[str],
    folder: Path,
    problems: list[Problem],
) -> Proposal | None:
    """The case's proposal, read from realcases/; its problems are added with their file."""
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
    return proposal


def _case_expectations(
    col: Collector,
    e: dict[str, Any],
    path: tuple[Any, ...],
    kb: KnowledgeBase,
    concerns: dict[str, Concern],
    stated: dict[str, Any] | None,
) -> list[Expectation]:
    """Every expectation of one case: warn kinds, highest_severity, protective, call, flags."""
    exp: list[Expectation] = []
    for kind in ("must_warn", "must_not_warn"):
        for j, item in enumerate(expectation_items(col, e.get(kind), path + (kind,))):
            exp.extend(warn_expectations(col, item, path + (kind, j), kind, concerns))
    if "highest_severity" in e:
        sev = expected_severity(col, e.get("highest_severity"), path + ("highest_severity",))
        exp.append(
            Expectation(
                "highest_severity", severity=sev, line=col.src.line(*path, "highest_severity")
            )
        )
    for j, item in enumerate(expectation_items(col, e.get("protective"), path + ("protective",))):
        exp.extend(protective_expectations(col, item, path + ("protective", j), kb, stated))
    exp.append(call_expectation(col, e.get("call"), path + ("call",)))
    for flag in ("no_synergy", "not_form_driven"):
        if flag in e:
            value = e.get(flag)
            if not isinstance(value, bool):
                col.add(path + (flag,), f"'{value}' is not true or false", expected="true or false")
            elif value:
                exp.append(Expectation(flag, line=col.src.line(*path, flag)))
    return exp


def paths(kb: KnowledgeBase) -> Iterable[Path]:
    """The proposal files of kb's library, for comparing advice (empty when it has none)."""
    lib = load_library(kb)
    return lib.case_paths() if lib is not None else ()
