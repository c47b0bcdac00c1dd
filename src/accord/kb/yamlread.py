"""Read YAML safely, once, remembering the line of every key and value for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.errors import InputFileError, Problem

try:  # libyaml is bundled with PyYAML's wheels and is much faster; fall back when absent.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[Any, ...]
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass
class Located:
    """Plain data read from a YAML file, plus the line of each path into it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, *path: Any) -> int | None:
        """Return the line of the deepest known prefix of path (1-based)."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


def read_text(path: Path, display: str) -> str:
    """Read a file as UTF-8, turning every failure into an InputFileError naming the file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{display}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{display}: is a folder, not a file") from None
    except OSError as exc:
        raise InputFileError(f"{display}: cannot be read ({exc.strerror})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            f"{display}: not valid UTF-8 text",
            [
                Problem(
                    display,
                    f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8",
                    line=line,
                    expected="a text file saved as UTF-8",
                    hint="save the file as UTF-8 in your editor (not Latin-1 or Windows-1252)",
                )
            ],
        ) from None


def load_yaml(path: Path, display: str | None = None) -> Located:
    """Parse one YAML file with the safe loader into plain data with line numbers."""
    display = display or str(path)
    text = read_text(path, display)
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> Located:
    """Parse YAML text; report syntax errors, empty documents and duplicate keys with lines."""
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputFileError(
            f"{display}: the file is empty",
            [Problem(display, "the file has no content", line=1, expected="a YAML mapping")],
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = exc.problem or "invalid YAML"
        if exc.context:
            detail = f"{detail} ({exc.context})"
        if exc.context_mark is not None and exc.problem_mark is not None:
            if exc.problem_mark.line >= len(text.splitlines()):
                # the file ended before the structure opened here was closed
                line = exc.context_mark.line + 1
                detail += " that opens on this line and is never closed"
        raise InputFileError(
            f"{display}: not valid YAML",
            [
                Problem(
                    display,
                    detail,
                    line=line,
                    expected="YAML: 'key: value' lines, indented with spaces",
                    hint="check the indentation and quoting on this line and the one before it",
                )
            ],
        ) from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"{display}: not valid YAML ({exc})") from None
    finally:
        loader.dispose()
    if node is None:
        raise InputFileError(
            f"{display}: the file is empty",
            [Problem(display, "the file has no content", line=1, expected="a YAML mapping")],
        )
    located = Located(display, None)
    problems: list[Problem] = []
    constructor = yaml.SafeLoader("")
    located.data = _build(node, (), located, problems, constructor)
    if problems:
        raise InputFileError(f"{display}: not valid YAML", problems)
    return located


def _build(node: yaml.Node, path: Path_, out: Located, problems: list[Problem], ctor: Any) -> Any:
    out.lines[path] = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        problems.append(
            Problem(
                out.file,
                f"cannot read this value (tag {node.tag} is not allowed)",
                line=node.start_mark.line + 1,
                hint="remove the '!' tag; proposals and rules are plain data",
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path + ("<key>",), out, problems, ctor)
            if isinstance(key, (list, dict)):
                problems.append(
                    Problem(
                        out.file, "a key must be a plain word", line=key_node.start_mark.line + 1
                    )
                )
                continue
            if key in result:
                problems.append(
                    Problem(
                        out.file,
                        f"key '{key}' appears twice in the same mapping",
                        line=key_node.start_mark.line + 1,
                        field=".".join(str(p) for p in path + (key,)),
                        hint="keep one of them; YAML would silently keep only the last",
                    )
                )
                continue
            result[key] = _build(value_node, path + (key,), out, problems, ctor)
            out.lines[path + (key,)] = key_node.start_mark.line + 1
        out.lines.pop(path + ("<key>",), None)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, path + (i,), out, problems, ctor) for i, v in enumerate(node.value)]
    try:
        return ctor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        problems.append(
            Problem(
                out.file, f"cannot read this value ({exc.problem})", line=node.start_mark.line + 1
            )
        )
        return None
