"""The proposal form, generated from the vocabulary, and its conversions to and from proposals.

The form holds what a proposal file holds: a title, a summary, partners (each with a name, a
free-text role, sectors and its own facts) and the facts of the vocabulary, each "unknown"
until the user says otherwise. ``FormState`` is what the user entered, as text, so a page can
show it again unchanged when it has errors. It turns into the mapping a proposal file parses
to (``proposal_data``), which the CLI's own checks (accord.inputs.proposal) validate, and into
the proposal YAML the CLI reads (``proposal_yaml``); an uploaded or validated proposal fills it
(``state_from_proposal``).

Field names in a submitted form: ``title``, ``summary``, ``partner_rows`` (how many partner
rows the form shows), ``p{i}.name``, ``p{i}.role``, ``p{i}.sector`` (repeated),
``p{i}.{key}`` for each key of accord.inputs.partners.PARTNER_KEYS, and ``f.{fact}`` (repeated
for a set fact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from accord.inputs.partners import PARTNER_KEYS
from accord.inputs.proposal import Proposal
from accord.inputs.roles import ROLES
from accord.kb.model import FactDef, KnowledgeBase
from accord.kb.values import UNKNOWN

MAX_PARTNERS = 50  # partner rows one form may show
DEFAULT_PARTNER_ROWS = 2
MAX_TEXT = 2000  # characters kept of one text field


@dataclass(frozen=True)
class Choice:
    """One allowed value of a question, with its meaning from the vocabulary."""

    value: str
    meaning: str


@dataclass(frozen=True)
class FactField:
    """One fact as a form question: radios (enum, bool), checkboxes (set) or a number (int)."""

    name: str
    type: str
    label: str
    question: str
    hint: str
    choices: tuple[Choice, ...]
    minimum: int | None = None
    maximum: int | None = None

    @property
    def id(self) -> str:
        return f"f-{self.name}"


@dataclass(frozen=True)
class PartnerKey:
    """A per-partner fact (accord.inputs.partners.PARTNER_KEYS) as a partner row asks it."""

    key: str
    label: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class FormSpec:
    """The whole form: fact questions by vocabulary group, and what each partner row asks."""

    groups: tuple[tuple[str, tuple[FactField, ...]], ...]
    sectors: tuple[Choice, ...]
    partner_keys: tuple[PartnerKey, ...]
    roles: tuple[Choice, ...]
    facts: dict[str, FactField]


def form_spec(kb: KnowledgeBase) -> FormSpec:
    """The form for kb's vocabulary: groups in vocabulary order, every question "unknown" first."""
    groups: dict[str, list[FactField]] = {}
    for fdef in kb.facts.values():
        groups.setdefault(fdef.group, []).append(_fact_field(fdef))
    sectors = kb.facts.get("sectors")
    keys = tuple(
        PartnerKey(key, kb.facts[fact].label, _choices(kb.facts[fact]))
        for key, fact in PARTNER_KEYS.items()
        if fact in kb.facts
    )
    every = {f.name: f for fs in groups.values() for f in fs}
    return FormSpec(
        groups=tuple((g, tuple(fs)) for g, fs in groups.items()),
        sectors=_choices(sectors) if sectors else (),
        partner_keys=keys,
        roles=tuple(Choice(r, m) for r, m in ROLES.items()),
        facts=every,
    )


def _choices(fdef: FactDef) -> tuple[Choice, ...]:
    return tuple(Choice(v, m) for v, m in fdef.values)


def _fact_field(fdef: FactDef) -> FactField:
    choices = _choices(fdef)
    if fdef.type == "bool":
        choices = (Choice("true", "Yes"), Choice("false", "No"))
    return FactField(
        name=fdef.name,
        type=fdef.type,
        label=fdef.label,
        question=fdef.question,
        hint=" ".join(fdef.description.split()),
        choices=choices,
        minimum=fdef.minimum,
        maximum=fdef.maximum,
    )


@dataclass
class PartnerRow:
    """One partner row as entered: name, role as typed, sectors, own facts."""

    name: str = ""
    role: str = ""
    sectors: list[str] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)  # per-partner key -> value

    def blank(self) -> bool:
        """True when nothing is entered in the row (it is left out of the proposal)."""
        return not (self.name or self.role or self.sectors or self.facts)


@dataclass
class FormState:
    """What the user entered: text as typed, "unknown" facts absent."""

    title: str = ""
    summary: str = ""
    partners: list[PartnerRow] = field(default_factory=list)
    facts: dict[str, str | list[str]] = field(default_factory=dict)

    def value(self, fact: str) -> str | list[str]:
        """The fact's value as the form shows it: text, a list for a set, or "unknown"."""
        return self.facts.get(fact, UNKNOWN)


def _text(raw: Any) -> str:
    return raw[:MAX_TEXT].strip() if isinstance(raw, str) else ""


def state_from_form(form: Any, spec: FormSpec) -> FormState:
    """Read a submitted form (a multi-dict with getlist) into a FormState; nothing is refused.

    Values outside a question's choices are dropped (a form cannot offer them); typed text
    (title, names, roles, numbers) is kept as typed, cut to MAX_TEXT characters.
    """
    state = FormState(title=_text(form.get("title")), summary=_text(form.get("summary")))
    try:
        rows = int(form.get("partner_rows", DEFAULT_PARTNER_ROWS))
    except (TypeError, ValueError):
        rows = DEFAULT_PARTNER_ROWS
    sectors = {c.value for c in spec.sectors}
    for i in range(max(0, min(rows, MAX_PARTNERS))):
        row = PartnerRow(
            name=_text(form.get(f"p{i}.name")),
            role=_text(form.get(f"p{i}.role")),
            sectors=[s for s in form.getlist(f"p{i}.sector") if s in sectors],
        )
        for pk in spec.partner_keys:
            value = form.get(f"p{i}.{pk.key}")
            if value in {c.value for c in pk.choices}:
                row.facts[pk.key] = value
        state.partners.append(row)
    for name, ff in spec.facts.items():
        allowed = {c.value for c in ff.choices}
        if ff.type == "set":
            chosen = [v for v in form.getlist(f"f.{name}") if v in allowed]
            if chosen:
                state.facts[name] = chosen
        elif ff.type == "int":
            typed = _text(form.get(f"f.{name}"))
            if typed and typed != UNKNOWN:
                state.facts[name] = typed
        elif form.get(f"f.{name}") in allowed:
            state.facts[name] = form.get(f"f.{name}")
    return state


