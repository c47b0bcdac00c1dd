"""Cold start of `accord assess` on an example against the bare import of its dependencies.

Target: at most 1.5x. Both are measured in this run, alternating, median of N runs each.
"""

from __future__ import annotations

import sys

from bench.common import ROOT, median_wall

RUNS = 7


def main() -> None:
    deps = [sys.executable, "-c", "import durable.engine, yaml, click, jinja2"]
    accord = [
        sys.executable,
        "-m",
        "accord",
        "assess",
        str(ROOT / "examples/mandated-merger.yaml"),
        "--format",
        "json",
    ]
    accord_nomissing = [sys.executable, "-c", "import accord"]
    median_wall(accord, 1)  # warm the file cache and byte-code
    base = median_wall(deps, RUNS)
    full = median_wall(accord, RUNS)
    imp = median_wall(accord_nomissing, RUNS)
    print(f"bare import of dependencies: {base * 1000:.0f} ms (median of {RUNS})")
    print(f"import accord:               {imp * 1000:.0f} ms")
    print(f"accord assess (cold):        {full * 1000:.0f} ms")
    print(f"ratio assess/deps: {full / base:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
