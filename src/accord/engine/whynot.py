"""Why not: why a risk, piece of advice, mechanism state or typology value does (not) hold.

A target is a rule id (a risk, recommendation or life-cycle check), `fact=state` for a
mechanism, outcome or typology dimension (or a fact a proposal states), or a typology value
alone when one dimension has it. For a target that does not hold, each rule that could
conclude it is listed with the conditions that failed (and the proposal's value), and the
nearest facts to change are searched (engine/whynot_search.py). What decided it is a guard
(no rule's condition held) or the weighing (a rule fired, but the proof standard, the
likelihood or a mitigation set its conclusion aside).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from accord.engine.assessment import Assessment
from accord.engine.conditions import Store, leaf_holds
from accord.engine.inference import Inference
from accord.engine.judge import lower_label, meaning_after_state
from accord.engine.judge import show as show_value
from accord.engine.phrasing import rule_text
from accord.errors import UsageError, did_you_mean
from accord.kb.model import RULE_FACTS, All, Any_, Condition, KnowledgeBase, Leaf, Rule

RULE_FACT_NAMES = {v: k for k, v in RULE_FACTS.items()}  # "risk" -> "risk", "check" -> lifecycle


@dataclass(frozen=True)
class Target:
    """What a why-not asks about: kind (risk, recommendation, lifecycle, mitigation, mechanism,
    outcome, typology, fact), the fact and value it stands for, and its label in words."""

    id: str
    kind: str
    fact: str
    value: str | bool | int
    label: str


@dataclass(frozen=True)
class Failed:
    """A condition of a rule that failed: the fact's label, what the rule needs, the value now.

    either: True when it is one of several alternatives (any one of them would do).
    """

    fact: str
    label: str
    needs: str
    now: str
    either: bool = False


@dataclass(frozen=True)
class RuleCheck:
    """A rule that could conclude the target: whether it fired, and what failed if not."""

    rule: str
    title: str
    kind: str
    fired: bool
    failed: tuple[Failed, ...]


@dataclass(frozen=True)
class Change:
    """One fact to change: its label, its value now and the value that makes the target hold,
    in words; value: that value as a proposal states it (None: made unknown)."""

    fact: str
    label: str
    now: str
    to: str
    value: str | bool | int | tuple[str, ...] | None = None


@dataclass(frozen=True)
class WhyNot:
    """What `accord.why_not` returns.

    target: what was asked about; holds: whether it holds for the proposal; decided_by:
    "holds", "guard" (no rule's condition held), "weighing" (a rule fired and the weighing
    set the conclusion aside) or "facts" (a fact the proposal states otherwise or not at all); why: sentences saying why it holds or what set it aside;
    rules: every rule that could conclude it; nearest: the smallest sets of fact changes that
    make it hold (alternatives, best first; empty when it holds or none was found within the
    search's limit); searched: what the search tried, in words.
    """

    target: Target
    holds: bool
    decided_by: str
    why: tuple[str, ...]
    rules: tuple[RuleCheck, ...]
    nearest: tuple[tuple[Change, ...], ...]
    searched: str


def resolve_target(kb: KnowledgeBase, text: str, form: object = None) -> Target:
    """Read a why-not target; UsageError with the closest known target when it is unknown.
    form is the proposal's form (a rule's title is said in its words)."""
    text = text.strip()
    if text in kb.rule_index:
        rule = kb.rule(text)
        fact = RULE_FACTS.get(rule.kind, rule.kind)
        return Target(text, rule.kind, fact, text, rule_text(kb, rule, "title", form))
    fact, sep, value = text.partition("=")
    fact, value = fact.strip(), value.strip()
    if not sep:
        dims = [
            (d.name, v) for d in kb.derived.values() if d.kind == "typology" for v in d.state_names
        ]
        dims += [
            (f.name, v) for f in kb.facts.values() if f.group == "typology" for v in f.value_names
        ]
        found = [(f, v) for f, v in dims if v == text]
        if len({f for f, _ in found}) == 1:
            fact, value = found[0]
    if fact in kb.derived and value in kb.derived[fact].state_names:
        d = kb.derived[fact]
        return Target(f"{fact}={value}", d.kind, fact, value, f"{d.label}: {words(value)}")
    if fact in kb.facts:
        fdef = kb.facts[fact]
        typed: str | bool | int | None = None
        if fdef.type == "bool" and value.lower() in ("true", "false", "yes", "no"):
            typed = value.lower() in ("true", "yes")
        elif fdef.type == "int" and value.lstrip("-").isdigit():
            typed = int(value)
        elif value in fdef.value_names:
            typed = value
        if typed is not None:
            return Target(f"{fact}={value}", "fact", fact, typed, f"{fdef.label}: {words(value)}")
    known = [*kb.rule_index]
    known += [f"{d.name}={s}" for d in kb.derived.values() for s in d.state_names]
    known += [f"{f.name}={v}" for f in kb.facts.values() for v in f.value_names]
    raise UsageError(
        f"unknown why-not target '{text}': expected a risk, recommendation or check id "
        "(RISK-07), a mechanism, outcome or typology state (trust=high), or a typology value",
        hint_problems(text, known),
    )


def hint_problems(text: str, known: list[str]) -> list:
    from accord.errors import Problem

    return [
        Problem(
            "target",
            f"'{text}' is not a rule id or fact=state of this knowledge base",
            field="target",
            expected="a rule id from 'accord kb docs', or fact=state",
            hint=did_you_mean(text, known),
        )
    ]


def words(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def holds(target: Target, inf: Inference) -> bool:
    """Whether the target holds in an inference (a risk: raised, possible or likely)."""
    if target.kind == "risk":
        call = inf.risks.get(target.id)
        return call is not None and call.raised
    if target.kind in ("recommendation", "lifecycle", "mitigation"):
        return target.id in inf.fired
    values = inf.store.get(target.fact, ())
    return target.value in values and any(type(v) is type(target.value) for v in values)


def concluding_rules(kb: KnowledgeBase, target: Target) -> list[Rule]:
    """The rules that could conclude the target (for a risk, the risk rule itself)."""
    if target.kind in ("risk", "recommendation", "lifecycle", "mitigation"):
        return [kb.rule(target.id)]
    if target.kind == "fact":
        return []
    return [r for r in kb.rules if (target.fact, target.value) in r.then]


def failed_conditions(kb: KnowledgeBase, cond: Condition, store: Store) -> tuple[Failed, ...]:
    """The leaves of a condition that stop it holding over store, in words."""
    out: list[Failed] = []
    _failed(kb, cond, store, False, False, out)
    return tuple(dict.fromkeys(out))


def _failed(
    kb: KnowledgeBase, cond: Condition, store: Store, neg: bool, either: bool, out: list[Failed]
) -> bool:
    """Add the failing leaves of cond (negated when neg) to out; return whether it holds."""
    if isinstance(cond, Leaf):
        ok = leaf_holds(cond, store) != neg
        if not ok:
            out.append(_leaf_words(kb, cond, store, neg, either))
        return ok
    if not isinstance(cond, (All, Any_)):  # Not
        return _failed(kb, cond.item, store, not neg, either, out)
    conjunctive = isinstance(cond, All) != neg  # not(any) is all-of-nots
    mark: list[Failed] = []
    results = [_failed(kb, c, store, neg, either or not conjunctive, mark) for c in cond.items]
    ok = all(results) if conjunctive else any(results)
    if not ok:
        out.extend(mark)
    return ok


def _leaf_words(kb: KnowledgeBase, leaf: Leaf, store: Store, neg: bool, either: bool) -> Failed:
    fact = leaf.fact
    values = sorted(store.get(fact, ()), key=str)
    if fact in RULE_FACT_NAMES:  # "risk RISK-07 was raised", "recommendation REC-02 given"
        want = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
        titles = " or ".join(
            f"'{rule_text(kb, kb.rule(str(w)), 'title', _form(store))}'"
            for w in want
            if str(w) in kb.rule_index
        )
        kind = {"risk": "Risk", "check": "Check"}.get(fact, fact.capitalize())
        done = "raised" if fact == "risk" else "given"
        if leaf.op in ("known", "unknown"):
            titles, kind = "", f"Any {kind.lower()}"
        yes = (leaf.op != "unknown") != neg
        label = f"{kind} {titles}".strip()
        return Failed(
            fact, label, done if yes else f"not {done}", f"not {done}" if yes else done, either
        )
    if fact in kb.facts:
        label = kb.facts[fact].label
        now = ", ".join(words(show_value(v)) for v in values) if values else "not stated"
    else:
        d = kb.derived.get(fact)
        label = d.label if d else fact.replace("_", " ")
        now = ", ".join(words(v) for v in values) if values else "not established"
    return Failed(fact, label, _needs(leaf, neg), now, either)


def _form(store: Store) -> object:
    """The proposal's form in a store (None unless exactly one is stated)."""
    forms = store.get("form", ())
    return next(iter(forms)) if len(forms) == 1 else None