def set_fact(state: FormState, spec: FormSpec, fact: str, value: str) -> bool:
    """Set one fact as a what-if link asks ("fact" to "value"); False when the form cannot."""
    ff = spec.facts.get(fact)
    if ff is None:
        return False
    if ff.type == "int":
        if not re.fullmatch(r"-?[0-9]{1,9}", value):
            return False
        state.facts[fact] = value
        return True
    if value not in {c.value for c in ff.choices}:
        return False
    state.facts[fact] = [value] if ff.type == "set" else value
    return True


def proposal_data(state: FormState, spec: FormSpec) -> dict[str, Any]:
    """The mapping a proposal file with these entries parses to (partners without a name or
    anything else are left out; numbers that are not whole numbers stay text, so the proposal's
    own check reports them)."""
    data: dict[str, Any] = {"title": state.title}
    if state.summary:
        data["summary"] = state.summary
    partners = []
    for row in state.partners:
        if row.blank():
            continue
        entry: dict[str, Any] = {"name": row.name}
        if row.sectors:
            entry["sector"] = row.sectors[0] if len(row.sectors) == 1 else list(row.sectors)
        if row.role:
            entry["role"] = row.role
        for pk in spec.partner_keys:
            if pk.key in row.facts:
                entry[pk.key] = row.facts[pk.key]
        partners.append(entry)
    if partners:
        data["partners"] = partners
    facts: dict[str, Any] = {}
    for name, ff in spec.facts.items():
        if name not in state.facts:
            continue
        value = state.facts[name]
        if ff.type == "bool":
            facts[name] = value == "true"
        elif ff.type == "int" and isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value):
            facts[name] = int(value)
        else:
            facts[name] = list(value) if isinstance(value, list) else value
    data["facts"] = facts
    return data


def proposal_yaml(state: FormState, spec: FormSpec, kb: KnowledgeBase) -> str:
    """The proposal file the CLI reads (`accord assess FILE`), with a comment saying where from."""
    import yaml

    head = (
        f"# Written by `accord serve` (knowledge base {kb.name} {kb.version}); "
        "facts left out are unknown.\n"
    )
    body = yaml.safe_dump(
        proposal_data(state, spec), sort_keys=False, allow_unicode=True, width=100
    )
    return head + body


def state_from_proposal(proposal: Proposal) -> FormState:
    """The form filled from a validated proposal: its stated facts only (facts the proposal
    derived from its partner list are left for the partner list to derive again)."""
    state = FormState(title=proposal.title, summary=proposal.summary)
    for p in proposal.partners:
        state.partners.append(
            PartnerRow(name=p.name, role=p.role or "", sectors=list(p.sectors), facts=dict(p.facts))
        )
    derived = set(proposal.derived_from_partners)
    for name, value in proposal.facts:
        if name in derived:
            continue
        if isinstance(value, bool):
            state.facts[name] = "true" if value else "false"
        elif isinstance(value, tuple):
            state.facts[name] = list(value)
        else:
            state.facts[name] = str(value)
    return state


def partner_rows_used(state: FormState) -> list[int]:
    """The form rows of the partners proposal_data lists, in its order (blank rows are left out)."""
    return [i for i, row in enumerate(state.partners) if not row.blank()]


def field_id(path: str | None, rows: list[int]) -> str | None:
    """The form element a problem's field ('facts.form', 'partners[1].role') belongs to.

    rows: partner_rows_used() of the state the problem's proposal was built from.
    """
    if not path:
        return None
    m = re.match(r"facts\.([A-Za-z0-9_]+)", path)
    if m:
        return f"f-{m.group(1)}"
    m = re.match(r"partners\[(\d+)\](?:\.([a-z_]+))?", path)
    if m:
        i = int(m.group(1))
        row = rows[i] if i < len(rows) else i
        return f"p{row}-{m.group(2) or 'name'}"
    if path in ("title", "summary"):
        return path
    if path == "partners":
        return "add-partner"
    return None


def field_label(path: str | None, spec: FormSpec, rows: list[int]) -> str | None:
    """How the form names a problem's field ('facts.form' is "Form of collaboration",
    'partners[1].role' is "Partner 2, role"), or None when it is not a field of the form.

    rows: partner_rows_used() of the state the problem's proposal was built from.
    """
    if not path:
        return None
    m = re.match(r"facts\.([A-Za-z0-9_]+)", path)
    if m:
        ff = spec.facts.get(m.group(1))
        return ff.label if ff else None
    m = re.match(r"partners\[(\d+)\](?:\.([a-z_]+))?", path)
    if m:
        i = int(m.group(1))
        row = rows[i] if i < len(rows) else i
        key = f", {m.group(2).replace('_', ' ')}" if m.group(2) else ""
        return f"Partner {row + 1}{key}"
    return {"title": "Title", "summary": "Summary", "partners": "Partners"}.get(path)
