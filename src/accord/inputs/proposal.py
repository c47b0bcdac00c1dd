"""Read a proposal file, check it against the vocabulary and derive its base facts."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import ProposalError, problems_error
from accord.inputs.partners import Partner, derive_from_partners, read_partners
from accord.kb.model import KnowledgeBase, Scalar
from accord.kb.problems import Collector
from accord.kb.values import normalise_value
from accord.kb.yamlread import Located, parse_yaml, read_text

FactValue = Scalar | tuple[str, ...]
TOP_KEYS = ("title", "summary", "partners", "facts")


@dataclass(frozen=True)
class Proposal:
    """A validated proposal: what the user stated, and what Accord derived from it."""

    title: str
    summary: str
    partners: tuple[Partner, ...]
    facts: tuple[tuple[str, FactValue], ...]  # sorted by name; unknown facts are absent
    derived_from_partners: tuple[str, ...]  # fact names filled in from the partner list
    source: str  # the file name, without folders, so output does not depend on where it lies
    input_hash: str
    from_survey: tuple[str, ...] = ()  # fact names filled in from readiness-survey scores

    def fact_map(self) -> dict[str, FactValue]:
        return dict(self.facts)


def load_proposal(path: Path | str, kb: KnowledgeBase) -> Proposal:
    """Read and validate a proposal YAML file against kb's vocabulary (`accord facts` lists it).

    path: a YAML file with title, optional summary and partners, and facts (`accord new` writes
    a template). Returns the Proposal; facts left out are unknown. Raises InputFileError when
    the file cannot be read as YAML, ProposalError listing every problem with line and field.
    """
    path = Path(path)
    display = str(path)
    text = read_text(path, display)
    return parse_proposal(text, display, kb)


def parse_proposal(text: str, display: str, kb: KnowledgeBase) -> Proposal:
    """Validate proposal text against the knowledge base's vocabulary."""
    src = parse_yaml(text, display, soft=True)
    return _build(src, display, hashlib.sha256(text.encode("utf-8")).hexdigest(), kb)


def proposal_from_dict(data: dict[str, Any], kb: KnowledgeBase, name: str = "<dict>") -> Proposal:
    """Build a proposal from data shaped like a proposal file, keeping title and partners.

    data: {"title": str, "summary": str (optional), "partners": [name or {name, sector, role}]
    (optional), "facts": {fact name: value}}, as `accord new` writes it (the vocabulary is in
    kb.facts). name stands for the file name in messages and provenance. The input hash is the
    SHA-256 of the data as canonical JSON. Raises ProposalError listing every problem (each
    names its field; there are no line numbers).
    """
    canon = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return _build(Located(name, data), name, hashlib.sha256(canon).hexdigest(), kb)


def _build(src: Located, display: str, digest: str, kb: KnowledgeBase) -> Proposal:
    col = Collector(src)
    data = col.mapping(src.data, (), "a proposal")
    if data is None:
        raise problems_error(ProposalError, f"{display}: not a valid proposal", col.problems)
    col.keys(data, (), required=("title", "facts"), optional=("summary", "partners"))
    title = col.text(data.get("title"), ("title",))
    summary = col.text(data.get("summary"), ("summary",), required=False)
    partners = read_partners(col, data.get("partners"), kb)
    facts = _facts(col, src, data.get("facts"), kb)
    derived = derive_from_partners(col, facts, partners, kb)
    if col.problems:
        raise problems_error(ProposalError, f"{display}: not a valid proposal", col.problems)
    return Proposal(
        title=title,
        summary=summary,
        partners=partners,
        facts=tuple(sorted(facts.items())),
        derived_from_partners=derived,
        source=Path(display).name,
        input_hash=digest,
    )


def proposal_from_facts(
    facts: dict[str, Any], kb: KnowledgeBase, title: str = "scenario"
) -> Proposal:
    """Build a proposal from a facts mapping (cases, what-ifs, generated tests)."""
    src = Located("<facts>", {"title": title, "facts": facts})
    col = Collector(src)
    checked = _facts(col, src, facts, kb)
    if col.problems:
        raise problems_error(ProposalError, "scenario facts are not valid", col.problems)
    canon = repr(sorted(checked.items())).encode()
    return Proposal(
        title,
        "",
        (),
        tuple(sorted(checked.items())),
        (),
        "<facts>",
        hashlib.sha256(canon).hexdigest(),
    )


def _facts(col: Collector, src: Located, raw: Any, kb: KnowledgeBase) -> dict[str, FactValue]:
    if raw is None:  # 'facts:' with every line commented out: nothing is known yet
        return {}
    m = col.mapping(raw, ("facts",), "'facts'")
    if m is None:
        return {}
    out: dict[str, FactValue] = {}
    for name, value in m.items():
        path = ("facts", name)
        fdef = kb.facts.get(name) if isinstance(name, str) else None
        if fdef is None:
            col.add(
                path,
                f"unknown fact '{name}'",
                expected="a fact listed by 'accord facts'",
                hint=col.hint(name, kb.facts),
            )
            continue
        norm = normalise_value(fdef, value, col, path)
        if norm is not None:
            out[name] = norm
    return out
