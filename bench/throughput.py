"""Assessments per second with durable-rules against the reference evaluator, same KB and proposals.

Target (issue 12): durable-rules at least as fast as the reference evaluator (inference).
The four runs are interleaved round after round and each figure is the median of its rounds,
in CPU time, so that a busy machine slows them alike. bench/clips_peer.py adds CLIPS as a peer.

    .venv/bin/python -m bench.throughput [--proposals N] [--rounds N]

Figures on the 2-core development machine (shared), same bench, one after the other:
    before (commit 1a1503f): durable/reference 0.37x (inference), 0.59x (assessment)
    after: 0.67x (inference), 0.83x (assessment). Why not 1: docs/engine-notes.md.
"""

from __future__ import annotations

import argparse
import statistics
import time

from accord.engine import get_engine
from accord.engine.explain import assess
from accord.inputs.proposal import proposal_from_facts
from accord.kb.load import load_kb
from bench.common import random_facts


def rate(fn, items) -> float:
    start = time.process_time()
    for item in items:
        fn(item)
    return len(items) / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    kb = load_kb()
    proposals = [proposal_from_facts(f, kb) for f in random_facts(kb, args.proposals)]
    durable, reference = get_engine(kb, "durable"), get_engine(kb, "reference")
    runs = {
        "inference, durable": lambda p: durable.run(p.facts),
        "inference, reference": lambda p: reference.run(p.facts),
        "assessment, durable": lambda p: assess(p, kb, durable, missing=False),
        "assessment, reference": lambda p: assess(p, kb, reference, missing=False),
    }
    for fn in runs.values():  # warm up
        rate(fn, proposals[:50])
    per: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(args.rounds):
        for label, fn in runs.items():
            per[label].append(rate(fn, proposals))
    results = {label: statistics.median(v) for label, v in per.items()}
    for label, r in results.items():
        print(
            f"{label:24s} {r:8.0f} per CPU second ({len(kb.rules)} rules, {len(proposals)} proposals)"
        )
    for what in ("inference", "assessment"):
        ratio = results[f"{what}, durable"] / results[f"{what}, reference"]
        print(f"ratio durable/reference, {what}: {ratio:.2f}x (target >= 1)")


if __name__ == "__main__":
    main()
