"""What would change the advice: the unknown facts ranked by value of information.

For each fact the proposal leaves unknown, each answer a rule tests (and one it does not) is
tried with Weigher.what_if, which re-evaluates only the rules the fact can reach; the answers
are scored by how much they would move the call and the severity-weighted risks
(rules/judgement.yaml: risk_score), and the most telling answer is said in words. Facts no rule
can reach are listed as unknown without effect. Ties go to the facts that decide the call for
the proposal's form, in the order the standard lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from accord.engine.assessment import MissingFact
from accord.engine.judge import (
    call_rank,
    lower_label,
    make_call,
    proposal_risks,
    risk_score,
    show,
)
from accord.engine.phrasing import rule_text
from accord.engine.weighing import Inference, RiskCall, Weigher
from accord.inputs.proposal import FactValue
from accord.kb.model import FactDef, KnowledgeBase, Scalar

CALL_WEIGHT = 10.0  # one step of the call outweighs any change in risks alone


def what_would_change(
    kb: KnowledgeBase, weigher: Weigher, base: Inference, given: Mapping[str, object]
) -> tuple[tuple[MissingFact, ...], tuple[str, ...]]:
    """Rank the unknown facts by how much their most telling answer would change the advice.

    Args:
        kb: the knowledge base with its standard.
        weigher: the weighing standard compiled for kb (the engine's own).
        base: the inference for the proposal as stated.
        given: the stated facts, name -> value.
    Returns:
        (the facts that would change something, most valuable first; the names of those
        that would change nothing).
    """
    ctx = _Base(kb, weigher, base, given)
    found: list[MissingFact] = []
    silent: list[str] = []
    moves: dict[str, float] = {}  # how far each fact's most telling answer moves the call
    for name, fdef in kb.facts.items():
        if name in given:
            continue
        best = _best_answer(ctx, name, fdef) if weigher.cone(name) else None
        changes = _changes(kb, base, best[2]) if best else []
        if best is None or not changes:
            silent.append(name)
            continue
        impact, value, trial, level, moves[name] = best
        sentence = _sentence(kb, fdef, value, (base, trial), (ctx.call.level, level), _form(given))
        found.append(
            MissingFact(
                name,
                fdef.label,
                fdef.question,
                len(changes),
                show(value),
                tuple(changes),
                impact,
                sentence,
                name in ctx.deciding and name in ctx.turns,
            )
        )
    order = {f: i for i, f in enumerate(ctx.deciding)}
    # the facts that would move the call come first; among them, those that decide the call
    # for this form (the standard's list, in its order), then the rest by impact
    found.sort(
        key=lambda m: (
            moves.get(m.fact, 0.0) == 0,
            order.get(m.fact, len(order)),
            -m.impact,
            -m.changes,
            m.fact,
        )
    )
    return tuple(found), tuple(silent)


class _Base:
    """What every answer is compared with: the proposal's call, score and raised risks."""

    def __init__(
        self, kb: KnowledgeBase, weigher: Weigher, base: Inference, given: Mapping[str, object]
    ) -> None:
        self.kb, self.weigher, self.base, self.given = kb, weigher, base, given
        self.call = make_call(kb, base, given)
        self.score = risk_score(kb, base)
        self.mine = {r.risk: r for r in proposal_risks(kb, base.risks)}
        self.deciding = kb.standard.deciding(_form(given)) if kb.standard else ()
        self.deciding_facts = set(self.deciding) | {"form"}
        self.turns: set[str] = set()  # facts with an answer that changes the call's level


def _best_answer(
    ctx: _Base, name: str, fdef: FactDef
) -> tuple[float, FactValue, Inference, str, float] | None:
    """The answer to one unknown fact that would change the advice most: (impact, value, its
    inference, the call it would give, how many steps it moves the call), or None."""
    kb, weigher, base = ctx.kb, ctx.weigher, ctx.base
    best: tuple[float, FactValue, Inference, str, float] | None = None
    seen: set[frozenset] = set()
    for value in candidate_values(fdef, weigher.referenced.get(name, set())):
        effect = weigher.first_effect(base, name, value)
        if effect is None and name in ctx.deciding_facts and name not in ctx.turns:
            # no rule changes, but stating a deciding fact can still lift "insufficient
            # information": the call with the same risks and this fact stated
            stated = make_call(kb, Inference({}, {}, risks=ctx.mine), {**ctx.given, name: value})
            if stated.level != ctx.call.level:
                ctx.turns.add(name)
        if effect is None or effect in seen:
            continue  # changes nothing, or the same as an answer already tried
        seen.add(effect)
        trial = weigher.what_if(base, name, value)
        raised = _raised(kb, ctx.mine, base, trial)
        if raised is None and name not in ctx.deciding_facts:
            # the call reads only the risks and which deciding facts are stated
            level, step, impact = ctx.call.level, 0.0, 0.0
        else:
            # the call and the score read only the raised risks of the proposal's scope
            slim = Inference({}, {}, risks=ctx.mine if raised is None else raised)
            new_call = make_call(kb, slim, {**ctx.given, name: value})
            # how far the risks alone move the call (stating any deciding fact also narrows
            # "insufficient information"; that is not what ranks one fact above another)
            step = abs(call_rank(new_call.risk_level) - call_rank(ctx.call.risk_level))
            impact = round(CALL_WEIGHT * step + abs(risk_score(kb, slim) - ctx.score), 6)
            level = new_call.level
        if level != ctx.call.level:
            ctx.turns.add(name)
        if best is None or impact > best[0]:
            best = (impact, value, trial, level, step)
    return best


def _form(given: Mapping[str, object]) -> str | None:
    form = given.get("form")
    return form if isinstance(form, str) else None


def _redone(kb: KnowledgeBase, base: Inference, trial: Inference) -> tuple[set[str], set[str]]:
    """The derived facts and the risk ids a what-if may have changed (all, after a full run)."""
    if trial.redone is None:
        facts = (
            base.store.keys() | trial.store.keys() | trial.resolutions.keys()
        ) - kb.facts.keys()
        return facts, base.risks.keys() | trial.risks.keys()
    facts, risks = set(), set()
    for u in trial.redone:
        fact, _, rid = u.partition("=")
        if fact == "risk":
            risks.add(rid)
        else:
            facts.add(fact)
    return facts, risks


def _raised(
    kb: KnowledgeBase, mine: dict[str, RiskCall], base: Inference, trial: Inference
) -> dict[str, RiskCall] | None:
    """The trial's raised risks of the proposal's scope (judge.proposal_risks), or None when
    they are base's (mine) in severity and likelihood. Only the risks it redid can differ."""
    out: dict[str, RiskCall] | None = None
    for rid in _redone(kb, base, trial)[1]:
        old, new = base.risks.get(rid), trial.risks.get(rid)
        if old is new or kb.rule(rid).scope == "form":
            continue
        was = (old.severity, old.likelihood) if old is not None and old.raised else None
        now = (new.severity, new.likelihood) if new is not None and new.raised else None
        if was == now:
            continue  # the call and the score read only severity and likelihood
        if out is None:
            out = dict(mine)
        if new is not None and new.raised:
            out[rid] = new
        else:
            out.pop(rid, None)
    return out


def _changes(kb: KnowledgeBase, base: Inference, trial: Inference) -> list[str]:
    """Every conclusion that differs: derived states, and raised risks with their call.

    Only what the what-if resolved again can differ, so only that is compared.
    """
    facts, risks = _redone(kb, base, trial)

    def view(inf: Inference) -> set[str]:
        out = {f"{f}={v}" for f in facts if f != "risk" for v in inf.store.get(f, ())}
        for rid in risks:
            c = inf.risks.get(rid)
            if c is not None and c.raised:
                out.add(f"{rid}={c.severity},{c.likelihood}")
        return out

    return sorted(view(base) ^ view(trial))


def _sentence(
    kb: KnowledgeBase,
    fdef: FactDef,
    value: FactValue | None,
    inferences: tuple[Inference, Inference],
    calls: tuple[str, str],
    form: str | None,
) -> str:
    """Say in words what one answer would change: (base, trial) inferences, (old, new) calls;
    form is the proposal's form (rule titles are said in its words)."""
    base, trial = inferences
    old_call, new_call = calls
    parts: list[str] = []
    facts, risks = _redone(kb, base, trial)  # nothing else differs
    for rid in sorted(risks):
        before, after = base.risks.get(rid), trial.risks.get(rid)
        title = rule_text(kb, kb.rule(rid), "title", form)
        was = before is not None and before.raised
        if after is not None and after.raised and not was:
            parts.append(
                f"'{title}' would be raised ({after.severity} severity, {after.likelihood})"
            )
        elif was and (after is None or not after.raised):
            parts.append(f"'{title}' would no longer be raised")
        elif before is not None and after is not None and was:
            if (before.severity, before.likelihood) != (after.severity, after.likelihood):
                parts.append(
                    f"'{title}' would become {after.severity} severity, {after.likelihood}"
                )
    if len(parts) < 2:
        for name in sorted(facts & trial.resolutions.keys()):
            res, old = trial.resolutions[name], base.resolutions.get(name)
            if old is not None and old.state == res.state and old.standard == res.standard:
                continue
            if res.state is None or res.standard in ("weak", "contested"):
                continue
            d, state = kb.derived[name], str(res.state)
            meaning = d.meaning(state).rstrip(".")
            meaning = meaning[:1].lower() + meaning[1:]
            parts.append(f"{lower_label(d.label)} would be {state.replace('_', ' ')} ({meaning})")
            if len(parts) >= 3:
                break
    if new_call != old_call:
        parts.append(f"the call would become {new_call}")
    said = "; ".join(parts) if parts else "some conclusions would change"
    if fdef.type == "bool":
        return f"If '{fdef.label}' were answered {'yes' if value else 'no'}: {said}."
    return f"If {lower_label(fdef.label)} were {_meaning(fdef, value)}: {said}."


def _meaning(fdef: FactDef, value: FactValue | None) -> str:
    """A value in words: yes/no, or each value's words with its meaning from the vocabulary
    ("partly funded (some transition costs are funded)"), or the number."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "unknown"
    if fdef.type in ("enum", "set"):
        values = value if isinstance(value, tuple) else (value,)
        return "; ".join(
            f"{str(v).replace('_', ' ')} ({lower_label(fdef.meaning(v).rstrip('.'))})"
            for v in values
        )
    return str(value)


def candidate_values(fdef: FactDef, used: set[Scalar]) -> Iterable[FactValue]:
    """Answers worth trying for an unknown fact: each value a rule tests, and one it does not."""
    if fdef.type == "bool":
        return (False, True)
    if fdef.type == "int":
        lo = fdef.minimum if fdef.minimum is not None else 0
        hi = fdef.maximum if fdef.maximum is not None else 10**6
        points = {lo}
        for t in used:
            if isinstance(t, int) and not isinstance(t, bool):
                points.update(x for x in (t - 1, t, t + 1) if lo <= x <= hi)
        return tuple(sorted(points))
    values = [v for v in fdef.value_names if v in used]
    unused = [v for v in fdef.value_names if v not in used]
    values += unused[:1]
    if fdef.type == "set":
        return tuple((v,) for v in values)
    return tuple(values)
