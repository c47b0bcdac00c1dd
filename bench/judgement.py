"""What the weighing standard and "what would change this advice" cost (issue 10, Speed).

All figures are ratios measured within this one run, as medians of CPU time with the things
compared interleaved (so that a busy machine slows both alike):

1. a plain assessment against one with "what would change this advice" (target: at most 3x),
   on each engine;
2. a plain assessment now against the same on the code before the weighing standard (commit
   cae5a66, extracted with `git archive` into a temporary folder and run in its own process
   with its own rules/; target: at most 1.5x);
3. growth: the with-missing / plain ratio on a synthetic knowledge base seven times the
   shipped one (bench/synthetic.py) against the same ratio on the shipped one (target: it
   grows no faster than the knowledge base, so the ratio of ratios stays near 1).

    .venv/bin/python -m bench.judgement [--rounds N] [--skip-old] [--skip-growth]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench import synthetic
from bench.common import ROOT

EXAMPLE = "examples/mandated-merger.yaml"
BEFORE = "cae5a66"  # the last commit before the weighing standard and the layout change

# Run inside a subprocess against either tree: prints the median ms of `runs` assessments.
CHILD = r"""
import json, statistics, sys, time
rules, example, engine, runs, missing = sys.argv[1:6]
from accord.kb.load import load_kb
try:
    from accord.inputs.proposal import load_proposal
    from accord.engine.explain import assess
except ImportError:  # before the layout change
    from accord.kb.proposal import load_proposal
    from accord.engine.assess import assess
from accord.engine import get_engine
kb = load_kb(rules, cases=False)
eng = get_engine(kb, engine)
p = load_proposal(example, kb)
for _ in range(10):
    assess(p, kb, eng, missing=missing == "1")
times = []
for _ in range(int(runs)):
    start = time.process_time()
    assess(p, kb, eng, missing=missing == "1")
    times.append(time.process_time() - start)
print(json.dumps(statistics.median(times) * 1000))
"""


def interleaved(fns: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median CPU milliseconds of each function, run in turn round after round."""
    for fn in fns.values():  # warm up: caches, compiled conditions, first sessions
        for _ in range(3):
            fn()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(rounds):
        for label, fn in fns.items():
            start = time.process_time()
            fn()
            times[label].append(time.process_time() - start)
    return {k: statistics.median(v) * 1000 for k, v in times.items()}


def engines() -> list[str]:
    from accord.engine import durable_available

    return ["reference", *(["durable"] if durable_available() else [])]


def plain_against_missing(rounds: int) -> None:
    from accord.engine import get_engine
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import load_kb

    kb = load_kb()
    p = load_proposal(ROOT / EXAMPLE, kb)
    print(f"1. what would change the advice, on {EXAMPLE} ({len(kb.rules)} rules)")
    for name in engines():
        eng = get_engine(kb, name)
        ms = interleaved(
            {
                "plain": lambda e=eng: assess(p, kb, e, missing=False),
                "missing": lambda e=eng: assess(p, kb, e, missing=True),
            },
            rounds,
        )
        print(
            f"   {name:9} plain {ms['plain']:6.2f} ms, with missing {ms['missing']:6.2f} ms: "
            f"{ms['missing'] / ms['plain']:.2f}x (target <= 3x)"
        )


def child(src: Path, rules: Path, example: Path, engine: str, runs: int, missing: bool) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(rules),
            str(example),
            engine,
            str(runs),
            str(int(missing)),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=src.parent,
    )
    return float(json.loads(out.stdout))


def against_before(rounds: int) -> None:
    print(f"2. the resolution step: a plain assessment now against commit {BEFORE}")
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BEFORE], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        for name in engines():
            now: list[float] = []
            then: list[float] = []
            for _ in range(rounds):  # one process each, alternating
                now.append(child(ROOT / "src", ROOT / "rules", ROOT / EXAMPLE, name, 40, False))
                then.append(child(old / "src", old / "rules", old / EXAMPLE, name, 40, False))
            a, b = statistics.median(now), statistics.median(then)
            print(f"   {name:9} now {a:6.2f} ms, before {b:6.2f} ms: {a / b:.2f}x (target <= 1.5x)")


def growth(rounds: int, copies: int = 7) -> None:
    from accord.engine import get_engine
    from accord.engine.explain import assess
    from accord.inputs.proposal import load_proposal, proposal_from_facts
    from accord.kb.load import load_kb

    small = load_kb()
    facts = yaml.safe_load((ROOT / EXAMPLE).read_text(encoding="utf-8"))["facts"]
    with tempfile.TemporaryDirectory() as tmp:
        big = load_kb(synthetic.build(Path(tmp) / "kb", copies), cases=False)
        big_p = proposal_from_facts(synthetic.proposal_facts(facts, copies, synthetic.names()), big)
    small_p = load_proposal(ROOT / EXAMPLE, small)
    print(
        f"3. growth: {len(big.rules)} rules and {len(big.facts)} facts ({copies} copies) against "
        f"{len(small.rules)} and {len(small.facts)}"
    )
    for name in engines():
        try:
            eng_big = get_engine(big, name)
        except Exception as exc:  # durable-rules' limits may refuse the big knowledge base
            print(f"   {name:9} skipped: {exc}")
            continue
        eng_small = get_engine(small, name)
        ms = interleaved(
            {
                "plain 1x": lambda e=eng_small: assess(small_p, small, e, missing=False),
                "missing 1x": lambda e=eng_small: assess(small_p, small, e, missing=True),
                "plain 7x": lambda e=eng_big: assess(big_p, big, e, missing=False),
                "missing 7x": lambda e=eng_big: assess(big_p, big, e, missing=True),
            },
            rounds,
        )
        r1 = ms["missing 1x"] / ms["plain 1x"]
        r7 = ms["missing 7x"] / ms["plain 7x"]
        print(
            f"   {name:9} plain {ms['plain 1x']:.1f} -> {ms['plain 7x']:.1f} ms "
            f"({ms['plain 7x'] / ms['plain 1x']:.1f}x), with missing {ms['missing 1x']:.1f} -> "
            f"{ms['missing 7x']:.1f} ms ({ms['missing 7x'] / ms['missing 1x']:.1f}x)"
        )
        print(
            f"   {name:9} with-missing/plain {r1:.2f}x at 1x, {r7:.2f}x at {copies}x: "
            f"grows {r7 / r1:.2f}x (target <= 1, no faster than the knowledge base)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--skip-old", action="store_true")
    parser.add_argument("--skip-growth", action="store_true")
    args = parser.parse_args()
    plain_against_missing(args.rounds * 3)
    if not args.skip_old:
        against_before(max(3, args.rounds // 6))
    if not args.skip_growth:
        growth(max(5, args.rounds // 3))


if __name__ == "__main__":
    main()
