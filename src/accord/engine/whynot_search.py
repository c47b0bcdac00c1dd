"""The nearest facts to change for a why-not target to hold: the fewest changes of stated facts.

The candidates are the vocabulary facts upstream of the target (read by a rule that could
conclude it, or by a rule concluding something such a rule reads, or by a mitigation of the
risk), each tried at every value a rule tests (and one it does not), or made unknown when
stated. Single changes are tried first, then pairs, up to MAX_TRIALS evaluations. A trial
reuses the cheap re-evaluation of engine/reevaluate.py (Weigher.what_if; an empty value makes
a fact unknown) when the target is something it recomputes (risks, and what risks rest on);
otherwise it runs the engine again. Every suggestion is checked as a proposal (with_facts).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from accord.engine.inference import Inference
from accord.engine.judge import show as show_value
from accord.engine.weighing import Weigher
from accord.engine.whatif import candidate_values
from accord.engine.whynot import Change, Target, concluding_rules, holds, words
from accord.errors import AccordError
from accord.inputs.changes import with_facts
from accord.inputs.proposal import FactValue, Proposal
from accord.kb.model import KnowledgeBase, Rule
from accord.kb.strata import walk

MAX_TRIALS = 3000  # evaluations a search may run (single changes, then pairs)
MAX_ALTERNATIVES = 3  # change sets reported
Infer = Callable[[dict[str, FactValue], set[str]], Inference]  # (facts, names changed)
Setting = tuple[str, FactValue | None]


def upstream(kb: KnowledgeBase, target: Target) -> dict[str, int]:
    """Vocabulary facts the target can depend on, with their distance from it (1 = read by a
    rule that concludes it)."""
    rules = concluding_rules(kb, target)
    if target.kind == "risk":
        rules += [r for r in kb.rules if target.id in r.mitigates]
    if target.kind == "fact":
        return {target.fact: 1}
    by_conclusion: dict[tuple[str, object], list] = {}
    for r in kb.rules:
        for pair in r.conclusions:
            by_conclusion.setdefault(pair, []).append(r)
    dist: dict[str, int] = {}
    seen = {r.id for r in rules}
    frontier, depth = rules, 1
    while frontier:
        nxt = []
        for rule in frontier:
            for leaf, _ in walk(rule.when):
                if leaf.fact in kb.facts:
                    dist.setdefault(leaf.fact, depth)
                    continue
                for (fact, _value), found in by_conclusion.items():
                    if fact != leaf.fact:
                        continue
                    nxt += [r for r in found if r.id not in seen]
                    seen.update(r.id for r in found)
        frontier, depth = nxt, depth + 1
    return dist


def candidates(
    kb: KnowledgeBase, weigher: Weigher, given: dict[str, FactValue], facts: dict[str, int]
) -> list[Setting]:
    """Changes worth trying, nearest facts first; None as a value makes a fact unknown."""
    out: list[Setting] = []
    for name in sorted(facts, key=lambda f: (facts[f], list(kb.facts).index(f))):
        fdef = kb.facts[name]
        now = given.get(name)
        values = list(candidate_values(fdef, weigher.referenced.get(name, set())))
        if fdef.type == "set" and isinstance(now, tuple):
            values += [tuple(sorted(set(now) | set(v))) for v in values if isinstance(v, tuple)]
        for v in dict.fromkeys(values):
            if v != now:
                out.append((name, v))
        if now is not None:
            out.append((name, None))
    return out


class _Trials:
    """Tries sets of changes on one proposal: cheaply (Weigher.what_if) where exact, else by
    running the engine again. Each single change is re-evaluated once for the pairs on it."""

    def __init__(
        self, kb: KnowledgeBase, target: Target, base: Inference, weigher: Weigher, infer: Infer
    ) -> None:
        self.target, self.base, self.weigher, self.infer = target, base, weigher, infer
        rules = concluding_rules(kb, target)
        self.cheap = target.kind != "fact" and all(r.id in weigher.reach_risks for r in rules)
        # advice that reads only what the cheap re-evaluation recomputes: its own test on the
        # re-evaluated facts is exact (Weigher.what_if does not fire advice itself)
        self.advice = target.kind in ("recommendation", "lifecycle") and _reads_reach(
            kb, weigher, rules[0]
        )
        self.cheap = self.cheap or self.advice
        # facts the advice reads itself: the risk-chain prune (first_effect) does not see them
        self.direct = {leaf.fact for leaf, _ in walk(rules[0].when)} if self.advice else set()
        self.firsts: dict[Setting, Inference] = {}

    def first(self, setting: Setting) -> Inference:
        inf = self.firsts.get(setting)
        if inf is None:
            inf = self.weigher.what_if(self.base, setting[0], _cheap(setting[1]))
            self.firsts[setting] = inf
        return inf

    def holds(self, settings: tuple[Setting, ...], given: dict[str, FactValue]) -> bool:
        """Whether the target holds with these changes made."""
        if self.cheap:
            name, value = settings[0]
            if (
                len(settings) == 1
                and name not in self.direct
                and self.weigher.first_effect(self.base, name, _cheap(value)) is None
            ):
                return False  # no rule reading it changes: nothing downstream can
            inf = self.first(settings[0])
            for name, value in settings[1:]:
                inf = self.weigher.what_if(inf, name, _cheap(value))
            if self.advice:
                return self.weigher.test[self.target.id](inf.store)
            return holds(self.target, inf)
        return self.full(settings, given)

    def full(self, settings: tuple[Setting, ...], given: dict[str, FactValue]) -> bool:
        """Whether the target holds with these changes, by running the engine again."""
        changed = dict(given)
        for name, value in settings:
            if value is None:
                changed.pop(name, None)
            else:
                changed[name] = value
        return holds(self.target, self.infer(changed, {n for n, _ in settings}))


def search(
    kb: KnowledgeBase,
    proposal: Proposal,
    target: Target,
    base: Inference,
    weigher: Weigher,
    infer: Infer,
) -> tuple[tuple[tuple[Change, ...], ...], str]:
    """The smallest sets of changes that make the target hold, and what was tried, in words.

    base: the proposal's inference; infer: runs the engine on facts {name: value}, given the
    names changed (stated now, whatever their origin was), for trials the cheap
    re-evaluation cannot answer. Returns up to MAX_ALTERNATIVES change sets of the
    least size found (singles before pairs), each valid as a proposal.
    """
    given = proposal.fact_map()
    facts = upstream(kb, target)
    cands = candidates(kb, weigher, given, facts)
    trials = _Trials(kb, target, base, weigher, infer)
    tried = 0
    exhausted = True
    found: list[tuple[Change, ...]] = []
    for size in (1, 2):
        for combo in itertools.combinations(cands, size):
            if len({n for n, _ in combo}) < size:
                continue
            if tried >= MAX_TRIALS:
                exhausted = False
                break
            tried += 1
            if (
                trials.holds(combo, given)
                and _valid(kb, proposal, combo)
                and (not trials.cheap or trials.full(combo, given))  # checked by a full run
            ):
                found.append(tuple(_change(kb, given, n, v) for n, v in combo))
                if len(found) >= MAX_ALTERNATIVES:
                    break
        if found or tried >= MAX_TRIALS:
            break
    return tuple(found), _searched(len(facts), tried, bool(found), exhausted)


def _searched(facts: int, tried: int, found: bool, exhausted: bool) -> str:
    """What the search tried, in words."""
    of = f"of the {facts} fact{'s' if facts != 1 else ''} it can depend on"
    if found:
        return f"tried {tried} change{'s' if tried != 1 else ''} {of}"
    if exhausted:
        return f"no change of one or two {of} makes it hold ({tried} tried)"
    return f"stopped at the limit of {MAX_TRIALS} changes {of}, none making it hold"


def _reads_reach(kb: KnowledgeBase, weigher: Weigher, rule: Rule) -> bool:
    """Whether a rule reads only proposal facts and what the rules that reach risks conclude."""
    reach = {f for r in kb.rules if r.id in weigher.reach_risks for f, _ in r.conclusions}
    return all(leaf.fact in kb.facts or leaf.fact in reach for leaf, _ in walk(rule.when))


def _cheap(value: FactValue | None) -> FactValue:
    """A value for Weigher.what_if: an empty set makes the fact unknown, as every compiled
    test reads an empty set (tests/test_why_not.py checks it against full runs)."""
    return () if value is None else value


def _valid(kb: KnowledgeBase, proposal: Proposal, combo: tuple[Setting, ...]) -> bool:
    """Whether the changed proposal passes the checks of a proposal file."""
    try:
        with_facts(
            proposal,
            kb,
            set={n: v for n, v in combo if v is not None},
            unset=[n for n, v in combo if v is None],
        )
    except AccordError:
        return False
    return True


def _text(value: FactValue | None) -> str:
    if value is None:
        return "unknown"
    return words(show_value(value)) if not isinstance(value, bool) else words(value)


def _change(
    kb: KnowledgeBase, given: dict[str, FactValue], name: str, value: FactValue | None
) -> Change:
    now = given.get(name)
    shown = "not stated" if now is None else _text(now)
    return Change(name, kb.facts[name].label, shown, _text(value), value)