OPS = {"at_least": "at least", "at_most": "at most", "above": "above", "below": "below"}


def _needs(leaf: Leaf, neg: bool) -> str:
    no = "not " if neg else ""
    if leaf.op == "known":
        return "not stated" if neg else "stated"
    if leaf.op == "unknown":
        return "stated" if neg else "not stated"
    if leaf.op in OPS:
        return f"{no}{OPS[leaf.op]} {leaf.value}"
    want = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
    return no + " or ".join(words(w) for w in want)


def rule_checks(
    kb: KnowledgeBase, target: Target, inf: Inference, states: Mapping[str, str] | None = None
) -> tuple[RuleCheck, ...]:
    """Each rule that could conclude the target: fired or not, and what failed.

    states: each mechanism's and outcome's state as the assessment words it ('withheld',
    'no signal', 'contested', ...), so an unresolved one is said as assess says it.
    """
    out = []
    for rule in concluding_rules(kb, target):
        fired = rule.id in inf.fired
        failed = () if fired else failed_conditions(kb, rule.when, inf.store)
        if states:
            failed = tuple(
                replace(f, now=words(states[f.fact]))
                if f.now == "not established" and f.fact in states
                else f
                for f in failed
            )
        title = rule_text(kb, rule, "title", _form(inf.store))
        out.append(RuleCheck(rule.id, title, rule.kind, fired, failed))
    return tuple(out)


