"""`accord robustness` with 10,000 samples: time per sampled world against a plain assessment.

Target: a world costs at most 1.2x a plain assessment of the same proposal. Measured in one run:
the plain assessment as `accord assess` makes it (with its "what would change" analysis) and
without that analysis (what a world needs), then the robustness run in this process (--jobs 1).

Measured (voluntary-alliance.yaml, 48 unknown facts): 1.87 ms a world against 6.51 ms for the
plain assessment (0.29x) and 2.76 ms without "what would change" (0.68x).
"""

from __future__ import annotations

import sys
import time

import accord
from bench.common import ROOT

SAMPLES = 10_000
PLAIN = 200


def per_call(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def main() -> None:
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES
    kb = accord.load_kb()
    p = accord.load_proposal(ROOT / "examples/voluntary-alliance.yaml", kb)
    from accord.engine.explain import assess

    accord.robustness(p, kb, 100, seed=1)  # warm up: engine compiled, caches filled
    full = per_call(lambda: accord.assess(p, kb), 20)
    lean = per_call(lambda: assess(p, kb, "auto", missing=False), PLAIN)
    start = time.perf_counter()
    result = accord.robustness(p, kb, samples, seed=1)
    world = (time.perf_counter() - start) / samples
    print(f"{samples:,} worlds over {len(result.unknown)} unknown facts (engine {result.engine})")
    print(f"plain assessment, as accord assess:       {full * 1000:7.2f} ms")
    print(f"plain assessment, no what-would-change:   {lean * 1000:7.2f} ms")
    print(f"robustness, per world:                    {world * 1000:7.2f} ms")
    print(
        f"ratio world / plain assessment: {world / full:.2f}x (target <= 1.2x); "
        f"against the assessment without what-would-change: {world / lean:.2f}x"
    )


if __name__ == "__main__":
    main()
