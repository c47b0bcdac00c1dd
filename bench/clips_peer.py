"""The peer for the durable-rules adapter: the same compiled rules matched by CLIPS (clipspy).

Target (issue 12): inference on durable-rules at least as fast as CLIPS on the same compiled
rules and proposals, and at least as fast as the reference evaluator.

The shipped rules are compiled into CLIPS exactly as engine/durable_engine.py compiles them
into durable-rules: each rule's first positive test of each fact becomes one pattern over
(f (k NAME) (v VALUE)) facts, rules with no positive test are candidates every time, and a
rule's action only records its id. Around the matcher everything is Accord's and shared: the
same facts asserted (only those some pattern accepts), the same stratum loop, the same Python
check of the conditions the patterns do not hold, the same weighing standard. So the three
engines differ only in how candidate rules are found: durable's Rete, CLIPS's Rete, or (the
reference) testing every rule's compiled condition. Before timing, each engine's fired rules
and resolved facts are checked equal to the reference's on every proposal.

Figures are inferences per second of CPU time, the engines interleaved round after round,
median of the rounds, on the bundled examples (each round assesses all of them) and on
generated proposals (bench.common.random_facts).

    .venv/bin/pip install -e '.[bench]'   # clipspy (without it this bench says so and stops)
    .venv/bin/python -m bench.clips_peer [--rounds N] [--generated N]

Figures on the 2-core development machine (shared; compare the ratios):
    before (the issue): durable 594/s against CLIPS 1,592/s on the examples (0.4x), and
        0.47-0.55x the reference evaluator.
    after: on the examples durable 725/s, CLIPS 344/s, reference 882/s (durable/CLIPS 2.11x,
        durable/reference 0.82x); generated 571, 276, 796/s (2.07x, 0.72x); matching alone
        durable 2,514/s against CLIPS 561/s (4.48x). (The issue's CLIPS figure came from
        another peer, not kept; this one loads each batch as one text (load_facts), as
        durable gets one JSON text: clipspy's Fact objects, one per fact, leak and slow down.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from accord.engine import durable_available, get_engine
from accord.engine.conditions import value_matches
from accord.engine.weighing import Inference, Weigher
from accord.inputs.proposal import Proposal, load_proposal, proposal_from_facts
from accord.kb.load import load_kb
from accord.kb.model import KnowledgeBase, Leaf, Scalar
from bench.common import ROOT, random_facts

START_RULE = "accord$start"
OPS = {"at_least": ">=", "at_most": "<=", "above": ">", "below": "<"}


def clips_text(value: Scalar) -> str:
    """A value as a CLIPS constant: text as a STRING, whole numbers as INTEGER, yes/no as the
    symbols TRUE/FALSE (what clipspy makes of Python's str, int and bool)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def clips_pattern(leaf: Leaf, n: int) -> str:
    """One positive test as a CLIPS pattern over (f (k ...) (v ...)) facts."""
    head = f"(f (k {clips_text(leaf.fact)})"
    if leaf.op == "known":
        return head + ")"
    if leaf.op == "equals":
        return f"{head} (v {clips_text(leaf.value)}))"  # type: ignore[arg-type]
    if leaf.op == "in":
        return f"{head} (v {'|'.join(clips_text(v) for v in leaf.value)}))"  # type: ignore[union-attr]
    return f"{head} (v ?v{n}&:(integerp ?v{n})&:({OPS[leaf.op]} ?v{n} {leaf.value})))"


class ClipsEngine:
    """Accord's rules matched by CLIPS, in the durable adapter's shape (see the docstring)."""

    name = "clips"

    def __init__(self, kb: KnowledgeBase) -> None:
        import clips

        from accord.engine.durable_engine import _condition_size, _first_tests

        self.kb = kb
        self.weigher = Weigher(kb)
        self.env = clips.Environment()
        self.env.build("(deftemplate f (slot k) (slot v))")
        self._matched: set[str] = set()
        self.env.define_function(self._record, "accord-matched")
        self._tests: dict[str, list[Leaf]] = {}
        self._always: set[str] = set()
        self._check: dict[str, bool] = {}
        for i, rule in enumerate(kb.rules):
            tests = _first_tests(rule)
            for leaf in tests:
                self._tests.setdefault(leaf.fact, []).append(leaf)
            self._check[rule.id] = not tests or len(tests) != _condition_size(rule.when)
            if not tests:
                self._always.add(rule.id)
                continue
            lhs = " ".join(clips_pattern(leaf, n) for n, leaf in enumerate(tests))
            self.env.build(f"(defrule r{i} {lhs} => (accord-matched {clips_text(rule.id)}))")
        self._text: dict[tuple[str, type, Scalar], str | None] = {}

    def _record(self, rule_id: Any) -> None:
        self._matched.add(str(rule_id))

    def _fact_text(self, name: str, value: Scalar) -> str | None:
        """The fact as CLIPS text, or None when no pattern accepts it; remembered per value."""
        key = (name, type(value), value)
        if key not in self._text:
            tests = self._tests.get(name, ())
            read = any(leaf.op == "known" or value_matches(leaf, value) for leaf in tests)
            self._text[key] = (
                f"(f (k {clips_text(name)}) (v {clips_text(value)}))" if read else None
            )
        return self._text[key]

    def _assert(self, pairs: Iterable[tuple[str, Scalar]]) -> None:
        """Load the facts as one text, then run the agenda (one call each). Asserting through
        clipspy's Fact objects (one per fact, or the one an (assert ...) evaluation returns)
        leaks, and CLIPS slows down run after run."""
        texts = [t for t in (self._fact_text(n, v) for n, v in pairs) if t is not None]
        if texts:
            self.env.load_facts(" ".join(texts))
        self.env.run()

    def infer(
        self, facts: tuple[tuple[str, Any], ...], origins: dict[str, str] | None = None
    ) -> Inference:
        w = self.weigher
        test = w.test
        inf = w.start(facts, origins or {})
        self.env.reset()
        self._matched = matched = set(self._always)
        self._assert(
            (name, v)
            for name, value in facts
            for v in (value if isinstance(value, tuple) else (value,))
        )
        for stratum, rules in enumerate(w.rules_by_stratum):
            for rule in rules:
                if rule.id in matched and (not self._check[rule.id] or test[rule.id](inf.store)):
                    w.fire(inf, rule)
            resolved = w.resolve(inf, stratum)
            if resolved:
                self._assert(resolved)
        return inf


def proposals(kb: KnowledgeBase, generated: int) -> tuple[list[Proposal], list[Proposal]]:
    examples = [load_proposal(p, kb) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    return examples, [proposal_from_facts(f, kb) for f in random_facts(kb, generated)]


def same_results(engines: dict[str, Any], items: list[Proposal]) -> list[str]:
    """The engines whose fired rules or resolved facts differ from the reference's."""
    ref = engines["reference"]
    wrong = []
    for label, eng in engines.items():
        for p in items:
            a, b = eng.infer(p.facts), ref.infer(p.facts)
            if a.fired != b.fired or a.store != b.store or a.resolutions != b.resolutions:
                wrong.append(label)
                break
    return wrong


def rates(engines: dict[str, Any], items: list[Proposal], rounds: int) -> dict[str, float]:
    """Median inferences per CPU second of each engine, interleaved round after round."""
    runs: dict[str, Callable[[], None]] = {
        label: (lambda e=eng: [e.infer(p.facts) for p in items]) for label, eng in engines.items()
    }
    for fn in runs.values():
        fn()  # warm up
    per: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(rounds):
        for label, fn in runs.items():
            start = time.process_time()
            fn()
            per[label].append(len(items) / (time.process_time() - start))
    return {k: statistics.median(v) for k, v in per.items()}


def recorded_batches(eng: Any, items: list[Proposal]) -> list[list[list[tuple[str, Scalar]]]]:
    """Per proposal, the (fact, value) batches a full inference asserts, stratum by stratum."""
    out = []
    for p in items:
        batches: list[list[tuple[str, Scalar]]] = [
            [(n, v) for n, val in p.facts for v in (val if isinstance(val, tuple) else (val,))]
        ]
        w = eng.weigher
        real = w.resolve

        def spy(inf: Inference, stratum: int, real: Any = real, into: Any = batches) -> Any:
            pairs = real(inf, stratum)
            if pairs:
                into.append(list(pairs))
            return pairs

        w.resolve = spy
        try:
            eng.infer(p.facts)
        finally:
            del w.resolve  # back to the method
        out.append(batches)
    return out


def durable_matcher(eng: Any) -> Callable[[list[list[tuple[str, Scalar]]]], set[str]]:
    """durable-rules' part alone: assert each batch, take the actions, retract everything."""

    def match(batches: list[list[tuple[str, Scalar]]]) -> set[str]:
        matched = set(eng._always)
        sid = eng._sid()
        head = f'{{"sid":"{sid}",'
        texts = [f'{{"sid":"{sid}","k":"__start__","v":1}}']
        for i, batch in enumerate(batches):
            new = [head + t for t in (eng._fact_text(n, v) for n, v in batch) if t is not None]
            if i == 0:
                new = texts + new
            if new:
                eng._assert(new, matched, "a batch")
                if i:
                    texts.extend(new)
                else:
                    texts = new
        if not eng._retract(texts):
            eng._drop(sid)
        matched.discard(START_RULE)  # the action that keeps every session deletable (trap 2)
        return matched

    return match


def clips_matcher(eng: ClipsEngine) -> Callable[[list[list[tuple[str, Scalar]]]], set[str]]:
    """CLIPS's part alone: reset, then load each batch and run the agenda."""

    def match(batches: list[list[tuple[str, Scalar]]]) -> set[str]:
        eng.env.reset()
        eng._matched = matched = set(eng._always)
        for batch in batches:
            eng._assert(batch)
        return matched

    return match


def matching_only(engines: dict[str, Any], items: list[Proposal], rounds: int) -> None:
    """The matchers alone on the batches a real inference asserts (no weighing, no checks)."""
    batches = recorded_batches(engines["reference"], items)
    matchers = {
        "durable": durable_matcher(engines["durable"]),
        "clips": clips_matcher(engines["clips"]),
    }
    same = all(matchers["durable"](b) == matchers["clips"](b) for b in batches)
    per: dict[str, list[float]] = {k: [] for k in matchers}
    for _ in range(rounds):
        for label, match in matchers.items():
            start = time.process_time()
            for b in batches:
                match(b)
            per[label].append(len(batches) / (time.process_time() - start))
    r = {k: statistics.median(v) for k, v in per.items()}
    print(f"matching alone, on the facts each inference asserts ({len(batches)} proposals):")
    print(f"   same rules matched by both: {'yes' if same else 'no'}")
    for label, rate in r.items():
        print(f"   {label:10s} {rate:8.0f} proposals matched per CPU second")
    print(f"   durable/clips {r['durable'] / r['clips']:.2f}x (target >= 1)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--generated", type=int, default=300)
    args = parser.parse_args()
    try:
        import clips  # noqa: F401
    except ImportError:
        print("clips_peer: skipped: clipspy is not installed (pip install -e '.[bench]')")
        return 0
    if not durable_available():
        print("clips_peer: skipped: durable-rules does not import on this Python")
        return 0
    kb = load_kb(cases=False)
    examples, generated = proposals(kb, args.generated)
    engines = {
        "durable": get_engine(kb, "durable"),
        "clips": ClipsEngine(kb),
        "reference": get_engine(kb, "reference"),
    }
    wrong = same_results(engines, examples + generated)
    print(
        f"same fired rules and resolved facts as the reference: {'no: ' + ', '.join(wrong) if wrong else 'yes'}"
    )
    for what, items in (("examples", examples * 10), ("generated", generated)):
        r = rates(engines, items, args.rounds)
        print(f"{what} ({len(items)} per round, {len(kb.rules)} rules, median of {args.rounds}):")
        for label, rate in r.items():
            print(f"   {label:10s} {rate:8.0f} inferences per CPU second")
        print(
            f"   durable/clips {r['durable'] / r['clips']:.2f}x (target >= 1), "
            f"durable/reference {r['durable'] / r['reference']:.2f}x (target >= 1)"
        )
    matching_only(engines, examples + generated, args.rounds)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
