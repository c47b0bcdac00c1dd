"""The real-case library's report in words, as JSON data, and as the lines of `kb check`."""

from __future__ import annotations

from accord.curate.realcase_records import (
    FAILS,
    HOLDS,
    LIBRARY_FILE,
    WAITS,
)
from accord.curate.realcase_run import LibraryReport


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
