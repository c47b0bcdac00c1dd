"""Cold start of `accord assess` on an example against the bare import of its dependencies.

Target: at most 1.5x the floor, `python -c "import durable.engine, yaml, jinja2, click"`.

Every command runs in a new Python process; the commands are interleaved round after round (so
a busy machine slows them alike) and each figure is the median wall time of its runs. Before
measuring, Accord's byte code is compiled (as `pip install` does; a source checkout run with
PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run) and one run fills
the knowledge-base cache (kb/cache.py) in a folder of this run. Also shown, for the record: the
same command with the cache bypassed (ACCORD_NO_CACHE=1), and `import accord.cli`.

    .venv/bin/python -m bench.cold_start [--runs N]

Figures on the 2-core development machine (shared, so the milliseconds move; the ratio less):
    before (3.5x in the issue; 3.18-3.86x here):  floor 92 ms, assess 293-356 ms
    after:  see the README's Benchmarks section.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.common import ROOT

RUNS = 15


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    import accord

    compileall.compile_dir(os.path.dirname(accord.__file__), quiet=1)
    with tempfile.TemporaryDirectory(prefix="accord-bench-cache-") as cache:
        env = {**os.environ, "ACCORD_CACHE_DIR": cache}
        env.pop("ACCORD_NO_CACHE", None)
        assess = [sys.executable, "-m", "accord", "assess"]
        assess += [str(ROOT / "examples/mandated-merger.yaml"), "--format", "json"]
        commands = {
            "floor: import durable.engine, yaml, jinja2, click": (
                [sys.executable, "-c", "import durable.engine, yaml, jinja2, click"],
                env,
            ),
            "accord assess --format json (cached KB)": (assess, env),
            "accord assess --format json (ACCORD_NO_CACHE=1)": (
                assess,
                {**env, "ACCORD_NO_CACHE": "1"},
            ),
            "import accord.cli": ([sys.executable, "-c", "import accord.cli"], env),
        }
        times: dict[str, list[float]] = {label: [] for label in commands}
        for cmd, cmd_env in commands.values():  # warm the file cache; fill the KB cache
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=cmd_env)
        for _ in range(args.runs):
            for label, (cmd, cmd_env) in commands.items():
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=cmd_env)
                times[label].append(time.perf_counter() - start)
    med = {label: statistics.median(t) for label, t in times.items()}
    floor = med["floor: import durable.engine, yaml, jinja2, click"]
    for label, t in med.items():
        print(f"{label:50s} {t * 1000:6.0f} ms  {t / floor:5.2f}x")
    ratio = med["accord assess --format json (cached KB)"] / floor
    print(f"ratio assess/floor: {ratio:.2f}x (target <= 1.5x; median of {args.runs} interleaved)")


if __name__ == "__main__":
    main()
