"""What every local worker process of a batch or robustness run does when it starts.

Ctrl-C is the parent's to handle (it stops the workers and exits 130), so a worker ignores
SIGINT. A worker also watches its parent: if the parent is killed outright (SIGKILL, a crash),
nobody will send it work or read its results, so it exits instead of lingering.
"""

from __future__ import annotations

import os
import signal
import threading
import time

PARENT_CHECK_SECONDS = 0.5


def _watch(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:  # re-parented: the parent is gone
            os._exit(1)


def start_worker() -> None:
    """Ignore Ctrl-C, and exit when the parent process goes away (a daemon thread)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(os.getppid(),), daemon=True).start()
