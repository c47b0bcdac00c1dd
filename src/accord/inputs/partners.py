"""Per-partner facts: each partner's role, sectors, finances, rating, leadership and capacity.

A proposal's partner list may say, for each partner, what it is (one or more sectors), what part
it plays (its role) and where it stands (financial position, performance, leadership stability,
capacity). Collaboration-level facts that rules read are derived from these here, for example
the acquiring partner's financial position or the supported partner's leadership stability; a
collaboration-level fact the proposal states itself is never overwritten.

Collaboration-wide facts (financial_position, partner_performance) come from every partner's
own facts whatever the roles. A role-specific fact (the acquiring or leading side, the
acquired or supported side) comes from the partners whose role puts them on that side; when no
partner's role puts it on either side, it takes the value every partner states alike and stays
unknown when they differ, as nothing says which partner is which.

Roles are free text, read through known words (``ROLE_WORDS`` in accord.inputs.roles), so
"acquiring trust" or "trust in special measures" are roles as good as "acquirer". A role in which no known word is found is
an error, not a warning: the role decides which partner's facts fill which side, so a misspelt
"acquier" left unread would change the advice without a word. The error names the file, line
and field, the known words, and the closest one.

Allowed values of the per-partner keys come from vocabulary facts (``PARTNER_KEYS``), so the
knowledge base, not this module, says what each value means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from accord.inputs.roles import (
    KNOWN_ROLE_WORDS,
    LEAD_ROLES,
    ORDERS,
    ROLES,
    SIDE_FACTS,
    SUPPORTED_ROLES,
    role_from_text,
    role_hint,
    side_value,
)
from accord.kb.model import KnowledgeBase
from accord.kb.problems import Collector
from accord.kb.values import UNKNOWN, normalise_value

# Per-partner keys and the vocabulary fact whose values (and their meanings) they take.
PARTNER_KEYS: dict[str, str] = {
    "financial_position": "lead_partner_financial_position",
    "performance": "lead_partner_performance",
    "leadership": "lead_partner_leadership",
    "capacity": "supporting_partner_capacity",
}

# Organisation names that say plainly what kind of body a partner is; used only for a partner
# whose sector is not stated, never checked against stated sectors, and reported as inferred.
NAME_SECTORS: tuple[tuple[str, str], ...] = (
    (
        r"clinical commissioning group|\bccg\b|integrated care board|\bicb\b|"
        r"local health board|primary care trust|\bpct\b|health board",
        "commissioner",
    ),
    (r"\b(city|county|borough|district|metropolitan) council\b|\bcouncil\b", "local_authority"),
    (r"ambulance", "ambulance"),
    (r"mental health", "mental_health"),
    (r"community health", "community"),
)

PROVIDER_SECTORS = (
    "acute",
    "mental_health",
    "community",
    "primary_care",
    "ambulance",
    "specialist",
    "social_care",
    "private",
    "voluntary",
)


@dataclass(frozen=True)
class Partner:
    """One partner as stated: its name, sectors, role and own facts.

    ``sector`` is the stated sectors joined for display ("acute, community"), or None;
    ``role`` is the role as written (a label); ``role_kind`` the role it names (a key of
    ``ROLES``) or None; ``inferred_sectors`` sectors read from the name when none is stated;
    ``facts`` the partner's own facts as (key, value) pairs sorted by key.
    """

    name: str
    sector: str | None = None
    role: str | None = None
    sectors: tuple[str, ...] = ()
    role_kind: str | None = None
    inferred_sectors: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    line: int | None = None

    def fact(self, key: str) -> str | None:
        return dict(self.facts).get(key)


def sectors_from_name(name: str) -> tuple[str, ...]:
    """Sectors a partner's name states plainly (a council, a commissioning group, ...)."""
    low = name.lower()
    for pattern, sector in NAME_SECTORS:
        if re.search(pattern, low):
            return (sector,)
    return ()


