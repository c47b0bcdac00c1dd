"""The assessment and survey scores as plain text for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.engine.assessment import Assessment, Step

if TYPE_CHECKING:
    from accord.survey.scoring import SurveyResult


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
    """A readable terminal summary of an assessment (what `accord assess` prints by default).

    a is what `accord.assess()` returns; the text ends in a newline. Raises nothing.
    """
    out: list[str] = []
    for section in (_head, _findings, _risks, _advice, _survey, _missing):
        section(a, out)
    pv = a.provenance
    out.append(
        f"Knowledge base {pv.kb_name} {pv.kb_version} ({pv.kb_hash[:12]}); engine {pv.engine} "
        f"{pv.engine_version}; Accord {pv.accord_version}; input {pv.input} ({pv.input_hash[:12]})"
    )
    return "\n".join(out) + "\n"


def _head(a: Assessment, out: list[str]) -> None:
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


def _findings(a: Assessment, out: list[str]) -> None:
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


def _risks(a: Assessment, out: list[str]) -> None:
    out.append(f"Risks ({len(a.risks)})")
    for r in a.risks:
        cites = ", ".join(c.claim for c in r.evidence)
        out.append(f"  [{r.severity.upper()}] {r.id} {r.title} (grade {r.chain_grade}; {cites})")
        out.append(f"      {r.because}")
        lines: list[str] = []
        _chain_lines(r.chain, 2, lines)
        out.extend("  " + ln for ln in lines)
    out.append("")


def _advice(a: Assessment, out: list[str]) -> None:
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


def _survey(a: Assessment, out: list[str]) -> None:
    if a.survey is None:
        return
    sv = a.survey.result.overall
    out.append("")
    out.append(
        f"Readiness survey: maturity {_score(sv.overall)}"
        + (f", level {sv.level} ({sv.level_name})" if sv.level else "")
    )
    if a.survey.facts_added:
        out.append("  Facts filled in from the survey: " + _pairs(a.survey.facts_added))
    for fact, stated, surveyed in a.survey.conflicts:
        out.append(
            f"  Conflict: the proposal says {fact}={stated}, the survey suggests {surveyed}; the proposal's value is used."
        )
    for d in a.survey.result.disagreements:
        out.append(f"  Disagreement on {d.label}: {d.warning}")


def _missing(a: Assessment, out: list[str]) -> None:
    out.append("")
    out.append("What would change this advice")
    if not a.missing:
        out.append("  Nothing left unknown would change it.")
    for gap in a.missing[:10]:
        out.append(
            f"  {gap.label} ({gap.fact}): {gap.changes} conclusion(s) would change if it were '{gap.if_value}'"
        )
    if len(a.missing) > 10:
        out.append(f"  ... and {len(a.missing) - 10} more (see --format json)")
    out.append("")


def _score(x: float | None) -> str:
    return "insufficient answers" if x is None else f"{x:.2f}"


def survey_text(r: SurveyResult) -> str:
    """The maturity index in plain text: overall, per organisation, and disagreements."""
    out = [
        f"Readiness survey {r.instrument} {r.version}: {len(r.respondents)} respondent(s), {len(r.organisations)} organisation(s)"
    ]
    out.append(f"  {r.provenance}")
    ov = r.overall
    level = f"level {ov.level} ({ov.level_name})" if ov.level else "no level (insufficient answers)"
    out.append("")
    out.append(f"Overall maturity: {_score(ov.overall)} -> {level}")
    for f in ov.families:
        out.append(f"  {f.label}: {_score(f.score)}")
    out.append("")
    names = [p.name for p in r.organisations]
    width = max(len(d.label) for d in ov.dimensions) + 2
    out.append(
        "Dimension".ljust(width) + "".join(n[:14].rjust(16) for n in names) + "overall".rjust(12)
    )
    for i, d in enumerate(ov.dimensions):
        row = d.label.ljust(width)
        for p in r.organisations:
            v = p.dimensions[i].score
            row += ("-" if v is None else f"{v:.2f}").rjust(16)
        row += ("-" if d.score is None else f"{d.score:.2f}").rjust(12)
        out.append(row)
    out.append("")
    for p in r.organisations:
        lvl = f"level {p.level} ({p.level_name})" if p.level else "no level"
        out.append(f"{p.name}: {p.respondents} respondent(s), maturity {_score(p.overall)}, {lvl}")
    out.append("")
    if r.disagreements:
        out.append(f"Disagreements (organisations {r.threshold} points or more apart)")
        for dis in r.disagreements:
            out.append(
                f"  {dis.label}: {dis.highest[0]} {dis.highest[1]:.2f} vs {dis.lowest[0]} {dis.lowest[1]:.2f}. {dis.warning}"
            )
    else:
        out.append("No disagreement between organisations beyond the threshold.")
    out.append("")
    out.append("Levels: " + "; ".join(f"{lv.level} {lv.name} from {lv.min:.2f}" for lv in r.levels))
    out.append("How scores are computed: " + r.scoring_rule)
    return "\n".join(out) + "\n"
