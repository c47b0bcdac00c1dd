"""The output of `accord batch`: JSON lines, appended one whole line at a time, resumable.

Each record is written with a single write() to a file opened for appending, so a run that is
killed leaves only whole lines; only a crash of the machine in the middle of a write can leave
a partial last line, and opening the file again drops it (it was never a finished record). The
file is synced to disk at least every SYNC_SECONDS and when the run ends.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from accord.errors import Problem, UsageError

SYNC_SECONDS = 1.0


def finished_ids(path: Path) -> tuple[dict[str, tuple[str, str]], int]:
    """The records already in an output file, and the bytes of a trailing partial line dropped.

    Returns id -> (its item_hash, its knowledge base "name version"; each "" when the record
    does not say). A missing or empty file has none. A partial last line (no newline: the machine stopped in
    the middle of a write) is cut off the file. Raises UsageError when a whole line is not a
    record of `accord batch` (the file is something else: nothing is appended to it).
    """
    if not path.exists():
        return {}, 0
    ids: dict[str, tuple[str, str]] = {}
    end = 0  # where the whole lines end
    with open(path, "rb") as fh:  # streamed: memory does not grow with the file
        for n, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                break
            end += len(line)
            rec = _record(path, n, line)
            ids[rec["id"]] = (str(rec.get("item_hash") or ""), str(rec.get("kb") or ""))
        size = fh.seek(0, 2)
    if size > end:
        with open(path, "r+b") as fh:
            fh.truncate(end)
    return ids, size - end


def _record(path: Path, n: int, line: bytes) -> dict[str, Any]:
    try:
        rec = json.loads(line)
    except (ValueError, RecursionError):
        rec = None
    if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
        raise UsageError(
            f"{path}: line {n} is not a record of accord batch; choose another -o file",
            [
                Problem(
                    str(path),
                    "not a batch record",
                    line=n,
                    expected='a JSON object with an "id" on each line',
                )
            ],
        )
    return rec


class Appender:
    """Append whole JSON lines to a file; a context manager that syncs and closes it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        self.synced = time.monotonic()

    def write(self, record: dict[str, object]) -> None:
        """Write one record as one line (canonical JSON: sorted keys, UTF-8)."""
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        view = memoryview(line.encode("utf-8"))
        while view:  # a regular file takes it in one write; loop only if the system splits it
            view = view[os.write(self.fd, view) :]
        if time.monotonic() - self.synced >= SYNC_SECONDS:
            os.fsync(self.fd)
            self.synced = time.monotonic()

    def close(self) -> None:
        if self.fd >= 0:
            try:
                os.fsync(self.fd)
            finally:
                os.close(self.fd)
                self.fd = -1

    def __enter__(self) -> Appender:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
