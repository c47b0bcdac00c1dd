"""The meaning of a condition over a set of facts, shared by both engines and the explanations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from accord.kb.model import All, Any_, Condition, Leaf, Not, Scalar

# facts as the engines see them: name -> every value it holds (one for scalars, many for sets,
# and more than one for a derived fact when rules disagree)
Store = dict[str, set[Scalar]]


def leaf_holds(leaf: Leaf, store: Store) -> bool:
    values = store.get(leaf.fact)
    if leaf.op == "unknown":
        return not values
    if not values:
        return False
    if leaf.op == "known":
        return True
    if leaf.op == "equals":  # the common case, by hashing: True == 1 must not match, so check type
        want = leaf.value
        return want in values and any(type(v) is type(want) for v in values if v == want)
    if leaf.op == "in" and isinstance(leaf.value, tuple):
        return any(
            w in values and any(type(v) is type(w) for v in values if v == w) for w in leaf.value
        )
    return any(value_matches(leaf, v) for v in values)


def value_matches(leaf: Leaf, v: Scalar) -> bool:
    op, want = leaf.op, leaf.value
    if op == "equals":
        return type(v) is type(want) and v == want
    if op == "in":
        return any(type(v) is type(w) and v == w for w in want)  # type: ignore[union-attr]
    if isinstance(v, bool) or not isinstance(v, int):
        return False
    if op == "at_least":
        return v >= want  # type: ignore[operator]
    if op == "at_most":
        return v <= want  # type: ignore[operator]
    if op == "above":
        return v > want  # type: ignore[operator]
    if op == "below":
        return v < want  # type: ignore[operator]
    return op == "known"


_COMPILED: dict[int, tuple[Condition, Callable[[Store], bool]]] = {}
_COMPILED_MAX = 100_000  # conditions kept compiled (each pins its condition)


def holds(cond: Condition, store: Store) -> bool:
    """Whether a condition holds over the facts; compiled once per condition object."""
    entry = _COMPILED.get(id(cond))
    if entry is None or entry[0] is not cond:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        entry = _COMPILED[id(cond)] = (cond, compile_holds(cond))
    return entry[1](store)


def holds_tree(cond: Condition, store: Store) -> bool:
    """holds() by walking the condition (the meaning the compiled form must keep)."""
    if isinstance(cond, Leaf):
        return leaf_holds(cond, store)
    if isinstance(cond, All):
        return all(holds_tree(i, store) for i in cond.items)
    if isinstance(cond, Any_):
        return any(holds_tree(i, store) for i in cond.items)
    return not holds_tree(cond.item, store)


@dataclass(frozen=True)
class Evidence:
    """Why a condition held: facts that matched, and facts whose absence mattered."""

    matched: tuple[tuple[str, Scalar], ...]
    absent: tuple[str, ...]  # facts that had to be unknown or not hold a value


def explain(cond: Condition, store: Store) -> Evidence:
    """Collect the facts behind a condition that holds (positive tests that held, and absences)."""
    matched: set[tuple[str, Scalar]] = set()
    absent: set[str] = set()
    _explain(cond, store, False, matched, absent)
    return Evidence(tuple(sorted(matched, key=_key)), tuple(sorted(absent)))


def _explain(cond: Condition, store: Store, negated: bool, matched: set, absent: set) -> None:
    if isinstance(cond, Leaf):
        held = leaf_holds(cond, store)
        if held and not negated and cond.op != "unknown":
            matched.update(
                (cond.fact, v)
                for v in store.get(cond.fact, ())
                if cond.op == "known" or value_matches(cond, v)
            )
        elif (held and cond.op == "unknown") or (negated and not held):
            absent.add(
                cond.fact if cond.op in ("unknown", "known") else f"{cond.fact}={_show(cond.value)}"
            )
        return
    if isinstance(cond, Not):
        _explain(cond.item, store, not negated, matched, absent)
        return
    items: Iterable[Condition] = cond.items
    if isinstance(cond, Any_) and not negated:
        # only the alternatives that held explain an 'any'
        items = [i for i in cond.items if holds(i, store)]
    for item in items:
        _explain(item, store, negated, matched, absent)


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "|".join(str(v) for v in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _key(pair: tuple[str, Scalar]) -> tuple[str, str]:
    return pair[0], repr(pair[1])


def initial_store(facts: Iterable[tuple[str, Scalar | tuple[str, ...]]]) -> Store:
    store: Store = {}
    for name, value in facts:
        store[name] = set(value) if isinstance(value, tuple) else {value}
    return store


# --- compiled conditions: the same meaning as holds() and explain().matched, as closures ------
Test = Callable[[Store], bool]
Matcher = Callable[[Store], tuple[tuple[str, Scalar], ...]]


def compile_holds(cond: Condition) -> Test:
    """A function store -> bool equal to holds(cond, store), without walking the tree each time.

    Args:
        cond: a rule condition from the loaded knowledge base.
    Returns:
        the compiled test; it reads the store and never changes it.
    """
    if isinstance(cond, Leaf):
        return _compile_leaf(cond)
    if isinstance(cond, Not):
        inner = compile_holds(cond.item)
        return lambda store: not inner(store)
    items = tuple(compile_holds(i) for i in cond.items)
    if len(items) == 1:
        return items[0]
    if isinstance(cond, All):
        return lambda store: all(t(store) for t in items)
    return lambda store: any(t(store) for t in items)


def _compile_leaf(leaf: Leaf) -> Test:
    fact, op, want = leaf.fact, leaf.op, leaf.value
    if op == "unknown":
        return lambda store: not store.get(fact)
    if op == "known":
        return lambda store: bool(store.get(fact))
    if op == "equals":
        kind = type(want)

        def equals(store: Store) -> bool:
            values = store.get(fact)
            if not values or want not in values:
                return False
            return any(type(v) is kind for v in values if v == want)

        return equals
    if op == "in" and isinstance(want, tuple):
        wants = tuple((w, type(w)) for w in want)

        def among(store: Store) -> bool:
            values = store.get(fact)
            if not values:
                return False
            return any(
                w in values and any(type(v) is k for v in values if v == w) for w, k in wants
            )

        return among
    return lambda store: leaf_holds(leaf, store)


def compile_matched(cond: Condition) -> Matcher:
    """A function store -> explain(cond, store).matched, for a store over which cond holds.

    Args:
        cond: a rule condition from the loaded knowledge base.
    Returns:
        the compiled collector: the (fact, value) pairs the positive tests matched, in the
        order explain() gives them. Only valid when holds(cond, store) is true.
    """
    collect = _collector(cond)
    if collect is None:
        return lambda store: ()

    def matched(store: Store) -> tuple[tuple[str, Scalar], ...]:
        out: set[tuple[str, Scalar]] = set()
        collect(store, out)
        if len(out) < 2:
            return tuple(out)
        return tuple(sorted(out, key=_key))

    return matched


Collect = Callable[[Store, set], None]


def _collector(cond: Condition) -> Collect | None:
    """What a held, non-negated part of a condition adds to matched (None: nothing ever)."""
    if isinstance(cond, Not):
        return None  # a negated test only ever explains an absence
    if isinstance(cond, Leaf):
        if cond.op == "unknown":
            return None
        fact = cond.fact
        if cond.op == "known":
            return lambda store, out: out.update((fact, v) for v in store.get(fact, ()))
        if cond.op == "equals":
            want, kind = cond.value, type(cond.value)

            def equal_pair(store: Store, out: set) -> None:
                values = store.get(fact)
                if values and want in values and any(type(v) is kind for v in values if v == want):
                    out.add((fact, want))  # the stored value: equal, of the same type

            return equal_pair
        test = _compile_leaf(cond)
        leaf = cond

        def leaf_pairs(store: Store, out: set) -> None:
            if test(store):
                out.update((fact, v) for v in store.get(fact, ()) if value_matches(leaf, v))

        return leaf_pairs
    parts = [(compile_holds(i), _collector(i)) for i in cond.items]
    live = [(t, c) for t, c in parts if c is not None]
    if not live:
        return None
    if isinstance(cond, All):
        collectors = tuple(c for _, c in live)

        def every(store: Store, out: set) -> None:
            for c in collectors:
                c(store, out)

        return every
    pairs = tuple(live)

    def some(store: Store, out: set) -> None:
        for t, c in pairs:
            if t(store):
                c(store, out)

    return some
