"""`accord kb check`: every curator check in turn (validate, lint, test, coverage, docs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.curate.cases import run_cases
from accord.curate.coverage import coverage
from accord.curate.docs import DOCS_COMMAND, render_docs
from accord.curate.lint import lint_kb
from accord.curate.validate import validate_kb
from accord.engine import Engine, get_engine
from accord.kb.model import KnowledgeBase


@dataclass(frozen=True)
class CheckStep:
    """One check's verdict, a one-line summary, and the details of what failed."""

    name: str
    ok: bool
    summary: str
    details: tuple[str, ...] = ()
    always: bool = False  # show the details even when the step passes (a report, not a fault)


def check_kb(
    root: Path | str | None = None, engine: str = "auto", docs: Path | None = None
) -> tuple[CheckStep, ...]:
    """Run every curator check in turn (validate, lint, test, coverage, docs): one verdict.

    root is the knowledge-base folder (None: the bundled one); engine names the engine for the
    cases; docs, when given, is the folder of generated pages to compare. Stops after validate
    when the knowledge base does not load. Raises nothing for a bad knowledge base: that is a
    failed step.
    """
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
    eng = get_engine(kb, engine)
    steps += [_lint_step(kb), _test_step(kb, eng), _coverage_step(kb, eng)]
    cases = _cases_step(kb, eng)
    if cases is not None:
        steps.append(cases)
    if docs is not None:
        steps.append(_docs_step(kb, docs))
    return tuple(steps)


def _lint_step(kb: KnowledgeBase) -> CheckStep:
    lint = lint_kb(kb)
    return CheckStep(
        "lint",
        lint.clean,
        f"{len(lint.findings)} findings, {len(lint.accepted)} accepted",
        tuple(f.render() for f in lint.findings),
    )


def _test_step(kb: KnowledgeBase, eng: Engine) -> CheckStep:
    results = run_cases(kb, eng)
    failed = [r for r in results if not r.passed]
    return CheckStep(
        "test",
        not failed,
        f"{len(results) - len(failed)} passed, {len(failed)} failed",
        tuple(r.render() for r in failed),
    )


def _coverage_step(kb: KnowledgeBase, eng: Engine) -> CheckStep:
    cov = coverage(kb, eng)
    under = cov.under(100)
    return CheckStep(
        "coverage",
        not under,
        ", ".join(f"{m.percent:.0f}% {m.name}" for m in cov.measures),
        tuple(f"{m.name}: missing {', '.join(m.missing)}" for m in under),
    )


def _docs_step(kb: KnowledgeBase, docs: Path) -> CheckStep:
    pages = render_docs(kb)
    stale = sorted(
        rel
        for rel, text in pages.items()
        if not (docs / rel).is_file() or (docs / rel).read_text(encoding="utf-8") != text
    )
    return CheckStep(
        "docs",
        not stale,
        f"{len(stale)} stale pages in {docs}",
        (f"run `{DOCS_COMMAND}` and commit the result",) if stale else (),
    )


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
