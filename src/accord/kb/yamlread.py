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
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.errors import InputFileError, Problem, show

try:  # libyaml is bundled with PyYAML's wheels and is much faster; fall back when absent.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[Any, ...]

# Limits (documented in README.md, "Limits"); a real proposal is a few kilobytes.
MAX_BYTES = 1024 * 1024  # largest file read
MAX_NODES = 100_000  # values (scalars, lists, mappings) in one file
MAX_DEPTH = 40  # lists and mappings nested in each other
MAX_NUMBER_CHARS = 30  # characters of a number (Python refuses ints past 4,300 digits)
MAX_KEY_CHARS = 200  # characters of a mapping key
MAX_FILE_PROBLEMS = 1000  # problems collected in one file before reading stops

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT10 = re.compile(r"[-+]?[0-9]+\Z")
_INT8 = re.compile(r"0o[0-7]+\Z")
_INT16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PLAIN_TAGS = (None, "!")
_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_BAD = object()  # a value that could not be read (a problem was recorded)


@dataclass
class Located:
    """Plain data read from a YAML file, plus the line of each path into it.

    problems holds the problems a reader asked to receive rather than have raised
    (parse_yaml(..., soft=True)): duplicate keys, refused tags, unreadable values.
    """

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, *path: Any) -> int | None:
        """Return the line of the deepest known prefix of path (1-based)."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


def _limit_error(display: str, what: str, line: int | None, limit: str) -> InputFileError:
    return InputFileError(
        f"{display}: {what}",
        [Problem(display, what, line=line, expected=limit, hint="Accord's limits: see README.md")],
    )


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
            raise _too_big(display, st.st_size)
        try:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputFileError(f"{display}: cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:  # standard input, or a file that grew while being read
        raise _too_big(display, len(raw), exact=False)
    return raw


def _too_big(display: str, size: int, exact: bool = True) -> InputFileError:
    shown = f"{size:,} bytes" if exact else f"more than {MAX_BYTES:,} bytes"
    return _limit_error(
        display, f"the file is too large ({shown})", None, f"at most {MAX_BYTES:,} bytes"
    )


def read_text(path: Path, display: str) -> str:
    """Read a file (see read_bytes) as UTF-8, turning every failure into an InputFileError."""
    raw = read_bytes(path, display)
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
    builder = _Builder(display)
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


class _Frame:
    __slots__ = ("kind", "data", "path", "line", "anchor", "discard", "key", "key_line")

    def __init__(self, kind: str, path: Path_, line: int, anchor: str | None, discard: bool):
        self.kind = kind
        self.data: Any = {} if kind == "map" else []
        self.path = path
        self.line = line
        self.anchor = anchor
        self.discard = discard
        self.key: Any = None  # None: the next scalar is a key (maps only)
        self.key_line = 0


class _Builder:
    """Build plain data from parser events, with the line of every path, within the limits."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.located = Located(display, None)
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}  # anchor -> scalar value, or _COLLECTION
        self.nodes = 0
        self.done = False

    def problem(self, message: str, line: int, **kw: Any) -> None:
        self.problems.append(Problem(self.display, message, line=line, **kw))
        if len(self.problems) >= MAX_FILE_PROBLEMS:
            raise InputFileError(
                f"{self.display}: not valid YAML (reading stopped after "
                f"{MAX_FILE_PROBLEMS:,} problems)",
                self.problems,
            )

    def run(self, loader: Any) -> None:
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self.scalar(event)
            elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                self.start(event, "map" if kind is yaml.MappingStartEvent else "seq")
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                self.end()
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent and self.done:
                self.problem(
                    "a second document ('---') in the same file",
                    event.start_mark.line + 1,
                    hint="keep one document per file",
                )
                return

    def count(self, line: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _limit_error(
                self.display,
                f"too many values (more than {MAX_NODES:,})",
                line,
                f"at most {MAX_NODES:,} values in one file",
            )

    def path_for_child(self) -> tuple[Path_, bool]:
        """The path of the next value, and whether it is being read as a key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if top.kind == "seq":
            return top.path + (len(top.data),), False
        if top.key is None:
            return top.path + ("<key>",), True
        return top.path + (top.key if top.key is not _BAD else "<bad>",), False

    def start(self, event: Any, kind: str) -> None:
        line = event.start_mark.line + 1
        self.count(line)
        if len(self.stack) >= MAX_DEPTH:
            raise _limit_error(
                self.display,
                f"lists and mappings are nested more than {MAX_DEPTH} deep",
                line,
                f"at most {MAX_DEPTH} levels of nesting",
            )
        path, as_key = self.path_for_child()
        discard = bool(self.stack and self.stack[-1].discard)
        if event.tag not in _COLLECTION_TAGS:
            self.tag_problem(event.tag, line)
            discard = True
        if as_key:
            self.problem("a key must be a plain word, not a list or mapping", line)
            discard = True
        self.stack.append(_Frame(kind, path, line, event.anchor, discard))

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = _COLLECTION
        self.attach(_BAD if frame.discard else frame.data, frame.line, plain=False)

    def alias(self, event: Any) -> None:
        line = event.start_mark.line + 1
        self.count(line)
        value = self.anchors.get(event.anchor, _UNDEFINED)
        if value is _UNDEFINED:
            self.problem(f"alias '*{show(event.anchor)}' refers to no anchor", line)
            value = _BAD
        elif value is _COLLECTION:
            self.problem(
                f"alias '*{show(event.anchor)}' repeats a list or mapping",
                line,
                expected="the entries written out",
                hint="Accord does not expand aliases of lists or mappings (nor '<<' merge "
                "keys); copy the entries where they are needed",
            )
            value = _BAD
        self.attach(value, line, plain=False)

    def tag_problem(self, tag: str, line: int) -> None:
        hint = "remove the tag; proposals, answers and rules are plain data"
        if not tag.startswith("tag:yaml.org"):
            hint = (
                f"remove '{show(tag)}': Accord reads plain values only and does not look up "
                "secrets, files or environment variables; write the value itself"
            )
        self.problem(f"cannot read this value (tag {show(tag)} is not allowed)", line, hint=hint)

    def scalar(self, event: Any) -> None:
        line = event.start_mark.line + 1
        self.count(line)
        value = self.resolve(event, line)
        if event.anchor:
            self.anchors[event.anchor] = value
        self.attach(value, line, plain=event.style in ("", None) and event.tag is None)

    def resolve(self, event: Any, line: int) -> Any:
        text = event.value
        if event.tag not in _PLAIN_TAGS and event.tag != _STR_TAG:
            self.tag_problem(event.tag, line)
            return _BAD
        bad = _CONTROL.search(text)
        if bad:
            where = line + text.count("\n", 0, bad.start()) if event.style in ("|", ">") else line
            self.problem(
                f"the text contains a control character ({show(bad.group())})",
                where,
                expected="printable text",
                hint="remove it; control characters can garble terminals and documents",
            )
            return _BAD
        if event.tag is not None or event.style not in ("", None) or not event.implicit[0]:
            return text
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        number = None
        if _INT10.match(text):
            number = "int"
        elif _INT16.match(text) or _INT8.match(text):
            number = "base"
        elif _FLOAT.match(text) and any(c.isdigit() for c in text):
            number = "float"
        if number is None:
            return text
        if len(text) > MAX_NUMBER_CHARS:
            self.problem(
                f"a number of {len(text):,} characters is too long",
                line,
                expected=f"at most {MAX_NUMBER_CHARS} characters",
                hint="put it in quotes if it is meant as text",
            )
            return _BAD
        if number == "int":
            return int(text)
        if number == "base":
            return int(text[2:], 16 if text[1] == "x" else 8)
        return float(text)

    def attach(self, value: Any, line: int, *, plain: bool) -> None:
        if not self.stack:
            self.located.data = None if value is _BAD else value
            self.located.lines[()] = line
            self.done = True
            return
        top = self.stack[-1]
        if top.kind == "seq":
            self.located.lines[top.path + (len(top.data),)] = line
            top.data.append(None if value is _BAD else value)
            return
        if top.key is None:  # this value is a key
            top.key_line = line
            top.key = self.check_key(top, value, line, plain)
            return
        key, top.key = top.key, None
        if key is _BAD or top.discard:
            return
        top.data[key] = None if value is _BAD else value
        self.located.lines[top.path + (key,)] = top.key_line

    def check_key(self, top: _Frame, key: Any, line: int, plain: bool) -> Any:
        if key is _BAD or top.discard:
            return _BAD
        if isinstance(key, (list, dict)):  # only reached through an alias; kept for safety
            self.problem("a key must be a plain word, not a list or mapping", line)
            return _BAD
        if plain and key == "<<":
            self.problem(
                "'<<' merge keys are not supported",
                line,
                expected="the keys written out",
                hint="Accord does not merge mappings ('<<: *name'); copy the keys where "
                "they are needed",
            )
            return _BAD
        if key is None or isinstance(key, bool):
            word = "null" if key is None else str(key).lower()
            self.problem(
                f"the key '{word}' is read as {'a null' if key is None else 'true or false'}, "
                "not as a word",
                line,
                hint=f'put the key in quotes ("{word}":) or use another word',
            )
            return _BAD
        if isinstance(key, str) and len(key) > MAX_KEY_CHARS:
            self.problem(
                f"a key of {len(key):,} characters is too long",
                line,
                expected=f"at most {MAX_KEY_CHARS} characters",
            )
            return _BAD
        if key in top.data:
            self.problem(
                f"key '{show(key)}' appears twice in the same mapping",
                line,
                field=".".join(str(p) for p in top.path + (key,)),
                hint="keep one of them; YAML would silently keep only the last",
            )
            return _BAD
        return key


_COLLECTION = object()
_UNDEFINED = object()
