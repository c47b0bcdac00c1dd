"""Describe the vocabulary to people: a commented proposal template and a readable listing."""

from __future__ import annotations

import json
import textwrap

from accord.kb.model import FactDef, KnowledgeBase
from accord.kb.values import describe_expected


def _groups(kb: KnowledgeBase) -> dict[str, list[FactDef]]:
    groups: dict[str, list[FactDef]] = {}
    for fdef in kb.facts.values():
        groups.setdefault(fdef.group, []).append(fdef)
    return groups


def _partner_lines(kb: KnowledgeBase) -> list[str]:
    """Commented partner entries: each partner's role, sectors and its own facts."""
    from accord.inputs.partners import PARTNER_KEYS, ROLES

    out = ["  # Each partner may state its role, one or more sectors, and its own position."]
    for role, meaning in ROLES.items():
        out.append(f"  #   role {role}: the partner {meaning}")
    sectors = kb.facts.get("sectors")
    if sectors:
        out.extend(
            textwrap.wrap(
                "sector (one or a list): " + ", ".join(sectors.value_names),
                92,
                initial_indent="  #   ",
                subsequent_indent="  #       ",
            )
        )
    for key, fact in PARTNER_KEYS.items():
        if fact in kb.facts:
            out.append(f"  #   {key}: " + " | ".join(kb.facts[fact].value_names))
    out += [
        "  - name: First partner organisation",
        "    # role: acquirer",
        "    # sector: [acute, community]",
        "    # financial_position: sustainable",
        "    # performance: good",
        "    # leadership: stable",
        "    # capacity: adequate",
        "  - name: Second partner organisation",
        "    # role: target",
        "    # sector: acute",
        "    # financial_position: deficit",
    ]
    return out


def proposal_template(kb: KnowledgeBase) -> str:
    """Return a proposal file in which every fact is present but commented out."""
    out = [
        "# An Accord proposal. Fill in the title and partners, then uncomment the facts you know.",
        "# A fact left commented out is treated as unknown, never assumed.",
        f"# Generated from knowledge base {kb.name} {kb.version}. Check it with: accord assess FILE",
        "title: A short name for the proposed collaboration",
        "summary: >-",
        "  One or two sentences on what is proposed and why.",
        "partners:",
        *_partner_lines(kb),
        "facts:",
    ]
    for group, fdefs in _groups(kb).items():
        out.append(f"  # --- {group} ---")
        for f in fdefs:
            out.append(f"  # {f.question}")
            if f.values:
                for value, meaning in f.values:
                    out.extend(
                        textwrap.wrap(
                            f"{value}: {meaning}",
                            92,
                            initial_indent="  #   ",
                            subsequent_indent="  #       ",
                        )
                    )
            else:
                out.append(f"  #   {describe_expected(f)}")
            example = (
                f.values[0][0]
                if f.values
                else ("true" if f.type == "bool" else str(f.minimum or 2))
            )
            if f.type == "set":
                example = f"[{example}]"
            out.append(f"  # {f.name}: {example}")
    return "\n".join(out) + "\n"


def vocabulary_text(kb: KnowledgeBase) -> str:
    out = [
        f"Facts a proposal may state ({kb.name} {kb.version}); any may be left out as unknown.",
        "",
    ]
    for group, fdefs in _groups(kb).items():
        out.append(group.upper())
        for f in fdefs:
            out.append(f"  {f.name} ({f.type}): {f.label}")
            out.append(f"      {f.question}")
            for value, meaning in f.values:
                out.append(f"      - {value}: {meaning}")
            if not f.values:
                out.append(f"      {describe_expected(f)}")
        out.append("")
    return "\n".join(out)


def vocabulary_json(kb: KnowledgeBase) -> str:
    data = {
        name: {
            "type": f.type,
            "group": f.group,
            "label": f.label,
            "question": f.question,
            "description": f.description,
            "values": dict(f.values),
            "min": f.minimum,
            "max": f.maximum,
        }
        for name, f in kb.facts.items()
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def interview_text(
    kb: KnowledgeBase,
    title: str,
    facts: dict,
    asked: set[str],
    partners: list[dict] | tuple[dict, ...] = (),
) -> str:
    """A proposal file from an interview: partners, answered facts, skipped ones as unknown.

    partners are mappings as a proposal's partner list takes them (name, role, sector as one
    value or a list, financial_position, performance, leadership, capacity), in the order
    given; facts map names to answers; asked names the facts asked so far.
    """
    import yaml

    body: dict = {"title": title}
    if partners:
        body["partners"] = [dict(p) for p in partners]
    body["facts"] = {}
    for name in kb.facts:
        if name in facts:
            value = facts[name]
            body["facts"][name] = list(value) if isinstance(value, tuple) else value
        elif name in asked:
            body["facts"][name] = "unknown"
    head = "# Written by `accord new --interactive`; 'unknown' marks a question left unanswered.\n"
    return head + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
