"""Build plain data from YAML parser events, remembering the line of every key and value.

Values are resolved with the YAML 1.2 core schema and checked against the limits of
kb.yamllimits; no tag is executed and aliases of lists or mappings are refused (kb.yamlread
describes the rules). The Builder is driven by kb.yamlread.parse_yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from accord.errors import InputFileError, Problem, show
from accord.kb.yamllimits import (
    MAX_DEPTH,
    MAX_FILE_PROBLEMS,
    MAX_KEY_CHARS,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    limit_error,
)

Path_ = tuple[Any, ...]

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


class Builder:
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
            raise limit_error(
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
            raise limit_error(
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
