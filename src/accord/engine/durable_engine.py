"""Accord's rules on durable-rules: the only module that imports durable.

docs/engine-notes.md lists the traps of durable-rules 2.0.28; each guard below names the trap it
answers, and tests/test_durable_guards.py reproduces each one.

Accord drives durable's Rete engine (the compiled `durable_rules_engine` module that
durable-rules ships) directly, without its Python `Host`: the stock host starts timer threads
that also run actions (trap 3), swallows action errors (trap 6) and re-serialises the session
state after every action. Here actions run inside our own call, errors propagate, and nothing
is serialised that Accord does not read.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import durable  # noqa: F401  (the package that ships the engine; keeps the dependency explicit)
import durable_rules_engine as _rete

from accord.engine.conditions import Store, holds, initial_store
from accord.errors import EngineError
from accord.inputs.proposal import FactValue
from accord.kb.model import All, KnowledgeBase, Leaf, Rule
from accord.kb.strata import pattern_leaves

NAME = "durable-rules"
START = "__start__"
NEVER = "__never__"
_OPS = {"at_least": "$gte", "at_most": "$lte", "above": "$gt", "below": "$lt"}
_NOT_HANDLED, _OBSERVED = 1, 2  # result codes of durable's assert and retract calls

# Rulesets can never be removed (trap 10), so a KB is compiled once per process, named by its
# content hash; one lock keeps one live session per process at a time (trap 9).
_lock = threading.RLock()
_compiled: dict[str, DurableEngine] = {}


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("durable-rules")
    except PackageNotFoundError:  # pragma: no cover - imported from a source tree
        return "unknown"


def _checked(result: Any, what: str) -> Any:
    """Raise on durable's error codes instead of letting a batch silently not run."""
    code = result[0] if isinstance(result, (tuple, list)) else 0
    if code == _NOT_HANDLED:  # trap 4: a fact no rule reads (the sink rule prevents it)
        raise EngineError(f"durable-rules did not handle {what}")
    if code == _OBSERVED:  # trap 5/9: we never assert a fact twice, so this is a hash collision
        raise EngineError(f"durable-rules rejected {what} as a duplicate (32-bit hash collision?)")
    return result[1] if isinstance(result, (tuple, list)) else result


def leaf_pattern(leaf: Leaf) -> dict[str, Any]:
    """Translate one positive test into a durable pattern over {k, v} facts."""
    if leaf.op == "known":
        return {"k": leaf.fact}
    if leaf.op == "equals":
        test: dict[str, Any] = {"v": leaf.value}
    elif leaf.op == "in":
        test = {"$or": [{"v": v} for v in leaf.value]}  # type: ignore[union-attr]
    else:
        test = {_OPS[leaf.op]: {"v": leaf.value}}
    return {"$and": [{"k": leaf.fact}, test]}


def rule_pattern(rule: Rule) -> list[dict[str, Any]]:
    """The durable 'all' list for a rule: its positive tests, one per fact, or the start fact.

    durable binds each alias of one rule to a different fact, so two tests of the same fact
    would never match together; only the first goes into the pattern and the whole condition
    is checked again in the action.
    """
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for leaf in pattern_leaves(rule.when):
        if leaf.fact not in seen:
            seen.add(leaf.fact)
            out.append({f"a{len(out)}": leaf_pattern(leaf)})
    return out or [{"a0": {"k": START}}]


class _Run:
    """Per-evaluation state the actions write to; replaced for every evaluation."""

    def __init__(self, store: Store, sid: str) -> None:
        self.store = store
        self.sid = sid
        self.fired: list[str] = []
        self.fired_set: set[str] = set()


