"""Memory growth across many assessments (target: under 5 MB).

Two figures: 10,000 assessments on one durable-rules engine, and 100,000 assessments through
`accord.assess_many` (a generator over generated proposals, without the "what would change"
analysis). `--quick` runs 10,000 through assess_many instead of 100,000 (minutes, not tens of
minutes).

Measured: 0.09 MB over 10,000 assessments on one engine; 0.52 MB over 100,000 through
assess_many (38.4 MB before, 39.0 MB after).
"""

from __future__ import annotations

import gc
import sys

import accord
from accord.engine import get_engine
from accord.engine.explain import assess
from accord.inputs.proposal import proposal_from_facts
from accord.kb.load import load_kb
from bench.common import random_facts, rss_mb

N = 10_000
MANY = 100_000


def engine_growth(kb, proposals) -> None:
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


def many_growth(kb, facts, n: int) -> None:
    def stream(count: int):
        for i in range(count):
            yield {"title": f"Generated {i}", "facts": facts[i % len(facts)]}

    for _ in accord.assess_many(stream(len(facts)), kb, missing=False):  # warm up
        pass
    gc.collect()
    before = rss_mb()
    levels = 0
    for a in accord.assess_many(stream(n), kb, missing=False):
        levels += a.overall.level == "high concern"
    gc.collect()
    after = rss_mb()
    print(
        f"assess_many: RSS before {before:.1f} MB, after {n:,} assessments {after:.1f} MB: "
        f"growth {after - before:.2f} MB (target <= 5 MB)"
    )


def main() -> None:
    kb = load_kb()
    facts = random_facts(kb, 500, seed=11)
    engine_growth(kb, [proposal_from_facts(f, kb) for f in facts])
    many_growth(kb, facts, N if "--quick" in sys.argv else MANY)


if __name__ == "__main__":
    main()
