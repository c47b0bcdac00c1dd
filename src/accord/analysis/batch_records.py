"""The records of `accord batch`: one per proposal, a result or an error, as plain JSON data.

A result record:
    {"id": text, "source": file name or "file.jsonl:LINE", "ok": true, "title": text,
     "level": the call ("high concern" | "some concern" | "low concern" |
     "insufficient information"), "risks": [{"id", "severity", "likelihood", "scope"}] in the
     assessment's order, "risk_counts": {"high": n, "medium": n, "low": n} (scope "form"
     excluded, as in the call), "deciding_unknown": [fact names], "input_hash": SHA-256 of the
     proposal, "kb": "name version", "engine": the engine's name}
An error record:
    {"id", "source", "ok": false, "error": the message, "problems": [{"file", "line",
     "field", "message", "expected", "hint"}]}; "internal": true marks a bug in Accord.
The "what would change" analysis is not run (it does not change the call or the risks).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.engine import Engine
from accord.engine.assessment import Assessment
from accord.engine.explain import assess
from accord.errors import AccordError, Problem, show
from accord.inputs.proposal import Proposal, parse_proposal, proposal_from_dict
from accord.kb.model import KnowledgeBase
from accord.kb.yamlread import read_text


@dataclass(frozen=True)
class Item:
    """One proposal to assess: a file (text None) or a line of a .jsonl file."""

    id: str
    source: str
    path: str
    line: int | None
    text: str | None
    duplicate: bool = False  # its id was used by an earlier line
    problem: str | None = None  # why the line could not be read at all (too long, not UTF-8)


def item_hash(item: Item) -> str:
    """SHA-256 (hex) of what the item reads: its .jsonl line, or its file's bytes ("" when the
    file cannot be read). A resumed batch compares it with the record's to see a changed input.
    """
    if item.text is not None:
        return hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).hexdigest()
    try:
        return hashlib.sha256(Path(item.path).read_bytes()).hexdigest()
    except OSError:
        return ""


def result_record(item_id: str, source: str, a: Assessment, digest: str = "") -> dict[str, Any]:
    """The record of an assessment (module description); digest: item_hash of its item."""
    counts = dict(a.overall.risks_by_severity)
    return {
        "id": item_id,
        "source": source,
        "item_hash": digest,
        "ok": True,
        "title": a.title,
        "level": a.overall.level,
        "risks": [
            {"id": r.id, "severity": r.severity, "likelihood": r.likelihood, "scope": r.scope}
            for r in a.risks
        ],
        "risk_counts": {s: counts.get(s, 0) for s in ("high", "medium", "low")},
        "deciding_unknown": list(a.overall.deciding_unknown),
        "input_hash": a.provenance.input_hash,
        "kb": f"{a.provenance.kb_name} {a.provenance.kb_version}",
        "engine": a.provenance.engine,
    }


def error_record(item: Item, exc: AccordError, internal: bool = False) -> dict[str, Any]:
    """The record of a proposal that could not be assessed (module description)."""
    problems = [_problem(p, item) for p in exc.problems] or [
        _problem(Problem(Path(item.path).name, exc.message, line=item.line), item)
    ]
    rec: dict[str, Any] = {
        "id": item.id,
        "source": item.source,
        "item_hash": item_hash(item),
        "ok": False,
        "error": exc.message,
        "problems": problems,
    }
    if internal:
        rec["internal"] = True
    return rec


def _problem(p: Problem, item: Item) -> dict[str, Any]:
    return {
        "file": Path(item.path).name,  # never a folder of this machine
        # a .jsonl proposal is one line: its problems are all on it
        "line": item.line if item.text is not None or p.line is None else p.line,
        "field": p.field,
        "message": p.message,
        "expected": p.expected,
        "hint": p.hint,
    }


def _from_line(item: Item, kb: KnowledgeBase) -> Proposal:
    name = f"{Path(item.path).name}:{item.line}"
    if item.problem is not None:
        raise AccordError(f"{name}: {item.problem}")
    try:
        data = json.loads(item.text or "")
    except ValueError as exc:
        raise AccordError(f"{name}: not valid JSON ({exc})") from None
    except RecursionError:
        raise AccordError(f"{name}: not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise AccordError(f"{name}: a line must be a JSON object (a proposal with an id)")
    if item.duplicate:
        raise AccordError(
            f"{name}: id {show(data.get('id'))!r} was used by an earlier line; ids must be unique"
        )
    if not isinstance(data.get("id"), str) or not data["id"].strip():
        raise AccordError(
            f'{name}: no "id": each line needs an id (text, unique in the file)',
            [Problem(name, "missing id", line=item.line, field="id", expected="a text id")],
        )
    return proposal_from_dict({k: v for k, v in data.items() if k != "id"}, kb, name)


def evaluate_item(item: Item, kb: KnowledgeBase, eng: Engine) -> dict[str, Any]:
    """Read, check and assess one proposal; its result record, or its error record.

    Never raises for a bad proposal; an unexpected exception (a bug) gives an error record
    with "internal": true. KeyboardInterrupt and SystemExit pass through.
    """
    try:
        if item.text is None:  # named by its file name alone, in messages too
            proposal = parse_proposal(read_text(Path(item.path), item.source), item.source, kb)
        else:
            proposal = _from_line(item, kb)
        result = assess(proposal, kb, eng, missing=False)
        return result_record(item.id, item.source, result, item_hash(item))
    except AccordError as exc:
        return error_record(item, exc, internal=exc.exit_code == 3)
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, AttributeError) as exc:
        msg = f"internal error ({type(exc).__name__}: {show(exc)}); a bug in Accord, not in the proposal"
        return error_record(item, AccordError(msg), internal=True)