class DurableEngine:
    """A knowledge base compiled into one durable ruleset, evaluated one session at a time."""

    name = NAME

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.ruleset = f"accord_{kb.content_hash[:24]}"
        self._run: _Run | None = None
        self._sessions = 0
        self._live: str | None = None
        self._actions: dict[str, Callable[[], None]] = {
            "accord$start": _noop,
            "accord$sink": _noop,
        }
        definition: dict[str, Any] = {
            # trap 2: deleting a session in which no action ran crashes, so one always runs
            "accord$start": {"all": [{"m": {"k": START}}], "pri": 0},
            # trap 4: a fact no rule reads raises and defers the batch's actions; this rule
            # reads every fact and never fires
            "accord$sink": {"all": [{"m": {"$ex": {"k": 1}}}, {"n": {"k": NEVER}}], "pri": 1 << 20},
        }
        for rule in kb.rules:
            definition[rule.id] = {"all": rule_pattern(rule), "pri": rule.stratum + 1}
            self._actions[rule.id] = self._action(rule)
        with _lock:
            self._handle = _rete.create_ruleset(self.ruleset, json.dumps(definition))

    @property
    def version(self) -> str:
        return version()

    def _action(self, rule: Rule) -> Callable[[], None]:
        conclusions = rule.conclusions
        rule_id = rule.id
        when = rule.when
        # a rule whose whole condition is its pattern needs no second look in Python
        check = len(rule_pattern(rule)) != _condition_size(when) or not pattern_leaves(when)

        def action() -> None:
            run = self._run
            if run is None or rule_id in run.fired_set:
                return  # several matches of one rule: it fires once
            # trap 1: negation, 'unknown' and 'any' are left out of the pattern and decided
            # here, when every lower stratum is complete (pri = stratum)
            if check and not holds(when, run.store):
                return
            run.fired.append(rule_id)
            run.fired_set.add(rule_id)
            for fact, value in conclusions:
                values = run.store.setdefault(fact, set())
                if value in values:
                    continue  # trap 5: asserting an equal fact again raises
                values.add(value)
                # trap 7: a fresh fact every time, never a dict the engine has seen
                fresh = json.dumps({"sid": run.sid, "k": fact, "v": value})
                _checked(_rete.assert_fact(self._handle, fresh), f"derived fact {fact}={value}")

        return action

    def run(self, facts: tuple[tuple[str, FactValue], ...]) -> tuple[frozenset[str], Store]:
        store = initial_store(facts)
        with _lock:  # trap 9: one live session per process at a time
            sid = self._sid()
            batch = [{"sid": sid, "k": START, "v": 1}]
            for name, value in facts:  # sorted by name; set members sorted (reproducible)
                items = value if isinstance(value, tuple) else (value,)
                batch.extend({"sid": sid, "k": name, "v": v} for v in items)
            run = _Run(store, sid)
            self._run = run
            clean = False
            try:
                state = _checked(
                    _rete.assert_facts(self._handle, json.dumps(batch)), "the proposal's facts"
                )
                self._drain(state)
                clean = self._retract(sid, batch, store, facts)
            except EngineError:
                raise
            except Exception as exc:  # trap 6: an error inside an action is never swallowed
                raise EngineError(
                    f"durable-rules action failed: {type(exc).__name__}: {exc}"
                ) from exc
            finally:
                self._run = None
                if not clean:
                    self._drop(sid)
        return frozenset(run.fired), store

    def _drain(self, state: Any) -> None:
        """Run every pending action in priority order, inside this call (no threads)."""
        started = _rete.start_action_for_state(self._handle, state)
        message = json.loads(started[1]) if started else None
        while message:
            name = next(iter(message))
            try:
                self._actions[name]()
            except BaseException:
                _rete.abandon_action(self._handle, state)
                raise
            following = _rete.complete_and_start_action(self._handle, state)
            message = json.loads(following) if following else None

    def _sid(self) -> str:
        """The session to use: the reused one, or a fresh one after a failure."""
        if self._live is None:
            self._sessions += 1
            self._live = str(self._sessions)
        return self._live

    def _retract(self, sid: str, batch: list[dict[str, Any]], store: Store, facts: tuple) -> bool:
        """Empty the session for the next evaluation: retract every fact this one asserted.

        Reusing one session is 2-3x faster than a new one each time (docs/engine-notes.md); the next
        evaluation starts from an empty session, which the isolation tests check.
        """
        given = {name for name, _ in facts}
        derived = [
            {"sid": sid, "k": k, "v": v}
            for k in sorted(store)
            if k not in given
            for v in sorted(store[k], key=repr)
        ]
        state = _checked(
            _rete.retract_facts(self._handle, json.dumps(batch + derived)), "a retraction"
        )
        # no rule should react to a retraction; start afresh if one did
        return not _rete.start_action_for_state(self._handle, state)

    def _drop(self, sid: str) -> None:
        self._live = None
        try:
            _rete.delete_state(self._handle, sid)  # trap 11: memory
        except Exception:  # pragma: no cover - deleting is best effort
            pass


def _condition_size(cond: Any) -> int:
    """Number of tests in a plain condition (a leaf, or an all of leaves); -1 otherwise."""
    if isinstance(cond, Leaf):
        return 1
    if isinstance(cond, All) and all(isinstance(i, Leaf) for i in cond.items):
        return len(cond.items)
    return -1


def _noop() -> None:
    return None


def compiled(kb: KnowledgeBase) -> DurableEngine:
    """Return the engine for this KB, compiling it on first use in this process.

    Engines are keyed by the KB's content hash: equal content means equal rules, and the
    ruleset registered under that name already calls this engine's actions.
    """
    with _lock:
        eng = _compiled.get(kb.content_hash)
        if eng is None:
            eng = _compiled[kb.content_hash] = DurableEngine(kb)
        return eng
