"""Accord's limits on the YAML it reads (documented in README.md, "Limits"), and the errors that
report a file past one of them."""

from __future__ import annotations

from accord.errors import InputFileError, Problem

MAX_BYTES = 1024 * 1024  # largest file read
MAX_NODES = 100_000  # values (scalars, lists, mappings) in one file
MAX_DEPTH = 40  # lists and mappings nested in each other
MAX_NUMBER_CHARS = 30  # characters of a number (Python refuses ints past 4,300 digits)
MAX_KEY_CHARS = 200  # characters of a mapping key
MAX_FILE_PROBLEMS = 1000  # problems collected in one file before reading stops


def limit_error(display: str, what: str, line: int | None, limit: str) -> InputFileError:
    """The error for display past a limit: what was found, on which line, and the limit."""
    return InputFileError(
        f"{display}: {what}",
        [Problem(display, what, line=line, expected=limit, hint="the limits are listed in Accord's README, under 'Limits'")],
    )


def too_big(display: str, size: int, exact: bool = True) -> InputFileError:
    """The error for a file of size bytes (or, exact=False, more than MAX_BYTES) read from display."""
    shown = f"{size:,} bytes" if exact else f"more than {MAX_BYTES:,} bytes"
    return limit_error(
        display, f"the file is too large ({shown})", None, f"at most {MAX_BYTES:,} bytes"
    )
