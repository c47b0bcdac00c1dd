"""Write a payload to stdout or, atomically, to a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from accord.errors import UsageError


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write data to path so readers see the old file or the whole new one, never half."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); give it the permissions a plain write would
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def emit(payload: str | bytes, output: Path | None) -> None:
    """Send the payload to the output file, or to stdout."""
    if output is None:
        if isinstance(payload, bytes):
            # click 8.5 types get_binary_stream as returning object
            click.get_binary_stream("stdout").write(payload)  # type: ignore[operator]
        else:
            click.echo(payload, nl=False)
        return
    try:
        atomic_write(output, payload)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write ({exc.strerror})") from None
    click.echo(f"accord: wrote {output}", err=True)
