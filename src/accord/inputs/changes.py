"""Change a proposal's facts (what-if, options): parse `fact=value` settings, rebuild, re-check.

A changed proposal is rebuilt from the proposal's own title, summary, partner list and stated
facts with the settings applied, through the same checks as a proposal file (unknown facts,
values outside the vocabulary, a stated partner count or sector list that contradicts the
partner list), so a what-if can never assess something a proposal file could not say.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from accord.errors import Problem, ProposalError, UsageError, did_you_mean, problems_error
from accord.inputs.partners import Partner
from accord.inputs.proposal import FactValue, Proposal, proposal_from_dict
from accord.kb.model import FactDef, KnowledgeBase
from accord.kb.values import UNKNOWN, describe_expected

TRUE_WORDS = ("true", "yes", "y", "on")
FALSE_WORDS = ("false", "no", "n", "off")
LIST_SEPARATORS = ("+", ",")  # sectors=acute+community (or acute,community in --set)


def _problem(option: str, fact: str | None, message: str, **kw: str | None) -> Problem:
    return Problem(option, message, field=fact, **kw)  # type: ignore[arg-type]


def fact_def(kb: KnowledgeBase, name: str, option: str = "--set") -> FactDef:
    """The vocabulary entry of a fact named in an option; UsageError with a did-you-mean."""
    fdef = kb.facts.get(name)
    if fdef is None:
        raise UsageError(
            f"{option}: unknown fact '{name}'",
            [
                _problem(
                    option,
                    name,
                    f"unknown fact '{name}'",
                    expected="a fact listed by 'accord facts'",
                    hint=did_you_mean(name, kb.facts),
                )
            ],
        )
    return fdef


def parse_value(fdef: FactDef, text: str, option: str = "--set") -> FactValue | None:
    """Read an option's text as the vocabulary types the fact; None for 'unknown'.

    enum: one of its values; bool: true/false or yes/no; int: a whole number in its range;
    set (a list fact such as sectors): values joined by '+' or ','. Raises UsageError naming
    the option, the fact, what is expected and the closest allowed value (an option named
    after its fact, such as --form, is quoted as `--form VALUE`).
    """
    text = text.strip()
    if text == UNKNOWN:
        return None
    expected = describe_expected(fdef)

    def bad(message: str, hint: str | None = None) -> UsageError:
        said = f"{option} {text}" if option == f"--{fdef.name}" else f"{option} {fdef.name}={text}"
        return UsageError(
            f"{said}: {message}",
            [_problem(option, fdef.name, message, expected=expected, hint=hint)],
        )

    if fdef.type == "bool":
        low = text.lower()
        if low in TRUE_WORDS or low in FALSE_WORDS:
            return low in TRUE_WORDS
        raise bad(f"'{text}' is not yes or no", did_you_mean(low, TRUE_WORDS + FALSE_WORDS))
    if fdef.type == "int":
        try:
            number = int(text)
        except ValueError:
            raise bad(f"'{text}' is not a whole number") from None
        lo, hi = fdef.minimum, fdef.maximum
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            raise bad(f"{number} is out of range")
        return number
    items = [text]
    if fdef.type == "set":
        for sep in LIST_SEPARATORS:
            items = [part for item in items for part in item.split(sep)]
        items = [i.strip() for i in items if i.strip()]
    for item in items:
        if item not in fdef.value_names:
            raise bad(
                f"'{item}' is not an allowed value of '{fdef.name}'",
                did_you_mean(item, fdef.value_names),
            )
    if fdef.type == "set":
        return tuple(sorted(set(items)))
    return items[0]


def parse_setting(
    text: str, kb: KnowledgeBase, option: str = "--set"
) -> tuple[str, FactValue | None]:
    """'fact=value' from the command line as (fact, typed value); None means unknown."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise UsageError(
            f"{option} {text!r}: expected FACT=VALUE",
            [_problem(option, None, f"'{text}' is not FACT=VALUE", expected="FACT=VALUE")],
        )
    return name, parse_value(fact_def(kb, name, option), value, option)


