"""The roles a partner may play, and how a free-text role is read as one of them.

A proposal's partner list gives each partner's role as free text ("acquiring trust", "trust in
special measures"); ``role_from_text`` reads it through the known words of ``ROLE_WORDS``.
Which role sits on which side of an arrangement (``LEAD_ROLES``, ``SUPPORTED_ROLES``) decides
which partner's own facts fill the role-specific facts (accord.inputs.partners).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# Roles a partner may play, with their meaning (shown by `accord new` and in the docs).
ROLES: dict[str, str] = {
    "acquirer": "takes over another partner, or the partner another merges into",
    "target": "is acquired by, or merged into, another partner",
    "lead": "leads the collaboration or holds the contract for the others",
    "supported": "receives support, for example a trust in special measures",
    "buddy": "gives support to a struggling partner",
    "host": "hosts a network, shared service or pooled budget for the others",
    "member": "takes part as an equal member",
}
LEAD_ROLES = ("acquirer", "lead", "buddy", "host")  # the side that takes on or gives
SUPPORTED_ROLES = ("target", "supported")  # the side that is taken on or helped

# Words in a free-text role and the role they name, tried in this order (first match wins);
# a word matches whole ("acquiring trust" has "acquiring"), with '_' and '-' read as spaces.
# A role none of these words names is an error (see accord.inputs.partners).
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("target", ("being acquired", "to be acquired", "acquired", "target", "taken over")),
    ("acquirer", ("acquirer", "acquiring", "acquires", "acquire")),
    ("buddy", ("buddy", "buddies", "mentor", "mentoring", "supporting")),
    ("supported", ("special measures", "supported", "struggling", "failing")),
    ("host", ("host", "hosting", "hosts", "hosted")),
    ("lead", ("lead", "leading", "lead provider", "prime")),
    ("member", ("member", "members", "partner", "partners", "merging", "equal")),
)
# Every known role word, sorted: shown as what a role may contain, and used for did-you-mean.
KNOWN_ROLE_WORDS: tuple[str, ...] = tuple(sorted({w for _, ws in ROLE_WORDS for w in ws}))


def role_from_text(text: str | None) -> str | None:
    """Map a free-text role ("acquiring trust", "trust in special measures") to a role key.

    Returns a key of ``ROLES``, or None when the text is empty or has none of the words in
    ``ROLE_WORDS``.
    """
    if not text:
        return None
    low = " ".join(re.sub(r"[_\-]", " ", text).lower().split())
    if low in ROLES:
        return low
    for role, words in ROLE_WORDS:
        if any(re.search(r"\b" + re.escape(w) + r"\b", low) for w in words):
            return role
    return None


def role_hint(text: str, hint: Callable[[str, Iterable[str]], str | None]) -> str | None:
    """A did-you-mean for a role no known word names, or None when nothing is close.

    hint is a did-you-mean function (accord.errors.did_you_mean, or a Collector's hint, which
    caps how many one file gets); it is tried on the whole text, then on each word in it,
    against the role keys and ``KNOWN_ROLE_WORDS``.
    """
    low = text.lower()
    for word in (low, *re.findall(r"[a-z]+", low)):
        found = hint(word, (*ROLES, *KNOWN_ROLE_WORDS))
        if found:
            return found
    return None


# Per side, the per-partner keys it reads and the role-specific fact each fills.
SIDE_FACTS: dict[str, dict[str, str]] = {
    "lead": {
        "financial_position": "lead_partner_financial_position",
        "leadership": "lead_partner_leadership",
        "performance": "lead_partner_performance",
        "capacity": "supporting_partner_capacity",
    },
    "supported": {
        "financial_position": "supported_partner_financial_position",
        "leadership": "supported_partner_leadership",
    },
}
# Each per-partner key's values from best to worst.
ORDERS: dict[str, tuple[str, ...]] = {
    "financial_position": ("sustainable", "pressured", "deficit"),
    "leadership": ("stable", "interim", "unstable"),
    "capacity": ("high", "adequate", "low"),
    "performance": ("good", "requires_improvement", "inadequate", "special_measures"),
}


def side_value(
    on_side: list[str | None], everyone: list[str | None], placed: bool, key: str
) -> str | None:
    """One side's value of a per-partner key, or None when the partner list does not settle it.

    on_side holds the values (None: not stated) of the partners whose role puts them on that
    side, everyone those of every partner; placed says whether any partner's role puts it on
    either side; key is a key of ``ORDERS``. A side with partners: the worst value they state.
    No role on either side: the value every partner states alike (so both sides have it);
    partners that differ, or one that does not state it, leave it unknown since no role says
    which partner is which. A side no role names while the other side is named stays unknown.
    """
    if on_side:
        stated = [v for v in on_side if v is not None]
        return max(stated, key=ORDERS[key].index) if stated else None
    if placed or not everyone:
        return None
    values = set(everyone)
    if len(values) == 1 and None not in values:
        return values.pop()
    return None
