"""Read YAML safely, once, remembering the line of every key and value for error messages.

Every YAML file Accord reads (proposals, survey answers, knowledge-base files) goes through
this module, so its limits and its schema hold for all of them:

- Only regular files are read (or standard input, given as ``-``), and at most MAX_BYTES.
- Documents are built from parser events, never from YAML's own constructors, so no tag is
  ever executed and aliases are never expanded: an alias may repeat a scalar, but an alias to
  a list or mapping is refused (this is what makes a "billion laughs" file harmless).
- Nesting deeper than MAX_DEPTH, more than MAX_NODES values, numbers longer than
  MAX_NUMBER_CHARS characters and keys longer than MAX_KEY_CHARS are refused with the line.
- Plain scalars are resolved with the YAML 1.2 core schema: ``true``/``false`` (any case
  form YAML 1.2 allows) are booleans, ``yes``/``no``/``on``/``off`` are text, ``0x10`` and
  ``0o17`` are integers, ``1:30`` is text (YAML 1.1 read it as 90), ``~``/``null`` are null.
- Text may not contain control characters (other than tab and line breaks).

Past a hard limit, InputFileError is raised at once; other problems are collected.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import yaml

from accord.errors import InputFileError, Problem, show
from accord.kb.yamlbuild import Builder, Located
from accord.kb.yamllimits import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_FILE_PROBLEMS,
    MAX_KEY_CHARS,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    too_big,
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_FILE_PROBLEMS",
    "MAX_KEY_CHARS",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
    "Located",
    "decode_text",
    "load_yaml",
    "parse_yaml",
    "read_bytes",
    "read_text",
]

try:  # libyaml is bundled with PyYAML's wheels and is much faster; fall back when absent.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def read_bytes(path: Path, display: str) -> bytes:
    """Read at most MAX_BYTES + 1 bytes of a regular file, or of standard input for '-'.

    Raises InputFileError for a missing file, a folder, a device, FIFO or socket (which could
    never end), an unreadable file, or one larger than MAX_BYTES.
    """
    if str(path) == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise InputFileError(f"{display}: no such file") from None
        except OSError as exc:
            raise InputFileError(f"{display}: cannot be read ({exc.strerror})") from None
        if stat.S_ISDIR(st.st_mode):
            raise InputFileError(f"{display}: is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise InputFileError(
                f"{display}: not a regular file (a device, pipe or socket); "
                "give a file, or '-' to read standard input"
            )
        if st.st_size > MAX_BYTES:
            raise too_big(display, st.st_size)
        try:
            with open(path, "rb") as fh:
                # as much as stat says, plus one byte to see whether it grew meanwhile
                # (reading MAX_BYTES + 1 at once would allocate that much for every file)
                want = st.st_size + 1
                raw = fh.read(want)
                if len(raw) == want:
                    raw += fh.read(MAX_BYTES + 1 - len(raw))
        except OSError as exc:
            raise InputFileError(f"{display}: cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:  # standard input, or a file that grew while being read
        raise too_big(display, len(raw), exact=False)
    return raw


def read_text(path: Path, display: str) -> str:
    """Read a file (see read_bytes) as UTF-8, turning every failure into an InputFileError."""
    return decode_text(read_bytes(path, display), display)


def decode_text(raw: bytes, display: str) -> str:
    """Decode bytes read from display (a file, or an upload) as UTF-8, as read_text does.

    Raises InputFileError for more than MAX_BYTES, a UTF-16 file, or bytes that are not UTF-8
    (with the line of the first bad byte). A UTF-8 byte-order mark is dropped.
    """
    if len(raw) > MAX_BYTES:
        raise too_big(display, len(raw))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError(
            f"{display}: not valid UTF-8 text",
            [
                Problem(
                    display,
                    "the file starts with a UTF-16 byte-order mark",
                    line=1,
                    expected="a text file saved as UTF-8",
                    hint="the file is saved as UTF-16 (Unicode); save it as UTF-8 in your editor",
                )
            ],
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            f"{display}: not valid UTF-8 text",
            [
                Problem(
                    display,
                    f"byte 0x{raw[exc.start]:02x} on this line is not UTF-8",
                    line=line,
                    expected="a text file saved as UTF-8",
                    hint="save the file as UTF-8 in your editor (not Latin-1 or Windows-1252)",
                )
            ],
        ) from None


def load_yaml(path: Path, display: str | None = None) -> Located:
    """Parse one YAML file (see read_text for which files) into plain data with line numbers."""
    display = display or str(path)
    text = read_text(path, display)
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str, *, soft: bool = False) -> Located:
    """Parse YAML text into a Located; report syntax errors, limits and bad values with lines.

    Syntax errors and limits raise InputFileError at once. Other problems (duplicate keys,
    tags, unreadable values) raise too, unless soft=True: then they are returned in
    Located.problems, so the caller can report them together with its own.
    """
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputFileError(
            f"{display}: the file is empty",
            [Problem(display, "the file has no content", line=1, expected="a YAML mapping")],
        )
    builder = Builder(display)
    loader = _Loader(text)
    try:
        builder.run(loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(display, text, exc) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        bad = show(chr(exc.character)) if isinstance(exc.character, int) else "?"
        raise InputFileError(
            f"{display}: not valid YAML",
            [
                Problem(
                    display,
                    f"a control character ({bad}) on this line is not allowed",
                    line=line,
                    expected="printable text",
                    hint="remove the character; it may have come from copying out of another program",
                )
            ],
        ) from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"{display}: not valid YAML ({exc})") from None
    finally:
        loader.dispose()
    located = builder.located
    if located.data is None and not builder.problems:
        raise InputFileError(
            f"{display}: the file is empty",
            [Problem(display, "the file has no content", line=1, expected="a YAML mapping")],
        )
    if builder.problems:
        if not soft:
            raise InputFileError(f"{display}: not valid YAML", builder.problems)
        located.problems = builder.problems
    return located


def _syntax_error(display: str, text: str, exc: yaml.MarkedYAMLError) -> InputFileError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    detail = exc.problem or "invalid YAML"
    if exc.context:
        detail = f"{detail} ({exc.context})"
    hint = "check the indentation and quoting on this line and the one before it"
    if exc.context_mark is not None and exc.problem_mark is not None:
        if exc.problem_mark.line >= len(text.splitlines()):
            # the file ended before the structure opened here was closed
            line = exc.context_mark.line + 1
            detail += " that opens on this line and is never closed"
    if "found character '\\t'" in detail or "'\\t' that cannot start" in detail:
        hint = "indent with spaces, not tabs"
    return InputFileError(
        f"{display}: not valid YAML",
        [
            Problem(
                display,
                detail,
                line=line,
                expected="YAML: 'key: value' lines, indented with spaces",
                hint=hint,
            )
        ],
    )
