"""Run a knowledge base for its curators: case reports that say why, and coverage figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.curate.cases import run_cases
from accord.curate.lint import reachable_rules
from accord.curate.wording import top_conditions, words
from accord.engine import Engine
from accord.engine.conditions import holds
from accord.kb.model import Case, KnowledgeBase


@dataclass(frozen=True)
class ConditionCheck:
    text: str
    held: bool


@dataclass(frozen=True)
class CaseReport:
    """One case: what was expected, what fired, and which of the rule's conditions held."""

    case: Case
    passed: bool
    fired: bool
    fired_rules: tuple[str, ...]
    conditions: tuple[ConditionCheck, ...]

    @property
    def id(self) -> str:
        return f"{self.case.rule}_{self.case.name}"

    @property
    def verdict(self) -> str:
        if self.passed:
            return "ok"
        return "missed" if self.case.expect == "fires" else "extra"

    def render(self) -> str:
        c = self.case
        head = f"{'PASS' if self.passed else 'FAIL'} {self.id}"
        if self.passed:
            return head
        want = "to fire" if c.expect == "fires" else "to stay silent"
        got = "fired" if self.fired else "did not fire"
        given = ", ".join(f"{k}={_show(v)}" for k, v in c.facts) or "no facts"
        lines = [
            f"{head} ({self.verdict}: expected {want}, it {got})",
            f"    at: {c.file}:{c.line}",
            f"    given: {given}",
            f"    rules that fired: {', '.join(self.fired_rules) or 'none'}",
            f"    why: {c.rule}'s conditions on the final facts:",
        ]
        lines += [f"      [{'x' if k.held else ' '}] {k.text}" for k in self.conditions]
        return "\n".join(lines)


def run_kb_tests(
    kb: KnowledgeBase, engine: Engine, select: str | None = None
) -> tuple[CaseReport, ...]:
    """Run the cases (those whose rule or case id contains select) and explain each."""
    out = []
    for result in run_cases(kb, engine, select):
        checks: tuple[ConditionCheck, ...] = ()
        if not result.passed:  # only a failure needs the why: run it again for the final facts
            _, store = engine.run(result.case.facts)
            rule = kb.rule(result.case.rule)
            checks = tuple(
                ConditionCheck(words(c), holds(c, store)) for c in top_conditions(rule.when)
            )
        out.append(CaseReport(result.case, result.passed, result.fired, result.fired_rules, checks))
    return tuple(out)


@dataclass(frozen=True)
class Measure:
    name: str
    covered: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 * len(self.covered) / self.total if self.total else 100.0


@dataclass(frozen=True)
class Coverage:
    kb_name: str
    kb_version: str
    measures: tuple[Measure, ...]

    def under(self, minimum: float) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.percent < minimum)


def coverage(kb: KnowledgeBase, engine: Engine) -> Coverage:
    """Rules exercised by cases, claims encoded by rules, risks and advice reachable."""
    fired: set[str] = set()
    for case in kb.cases:
        rules, _ = engine.run(case.facts)
        fired |= rules
    ids = [r.id for r in kb.rules]
    cited = {c for r in kb.rules for c in r.evidence}
    reachable = reachable_rules(kb)

    def measure(name: str, items: list[str], ok: set[str]) -> Measure:
        items = sorted(items)
        return Measure(
            name, tuple(i for i in items if i in ok), tuple(i for i in items if i not in ok)
        )

    risks = [r.id for r in kb.rules if r.kind == "risk"]
    advice = [r.id for r in kb.rules if r.kind in ("recommendation", "lifecycle")]
    return Coverage(
        kb.name,
        kb.version,
        (
            measure("rules exercised by cases", ids, fired),
            measure("evidence claims encoded by rules", list(kb.claims), cited),
            measure("risks reachable", risks, reachable),
            measure("recommendations and checks reachable", advice, reachable),
        ),
    )


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)


@dataclass(frozen=True)
class CheckStep:
    name: str
    ok: bool
    summary: str
    details: tuple[str, ...] = ()
    always: bool = False  # show the details even when the step passes (a report, not a fault)


def check_kb(
    root: Path | str | None = None, engine: str = "auto", docs: Path | None = None
) -> tuple[CheckStep, ...]:
    """Run every curator check in turn (validate, lint, test, coverage, docs): one verdict."""
    from accord.curate.docs import DOCS_COMMAND, render_docs
    from accord.curate.lint import lint_kb
    from accord.curate.validate import validate_kb
    from accord.engine import get_engine

    report = validate_kb(root)
    steps = [
        CheckStep(
            "validate",
            not report.errors,
            f"{len(report.errors)} errors, {len(report.warnings)} warnings",
            tuple(p.render() for p in report.problems),
        )
    ]
    kb = report.kb
    if kb is None:
        return tuple(steps)
    lint = lint_kb(kb)
    steps.append(
        CheckStep(
            "lint",
            lint.clean,
            f"{len(lint.findings)} findings, {len(lint.accepted)} accepted",
            tuple(f.render() for f in lint.findings),
        )
    )
    eng = get_engine(kb, engine)
    results = run_kb_tests(kb, eng)
    failed = [r for r in results if not r.passed]
    steps.append(
        CheckStep(
            "test",
            not failed,
            f"{len(results) - len(failed)} passed, {len(failed)} failed",
            tuple(r.render() for r in failed),
        )
    )
    cov = coverage(kb, eng)
    under = cov.under(100)
    steps.append(
        CheckStep(
            "coverage",
            not under,
            ", ".join(f"{m.percent:.0f}% {m.name}" for m in cov.measures),
            tuple(f"{m.name}: missing {', '.join(m.missing)}" for m in under),
        )
    )
    cases = _cases_step(kb, eng)
    if cases is not None:
        steps.append(cases)
    if docs is not None:
        pages = render_docs(kb)
        stale = sorted(
            rel
            for rel, text in pages.items()
            if not (docs / rel).is_file() or (docs / rel).read_text(encoding="utf-8") != text
        )
        steps.append(
            CheckStep(
                "docs",
                not stale,
                f"{len(stale)} stale pages in {docs}",
                (f"run `{DOCS_COMMAND}` and commit the result",) if stale else (),
            )
        )
    return tuple(steps)


def _cases_step(kb: KnowledgeBase, eng: Engine) -> CheckStep | None:
    """The real-case library as a step: per case, what holds; fails only under its threshold."""
    from accord.curate.realcases import LIBRARY_FILE, check_lines, run_library, summary
    from accord.errors import KnowledgeBaseError

    try:
        report = run_library(kb, eng)
    except KnowledgeBaseError as exc:
        return CheckStep("cases", False, exc.message, tuple(p.render() for p in exc.problems))
    if report is None:
        return None
    head = f"{report.score.text}; {summary(report)}"
    if not report.ok:
        head += f" (below the threshold in {LIBRARY_FILE})"
    return CheckStep("cases", report.ok, head, check_lines(report), always=True)
