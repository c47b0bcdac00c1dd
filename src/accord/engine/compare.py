"""What differs between assessments: the diff of a what-if, the table of a comparison.

Pure data over finished Assessments (engine/assessment.py): nothing is evaluated again here.
`diff` says what a change to a proposal changed (risks that appear, disappear or change
severity or likelihood; the call; mechanisms whose state changes; advice gained or lost);
`table` lines several assessments up row by row (the call, each risk, mechanism and piece of
advice), marking the rows that differ. What each option trades is said in engine/trades.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from accord.engine.assessment import Advice, Assessment, MechanismState, Risk
from accord.engine.trades import Trade, trades


@dataclass(frozen=True)
class RiskChange:
    """A risk raised in one assessment and not the other, or raised in both differently.

    change: "appears", "disappears" or "changes"; before and after: (severity, likelihood),
    or None where it is not raised. scope: "proposal", or "form" (context for every proposal
    of the form; never counted in the call).
    """

    id: str
    title: str
    change: str
    before: tuple[str, str] | None
    after: tuple[str, str] | None
    scope: str = "proposal"


@dataclass(frozen=True)
class StateChange:
    """A mechanism or outcome whose state (or the standard it met) changes."""

    name: str
    label: str
    kind: str  # mechanism or outcome
    before: str  # the state, or "contested", "not established", "no signal", ...
    after: str
    before_standard: str
    after_standard: str
    after_meaning: str


@dataclass(frozen=True)
class AdviceChange:
    """A recommendation or life-cycle check gained or lost."""

    id: str
    title: str
    kind: str  # recommendation or lifecycle
    change: str  # "gained" or "lost"


@dataclass(frozen=True)
class Changes:
    """Everything that differs from one assessment to another (empty when nothing does)."""

    call: tuple[str, str] | None  # (before, after) when the call differs
    risks: tuple[RiskChange, ...]
    mechanisms: tuple[StateChange, ...]
    advice: tuple[AdviceChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.call or self.risks or self.mechanisms or self.advice)


def risk_key(r: Risk) -> tuple[str, str]:
    return (r.severity, r.likelihood)


def diff(before: Assessment, after: Assessment) -> Changes:
    """What differs in after compared with before (two assessments of one knowledge base).

    Risks are compared by id on severity and likelihood (raised risks only; set-aside risks
    are not raised), mechanisms and outcomes on state and standard, advice by id. Lists are in
    id (or name) order. Raises nothing.
    """
    call = None
    if before.overall.level != after.overall.level:
        call = (before.overall.level, after.overall.level)
    old = {r.id: r for r in before.risks}
    new = {r.id: r for r in after.risks}
    risks = []
    for rid in sorted(old.keys() | new.keys()):
        a, b = old.get(rid), new.get(rid)
        if a is not None and b is not None:
            if risk_key(a) != risk_key(b):
                risks.append(RiskChange(rid, b.title, "changes", risk_key(a), risk_key(b), b.scope))
        elif b is not None:
            risks.append(RiskChange(rid, b.title, "appears", None, risk_key(b), b.scope))
        elif a is not None:
            risks.append(RiskChange(rid, a.title, "disappears", risk_key(a), None, a.scope))
    return Changes(call, tuple(risks), _mechanisms(before, after), _advice(before, after))


def _mechanisms(before: Assessment, after: Assessment) -> tuple[StateChange, ...]:
    old = {m.name: m for m in before.mechanisms}
    out = []
    for m in after.mechanisms:
        was = old.get(m.name)
        if was is None or (was.state, was.standard) == (m.state, m.standard):
            continue
        out.append(
            StateChange(
                m.name, m.label, m.kind, was.state, m.state, was.standard, m.standard, m.meaning
            )
        )
    return tuple(sorted(out, key=lambda c: c.name))


def all_advice(a: Assessment) -> dict[str, Advice]:
    return {x.id: x for x in (*a.recommendations, *a.checks)}


def _advice(before: Assessment, after: Assessment) -> tuple[AdviceChange, ...]:
    old, new = all_advice(before), all_advice(after)
    out = [AdviceChange(i, new[i].title, new[i].kind, "gained") for i in new.keys() - old.keys()]
    out += [AdviceChange(i, old[i].title, old[i].kind, "lost") for i in old.keys() - new.keys()]
    return tuple(sorted(out, key=lambda c: c.id))


@dataclass(frozen=True)
class WhatIf:
    """A proposal assessed as written and as changed: what `accord.what_if` returns.

    set: (fact, value as text) pairs set; unset: facts made unknown; before and after: the two
    assessments; changes: what differs (engine.compare.Changes; empty when nothing does).
    """

    set: tuple[tuple[str, str], ...]
    unset: tuple[str, ...]
    before: Assessment
    after: Assessment
    changes: Changes


# --- a table of several assessments ---------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of a comparison: the call, a risk, a mechanism or a piece of advice.

    section: "call", "risk", "mechanism" (mechanisms and outcomes) or "advice"; id: the risk
    or advice id, the mechanism's name, "call" for the call; label: its name in words; values:
    one per option, in words ("high, likely"; a state; "yes"), "" where absent (a risk not
    raised, advice not given); differs: whether the values are not all the same.
    """

    section: str
    id: str
    label: str
    values: tuple[str, ...]
    differs: bool
    scope: str = "proposal"  # risks: "form" rows are context for every proposal of a form


