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

# durable-rules' compiled engine; its `durable` package adds only the Python host Accord does
# not use, and imports logging (3 ms at start-up)
import durable_rules_engine as _rete

from accord.engine.conditions import Store, holds
from accord.engine.weighing import Inference, Weigher
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


_version: str | None = None
DIST = "durable_rules"  # the distribution's name as it appears in its .dist-info folder


def version() -> str:
    """durable-rules' installed version, looked up once per process.

    Read from the name of the distribution's `durable_rules-<version>.dist-info` folder beside
    its compiled engine (one directory listing); importlib.metadata, which costs some 10 ms to
    import and search, only when that folder is not there. "unknown" when neither finds it.
    """
    global _version
    if _version is None:
        _version = _dist_info_version() or _metadata_version()
    return _version


def _dist_info_version() -> str | None:
    import os

    folder = os.path.dirname(os.path.abspath(_rete.__file__))
    try:
        names = os.listdir(folder)
    except OSError:  # pragma: no cover - the engine was just imported from there
        return None
    found = [
        n[len(DIST) + 1 : -len(".dist-info")]
        for n in names
        if n.startswith(DIST + "-") and n.endswith(".dist-info")
    ]
    return found[0] if len(found) == 1 else None


def _metadata_version() -> str:
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

    def __init__(self, sid: str) -> None:
        self.sid = sid
        self.matched: set[str] = set()


class DurableEngine:
    """A knowledge base compiled into one durable ruleset, evaluated one session at a time.

    durable's Rete network does the matching: an action only records that its rule's pattern
    matched. Accord then goes stratum by stratum: a matched rule fires when its whole condition
    holds over the resolved facts (negation, 'unknown' and 'any' are decided here, trap 1), the
    weighing standard resolves what the stratum concluded (engine/weighing.py), and the resolved
    facts are asserted into the session for the next strata to match.
    """

    name = NAME

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.weigher = Weigher(kb)
        self.ruleset = f"accord_{kb.content_hash[:24]}"
        self._run: _Run | None = None
        self._sessions = 0
        self._live: str | None = None
        self._actions: dict[str, Callable[[], None]] = {
            "accord$start": _noop,
            "accord$sink": _noop,
        }
        self._check: dict[str, bool] = {}
        definition: dict[str, Any] = {
            # trap 2: deleting a session in which no action ran crashes, so one always runs
            "accord$start": {"all": [{"m": {"k": START}}], "pri": 0},
            # trap 4: a fact no rule reads raises and defers the batch's actions; this rule
            # reads every fact and never fires
            "accord$sink": {"all": [{"m": {"$ex": {"k": 1}}}, {"n": {"k": NEVER}}], "pri": 1 << 20},
        }
        for rule in kb.rules:
            pattern = rule_pattern(rule)
            definition[rule.id] = {"all": pattern, "pri": rule.stratum + 1}
            self._actions[rule.id] = self._action(rule.id)
            # a rule whose whole condition is its pattern needs no second look in Python
            self._check[rule.id] = len(pattern) != _condition_size(
                rule.when
            ) or not pattern_leaves(rule.when)
        with _lock:
            self._handle = _rete.create_ruleset(self.ruleset, json.dumps(definition))

    @property
    def version(self) -> str:
        return version()

    def _action(self, rule_id: str) -> Callable[[], None]:
        def action() -> None:
            run = self._run
            if run is not None:
                run.matched.add(rule_id)  # several matches of one rule: recorded once

        return action

    def run(self, facts: tuple[tuple[str, FactValue], ...]) -> tuple[frozenset[str], Store]:
        """The rules that fired and the resolved facts (what the rule cases check)."""
        inf = self.infer(facts)
        return frozenset(inf.fired), inf.store

    def infer(
        self, facts: tuple[tuple[str, FactValue], ...], origins: dict[str, str] | None = None
    ) -> Inference:
        """Evaluate the facts (sorted (name, value) pairs) and weigh every conclusion.

        Raises:
            EngineError: durable-rules reported an error code or an action failed.
        """
        w = self.weigher
        inf = w.start(facts, origins or {})
        with _lock:  # trap 9: one live session per process at a time
            sid = self._sid()
            batch = [{"sid": sid, "k": START, "v": 1}]
            for name, value in facts:  # sorted by name; set members sorted (reproducible)
                items = value if isinstance(value, tuple) else (value,)
                batch.extend({"sid": sid, "k": name, "v": v} for v in items)
            run = _Run(sid)
            self._run = run
            clean = False
            try:
                self._assert(batch, "the proposal's facts")
                for stratum, rules in enumerate(w.rules_by_stratum):
                    for rule in rules:
                        if rule.id in run.matched and (
                            not self._check[rule.id] or holds(rule.when, inf.store)
                        ):
                            w.fire(inf, rule)
                    resolved: list[dict[str, Any]] = [
                        {"sid": sid, "k": k, "v": v} for k, v in w.resolve(inf, stratum)
                    ]
                    if resolved:
                        # trap 7: fresh facts every time, never a dict the engine has seen
                        self._assert(resolved, f"the facts resolved in stratum {stratum}")
                        batch.extend(resolved)
                clean = self._retract(batch)
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
        return inf

    def _assert(self, facts: list[dict[str, Any]], what: str) -> None:
        state = _checked(_rete.assert_facts(self._handle, json.dumps(facts)), what)
        self._drain(state)

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

    def _retract(self, asserted: list[dict[str, Any]]) -> bool:
        """Empty the session for the next evaluation: retract every fact this one asserted.

        Reusing one session is 2-3x faster than a new one each time (docs/engine-notes.md); the
        next evaluation starts from an empty session, which the isolation tests check.
        """
        state = _checked(_rete.retract_facts(self._handle, json.dumps(asserted)), "a retraction")
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
