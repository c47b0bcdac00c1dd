"""Peak memory and time of `accord assess` on each class of hostile input (issue 15).

Each input runs in its own `accord` process, so one class cannot disturb the next; peak memory
is that process's maximum resident set (os.wait4), time is wall-clock. A process is stopped at
--timeout seconds and capped at 3 GB of address space, so a run of an unguarded version
still ends. The goal: no input under 10 MB goes above 200 MB or 5 s.

    .venv/bin/python -m bench.hostile [--accord PATH] [--timeout SECONDS]

--accord runs another installation (for example an older checkout's .venv/bin/accord), to
compare before and after a change within one run.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT

GOAL_MB, GOAL_S = 200, 5.0
CAP_BYTES = 3 * 1024**3


def alias_bomb(levels: int = 7, width: int = 9) -> str:
    """A proposal whose 'summary' expands to width**levels strings through nested aliases."""
    lines = ["title: bomb", 'a0: &a0 ["x"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"summary: *a{levels}")
    lines.append("facts: {}")
    return "\n".join(lines) + "\n"


def partners(n: int = 50_000) -> str:
    body = "".join(f"  - {{name: Partner number {i}, sector: acute}}\n" for i in range(n))
    return "title: many partners\npartners:\n" + body + "facts: {form: merger}\n"


def unknown_facts(n: int = 20_000) -> str:
    return "title: unknown facts\nfacts:\n" + "".join(f"  fact_{i:05d}: 1\n" for i in range(n))


def big_key(size: int = 1_000_000) -> str:
    return "title: big key\nfacts:\n  " + "k" * size + ": 1\n"


def deep(levels: int = 100_000) -> str:
    return "title: deep\nfacts: " + "[" * levels + "]" * levels + "\n"


def long_number(digits: int = 5_000) -> str:
    return "title: long number\nfacts:\n  partners_count: " + "9" * digits + "\n"


FILES: dict[str, Callable[[], str]] = {
    "alias bomb (7 levels of 9)": alias_bomb,
    "50,000 partners": partners,
    "20,000 partners (under 1 MiB)": lambda: partners(20_000),
    "20,000 unknown facts": unknown_facts,
    "1 MB key": big_key,
    "100,000-deep nesting": deep,
    "5,000-digit number": long_number,
}


def run(argv: list[str], timeout: float) -> tuple[int | str, float, float]:
    """(exit code or 'timeout', seconds, peak MB) of one accord process."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))

    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=cap
    )
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        os.kill(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, stop)
    timer.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    code: int | str = "timeout" if timed_out.is_set() else proc.returncode
    return code, elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accord", default=str(Path(sys.executable).parent / "accord"))
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    print(f"{'input':32} {'size':>10} {'exit':>8} {'seconds':>8} {'peak MB':>8}  goal")
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, str, int]] = []
        for name, make in FILES.items():
            path = Path(tmp) / f"case{len(cases)}.yaml"
            text = make()
            path.write_text(text, encoding="utf-8")
            cases.append((name, str(path), len(text.encode())))
        fifo = Path(tmp) / "fifo.yaml"
        os.mkfifo(fifo)
        cases += [("/dev/zero", "/dev/zero", 0), ("a FIFO nobody writes", str(fifo), 0)]
        cases.append(("/dev/urandom", "/dev/urandom", 0))
        cases.append(("baseline: mandated-merger", str(ROOT / "examples/mandated-merger.yaml"), 0))
        for name, path, size in cases:
            code, secs, mb = run([args.accord, "assess", path], args.timeout)
            ok = code in (0, 2) and secs <= GOAL_S and mb <= GOAL_MB
            shown = f"{size:,}" if size else "-"
            print(
                f"{name:32} {shown:>10} {code!s:>8} {secs:8.2f} {mb:8.1f}  {'ok' if ok else 'MISSED'}"
            )


if __name__ == "__main__":
    main()
