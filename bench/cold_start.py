"""Cold start of `accord assess` on an example against the bare import of its dependencies.

Target: at most 1.5x the floor, `python -c "import durable.engine, yaml, jinja2, click"`.

Every command runs in a new Python process; the commands are interleaved round after round (so
a busy machine slows them alike) and each figure is the median of its runs, in wall time (the
target) and in CPU time (user and system, which a busy machine disturbs less). Before
measuring, Accord's byte code is compiled (as `pip install` does; a source checkout run with
PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run) and one run fills
the knowledge-base cache (kb/cache.py) in a folder of this run. Also shown, for the record: the
same command with the cache bypassed (ACCORD_NO_CACHE=1), and `import accord.cli`.

    .venv/bin/python -m bench.cold_start [--runs N]

Figures on the 2-core development machine (shared, so the milliseconds move; the ratio less):
    before (commit 1a1503f, same bench and load): 2.87x wall, 2.79x CPU (324 ms against 116)
        (3.5x in the issue, and 3.2-3.9x here, when a source checkout compiled its byte code on
        every run)
    after: 1.86x wall, 1.73x CPU (184 ms against 107); with ACCORD_NO_CACHE=1 2.18x CPU.
    Of the 184 ms, about 70 are Python, click, PyYAML and durable's engine, 32 creating
    Accord's 49 frozen dataclasses (Python 3.11 compiles their generated methods at import),
    16 "what would change", 8 compiling the rules into durable, 4 loading the cached KB.
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
        wall: dict[str, list[float]] = {label: [] for label in commands}
        cpu: dict[str, list[float]] = {label: [] for label in commands}
        for cmd, cmd_env in commands.values():  # warm the file cache; fill the KB cache
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=cmd_env)
        for _ in range(args.runs):
            for label, (cmd, cmd_env) in commands.items():
                before = _children_cpu()
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=cmd_env)
                wall[label].append(time.perf_counter() - start)
                cpu[label].append(_children_cpu() - before)
    floor_label = "floor: import durable.engine, yaml, jinja2, click"
    assess_label = "accord assess --format json (cached KB)"
    print(f"{'median of ' + str(args.runs) + ' interleaved runs':50s} {'wall':>14s} {'CPU':>14s}")
    for label in commands:
        w, c = statistics.median(wall[label]), statistics.median(cpu[label])
        fw, fc = statistics.median(wall[floor_label]), statistics.median(cpu[floor_label])
        print(f"{label:50s} {w * 1000:5.0f} ms {w / fw:5.2f}x {c * 1000:5.0f} ms {c / fc:5.2f}x")
    for what, data in (("wall", wall), ("CPU", cpu)):
        ratio = statistics.median(data[assess_label]) / statistics.median(data[floor_label])
        print(f"ratio assess/floor, {what}: {ratio:.2f}x (target <= 1.5x)")


def _children_cpu() -> float:
    """CPU seconds (user and system) of every child process waited for so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
