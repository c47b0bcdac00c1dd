"""Survey answers files: one respondent's answers, read, checked and written as YAML.

An answers file names the instrument, the respondent (organisation, optional role) and maps
item ids to 1-5 or `dont_know`; `accord survey take` writes them and `accord survey score`,
`accord assess --survey` read them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import InputFileError, Problem, problems_error
from accord.kb.problems import Collector
from accord.kb.yamlread import parse_yaml, read_text
from accord.survey.instrument import DONT_KNOW, POINTS, Instrument, Item


@dataclass(frozen=True)
class Response:
    """One respondent's answers: item id -> 1..5, or 'dont_know'."""

    organisation: str
    role: str
    answers: tuple[tuple[str, int | str], ...]
    source: str

    def answer(self, item_id: str) -> int | str | None:
        """The answer to one item, or None when it was left out."""
        return dict(self.answers).get(item_id)


def parse_response(text: str, display: str, instrument: Instrument) -> Response:
    """Read the text of one answers file (display names it in messages and as its source).

    Raises InputFileError listing every problem: wrong instrument or version, unknown items,
    answers outside 1-5 or dont_know, missing keys, an organisation or role that is not text.
    """
    src = parse_yaml(text, display, soft=True)
    col = Collector(src)
    data = col.mapping(src.data, (), "an answers file") or {}
    col.keys(data, (), required=("instrument", "version", "respondent", "answers"))
    if "instrument" in data and data.get("instrument") != instrument.id:
        col.add(
            ("instrument",),
            f"answers are for instrument '{data.get('instrument')}'",
            expected=f"'{instrument.id}'",
        )
    elif "version" in data and str(data.get("version")) != instrument.version:
        col.add(
            ("version",),
            f"answers are for version {data.get('version')} of the instrument, "
            f"not the current {instrument.version}",
            expected=f"version: {instrument.version}",
            hint="the statements may have changed; answer the current version again "
            "(accord survey take)",
        )
    who = col.mapping(data.get("respondent"), ("respondent",), "respondent") or {}
    col.keys(who, ("respondent",), required=("organisation",), optional=("role",))
    organisation = col.text(who.get("organisation"), ("respondent", "organisation"))
    role = col.text(who.get("role"), ("respondent", "role"), required=False)
    raw = data.get("answers")
    answers = _answers(col, raw, instrument) if raw is not None else []
    if col.problems:
        raise problems_error(InputFileError, f"{display}: not a valid answers file", col.problems)
    return Response(
        organisation=organisation,
        role=role,
        answers=tuple(sorted(answers)),
        source=Path(display).name,
    )


def _answers(col: Collector, raw: Any, instrument: Instrument) -> list[tuple[str, int | str]]:
    answers: list[tuple[str, int | str]] = []
    ids = [i.id for i in instrument.items]
    for item_id, value in (col.mapping(raw, ("answers",), "answers") or {}).items():
        path = ("answers", item_id)
        if item_id not in ids:
            col.add(
                path,
                f"unknown item '{item_id}'",
                expected="an item id of the instrument",
                hint=col.hint(item_id, ids),
            )
            continue
        if value == DONT_KNOW or (
            isinstance(value, int) and not isinstance(value, bool) and value in POINTS
        ):
            answers.append((item_id, value))
        elif value is not None:
            col.add(
                path,
                f"'{value}' is not an answer",
                expected=f"a whole number from 1 to 5, or {DONT_KNOW}",
            )
    return answers


def load_response(path: Path, instrument: Instrument) -> Response:
    """Read one answers file from disk; raises InputFileError when unreadable or invalid."""
    return parse_response(read_text(path, str(path)), str(path), instrument)


def load_responses(paths: Iterable[str | Path], instrument: Instrument) -> list[Response]:
    """Read several answers files, reporting the problems of all of them at once.

    A folder stands for every *.yaml and *.yml file in it; a file named twice (or a folder
    and a file in it) is read once. Raises InputFileError when no file is found or any file
    is invalid.
    """
    paths = list(paths)
    out: list[Response] = []
    problems: list[Problem] = []
    files: list[Path] = []
    seen: set[str] = set()
    for path in map(Path, paths):
        found = (
            sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            if path.is_dir()
            else [path]
        )
        for f in found:
            key = "-" if str(f) == "-" else os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                files.append(f)
    if not files:
        raise InputFileError("no answers files found in " + ", ".join(str(p) for p in paths))
    for path in files:
        try:
            out.append(load_response(Path(path), instrument))
        except InputFileError as exc:
            problems.extend(exc.problems or [Problem(str(path), exc.message)])
    if problems:
        raise problems_error(InputFileError, "answers files are not valid", problems)
    return out


def dump_response(
    inst: Instrument, organisation: str, role: str, answers: dict[str, int | str]
) -> str:
    """Answers file text: the instrument, the respondent, and answers in the instrument's order."""
    import yaml

    order = {it.id: n for n, it in enumerate(inst.items)}
    data = {
        "instrument": inst.id,
        "version": inst.version,
        "respondent": {"organisation": organisation, "role": role},
        "answers": {k: answers[k] for k in sorted(answers, key=lambda k: order.get(k, len(order)))},
    }
    head = f"# Answers to {inst.title} ({inst.id} {inst.version}). Score with: accord survey score FILE...\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def pending_items(inst: Instrument, answers: dict[str, int | str]) -> list[Item]:
    """Items not yet answered (a 'don't know' counts as answered), in the instrument's order."""
    return [it for it in inst.items if it.id not in answers]


def parse_answer(text: str) -> int | str | None:
    """Read one typed answer: 1-5, d for don't know; None when it is not an answer."""
    t = text.strip().lower()
    if t in {"1", "2", "3", "4", "5"}:
        return int(t)
    if t in {"d", "dk", "dont_know", "don't know"}:
        return DONT_KNOW
    return None
