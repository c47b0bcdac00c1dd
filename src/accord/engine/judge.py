"""The call: raised risks with severity and likelihood, what is in the proposal's favour.

Reads an Inference (engine/weighing.py) and the weighing standard (rules/judgement.yaml):
- a risk's likelihood comes from the weight of the argument for it, lowered a step by each
  mitigation that fires (or its severity lowered, as the mitigation says);
- risks whose scope is "form" hold for every proposal of that form: they are shown as context
  and never make the call alone;
- the call is the first level of the standard's call table that a raised risk of this
  proposal matches, else "low concern"; it is "insufficient information" instead when the
  facts that decide the call for the form are mostly unknown and no high, likely risk stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from accord.engine.weighing import Inference, RiskCall
from accord.kb.model import LIKELIHOODS, SEVERITIES, KnowledgeBase, Standard

INSUFFICIENT = "insufficient information"
LEVELS = ("low concern", "some concern", "high concern")


@dataclass(frozen=True)
class Call:
    """The overall call and what made it."""

    level: str
    deciding_unknown: tuple[str, ...]
    known_share: float
    risk_level: str = "low concern"  # the level the raised risks alone reach


def proposal_risks(kb: KnowledgeBase, risks: dict[str, RiskCall]) -> list[RiskCall]:
    """Raised risks whose scope is the proposal (form-wide findings excluded), in id order."""
    return [r for rid, r in sorted(risks.items()) if r.raised and kb.rule(rid).scope != "form"]


def make_call(kb: KnowledgeBase, inf: Inference, given: Mapping[str, object]) -> Call:
    """Apply the standard's call table and its deciding facts to one inference.

    Args:
        kb: the knowledge base (its standard must be loaded).
        inf: what the engine concluded.
        given: the proposal's stated facts, name -> value.
    """
    std: Standard = kb.standard  # type: ignore[assignment]
    raised = {(r.severity, r.likelihood) for r in proposal_risks(kb, inf.risks)}
    level = "low concern"
    for row in std.call:
        if raised & set(row.when):
            level = row.level
            break
    form = given.get("form")
    deciding = std.deciding(form if isinstance(form, str) else None)
    unknown = tuple(f for f in deciding if f not in given)
    share = (len(deciding) - len(unknown)) / len(deciding) if deciding else 1.0
    risk_level = level
    if level != "high concern" and ("form" not in given or share < std.min_share):
        level = INSUFFICIENT
    unknown = unknown if "form" in given else ("form", *unknown)
    return Call(level, unknown, round(share, 6), risk_level)


def risk_score(kb: KnowledgeBase, inf: Inference) -> float:
    """Severity-weighted sum of the raised risks of this proposal (the standard's risk_score)."""
    std: Standard = kb.standard  # type: ignore[assignment]
    return round(
        sum(
            std.severity_score[r.severity] * std.likelihood_score[r.likelihood]
            for r in proposal_risks(kb, inf.risks)
        ),
        6,
    )


def call_rank(level: str) -> float:
    """Order of the calls for value of information; insufficient sits between low and some."""
    if level == INSUFFICIENT:
        return 0.5
    return float(LEVELS.index(level))


def why_likely(call: RiskCall, std: Standard, mitigated: list[str]) -> str:
    """Say why a risk is as likely (and as severe) as it is, after any mitigation."""
    weight = f"the argument for it weighs {call.weight:.2f}"
    if call.base_likelihood == "likely":
        base = f"{weight}, at least the {std.likely:.2f} that makes a risk likely"
    elif call.base_likelihood == "possible":
        base = (
            f"{weight}, below the {std.likely:.2f} that makes a risk likely, because it rests on "
            "weaker evidence or a longer chain of reasoning"
        )
    else:
        base = f"{weight}, below the {std.possible:.2f} needed to raise it"
    if call.likelihood == call.base_likelihood:
        text = f"{call.likelihood.capitalize()}: {base}"
    else:
        text = f"{call.base_likelihood.capitalize()} on its own ({base})"
    if mitigated:
        lowered = ", ".join(m[:1].lower() + m[1:] for m in mitigated)
        text += f"; lowered by {lowered}"
        if call.likelihood != call.base_likelihood:
            text += f" to {call.likelihood}"
    if call.severity != call.base_severity:
        text += f"; severity lowered from {call.base_severity} to {call.severity}"
    if not call.raised:
        text += "; so it is set aside and not counted in the call"
    return text + "."


def meaning_after_state(state: str, meaning: str) -> str:
    """A state's meaning said after the state, without repeating it: 'withheld: rules that
    …' after 'withheld' becomes 'rules that …'; any other meaning is returned unchanged."""
    head = f"{state}:".lower()
    return meaning[len(head) :].lstrip() if meaning.lower().startswith(head) else meaning


def lower_label(label: str) -> str:
    """A label inside a sentence: first letter lowered unless the word is an acronym (IT)."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() and len(first) > 1 else label[:1].lower() + label[1:]


def summary(
    kb: KnowledgeBase, call: Call, titles: dict[str, str], inf: Inference
) -> tuple[str, tuple[str, ...]]:
    """The one-paragraph summary of the call and the reasons behind it."""
    mine = proposal_risks(kb, inf.risks)
    reasons: list[str] = []
    for sev in reversed(SEVERITIES):
        for lik in reversed(LIKELIHOODS[1:]):
            for r in mine:
                if (r.severity, r.likelihood) == (sev, lik):
                    reasons.append(f"{titles[r.risk]} ({sev} severity, {lik})")
    high_likely = [r for r in mine if (r.severity, r.likelihood) == ("high", "likely")]
    if call.level == "high concern":
        text = (
            f"{_count(len(high_likely), 'high-severity risk is', 'high-severity risks are')} "
            "likely; "
            + ("a plan for it is" if len(high_likely) == 1 else "a plan for each is")
            + " needed before this goes ahead."
        )
    elif call.level == "some concern":
        text = (
            "No high-severity risk is likely; "
            f"{_count(len(mine), 'risk', 'risks').lower()} to manage."
        )
    elif call.level == "low concern":
        text = "No risk of medium or high severity was found in what the proposal states."
    else:
        named = ", ".join(
            lower_label(kb.facts[f].label) if f in kb.facts else f.replace("_", " ")
            for f in call.deciding_unknown[:5]
        )
        text = (
            "Too little is stated to make a call: most of the facts that decide it for this "
            f"form are unknown ({named})."
        )
        if mine:
            text += f" What is stated raises {_count(len(mine), 'risk', 'risks').lower()} so far."
    return text, tuple(reasons)


def _count(n: int, one: str, many: str) -> str:
    words = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
    number = words[n] if n < len(words) else str(n)
    return f"{number} {one if n == 1 else many}"


def show(value: object) -> str:
    """A fact value as plain text: true/false, comma-joined sets, anything else as str()."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
