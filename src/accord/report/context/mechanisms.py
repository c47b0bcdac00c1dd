"""The mechanism profile: each mechanism's state, what pushes it, and which way.

Which state is favourable comes from the knowledge base (derived.yaml's `favourable:` keys);
it sets only the chart's direction and colour, never the sole signal (every state is written).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accord.engine.assessment import MechanismState
from accord.report.context.charts import Chart, chart
from accord.report.context.fields import doc, show

# The chart lives in charts.py; it is named here too for the modules that import it from here.
__all__ = ["Chart", "FactorView", "MechanismView", "chart", "explanation", "mechanism_view"]


@dataclass(frozen=True)
class FactorView:
    """Something that pushes a mechanism towards one state."""

    state: str = doc("The state it pushes towards.")
    rule: str = doc("The rule id.")
    title: str = doc("The rule's title.")
    grade: str = doc("The rule's evidence grade.")
    facts: tuple[str, ...] = doc("Proposal facts it read directly, 'Label: value'.")
    weight: str = doc("The argument's weight under the weighing standard (2 decimals).")
    counted: bool = doc("False when it re-uses evidence another argument already counts.")


@dataclass(frozen=True)
class MechanismView:
    """One mechanism or outcome: its state and what pushes it."""

    name: str = doc("The mechanism's fact name (for example 'trust').")
    kind: str = doc("'mechanism' or 'outcome'.")
    label: str = doc("Its name in words.")
    description: str = doc("What the mechanism is.")
    state: str = doc("Its state, or 'contested', 'not established', 'withheld' or 'no signal'.")
    meaning: str = doc("What that state means here.")
    standard: str = doc(
        "The standard it met: clear, leaning, weak, contested, withheld or no signal."
    )
    standard_label: str = doc("The standard in words ('not established (too weak)').")
    strength: str = doc("The strength of its state (0 to 1, 2 decimals); '' when none.")
    explanation: str = doc(
        "How the weighing decided it, in words: which arguments disagree (contested), which "
        "side it outweighs (clear, leaning); '' when the meaning and standard already say it."
    )
    tone: str = doc("'favourable', 'unfavourable', 'mixed' or 'none' (for styling only).")
    factors: tuple[FactorView, ...] = doc("What pushes it, one entry per rule.")
    towards_favourable: int = doc("How many factors push it towards its favourable state.")
    towards_unfavourable: int = doc("How many factors push it away from its favourable state.")


STANDARD_LABELS = {
    "clear": "clear",
    "leaning": "leaning",
    "weak": "not established (too weak)",
    "contested": "contested",
    "withheld": "withheld",
    "no signal": "no signal",
}


def explanation(m: MechanismState) -> str:
    """How the weighing standard decided a mechanism, in words ('' when its meaning says it).

    m.support gives the accrued support per state, strongest first; m.factors the arguments.
    """
    others = m.support[1:] if m.support and m.support[0][0] == m.state else m.support
    beaten = "; ".join(f"{show(st)} ({w:.2f})" for st, w in others)
    if m.standard == "contested":
        sides = []
        for st, w in m.support:
            titles = ", ".join(f.title for f in m.factors if f.state == st)
            sides.append(f"for {show(st)} ({w:.2f}): {titles}")
        return "The arguments disagree and are too close to call: " + "; ".join(sides) + "."
    if beaten and m.standard in ("clear", "leaning"):
        return f"It outweighs {beaten}."
    if m.standard == "leaning":
        return "No argument against it, but not strong enough to be clear."
    return ""


def mechanism_view(
    m: MechanismState, favourable: dict[str, str], pair: Callable[[Any], str]
) -> MechanismView:
    """One mechanism's view; favourable maps mechanism names to their favourable state.

    pair writes a (fact, value) pair in words ('Trust: low'). Raises nothing.
    """
    good = favourable.get(m.name)
    up = sum(1 for f in m.factors if good is not None and f.state == good)
    down = sum(1 for f in m.factors if good is not None and f.state != good)
    if m.standard in ("no signal", "withheld"):
        tone = "none"
    elif good is None or m.standard in ("contested", "weak"):
        tone = "mixed"
    else:
        tone = "favourable" if m.state == good else "unfavourable"
    return MechanismView(
        name=m.name,
        kind=m.kind,
        label=m.label,
        description=m.description,
        state=show(m.state),
        meaning=m.meaning,
        standard=m.standard,
        standard_label=STANDARD_LABELS.get(m.standard, m.standard),
        strength=f"{m.strength:.2f}" if m.strength else "",
        explanation=explanation(m),
        tone=tone,
        factors=tuple(
            FactorView(
                show(f.state),
                f.rule,
                f.title,
                f.grade,
                tuple(pair(p) for p in f.facts),
                f"{f.weight:.2f}",
                f.counted,
            )
            for f in m.factors
        ),
        towards_favourable=up,
        towards_unfavourable=down,
    )
