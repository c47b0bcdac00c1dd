"""Memory growth across 10,000 assessments on durable-rules (target: under 5 MB)."""

from __future__ import annotations

import gc

from accord.engine import get_engine
from accord.engine.explain import assess
from accord.inputs.proposal import proposal_from_facts
from accord.kb.load import load_kb
from bench.common import random_facts, rss_mb

N = 10_000


def main() -> None:
    kb = load_kb()
    proposals = [proposal_from_facts(f, kb) for f in random_facts(kb, 500, seed=11)]
    eng = get_engine(kb, "durable")
    for p in proposals:  # warm up: caches, first sessions
        assess(p, kb, eng, missing=False)
    gc.collect()
    before = rss_mb()
    for i in range(N):
        assess(proposals[i % len(proposals)], kb, eng, missing=False)
    gc.collect()
    after = rss_mb()
    print(
        f"RSS before {before:.1f} MB, after {N} assessments {after:.1f} MB: growth {after - before:.2f} MB (target < 5 MB)"
    )


if __name__ == "__main__":
    main()
