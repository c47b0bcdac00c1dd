"""The reasoning register: every chain of reasoning drawn once, numbered R1, R2..., and referenced.

A because-chain is a tree: a risk rests on derived conclusions ('Conflict: high'), each reached
by one or more rules, which rest on further conclusions. The same sub-chain is shared by many
risks (and reached several times inside one), so the brief draws each conclusion once, in the
order a reader first meets it, and every later use cites it by number ('see R3').
"""

from __future__ import annotations

from accord.report.context.records import (
    CitationView,
    ReasonRef,
    ReasonRule,
    ReasonView,
    SourceView,
    StepView,
)

Group = tuple[str, tuple[StepView, ...]]


def _groups(supports: tuple[StepView, ...]) -> list[Group]:
    """Sibling steps grouped by what they conclude, in order of first appearance."""
    order: dict[str, list[StepView]] = {}
    for s in supports:
        order.setdefault(s.concludes, []).append(s)
    return [(concludes, tuple(steps)) for concludes, steps in order.items()]


class Register:
    """Numbers the conclusions of because-chains as a reader meets them, each only once.

    risks: the ids of the risks the brief draws in full; a chain that reads one of them cites
    it rather than repeating its reason. Call `refs(step)` on each chain root in the order the brief shows them; `entries()` is then
    the register, R1 first. Two uses of a conclusion reached by the same rules on the same
    grounds share one number; the same conclusion reached on other grounds gets its own.
    """

    def __init__(self, risks: frozenset[str] = frozenset()) -> None:
        self._risks = risks  # ids of the risks the brief draws under Risks
        self._ids: dict[Group, str] = {}
        self._entries: list[ReasonView | None] = []

    def refs(self, step: StepView) -> tuple[ReasonRef, ...]:
        """The entries a step rests on (its supports), numbering any not met before."""
        return tuple(self._visit(group) for group in _groups(step.supports))

    def _visit(self, group: Group) -> ReasonRef:
        concludes, steps = group
        known = self._ids.get(group)
        if known is not None:
            return ReasonRef(known, concludes)
        number = f"R{len(self._entries) + 1}"
        self._ids[group] = number
        self._entries.append(None)  # reserve the place: depth-first, parents before supports
        rules = tuple(
            ReasonRule(
                s.rule,
                s.title,
                "" if s.rule in self._risks else s.because,
                s.grade,
                s.facts,
                s.absent,
                self.refs(s),
                s.rule if s.rule in self._risks else "",
            )
            for s in steps
        )
        derived = any(r.grade == "derived" for r in rules)
        self._entries[int(number[1:]) - 1] = ReasonView(number, concludes, rules, derived)
        return ReasonRef(number, concludes)

    def drawn_at(self) -> dict[str, str]:
        """Rule id -> the first entry that draws it."""
        out: dict[str, str] = {}
        for e in self.entries():
            for r in e.rules:
                out.setdefault(r.rule, e.id)
        return out

    def entries(self) -> tuple[ReasonView, ...]:
        """Every entry numbered so far, R1 first."""
        return tuple(e for e in self._entries if e is not None)


def sources(citations: list[CitationView]) -> tuple[SourceView, ...]:
    """Each cited source once, in order of first citation."""
    seen: dict[str, str] = {}
    for c in citations:
        seen.setdefault(c.source, c.citation)
    return tuple(SourceView(s, text) for s, text in seen.items())
