"""An Assessment as one flat record of scalars: a row for a table (`accord.to_record`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.engine.assessment import Assessment

Scalar = str | int | float | bool | None


def _text(value: object) -> Scalar:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def to_record(assessment: Assessment) -> dict[str, Scalar]:
    """Flatten an assessment into {column: scalar}, for pandas.DataFrame(records) or csv.

    assessment: what accord.assess() returns. Columns, in this order:
      title, source (file name), input_hash, kb_name, kb_version, kb_hash, engine;
      level (the call), risks (how many raised for the proposal, form-wide context excluded),
      risks_high / risks_medium / risks_low (the same by severity), risks_likely /
      risks_possible, form_context (form-wide risks listed as context), set_aside (risks
      considered and not raised), recommendations, checks, tensions, missing (unknown facts
      that would change the advice; 0 when it was not analysed), deciding_unknown (fact names
      joined by ";");
      risk.ID: "severity, likelihood" for every risk raised (form-wide ones too);
      fact.NAME: the value of every fact stated (a set's values joined by ";"; true/false;
      a number), unknown facts left out;
      typology.NAME: the placement's values joined by ";" ("" when none);
      mechanism.NAME: the state of every mechanism and outcome, standard.NAME its standard
      (clear | leaning | weak | contested | withheld | no signal).
    Every value is text, a whole number, a boolean or None; keys are unique. Raises nothing.
    Column sets differ between assessments (risks and facts present); pandas fills the gaps
    with NaN.
    """
    a = assessment
    pv = a.provenance
    own = [r for r in a.risks if r.scope != "form"]
    rec: dict[str, Scalar] = {
        "title": a.title,
        "source": pv.input,
        "input_hash": pv.input_hash,
        "kb_name": pv.kb_name,
        "kb_version": pv.kb_version,
        "kb_hash": pv.kb_hash,
        "engine": pv.engine,
        "level": a.overall.level,
        "risks": len(own),
    }
    for sev in ("high", "medium", "low"):
        rec[f"risks_{sev}"] = sum(1 for r in own if r.severity == sev)
    for lik in ("likely", "possible"):
        rec[f"risks_{lik}"] = sum(1 for r in own if r.likelihood == lik)
    rec.update(
        {
            "form_context": len(a.risks) - len(own),
            "set_aside": len(a.set_aside),
            "recommendations": len(a.recommendations),
            "checks": len(a.checks),
            "tensions": len(a.tensions),
            "missing": len(a.missing),
            "deciding_unknown": ";".join(a.overall.deciding_unknown),
        }
    )
    _columns(a, rec)
    return rec


def _columns(a: Assessment, rec: dict[str, Scalar]) -> None:
    """The columns named after risks, facts, placements and mechanisms."""
    for r in a.risks:
        rec[f"risk.{r.id}"] = f"{r.severity}, {r.likelihood}"
    for f in a.facts:
        if f.value is not None:
            rec[f"fact.{f.fact}"] = _text(f.value)
    for p in a.typology:
        rec[f"typology.{p.dimension}"] = ";".join(p.values)
    for m in a.mechanisms:
        rec[f"mechanism.{m.name}"] = m.state
        rec[f"standard.{m.name}"] = m.standard
