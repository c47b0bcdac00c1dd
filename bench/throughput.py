"""Assessments per second with durable-rules against the reference evaluator, same KB and proposals.

Target: durable at least 0.5x the reference. Measured alternately in one run.
"""

from __future__ import annotations

import time

from accord.engine import get_engine
from accord.engine.explain import assess
from accord.inputs.proposal import proposal_from_facts
from accord.kb.load import load_kb
from bench.common import random_facts

N = 1000


def rate(fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / (time.perf_counter() - start)


def main() -> None:
    kb = load_kb()
    proposals = [proposal_from_facts(f, kb) for f in random_facts(kb, N)]
    durable, reference = get_engine(kb, "durable"), get_engine(kb, "reference")
    for eng in (durable, reference):  # warm up
        rate(lambda p, e=eng: e.run(p.facts), proposals[:50])
    results = {}
    for label, fn in (
        ("inference, durable", lambda p: durable.run(p.facts)),
        ("inference, reference", lambda p: reference.run(p.facts)),
        ("assessment, durable", lambda p: assess(p, kb, durable, missing=False)),
        ("assessment, reference", lambda p: assess(p, kb, reference, missing=False)),
    ):
        results[label] = rate(fn, proposals)
        print(
            f"{label:24s} {results[label]:8.0f} per second ({len(kb.rules)} rules, {N} proposals)"
        )
    print(
        f"ratio durable/reference, inference:  {results['inference, durable'] / results['inference, reference']:.2f}x (target >= 0.5x)"
    )
    print(
        f"ratio durable/reference, assessment: {results['assessment, durable'] / results['assessment, reference']:.2f}x"
    )


if __name__ == "__main__":
    main()
