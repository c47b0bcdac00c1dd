"""Write a payload to stdout or, atomically, to a file, never over an input."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from accord.errors import EnvironmentProblem, UsageError


def _input_files(inputs: Iterable[Path | None]) -> list[Path]:
    """The files inputs stand for: a file itself, a folder every file in it (not below)."""
    out: list[Path] = []
    for p in inputs:
        if p is None or str(p) == "-":
            continue
        p = Path(p)
        if p.is_dir():
            out.extend(c for c in p.iterdir() if c.is_file())
        elif p.exists():
            out.append(p)
    return out


def refuse_inputs(output: Path, inputs: Iterable[Path | None]) -> None:
    """Raise UsageError when output is (or, through links, resolves to) one of the inputs.

    inputs: files and folders the command reads (a folder stands for the files in it).
    """
    target = os.path.realpath(output)
    for path in _input_files(inputs):
        same = os.path.realpath(path) == target
        if not same and os.path.exists(target):
            with contextlib.suppress(OSError):
                same = os.path.samefile(path, target)
        if same:
            raise UsageError(
                f"{output}: this is one of the command's inputs ({path}); "
                "writing there would destroy it. Choose another -o file"
            )


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """Turn SIGTERM (and SIGHUP) into SystemExit while the body runs, so cleanups run.

    SIGINT already raises KeyboardInterrupt. Signal handlers can only be set in the main
    thread; elsewhere the body runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def unwind(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    sigs = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    old = {s: signal.signal(s, unwind) for s in sigs}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def _write_special(target: str, payload: bytes, shown: Path) -> None:
    """Write straight into an existing device or FIFO (a temp file cannot replace one)."""
    try:
        # O_NONBLOCK: a FIFO nobody reads fails at once (ENXIO) instead of hanging
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise UsageError(f"{shown}: a pipe with no reader; nothing was written") from None
        raise
    try:
        os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write data to path so readers see the old file or the whole new one, never half.

    A symbolic link is written through (its target is replaced, the link stays); an existing
    device or FIFO is written directly; a folder is refused (UsageError). The temporary file
    is removed when the write fails or the process is interrupted (SIGINT, SIGTERM, SIGHUP).
    Raises OSError for failures of the machine (disk full, permission).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = os.path.realpath(path)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{path}: is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        _write_special(target, payload, path)
        return
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"{path}: folder {os.path.dirname(str(path)) or '.'} does not exist")
    import tempfile  # only when writing a file: it costs a few ms at start-up

    tmp: str | None = None
    with _signals_unwind():
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder
            )
            # mkstemp makes the file private (0600); give it the permissions a plain write would
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, (stat.S_IMODE(mode) if mode is not None else 0o666 & ~umask))
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
            tmp = None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def emit(payload: str | bytes, output: Path | None, inputs: Iterable[Path | None] = ()) -> None:
    """Send the payload to the output file, or to stdout.

    inputs: the files and folders the command read; an output resolving to one is refused
    (UsageError) before anything is written. A failure to write (disk full, permission) is an
    EnvironmentProblem (exit 2).
    """
    if output is None:
        if isinstance(payload, bytes):
            # click 8.5 types get_binary_stream as returning object
            click.get_binary_stream("stdout").write(payload)  # type: ignore[operator]
        else:
            click.echo(payload, nl=False)
        return
    refuse_inputs(output, inputs)
    try:
        atomic_write(output, payload)
    except OSError as exc:
        raise EnvironmentProblem(
            f"{output}: cannot write ({exc.strerror}); nothing was written"
        ) from None
    click.echo(f"accord: wrote {output}", err=True)
