"""Helpers shared by the benchmarks: seeded proposals and RSS readings."""

from __future__ import annotations

import random
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def random_facts(kb, n: int, seed: int = 7) -> list[dict]:
    """n proposals with about half the facts stated, reproducibly."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        facts: dict = {}
        for name, f in kb.facts.items():
            if rng.random() < 0.5:
                continue
            if f.type == "enum":
                facts[name] = rng.choice(f.value_names)
            elif f.type == "set":
                facts[name] = sorted(rng.sample(f.value_names, rng.randint(1, 2)))
            elif f.type == "bool":
                facts[name] = rng.random() < 0.5
            else:
                facts[name] = rng.randint(f.minimum or 0, min(f.maximum or 20, 20))
        out.append(facts)
    return out


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def median_wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