def _typed(fdef: FactDef, value: Any) -> FactValue | None:
    """An API value as the vocabulary types it: text is parsed as on the command line."""
    if isinstance(value, str) and (fdef.type != "enum" or value == UNKNOWN):
        return parse_value(fdef, value, "set")
    if isinstance(value, (list, set, frozenset)):
        value = tuple(sorted(value))
    if value is None:
        return None
    return value


def _partner_data(p: Partner) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": p.name}
    if p.sectors:
        entry["sector"] = list(p.sectors)
    if p.role:
        entry["role"] = p.role
    entry.update(dict(p.facts))
    return entry


def _as_data(proposal: Proposal, typed: Mapping[str, FactValue | None]) -> dict[str, Any]:
    """The proposal as a proposal file's data, its stated facts changed (None: removed)."""
    stated: dict[str, Any] = {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in proposal.facts
        if k not in proposal.derived_from_partners and k not in proposal.from_survey
    }
    for name, value in typed.items():
        if value is None:
            stated.pop(name, None)
        else:
            stated[name] = list(value) if isinstance(value, tuple) else value
    data: dict[str, Any] = {"title": proposal.title, "facts": stated}
    if proposal.summary:
        data["summary"] = proposal.summary
    if proposal.partners:
        data["partners"] = [_partner_data(p) for p in proposal.partners]
    return data


def with_facts(
    proposal: Proposal,
    kb: KnowledgeBase,
    set: Mapping[str, Any] | None = None,
    unset: Iterable[str] = (),
) -> Proposal:
    """The proposal with facts set or made unknown, checked as a proposal file is.

    proposal: from load_proposal or proposal_from_dict with the same kb (survey answers are
    applied after, never before). set: {fact name: value}, a value typed as the vocabulary
    says (str for enum, bool, int, a tuple or list for a set fact) or text as on the command
    line ('yes', '3', 'acute+community'); 'unknown' or None makes it unknown. unset: fact
    names to make unknown, including those the partner list fills in. Returns a new Proposal
    with the same source name and an input hash of the original's and the changes'. Raises
    UsageError for an unknown fact or value (with a did-you-mean), ProposalError when the
    changed proposal contradicts its partner list.
    """
    settings = dict(set or {})
    gone = sorted(dict.fromkeys(unset))
    typed: dict[str, FactValue | None] = {}
    for name, value in settings.items():
        typed[name] = _typed(fact_def(kb, name, "set"), value)
    for name in gone:
        fact_def(kb, name, "unset")
        typed[name] = None
    data = _as_data(proposal, typed)
    try:
        built = proposal_from_dict(data, kb, name=f"{proposal.source} (as changed)")
    except ProposalError as exc:
        raise problems_error(
            ProposalError,
            f"{proposal.source}: the changed proposal is not valid",
            list(exc.problems),
        ) from None
    blanked = {n for n, v in typed.items() if v is None}
    facts = tuple((k, v) for k, v in built.facts if k not in blanked)
    change = json.dumps(
        {"set": {k: v for k, v in typed.items() if v is not None}, "unset": sorted(blanked)},
        sort_keys=True,
        default=list,
    )
    digest = hashlib.sha256(f"{proposal.input_hash}\n{change}".encode()).hexdigest()
    return replace(
        built,
        partners=proposal.partners,  # the same partners, with their lines in the file
        facts=facts,
        derived_from_partners=tuple(n for n in built.derived_from_partners if n not in blanked),
        source=proposal.source,
        input_hash=digest,
    )


def settings_text(settings: Mapping[str, FactValue | None]) -> dict[str, str]:
    """Settings as plain text for reports: lists joined by '+', booleans as yes/no."""
    out = {}
    for name, value in settings.items():
        if isinstance(value, bool):
            out[name] = "yes" if value else "no"
        elif isinstance(value, tuple):
            out[name] = "+".join(value)
        else:
            out[name] = "unknown" if value is None else str(value)
    return out
