"""What each option trades: for each, what it gains and what it costs against the others.

A comparison never picks an option. For each option this module says, in sentences built from
the assessments, what it gains (a milder call, risks the others raise and it does not, risks
it raises at a lower severity or likelihood, mechanisms in their favourable state where others
are not) and what it costs (the reverse, and advice the others do not need). Labels, titles
and state words only: identifiers stay in the tables' id columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from accord.engine.assessment import Assessment, Risk
from accord.engine.judge import INSUFFICIENT, LEVELS, lower_label
from accord.kb.model import LIKELIHOODS, SEVERITIES

MAX_NAMED = 6  # titles named in one sentence before "and N more"


@dataclass(frozen=True)
class Trade:
    """What one option gains and costs relative to the others, in sentences (may be empty)."""

    option: str
    gains: tuple[str, ...]
    costs: tuple[str, ...]


def words(value: str) -> str:
    return value.replace("_", " ")


def _names(labels: Sequence[str]) -> str:
    labels = list(labels)
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _titles(items: Sequence[str | tuple[str, str]]) -> str:
    """Titles in quotes, each with its detail after it: 'Title' (detail)."""
    shown = [f"'{t}'" if isinstance(t, str) else f"'{t[0]}' ({t[1]})" for t in items[:MAX_NAMED]]
    more = len(items) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more else "")


def _rank(r: Risk) -> tuple[int, int]:
    return SEVERITIES.index(r.severity), LIKELIHOODS.index(r.likelihood)


def trades(
    labels: Sequence[str], assessments: Sequence[Assessment], favourable: Mapping[str, str]
) -> tuple[Trade, ...]:
    """For each option (labels[i] names assessments[i]), what it gains and costs.

    favourable: {mechanism or outcome name: its favourable state} (kb.presentation). Each
    sentence compares the option with the others that differ from it, naming them. Returns
    one Trade per option, in the options' order. Raises nothing.
    """
    out = []
    for i, a in enumerate(assessments):
        others = [(labels[j], b) for j, b in enumerate(assessments) if j != i]
        gains: list[str] = []
        costs: list[str] = []
        _call(a, others, gains, costs)
        _risks(a, others, gains, costs)
        _mechanisms(a, others, favourable, gains, costs)
        _favour(a, others, gains)
        _advice(a, others, costs)
        out.append(Trade(labels[i], tuple(gains), tuple(costs)))
    return tuple(out)


def _call(
    a: Assessment, others: list[tuple[str, Assessment]], gains: list[str], costs: list[str]
) -> None:
    mine = a.overall.level
    better: dict[str, list[str]] = {}
    worse: dict[str, list[str]] = {}
    for label, b in others:
        theirs = b.overall.level
        if theirs == mine:
            continue
        if mine == INSUFFICIENT or theirs == INSUFFICIENT:
            (worse if mine == INSUFFICIENT else better).setdefault(theirs, []).append(label)
        elif LEVELS.index(mine) < LEVELS.index(theirs):
            better.setdefault(theirs, []).append(label)
        else:
            worse.setdefault(theirs, []).append(label)
    for theirs, names in better.items():
        gains.append(f"Its overall call is {mine}, against {theirs} for {_names(names)}.")
    for theirs, names in worse.items():
        costs.append(f"Its overall call is {mine}, against {theirs} for {_names(names)}.")


def _risks(
    a: Assessment, others: list[tuple[str, Assessment]], gains: list[str], costs: list[str]
) -> None:
    mine = {r.id: r for r in a.risks}
    for label, b in others:
        theirs = {r.id: r for r in b.risks}
        only_here = _by_severity([mine[i] for i in mine.keys() - theirs.keys()])
        only_there = _by_severity([theirs[i] for i in theirs.keys() - mine.keys()])
        if only_here:
            costs.append(
                f"It raises {_count(only_here)} that {label} does not: "
                + _titles([_risk(r) for r in only_here])
                + "."
            )
        if only_there:
            gains.append(
                f"It avoids {_count(only_there)} that {label} raises: "
                + _titles([_risk(r) for r in only_there])
                + "."
            )
        both = sorted(mine.keys() & theirs.keys())
        milder = [i for i in both if _rank(mine[i]) < _rank(theirs[i])]
        harsher = [i for i in both if _rank(mine[i]) > _rank(theirs[i])]
        if milder:
            gains.append(
                f"It raises {_count(milder)} less severely or less likely than {label}: "
                + _titles(
                    [(mine[i].title, f"{_sl(mine[i])} against {_sl(theirs[i])}") for i in milder]
                )
                + "."
            )
        if harsher:
            costs.append(
                f"It raises {_count(harsher)} more severely or more likely than {label}: "
                + _titles(
                    [(mine[i].title, f"{_sl(mine[i])} against {_sl(theirs[i])}") for i in harsher]
                )
                + "."
            )


def _by_severity(risks: list[Risk]) -> list[Risk]:
    return sorted(risks, key=lambda r: (-SEVERITIES.index(r.severity), r.id))


def _count(items: Sequence[object]) -> str:
    return f"{len(items)} risk" + ("" if len(items) == 1 else "s")


def _sl(r: Risk) -> str:
    return f"{r.severity}, {r.likelihood}"


def _risk(r: Risk) -> tuple[str, str]:
    context = "; context for every proposal of its form" if r.scope == "form" else ""
    return r.title, f"{_sl(r)}{context}"


def _mechanisms(
    a: Assessment,
    others: list[tuple[str, Assessment]],
    favourable: Mapping[str, str],
    gains: list[str],
    costs: list[str],
) -> None:
    mine = {m.name: m for m in a.mechanisms}
    for label, b in others:
        better, worse = [], []
        for m in b.mechanisms:
            good = favourable.get(m.name)
            here = mine.get(m.name)
            if good is None or here is None or here.state == m.state:
                continue
            said = f"{lower_label(m.label)} is {words(here.state)} here, {words(m.state)} there"
            if here.state == good:
                better.append(said)
            elif m.state == good:
                worse.append(said)
        if better:
            gains.append(
                f"Against {label}, more mechanisms are in their favourable state: "
                + "; ".join(better)
                + "."
            )
        if worse:
            costs.append(
                f"Against {label}, fewer mechanisms are in their favourable state: "
                + "; ".join(worse)
                + "."
            )


def _favour(a: Assessment, others: list[tuple[str, Assessment]], gains: list[str]) -> None:
    """What the assessment finds in the option's favour that it does not find in another's."""
    mine = {f.id: f for f in a.in_favour}
    for label, b in others:
        extra = sorted(mine.keys() - {f.id for f in b.in_favour})
        if extra:
            gains.append(
                f"In its favour, and not in {label}'s: "
                + _titles([mine[i].title for i in extra])
                + "."
            )


def _advice(a: Assessment, others: list[tuple[str, Assessment]], costs: list[str]) -> None:
    mine = {x.id: x for x in (*a.recommendations, *a.checks)}
    for label, b in others:
        theirs = {x.id for x in (*b.recommendations, *b.checks)}
        extra = sorted(mine.keys() - theirs)
        if extra:
            n = len(extra)
            costs.append(
                f"It calls for {n} piece{'s' if n != 1 else ''} of advice that {label} does not: "
                + _titles([mine[i].title for i in extra])
                + "."
            )