def explain_why(kb: KnowledgeBase, target: Target, a: Assessment, hold: bool) -> tuple[str, ...]:
    """Sentences saying why the target holds, or what the weighing did with it."""
    if target.kind == "risk":
        for r in a.risks:
            if r.id == target.id:
                return (f"It is raised: {r.severity} severity, {r.likelihood}.", r.why)
        for r in a.set_aside:
            if r.id == target.id:
                return (f"It was considered and set aside: {r.why}",)
        return ()
    if target.kind == "typology":
        for p in a.typology:
            if p.dimension == target.fact:
                placed = ", ".join(words(v) for v in p.values) or "not placed"
                because = "; ".join(dict.fromkeys(r.title for r in p.reasons))
                return (f"{p.label} is {placed}" + (f", because: {because}." if because else "."),)
        return ()
    if target.kind in ("mechanism", "outcome"):
        for m in a.mechanisms:
            if m.name == target.fact:
                state = words(m.state)
                shown = m.standard not in (m.state, "withheld", "no signal")
                said = f"{m.label}: {state}" + (f" ({m.standard})" if shown else "")
                meaning = meaning_after_state(m.state, m.meaning).rstrip(".")
                return (
                    (f"{said}. {meaning[:1].upper()}{meaning[1:]}.",) if meaning else (said + ".",)
                )
        return ()
    if target.kind in ("recommendation", "lifecycle"):
        for adv in (*a.recommendations, *a.checks):
            if adv.id == target.id:
                found = [t.title.rstrip(".") for t in adv.addresses if t.present]
                return (adv.because, *([f"It addresses: {'; '.join(found)}."] if found else ()))
        return ()
    if target.kind == "fact":
        return (
            f"The proposal {'states' if hold else 'does not state'} {lower_label(target.label)}.",
        )
    return ()
