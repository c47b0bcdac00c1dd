"""The `accord kb` commands: the curator's toolkit (validate, lint, test, coverage, docs, diff)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from accord.cli import handle_errors, main
from accord.cli.kb_diff import diff_json, echo_advice, echo_rules, score_json
from accord.cli.options import engine_option, format_option, kb_option, output_option
from accord.errors import EXIT_CHECK_FAILED

KB_EXIT_CODES_HELP = """\b
Exit codes:
  0  the check passed
  1  the check found problems (validate: errors, or warnings under --strict;
     lint: findings; test: a failing case; coverage: under --min;
     cases: fewer expectations hold than the library's threshold)
  2  bad input or usage: no such folder, or a knowledge base that does not load
  3  internal error in Accord (a bug; please report it)"""


def _dump(data: object) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


def _fail(message: str) -> None:
    click.echo(f"accord: {message}", err=True)
    sys.exit(EXIT_CHECK_FAILED)


@main.group(epilog=KB_EXIT_CODES_HELP)
def kb() -> None:
    """Check, test, document and compare a knowledge base (for curators)."""


@kb.command(epilog=KB_EXIT_CODES_HELP)
@kb_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@format_option()
@handle_errors
def validate(kb_dir: Path | None, strict: bool, fmt: str) -> None:
    """Check every file of the knowledge base and report every problem at once."""
    from accord.curate.validate import validate_kb

    report = validate_kb(kb_dir)
    if fmt == "json":
        _dump({"root": report.root, "problems": [p.as_dict() for p in report.problems]})
    else:
        for p in report.problems:
            click.echo(p.render())
        click.echo(
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
            + (f" (knowledge base {report.kb.name} {report.kb.version})" if report.kb else "")
        )
    if report.errors or (strict and report.warnings):
        _fail("validation failed" + (" (warnings count under --strict)" if strict else ""))


@kb.command(epilog=KB_EXIT_CODES_HELP)
@kb_option
@click.option(
    "--check",
    "checks",
    multiple=True,
    help="Run only this check (repeatable); see the list below.",
)
@format_option()
@handle_errors
def lint(kb_dir: Path | None, checks: tuple[str, ...], fmt: str) -> None:
    """Find anomalies among the rules: duplicates, contradictions, dead ends and more.

    \b
    Checks: duplicate, subsumed, contradiction, unreachable, dead-end,
    unused-fact, unaddressed-risk, overgraded."""
    from accord.curate.lint import CHECKS, lint_kb
    from accord.errors import UsageError, did_you_mean
    from accord.kb.load import load_kb

    for c in checks:
        if c not in CHECKS:
            raise UsageError(
                f"unknown check '{c}'; expected one of: {', '.join(CHECKS)}"
                + (f" ({did_you_mean(c, CHECKS)})" if did_you_mean(c, CHECKS) else "")
            )
    report = lint_kb(load_kb(kb_dir), checks or CHECKS)
    if fmt == "json":
        _dump(
            {
                "findings": [f.as_dict() for f in report.findings],
                "accepted": [dict(f.as_dict(), because=why) for f, why in report.accepted],
                "stale_acceptances": [
                    {"check": a.check, "subject": a.subject, "file": a.file, "line": a.line}
                    for a in report.stale
                ],
            }
        )
    else:
        for f in report.findings:
            click.echo(f.render())
        for a in report.stale:
            click.echo(
                f"{a.file}:{a.line}: note: accepted {a.check} for {a.subject} matches no finding "
                "any more; remove it from kb.yaml"
            )
        click.echo(f"{len(report.findings)} findings, {len(report.accepted)} accepted in kb.yaml")
    if report.findings:
        _fail("lint found problems")


@kb.command("test", epilog=KB_EXIT_CODES_HELP)
@click.option(
    "-k", "select", default=None, help="Run only cases whose rule or case id contains this."
)
@kb_option
@engine_option
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too.")
@format_option()
@handle_errors
def test_cmd(select: str | None, kb_dir: Path | None, engine: str, verbose: bool, fmt: str) -> None:
    """Run the cases beside each rule and explain every failure."""
    from accord.curate.cases import run_cases
    from accord.engine import get_engine
    from accord.kb.load import load_kb

    kb_ = load_kb(kb_dir)
    eng = get_engine(kb_, engine)
    reports = run_cases(kb_, eng, select)
    failed = [r for r in reports if not r.passed]
    if fmt == "json":
        _dump(
            {
                "kb": {"name": kb_.name, "version": kb_.version},
                "engine": eng.name,
                "passed": len(reports) - len(failed),
                "failed": len(failed),
                "cases": [
                    {
                        "id": r.id,
                        "rule": r.case.rule,
                        "case": r.case.name,
                        "expect": r.case.expect,
                        "verdict": r.verdict,
                        "passed": r.passed,
                        "fired_rules": list(r.fired_rules),
                        "explanation": None if r.passed else r.render(),
                    }
                    for r in reports
                    if verbose or not r.passed or fmt == "json"
                ],
            }
        )
    else:
        for r in reports:
            if verbose or not r.passed:
                click.echo(r.render())
        click.echo(
            f"{len(reports) - len(failed)} passed, {len(failed)} failed "
            f"({kb_.name} {kb_.version}, engine {eng.name})"
        )

    if not reports:
        _fail(f"no case matches '{select}'")
    if failed:
        _fail("some cases failed")


@kb.command(epilog=KB_EXIT_CODES_HELP)
@click.option(
    "--min",
    "minimum",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit 1 when any figure is under this percentage.",
)
@kb_option
@engine_option
@format_option()
@handle_errors
def coverage(minimum: float | None, kb_dir: Path | None, engine: str, fmt: str) -> None:
    """Report rules exercised by cases, claims encoded, risks and advice reachable."""
    from accord.curate.coverage import coverage as measure
    from accord.engine import get_engine
    from accord.kb.load import load_kb

    kb_ = load_kb(kb_dir)
    cov = measure(kb_, get_engine(kb_, engine))
    if fmt == "json":
        _dump(
            {
                "kb": {"name": cov.kb_name, "version": cov.kb_version},
                "measures": [
                    {
                        "name": m.name,
                        "percent": round(m.percent, 1),
                        "covered": len(m.covered),
                        "total": m.total,
                        "missing": list(m.missing),
                    }
                    for m in cov.measures
                ],
            }
        )
    else:
        click.echo(f"coverage of {cov.kb_name} {cov.kb_version}")
        for m in cov.measures:
            click.echo(f"  {m.percent:5.1f}%  {m.name} ({len(m.covered)}/{m.total})")
            if m.missing:
                click.echo(f"          missing: {', '.join(m.missing)}")
    if minimum is not None and cov.under(minimum):
        names = ", ".join(m.name for m in cov.under(minimum))
        _fail(f"under {minimum:g}%: {names}")


@kb.command(epilog=KB_EXIT_CODES_HELP)
@output_option("Folder to write the Markdown catalogue into.", required=True, folder=True)
@kb_option
@handle_errors
def docs(output: Path, kb_dir: Path | None) -> None:
    """Write a browsable Markdown catalogue of the knowledge base."""
    from accord.curate.docs import write_docs
    from accord.kb.load import load_kb

    kb_ = load_kb(kb_dir)
    written = write_docs(kb_, output)
    click.echo(
        f"accord: wrote {len(written)} pages for {kb_.name} {kb_.version} to {output}", err=True
    )


@kb.command(epilog=KB_EXIT_CODES_HELP)
@click.argument("old", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("new", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--proposals",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Folder of proposal files (*.yaml) whose assessments to compare.",
)
@click.option(
    "--no-cases",
    is_flag=True,
    help="Leave out the proposals of NEW's real-case library (compared by default).",
)
@engine_option
@format_option()
@handle_errors
def diff(
    old: Path, new: Path, proposals: Path | None, no_cases: bool, engine: str, fmt: str
) -> None:
    """Compare two knowledge-base folders: rules, and the advice they give.

    The advice is compared on the proposals of --proposals and on the cases of NEW's real-case
    library (realcases/), whose score is shown for both versions."""
    from accord.curate.diff import diff_kbs
    from accord.curate.realcases import library_score, paths
    from accord.kb.load import load_kb

    old_kb, new_kb = load_kb(old), load_kb(new)
    files = (
        sorted(p for p in proposals.iterdir() if p.suffix in (".yaml", ".yml")) if proposals else []
    )
    cases = [] if no_cases else list(paths(new_kb))
    result = diff_kbs(old_kb, new_kb, files + cases, engine)
    r = result.rules
    if fmt == "json":
        data = diff_json(result)
        if cases:
            data["case_library"] = {
                "old": score_json(library_score(old_kb)),
                "new": score_json(library_score(new_kb)),
            }
        _dump(data)
        return
    echo_rules(r)
    if cases:
        scores = (library_score(old_kb), library_score(new_kb))
        shown = [f"{s.warned} of {s.causes}" if s else "no library" for s in scores]
        click.echo("case library: documented causes warned about " + " -> ".join(shown))
    if files or cases:
        click.echo("advice:")
    echo_advice(result.proposals)


@kb.command("cases", epilog=KB_EXIT_CODES_HELP)
@kb_option
@engine_option
@format_option()
@handle_errors
def cases_cmd(kb_dir: Path | None, engine: str, fmt: str) -> None:
    """Assess the real-case library and say, per case, which expectations hold.

    Each case in realcases/library.yaml is a real collaboration with what a sound assessment
    must warn about, what it must count in the proposal's favour and the call it should make.
    Expectations waiting on later work (waits_on) are reported apart. Exits 1 when fewer
    expectations hold than the library's threshold."""
    from accord.curate.realcases import LIBRARY_FILE, render_text, report_json, run_library
    from accord.errors import UsageError
    from accord.kb.load import load_kb

    kb_ = load_kb(kb_dir)
    report = run_library(kb_, engine)
    if report is None:
        raise UsageError(f"{kb_.root}: this knowledge base has no {LIBRARY_FILE}")
    if fmt == "json":
        _dump(report_json(report))
    else:
        click.echo(render_text(report), nl=False)
    if not report.ok:
        _fail(
            f"{report.holding} expectations hold, under the threshold of {report.threshold} "
            f"in {LIBRARY_FILE}"
        )


@kb.command(epilog=KB_EXIT_CODES_HELP)
@kb_option
@engine_option
@click.option(
    "--docs",
    "docs_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also check that this generated catalogue (e.g. docs/kb) is up to date.",
)
@handle_errors
def check(kb_dir: Path | None, engine: str, docs_dir: Path | None) -> None:
    """Run validate, lint, test, coverage (100%) and the real cases in turn: the one check.

    The real-case step reports every case; it fails only when fewer expectations hold than
    the threshold stated in realcases/library.yaml (see `accord kb cases`)."""
    from accord.curate.check import check_kb

    steps = check_kb(kb_dir, engine, docs_dir)
    for step in steps:
        click.echo(f"{'ok  ' if step.ok else 'FAIL'} {step.name}: {step.summary}")
        if not step.ok or step.always:
            for line in step.details:
                click.echo("     " + line.replace("\n", "\n     "))
    if not all(s.ok for s in steps):
        _fail("the knowledge base is not ready: fix the steps marked FAIL")
