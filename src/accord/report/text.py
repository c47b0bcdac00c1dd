"""The assessment and survey scores as plain text for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.engine.assessment import Assessment, Risk, Step
from accord.engine.judge import meaning_after_state
from accord.kb.wording import count
from accord.report.context.fields import show
from accord.report.context.mechanisms import explanation
from accord.report.context.risks import Views, sentence

INSUFFICIENT = "insufficient information"

if TYPE_CHECKING:
    from accord.survey.scoring import SurveyResult


TOP_MISSING = 10


def _chain_lines(views: Views, step: Step, depth: int, out: list[str]) -> None:
    pad = "    " * depth
    basis = "; ".join(views.pair(p) for p in step.facts)
    if step.absent:
        basis = (
            (basis + "; " if basis else "")
            + "nothing indicates "
            + "; ".join(views.absent(x) for x in step.absent)
        )
    concl = "; ".join(views.pair(p) for p in step.concludes)
    out.append(
        f"{pad}- {step.rule} [{step.grade}] {step.title}: {concl}"
        + (f"  <- {basis}" if basis else "")
    )
    for s in step.supports:
        _chain_lines(views, s, depth + 1, out)


def to_text(a: Assessment, library_score: str = "") -> str:
    """A readable terminal summary of an assessment (what `accord assess` prints by default).

    a is what `accord.assess()` returns; library_score is the knowledge base's score on its
    real-case library in words (curate.realcases.library_statement, computed by the caller;
    '' leaves it out). Facts and states are written with their labels, never as identifiers.
    The text ends in a newline. Raises nothing.
    """
    out: list[str] = []
    views = Views(a)
    for section in (_head, _favour, _risks, _findings, _advice, _survey, _missing):
        section(a, views, out)
    pv = a.provenance
    out.append("Method")
    out.append(
        f"  Knowledge base {pv.kb_name} {pv.kb_version}"
        + (f": {library_score}." if library_score else ".")
    )
    out.append(
        f"  Knowledge base {pv.kb_name} {pv.kb_version} ({pv.kb_hash[:12]}); engine {pv.engine} "
        f"{pv.engine_version}; Accord {pv.accord_version}; input {pv.input} ({pv.input_hash[:12]})"
    )
    return "\n".join(out) + "\n"


def _partner(name: str, sector: str | None, role: str | None) -> str:
    """A partner as the Partners line shows it: "name (sectors; role as written)", as the brief."""
    shown = [part for part in (show(sector) if sector else None, role) if part]
    return name + (f" ({'; '.join(shown)})" if shown else "")


def _head(a: Assessment, views: Views, out: list[str]) -> None:
    out.append(a.title)
    out.append("=" * len(a.title))
    if a.one_sentence:
        out.append(a.one_sentence)
    if a.summary:
        out.append(a.summary)
    if a.partners:
        out.append(
            "Partners: "
            + "; ".join(_partner(name, sector, role) for name, sector, role in a.partners)
        )
    out.append("")
    ov = a.overall
    out.append(f"Overall: {ov.level.upper()} - {ov.summary}")
    if ov.deciding_unknown:
        label = (
            "Unknown facts needed for a call on this form"
            if ov.level == INSUFFICIENT
            else "Facts needed for a call on this form, still unknown"
        )
        out.append(f"  {label}: " + "; ".join(views.label(f) for f in ov.deciding_unknown))
    if ov.reasons:
        out.append("  Why:")
        out.extend(f"  - {r}" for r in ov.reasons)
    out.append("")


def _favour(a: Assessment, views: Views, out: list[str]) -> None:
    out.append("In the proposal's favour")
    if not a.in_favour:
        out.append("  Nothing the proposal states was found to be in its favour.")
    for f in sorted(a.in_favour, key=lambda f: f.kind != "mitigation"):
        stated = "; ".join(views.pair(p) for p in f.facts)
        out.append(f"  + {f.title}" + (f" (rests on: {stated})" if stated else ""))
        out.append(f"      {f.detail}")
    out.append("")


def _risk_lines(views: Views, r: Risk, out: list[str]) -> None:
    cites = ", ".join(c.claim for c in r.evidence)
    out.append(
        f"  [{r.severity.upper()}, {r.likelihood}] {r.title} ({r.id}; evidence {r.chain_grade}"
        + (f"; {cites})" if cites else ")")
    )
    out.append(f"      {r.because}")
    out.append(f"      Likelihood: {sentence(r.why)}")
    for m in r.mitigations:
        stated = "; ".join(views.pair(p) for p in m.facts)
        out.append(f"      Credited: {m.title} (lowers {m.lowers}; rests on: {stated})")
    lines: list[str] = []
    _chain_lines(views, r.chain, 2, lines)
    out.extend("  " + ln for ln in lines)


def _risks(a: Assessment, views: Views, out: list[str]) -> None:
    own = [r for r in a.risks if r.scope != "form"]
    form = [r for r in a.risks if r.scope == "form"]
    out.append(f"Risks ({len(own)})")
    for r in own:
        _risk_lines(views, r, out)
    if form:
        out.append("")
        out.append("Context for every proposal of this form (not counted in the call)")
        for r in form:
            _risk_lines(views, r, out)
    if a.set_aside:
        out.append("")
        out.append("Risks set aside")
        for r in a.set_aside:
            sev = r.base_severity or r.severity
            out.append(f"  - {r.title} ({sev} severity): {sentence(r.why)}")
    out.append("")


def _findings(a: Assessment, views: Views, out: list[str]) -> None:
    out.append("Typology")
    for p in a.typology:
        if p.values:
            meaning = " ".join(sentence(m) for m in p.meanings)
            out.append(f"  {p.label}: {', '.join(show(v) for v in p.values)} ({p.origin})")
            if meaning:
                out.append(f"      {meaning}")
    out.append("")
    out.append("Mechanisms")
    for m in a.mechanisms:
        head = f"  {m.label}: {show(m.state)}"
        if m.standard in ("clear", "leaning"):
            head += f" ({m.standard}, strength {m.strength:.2f})"
        pushes = "; ".join(f"{show(f.state)} by {f.rule} ({f.weight:.2f})" for f in m.factors)
        out.append(head + (f"  [{pushes}]" if pushes else ""))
        # as the brief: the state's meaning from the vocabulary, then how it was weighed
        said = " ".join(
            s
            for s in (sentence(meaning_after_state(m.state, m.meaning)), explanation(m))
            if s and m.standard != "no signal"
        )
        if m.standard == "contested":
            said = explanation(m) or sentence(meaning_after_state(m.state, m.meaning))
        if said:
            out.append(f"      {said}")
    out.append("")


def _advice(a: Assessment, views: Views, out: list[str]) -> None:
    out.append(f"Recommendations ({len(a.recommendations)})")
    for rec in a.recommendations:
        addresses = ", ".join(
            t.id if "=" not in t.id else views.label(t.id) for t in rec.addresses if t.present
        )
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
            tv = views.tension(t)
            sides = " vs ".join(
                f"{s.state} ({s.support}; {', '.join(r.split(' ')[0] for r in s.rules)})"
                for s in tv.sides
            )
            out.append(f"  {tv.label} ({tv.kind_label}): {sides}")
            if tv.decided:
                out.append(f"      {tv.decided}")


def _survey(a: Assessment, views: Views, out: list[str]) -> None:
    if a.survey is None:
        return
    sv = a.survey.result.overall
    out.append("")
    out.append(
        f"Readiness survey: maturity {_score(sv.overall)}"
        + (f", level {sv.level} ({sv.level_name})" if sv.level else "")
    )
    if a.survey.facts_added:
        out.append(
            "  Facts filled in from the survey: "
            + "; ".join(f"{views.label(f)}: {show(v)}" for f, v in a.survey.facts_added)
        )
    for fact, stated, surveyed in a.survey.conflicts:
        out.append(
            f"  Conflict: the proposal says {views.pair((fact, stated))}, the survey suggests "
            f"{show(surveyed)}; the proposal's value is used."
        )
    for d in a.survey.result.disagreements:
        out.append(f"  Disagreement on {d.label}: {d.warning}")


def _missing(a: Assessment, views: Views, out: list[str]) -> None:
    out.append("")
    out.append("What would change this advice")
    if not a.missing:
        out.append("  Nothing left unknown would change it.")
    ordered = sorted(enumerate(a.missing), key=lambda im: (not im[1].decides, im[0]))
    for _, gap in ordered[:TOP_MISSING]:
        mark = " (decides the call)" if gap.decides else ""
        out.append(f"  - {gap.sentence or gap.label}{mark}")
    if len(a.missing) > TOP_MISSING:
        out.append(f"  ... and {len(a.missing) - TOP_MISSING} more (see --format json)")
    out.append("")


def _score(x: float | None) -> str:
    return "insufficient answers" if x is None else f"{x:.2f}"


def survey_text(r: SurveyResult) -> str:
    """The maturity index in plain text: overall, per organisation, and disagreements."""
    out = [
        f"Readiness survey {r.instrument} {r.version}: {count(len(r.respondents), 'respondent')}, "
        f"{count(len(r.organisations), 'organisation')}"
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
    col = max([8] + [len(n) + 2 for n in names])
    if width + col * len(names) + 12 > 100:  # full names do not fit: number them, with a key
        names, col = [f"({i})" for i in range(1, len(names) + 1)], 8
        out.append(
            "Organisations: "
            + "; ".join(f"({i}) {p.name}" for i, p in enumerate(r.organisations, 1))
        )
    out.append(
        "Dimension".ljust(width) + "".join(n.rjust(col) for n in names) + "overall".rjust(12)
    )
    for i, d in enumerate(ov.dimensions):
        row = d.label.ljust(width)
        for p in r.organisations:
            v = p.dimensions[i].score
            row += ("-" if v is None else f"{v:.2f}").rjust(col)
        row += ("-" if d.score is None else f"{d.score:.2f}").rjust(12)
        out.append(row)
    out.append("")
    for p in r.organisations:
        lvl = f"level {p.level} ({p.level_name})" if p.level else "no level"
        out.append(
            f"{p.name}: {count(p.respondents, 'respondent')}, maturity {_score(p.overall)}, {lvl}"
        )
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