@dataclass(frozen=True)
class Option:
    """One column of a comparison: its label and the assessment's title, source and call."""

    label: str
    title: str
    source: str
    call: str
    settings: tuple[tuple[str, str], ...] = ()  # options: the facts this option sets


def _row(section: str, id_: str, label: str, values: Sequence[str], scope: str = "proposal") -> Row:
    vals = tuple(values)
    return Row(section, id_, label, vals, len(set(vals)) > 1, scope)


def _mechanism_value(m: MechanismState | None) -> str:
    if m is None:
        return ""
    if m.standard in ("clear", "leaning", "weak") and m.state not in ("contested", "no signal"):
        return m.state if m.standard == "clear" else f"{m.state} ({m.standard})"
    return m.state


def table(
    assessments: Sequence[Assessment], titles: Mapping[str, str] | None = None
) -> tuple[Row, ...]:
    """The rows of a comparison of assessments (at least one), in a stable order.

    titles: {risk or advice id: its row title} where one wording must serve every option
    (rule texts whose form words differ between options); other rows take the first
    option's title.
    The call first; then every risk raised in any option (most severe first, then id); every
    mechanism and outcome in knowledge-base order; every recommendation and check given in
    any option (by id). Raises nothing.
    """
    rows = [_row("call", "call", "Overall call", [a.overall.level for a in assessments])]
    risks: dict[str, Risk] = {}
    for a in assessments:
        for r in a.risks:
            risks.setdefault(r.id, r)
    by_option = [{r.id: r for r in a.risks} for a in assessments]
    order = {"high": 0, "medium": 1, "low": 2}
    for rid in sorted(risks, key=lambda i: (min(_sev(m.get(i), order) for m in by_option), i)):
        values = [", ".join(risk_key(m[rid])) if rid in m else "" for m in by_option]
        title = (titles or {}).get(rid, risks[rid].title)
        rows.append(_row("risk", rid, title, values, risks[rid].scope))
    mechs = [{m.name: m for m in a.mechanisms} for a in assessments]
    for m in assessments[0].mechanisms:
        values = [_mechanism_value(x.get(m.name)) for x in mechs]
        rows.append(_row("mechanism", m.name, m.label, values))
    advice = [all_advice(a) for a in assessments]
    seen: dict[str, Advice] = {}
    for x in advice:
        for i, adv in x.items():
            seen.setdefault(i, adv)
    for i in sorted(seen):
        title = (titles or {}).get(i, seen[i].title)
        rows.append(_row("advice", i, title, ["yes" if i in x else "" for x in advice]))
    return tuple(rows)


def _sev(r: Risk | None, order: dict[str, int]) -> int:
    return order.get(r.severity, 3) if r is not None else 3


@dataclass(frozen=True)
class Comparison:
    """Options side by side: what `accord.compare` returns.

    options: one column each (label, title, source, call, the facts an option sets); rows:
    the table (see `table`); trades: for each option, what it gains and costs against the
    others (engine/trades.py); assessments: the full assessment of each option, in order.
    """

    options: tuple[Option, ...]
    rows: tuple[Row, ...]
    trades: tuple[Trade, ...]
    assessments: tuple[Assessment, ...]

    @property
    def identical(self) -> bool:
        """True when no row differs: the options reach the same conclusions."""
        return not any(r.differs for r in self.rows)


def comparison(
    options: Sequence[Option],
    assessments: Sequence[Assessment],
    favourable: Mapping[str, str],
    titles: Mapping[str, str] | None = None,
) -> Comparison:
    """Build a Comparison of assessments (one per option, same order; at least one).

    favourable: {mechanism or outcome name: its favourable state}, from the knowledge base's
    presentation (kb.presentation.favourable); titles: row titles shared by every option
    (see `table`). Raises nothing.
    """
    labels = [o.label for o in options]
    return Comparison(
        tuple(options),
        table(assessments, titles),
        trades(labels, assessments, favourable),
        tuple(assessments),
    )
