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
from typing import Any

# durable-rules' compiled engine; its `durable` package adds only the Python host Accord does
# not use, and imports logging (3 ms at start-up)
import durable_rules_engine as _rete

from accord.engine.conditions import Store, value_matches
from accord.engine.weighing import Inference, Weigher
from accord.errors import EngineError
from accord.inputs.proposal import FactValue
from accord.kb.model import All, KnowledgeBase, Leaf, Rule, Scalar
from accord.kb.strata import pattern_leaves

NAME = "durable-rules"
START = "__start__"
START_RULE = "accord$start"
MAX_REMEMBERED = 100_000  # (fact, value) pairs whose JSON text is kept
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
    out = [{f"a{i}": leaf_pattern(leaf)} for i, leaf in enumerate(_first_tests(rule))]
    return out or [{"a0": {"k": START}}]


class DurableEngine:
    """A knowledge base compiled into one durable ruleset, evaluated one session at a time.

    durable's Rete network does the matching: an action only records that its rule's pattern
    matched. Accord then goes stratum by stratum: a matched rule fires when its whole condition
    holds over the resolved facts (negation, 'unknown' and 'any' are decided here, trap 1), the
    weighing standard resolves what the stratum concluded (engine/weighing.py), and the resolved
    facts are asserted into the session for the next strata to match.

    Only facts that some rule's pattern accepts are asserted (trap 4: a fact no pattern accepts
    raises and holds back its batch's actions); which those are is decided here, per (fact,
    value), by the very tests the patterns hold, and remembered. The facts go to the engine as
    JSON text made once per (fact, value), and an action is known by its rule's name, read off
    the front of its message without parsing the matched facts that follow it.
    """

    name = NAME

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.weigher = Weigher(kb)
        self.ruleset = f"accord_{kb.content_hash[:24]}"
        self._sessions = 0
        self._live: str | None = None
        self._check: dict[str, bool] = {}
        self._tests: dict[str, list[Leaf]] = {}  # fact -> the tests of it in some pattern
        self._text: dict[tuple[str, type, Scalar], str | None] = {}  # fact text, or None: unread
        definition: dict[str, Any] = {
            # trap 2: deleting a session in which no action ran crashes, so one always runs
            START_RULE: {"all": [{"m": {"k": START}}], "pri": 0},
        }
        # rules with no positive test to match are candidates in every evaluation: they are
        # decided in Python alone (matching them on the start fact only queued an action each)
        self._always: frozenset[str] = frozenset(r.id for r in kb.rules if not _first_tests(r))
        for rule in kb.rules:
            for leaf in _first_tests(rule):
                self._tests.setdefault(leaf.fact, []).append(leaf)
            pattern = rule_pattern(rule)
            if rule.id not in self._always:
                definition[rule.id] = {"all": pattern, "pri": rule.stratum + 1}
            # a rule whose whole condition is its pattern needs no second look in Python
            self._check[rule.id] = len(pattern) != _condition_size(
                rule.when
            ) or not pattern_leaves(rule.when)
        # a name JSON writes with escapes cannot be read off a message's front: parse those
        self._plain_names = all(json.dumps(name) == f'"{name}"' for name in definition)
        with _lock:
            self._handle = _rete.create_ruleset(self.ruleset, json.dumps(definition))

    @property
    def version(self) -> str:
        return version()

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
        test = w.test  # each rule's condition, compiled once (the meaning of holds())
        inf = w.start(facts, origins or {})
        matched: set[str] = set(self._always)
        with _lock:  # trap 9: one live session per process at a time
            sid = self._sid()
            head = f'{{"sid":"{sid}",'
            texts = [f'{{"sid":"{sid}","k":"{START}","v":1}}']
            for name, value in facts:  # sorted by name; set members sorted (reproducible)
                for v in value if isinstance(value, tuple) else (value,):
                    text = self._fact_text(name, v)
                    if text is not None:
                        texts.append(head + text)
            clean = False
            try:
                self._assert(texts, matched, "the proposal's facts")
                for stratum, rules in enumerate(w.rules_by_stratum):
                    for rule in rules:
                        if rule.id in matched and (
                            not self._check[rule.id] or test[rule.id](inf.store)
                        ):
                            w.fire(inf, rule)
                    resolved = []
                    for k, v in w.resolve(inf, stratum):
                        text = self._fact_text(k, v)
                        if text is not None:
                            resolved.append(head + text)
                    if resolved:  # trap 7: fresh text every time, never an object we keep
                        self._assert(resolved, matched, f"the facts resolved in stratum {stratum}")
                        texts.extend(resolved)
                clean = self._retract(texts)
            except EngineError:
                raise
            except Exception as exc:  # trap 6: an error while matching is never swallowed
                raise EngineError(
                    f"durable-rules action failed: {type(exc).__name__}: {exc}"
                ) from exc
            finally:
                if not clean:
                    self._drop(sid)
        return inf

    def _fact_text(self, name: str, value: Scalar) -> str | None:
        """The JSON of {"k": name, "v": value} without its opening brace, or None when no
        rule's pattern accepts it (then it is not asserted at all). Remembered per value."""
        key = (name, type(value), value)
        try:
            return self._text[key]
        except KeyError:
            pass
        tests = self._tests.get(name, ())
        read = any(leaf.op == "known" or value_matches(leaf, value) for leaf in tests)
        text = f'"k":{json.dumps(name)},"v":{json.dumps(value)}}}' if read else None
        if len(self._text) < MAX_REMEMBERED:
            self._text[key] = text
        return text

    def _assert(self, texts: list[str], matched: set[str], what: str) -> None:
        """Assert the facts and record every rule whose pattern they complete."""
        state = _checked(_rete.assert_facts(self._handle, "[" + ",".join(texts) + "]"), what)
        self._drain(state, matched)

    def _drain(self, state: Any, matched: set[str]) -> None:
        """Take every pending action in priority order, inside this call (no threads).

        An action only names its rule: the names go into matched (several matches of one rule
        are recorded once).
        """
        started = _rete.start_action_for_state(self._handle, state)
        message = started[1] if started else None
        plain = self._plain_names
        while message:
            try:  # '{"RULE-ID":{...the matched facts...}}'
                name = message[2 : message.index('"', 2)] if plain else next(iter(json.loads(message)))
            except BaseException:
                _rete.abandon_action(self._handle, state)
                raise
            matched.add(name)
            message = _rete.complete_and_start_action(self._handle, state)

    def _sid(self) -> str:
        """The session to use: the reused one, or a fresh one after a failure."""
        if self._live is None:
            self._sessions += 1
            self._live = str(self._sessions)
        return self._live

    def _retract(self, texts: list[str]) -> bool:
        """Empty the session for the next evaluation: retract every fact this one asserted.

        Reusing one session is 2-3x faster than a new one each time (docs/engine-notes.md); the
        next evaluation starts from an empty session, which the isolation tests check.
        """
        state = _checked(
            _rete.retract_facts(self._handle, "[" + ",".join(texts) + "]"), "a retraction"
        )
        # no rule should react to a retraction; start afresh if one did
        return not _rete.start_action_for_state(self._handle, state)

    def _drop(self, sid: str) -> None:
        self._live = None
        try:
            _rete.delete_state(self._handle, sid)  # trap 11: memory
        except Exception:  # pragma: no cover - deleting is best effort
            pass


def _first_tests(rule: Rule) -> list[Leaf]:
    """The tests rule_pattern puts in the rule's pattern: the first of each fact."""
    seen: set[str] = set()
    out = []
    for leaf in pattern_leaves(rule.when):
        if leaf.fact not in seen:
            seen.add(leaf.fact)
            out.append(leaf)
    return out


def _condition_size(cond: Any) -> int:
    """Number of tests in a plain condition (a leaf, or an all of leaves); -1 otherwise."""
    if isinstance(cond, Leaf):
        return 1
    if isinstance(cond, All) and all(isinstance(i, Leaf) for i in cond.items):
        return len(cond.items)
    return -1


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
