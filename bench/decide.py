"""Decision analysis: the why-not search with the cheap re-evaluation against full re-runs,
and a what-if or a three-option comparison against one plain assessment.

Every target not holding on each example (risks, mechanism states) is asked once each way, in
this run; the ratio is what the cheap re-evaluation (Weigher.what_if) saves.
"""

from __future__ import annotations

import time

import accord
import accord.analysis.decide
from accord.engine import get_engine
from accord.engine.explain import origins
from accord.engine.whynot import holds, resolve_target
from accord.engine.whynot_search import search
from bench.common import ROOT

PER_EXAMPLE_STEP = 12  # every 12th target not holding, so a run takes a minute or two


class FullRuns:
    """A weigher that claims to reach nothing, so every trial runs the engine again."""

    reach_risks: frozenset[str] = frozenset()

    def __init__(self, weigher) -> None:
        self._w = weigher

    def __getattr__(self, name: str):
        return getattr(self._w, name)


def targets(kb, inf) -> list:
    out = [resolve_target(kb, r.id) for r in kb.rules if r.kind == "risk"]
    out += [resolve_target(kb, f"{d.name}={s}") for d in kb.derived.values()
            if d.kind == "mechanism" for s in d.state_names]  # fmt: skip
    return [t for t in out if not holds(t, inf)][::PER_EXAMPLE_STEP]


def main() -> None:
    kb = accord.load_kb()
    ref = get_engine(kb, "reference")
    timings = {"cheap": 0.0, "full": 0.0}
    asked = found = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        p = accord.load_proposal(path, kb)
        org = origins(p)
        inf = ref.infer(p.facts, org)

        def infer(facts, changed, org=org):
            kept = {k: v for k, v in org.items() if k not in changed}
            return ref.infer(tuple(sorted(facts.items())), kept)

        for t in targets(kb, inf):
            asked += 1
            for mode, weigher in (("cheap", ref.weigher), ("full", FullRuns(ref.weigher))):
                start = time.perf_counter()
                nearest, _ = search(kb, p, t, inf, weigher, infer)
                timings[mode] += time.perf_counter() - start
            found += bool(nearest)
    print(f"why-not targets asked: {asked} on the examples; nearest change found for {found}")
    for mode, total in timings.items():
        print(f"  {mode:5}: {total:.2f} s, {total / asked * 1000:.1f} ms per target")
    print(f"ratio full/cheap: {timings['full'] / timings['cheap']:.2f}x")
    p = accord.load_proposal(ROOT / "examples/mandated-merger.yaml", kb)
    runs = 10
    accord.assess(p, kb, "reference")  # warm: compiled conditions, cones, caches
    accord.what_if(p, kb, set={"legal_basis": "contract"}, engine="reference")
    start = time.perf_counter()
    for _ in range(runs):
        accord.assess(p, kb, "reference")
    one = (time.perf_counter() - start) / runs
    start = time.perf_counter()
    for _ in range(runs):
        accord.what_if(p, kb, set={"legal_basis": "contract"}, engine="reference")
    what = (time.perf_counter() - start) / runs
    start = time.perf_counter()
    for _ in range(runs):
        accord.analysis.decide.options(p, kb, {"form": ["merger", "alliance", "network"]},
                                       engine="reference")  # fmt: skip
    opts = (time.perf_counter() - start) / runs
    print(f"assess {one * 1000:.0f} ms; what-if {what / one:.2f}x; three options {opts / one:.2f}x")


if __name__ == "__main__":
    main()
