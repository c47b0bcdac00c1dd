"""Read a proposal file, check it against the vocabulary and derive its base facts."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import ProposalError, did_you_mean, problems_error
from accord.kb.model import KnowledgeBase, Scalar
from accord.kb.problems import Collector
from accord.kb.values import normalise_value
from accord.kb.yamlread import Located, parse_yaml, read_text

FactValue = Scalar | tuple[str, ...]
TOP_KEYS = ("title", "summary", "partners", "facts")
PARTNER_KEYS = ("name", "sector", "role")


@dataclass(frozen=True)
class Partner:
    name: str
    sector: str | None = None
    role: str | None = None


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
    src = parse_yaml(text, display)
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
    partners = _partners(col, data.get("partners"), kb)
    facts = _facts(col, src, data.get("facts"), kb)
    derived = _derive_from_partners(col, facts, partners, kb)
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


def _partners(col: Collector, raw: Any, kb: KnowledgeBase) -> tuple[Partner, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        col.add(
            ("partners",),
            "must be a list of partners",
            expected="- name: ... (and optionally sector, role)",
        )
        return ()
    sector_def = kb.facts.get("sectors")
    out = []
    for i, entry in enumerate(raw):
        path = ("partners", i)
        if isinstance(entry, str):
            entry = {"name": entry}
        e = col.mapping(entry, path, "a partner")
        if e is None:
            continue
        col.keys(e, path, required=("name",), optional=("sector", "role"))
        name = col.text(e.get("name"), path + ("name",))
        sector = e.get("sector")
        if sector is not None and sector_def is not None:
            if not (isinstance(sector, str) and sector in sector_def.value_names):
                col.add(
                    path + ("sector",),
                    f"'{sector}' is not a sector",
                    expected="one of: " + ", ".join(sector_def.value_names),
                    hint=did_you_mean(str(sector), sector_def.value_names),
                )
                sector = None
        role = e.get("role")
        out.append(
            Partner(name, sector, col.text(role, path + ("role",)) if role is not None else None)
        )
    return tuple(out)


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
                hint=did_you_mean(str(name), kb.facts),
            )
            continue
        norm = normalise_value(fdef, value, col, path)
        if norm is not None:
            out[name] = norm
    return out


def _derive_from_partners(
    col: Collector, facts: dict[str, FactValue], partners: tuple[Partner, ...], kb: KnowledgeBase
) -> tuple[str, ...]:
    """Fill partners_count and sectors from the partner list when the facts leave them out."""
    derived = []
    if partners and "partners_count" in kb.facts:
        stated = facts.get("partners_count")
        if stated is None and len(partners) >= 2:
            facts["partners_count"] = len(partners)
            derived.append("partners_count")
        elif isinstance(stated, int) and stated < len(partners):
            col.add(
                ("facts", "partners_count"),
                f"partners_count says {stated} but {len(partners)} partners are listed",
                expected=f"at least {len(partners)}",
            )
    sectors = tuple(sorted({p.sector for p in partners if p.sector}))
    if sectors and "sectors" in kb.facts:
        stated_sectors = facts.get("sectors")
        if stated_sectors is None:
            facts["sectors"] = sectors
            derived.append("sectors")
        elif isinstance(stated_sectors, tuple) and not set(sectors) <= set(stated_sectors):
            missing = ", ".join(sorted(set(sectors) - set(stated_sectors)))
            col.add(
                ("facts", "sectors"),
                f"partners are listed in sectors missing from 'sectors': {missing}",
                expected="every partner's sector in the list",
            )
    return tuple(derived)