def read_partners(col: Collector, raw: Any, kb: KnowledgeBase) -> tuple[Partner, ...]:
    """Check a proposal's 'partners' list; every problem is added to ``col``.

    ``raw`` is the parsed list (entries are a name, or a mapping with name, sector (one or a
    list), role, financial_position, performance, leadership, capacity). Returns the partners
    in file order; a wrong entry is reported and left out.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list):
        col.add(
            ("partners",),
            "must be a list of partners",
            expected="- name: ... (and optionally sector, role and the partner's own facts)",
        )
        return ()
    out = []
    for i, entry in enumerate(raw):
        path = ("partners", i)
        if isinstance(entry, str):
            entry = {"name": entry}
        e = col.mapping(entry, path, "a partner")
        if e is None:
            continue
        col.keys(e, path, required=("name",), optional=("sector", "role", *PARTNER_KEYS))
        name = col.text(e.get("name"), path + ("name",))
        sectors = _partner_sectors(col, e.get("sector"), path + ("sector",), kb)
        role, kind = _partner_role(col, e.get("role"), path + ("role",))
        facts: dict[str, str] = {}
        for key, fact in PARTNER_KEYS.items():
            value = e.get(key)
            if value is None or value == UNKNOWN:
                continue
            allowed = kb.facts[fact].value_names if fact in kb.facts else ()
            if isinstance(value, str) and value in allowed:
                facts[key] = value
            else:
                col.add(
                    path + (key,),
                    f"'{value}' is not an allowed {key.replace('_', ' ')} of a partner",
                    expected="one of: " + ", ".join(allowed),
                    hint=col.hint(value, allowed),
                )
        if "performance" not in facts and role and "special measures" in role.lower():
            facts["performance"] = "special_measures"
        out.append(
            Partner(
                name=name,
                sector=", ".join(sectors) if sectors else None,
                role=role,
                sectors=sectors,
                role_kind=kind,
                inferred_sectors=() if sectors else sectors_from_name(name),
                facts=tuple(sorted(facts.items())),
                line=col.src.line(*path),
            )
        )
    return tuple(out)


def _partner_role(col: Collector, raw: Any, path: tuple[Any, ...]) -> tuple[str | None, str | None]:
    """(role as written, role it names) of one partner; (None, None) when no role is given.

    A role in which no known word is found is reported as an error (see the module docstring).
    """
    if raw is None:
        return None, None
    role = col.text(raw, path)
    kind = role_from_text(role)
    if role and kind is None:
        col.add(
            path,
            f"role '{role}' has none of the words that name a role",
            expected=f"a role ({', '.join(ROLES)}) or text containing one of: "
            + ", ".join(KNOWN_ROLE_WORDS),
            hint=role_hint(role, col.hint),
        )
    return role, kind


def _partner_sectors(
    col: Collector, raw: Any, path: tuple[Any, ...], kb: KnowledgeBase
) -> tuple[str, ...]:
    if raw is None or raw == UNKNOWN:
        return ()
    sector_def = kb.facts.get("sectors")
    allowed = sector_def.value_names if sector_def else ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        col.add(
            path, "must be a sector or a list of sectors", expected="one of: " + ", ".join(allowed)
        )
        return ()
    good: list[str] = []
    for j, item in enumerate(items):
        where = path if isinstance(raw, str) else path + (j,)
        if isinstance(item, str) and item in allowed:
            if item not in good:
                good.append(item)
        else:
            col.add(
                where,
                f"'{item}' is not a sector",
                expected="one of: " + ", ".join(allowed),
                hint=col.hint(item, allowed),
            )
    return tuple(sorted(good))


def derive_from_partners(
    col: Collector, facts: dict[str, Any], partners: tuple[Partner, ...], kb: KnowledgeBase
) -> tuple[str, ...]:
    """Check stated facts against the partner list and fill collaboration facts from it.

    Adds an error to ``col`` when a stated ``partners_count`` differs from the number of
    partners listed, or a stated ``sectors`` list leaves out a listed partner's sector or (when
    every partner states its sectors) names a sector no partner has. Fills, when not stated:
    partners_count, sectors, joins_commissioning_and_provision; whatever the roles,
    financial_position (the worst stated; sustainable only when every partner states it) and
    partner_performance (from the worst stated; all_strong only when every partner states
    good); and the role-specific facts of each side (``SIDE_FACTS``: the lead side's finances,
    leadership, performance and capacity, the supported side's finances and leadership) as
    ``side_value`` settles them. Returns the names of the facts it filled, sorted.
    """
    if not partners:
        return ()
    filled: dict[str, Any] = {}
    _check_count(col, facts, partners, filled, kb)
    _check_sectors(col, facts, partners, filled, kb)
    lead = [p for p in partners if p.role_kind in LEAD_ROLES]
    weak = [p for p in partners if p.role_kind in SUPPORTED_ROLES]
    stated_fin = [p.fact("financial_position") for p in partners if p.fact("financial_position")]
    if stated_fin:
        worst = _worst(stated_fin, ORDERS["financial_position"])
        if worst != "sustainable" or len(stated_fin) == len(partners):
            filled["financial_position"] = worst
    perf = [p.fact("performance") for p in partners if p.fact("performance")]
    if perf:
        worst_perf = _worst(perf, ORDERS["performance"])
        overall = {
            "special_measures": "special_measures",
            "inadequate": "one_struggling",
            "requires_improvement": "mixed",
        }.get(worst_perf)
        if overall is None and len(perf) == len(partners):
            overall = "all_strong"
        if overall:
            filled["partner_performance"] = overall
    placed = bool(lead or weak)
    for side, group in (("lead", lead), ("supported", weak)):
        for key, fact in SIDE_FACTS[side].items():
            value = side_value(
                [p.fact(key) for p in group], [p.fact(key) for p in partners], placed, key
            )
            if value is not None:
                filled[fact] = value
    kinds = {s for p in partners for s in (p.sectors or p.inferred_sectors)}
    if "commissioner" in kinds and kinds & set(PROVIDER_SECTORS):
        filled["joins_commissioning_and_provision"] = True
    out = []
    for name, value in filled.items():
        if name in kb.facts and facts.get(name) is None:
            facts[name] = value
            out.append(name)
    return tuple(sorted(out))


def _worst(values: list[str | None], order: tuple[str, ...]) -> str:
    """The worst stated value, by its place in order (None values are not stated)."""
    return max((v for v in values if v is not None), key=order.index)


def _check_count(
    col: Collector,
    facts: dict[str, Any],
    partners: tuple[Partner, ...],
    filled: dict[str, Any],
    kb: KnowledgeBase,
) -> None:
    if "partners_count" not in kb.facts:
        return
    stated = facts.get("partners_count")
    if len(partners) == 1:
        col.add(
            ("partners",),
            "only one partner is listed; a collaboration needs at least two",
            expected="every partner, each as {name: ..., sector: ...}",
            hint="list the other partners too, or leave the partner list out",
        )
        return
    _check_duplicates(col, partners)
    if stated is None:
        if len(partners) >= 2:
            # the derived count meets the same range check as a stated one
            count = normalise_value(
                kb.facts["partners_count"],
                len(partners),
                col,
                ("partners",),
                what=f"the partner list has {len(partners)} partners, so partners_count",
            )
            if count is not None:
                filled["partners_count"] = count
    elif isinstance(stated, int) and len(partners) >= 2 and stated != len(partners):
        col.add(
            ("facts", "partners_count"),
            f"partners_count says {stated} but {len(partners)} partners are listed",
            expected=f"{len(partners)}, the number of partners listed",
            hint="list every partner, or leave partners_count out to have it counted",
        )


def _check_duplicates(col: Collector, partners: tuple[Partner, ...]) -> None:
    """The same partner listed twice (names compared without case or extra spaces)."""
    seen: dict[str, int] = {}
    for i, p in enumerate(partners):
        key = " ".join(p.name.split()).casefold()
        if key in seen:
            first = col.src.line("partners", seen[key]) or "?"
            col.add(
                ("partners", i, "name"),
                f"'{p.name}' is listed twice (first at line {first})",
                expected="each partner once",
                hint="remove the repeated entry, or give each partner its own name",
            )
        else:
            seen[key] = i


def _check_sectors(
    col: Collector,
    facts: dict[str, Any],
    partners: tuple[Partner, ...],
    filled: dict[str, Any],
    kb: KnowledgeBase,
) -> None:
    if "sectors" not in kb.facts:
        return
    listed = {s for p in partners for s in p.sectors}
    stated = facts.get("sectors")
    if stated is None:
        every = listed | {s for p in partners for s in p.inferred_sectors}
        if every:
            filled["sectors"] = tuple(sorted(every))
        return
    if not isinstance(stated, tuple):
        return
    missing = sorted(listed - set(stated))
    if missing:
        col.add(
            ("facts", "sectors"),
            f"sectors says [{', '.join(stated)}] but listed partners are also in: "
            f"{', '.join(missing)}",
            expected=f"a list that includes every partner's sector ({', '.join(sorted(listed))})",
        )
    elif all(p.sectors for p in partners):
        extra = sorted(set(stated) - listed)
        if extra:
            col.add(
                ("facts", "sectors"),
                f"sectors says [{', '.join(stated)}] but no listed partner is in: "
                f"{', '.join(extra)} (the partners are in: {', '.join(sorted(listed))})",
                expected="the sectors of the listed partners",
                hint="add the partner from that sector, or drop it from 'sectors'",
            )
