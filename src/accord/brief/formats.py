"""Serialise an Assessment: canonical JSON for tools, plain text for the terminal."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from accord.engine.assessment import Assessment, Step

SCHEMA = "accord.assessment/1"


def as_data(obj: Any) -> Any:
    """Turn records into plain JSON data, tuples into lists, keeping field order."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: as_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [as_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): as_data(v) for k, v in obj.items()}
    return obj


def to_json(assessment: Assessment) -> str:
    """Canonical JSON: same assessment, same bytes."""
    data = {"schema": SCHEMA, **as_data(assessment)}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _pairs(pairs: Any) -> str:
    return ", ".join(f"{k}={_v(v)}" for k, v in pairs)


def _v(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(str(x) for x in v) + "]"
    return str(v)


def _chain_lines(step: Step, depth: int, out: list[str]) -> None:
    pad = "    " * depth
    basis = _pairs(step.facts)
    if step.absent:
        basis = (basis + "; " if basis else "") + "absent: " + ", ".join(step.absent)
    concl = _pairs(step.concludes)
    out.append(
        f"{pad}- {step.rule} [{step.grade}] {step.title}: {concl}"
        + (f"  <- {basis}" if basis else "")
    )
    for s in step.supports:
        _chain_lines(s, depth + 1, out)


def to_text(a: Assessment) -> str:
    """A readable terminal summary of an assessment."""
    out: list[str] = []
    out.append(a.title)
    out.append("=" * len(a.title))
    if a.summary:
        out.append(a.summary)
    if a.partners:
        out.append(
            "Partners: " + "; ".join(p[0] + (f" ({p[1]})" if p[1] else "") for p in a.partners)
        )
    out.append("")
    out.append(f"Overall: {a.overall.level.upper()} - {a.overall.summary}")
    out.append("")
    out.append("Typology")
    for p in a.typology:
        if p.values:
            out.append(f"  {p.label}: {', '.join(p.values)} ({p.origin})")
    out.append("")
    out.append("Mechanisms")
    for m in a.mechanisms:
        pushes = "; ".join(f"{f.state} by {f.rule}" for f in m.factors)
        out.append(f"  {m.label}: {m.state}" + (f"  [{pushes}]" if pushes else ""))
    out.append("")
    out.append(f"Risks ({len(a.risks)})")
    for r in a.risks:
        cites = ", ".join(c.claim for c in r.evidence)
        out.append(f"  [{r.severity.upper()}] {r.id} {r.title} (grade {r.chain_grade}; {cites})")
        out.append(f"      {r.because}")
        lines: list[str] = []
        _chain_lines(r.chain, 2, lines)
        out.extend("  " + ln for ln in lines)
    out.append("")
    out.append(f"Recommendations ({len(a.recommendations)})")
    for rec in a.recommendations:
        addresses = ", ".join(t.id for t in rec.addresses if t.present)
        out.append(
            f"  {rec.id} {rec.title} [{', '.join(rec.stages)}] (addresses {addresses or '-'})"
        )
        out.append(f"      {rec.advice}")
    if a.checks:
        out.append("")
        out.append("Life-cycle checks")
        for c in a.checks:
            out.append(f"  {c.id} {c.title}: {c.advice}")
    if a.tensions:
        out.append("")
        out.append("Tensions")
        for t in a.tensions:
            sides = " vs ".join(
                f"{s.state} ({', '.join(c.rule for c in s.chains)})" for s in t.sides
            )
            out.append(f"  {t.label}: {sides}")
    out.append("")
    out.append("What would change this advice")
    if not a.missing:
        out.append("  Nothing left unknown would change it.")
    for m in a.missing[:10]:
        out.append(
            f"  {m.label} ({m.fact}): {m.changes} conclusion(s) would change if it were '{m.if_value}'"
        )
    if len(a.missing) > 10:
        out.append(f"  ... and {len(a.missing) - 10} more (see --format json)")
    out.append("")
    pv = a.provenance
    out.append(
        f"Knowledge base {pv.kb_name} {pv.kb_version} ({pv.kb_hash[:12]}); engine {pv.engine} "
        f"{pv.engine_version}; Accord {pv.accord_version}; input {pv.input} ({pv.input_hash[:12]})"
    )
    return "\n".join(out) + "\n"
