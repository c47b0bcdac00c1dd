"""Read the expectations of one real case (must_warn, must_not_warn, highest_severity, protective,
call) and its sources."""

from __future__ import annotations

from typing import Any

from accord.curate.realcase_records import (
    CALL_LEVELS,
    CONCERNS_FILE,
    Concern,
    Expectation,
    SourceRef,
    show_value,
)
from accord.errors import did_you_mean
from accord.inputs.proposal import FactValue
from accord.kb.model import SEVERITIES, KnowledgeBase
from accord.kb.problems import Collector
from accord.kb.values import normalise_value


def expectation_items(
    col: Collector, raw: Any, path: tuple[Any, ...]
) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        col.add(path, "must be a list", expected="- {...}")
        return []
    out = []
    for j, item in enumerate(raw):
        m = col.mapping(item, path + (j,), "an expectation")
        if m is not None:
            out.append((m, path + (j,)))
    return out


def case_sources(col: Collector, raw: Any, path: tuple[Any, ...]) -> tuple[SourceRef, ...]:
    out = []
    for m, p in expectation_items(col, raw, path):
        col.keys(m, p, required=("title",), optional=("address",))
        out.append(
            SourceRef(
                col.text(m.get("title"), p + ("title",)),
                col.text(m.get("address"), p + ("address",), required=False),
            )
        )
    if not out:
        col.add(path, "a case needs at least one source", expected="- {title: ..., address: ...}")
    return tuple(out)


def expected_severity(col: Collector, value: Any, path: tuple[Any, ...]) -> str:
    if isinstance(value, str) and value in SEVERITIES:
        return value
    col.add(
        path,
        f"'{value}' is not a severity",
        expected="one of: " + ", ".join(SEVERITIES),
        hint=did_you_mean(str(value), SEVERITIES),
    )
    return ""


def _waits(col: Collector, m: dict[str, Any], path: tuple[Any, ...]) -> str:
    return col.text(m.get("waits_on"), path + ("waits_on",), required=False)


def warn_expectations(
    col: Collector,
    item: tuple[dict[str, Any], tuple[Any, ...]],
    path: tuple[Any, ...],
    kind: str,
    concerns: dict[str, Concern],
) -> list[Expectation]:
    m, _ = item
    col.keys(m, path, required=("concern", "severity"), optional=("note", "waits_on"))
    cid = col.text(m.get("concern"), path + ("concern",))
    if cid and cid not in concerns:
        col.add(
            path + ("concern",),
            f"unknown concern '{cid}'",
            expected=f"a concern id from {CONCERNS_FILE}",
            hint=did_you_mean(cid, concerns),
        )
        return []
    waits = _waits(col, m, path)
    if (
        kind == "must_warn"
        and cid
        and not concerns[cid].risks
        and not (waits or concerns[cid].waits_on)
    ):
        col.add(
            path,
            f"no risk rule warns about concern '{cid}', so this expectation cannot hold",
            hint=f"add the rule's id to '{cid}' in {CONCERNS_FILE}, or say what it waits on (waits_on)",
            severity="warning",
        )
    return [
        Expectation(
            kind,
            concern=cid,
            severity=expected_severity(col, m.get("severity"), path + ("severity",)),
            note=col.text(m.get("note"), path + ("note",), required=False),
            waits_on=waits,
            line=col.src.line(*path),
        )
    ]


def protective_expectations(
    col: Collector,
    item: tuple[dict[str, Any], tuple[Any, ...]],
    path: tuple[Any, ...],
    kb: KnowledgeBase,
    stated: dict[str, FactValue] | None,
) -> list[Expectation]:
    m, _ = item
    line = col.src.line(*path)
    if "about" in m:  # a protective fact the vocabulary cannot state yet
        col.keys(m, path, required=("about", "waits_on"), optional=("note",))
        return [
            Expectation(
                "protective",
                about=col.text(m.get("about"), path + ("about",)),
                note=col.text(m.get("note"), path + ("note",), required=False),
                waits_on=_waits(col, m, path),
                line=line,
            )
        ]
    col.keys(m, path, required=("fact", "value"), optional=("note", "waits_on"))
    name = m.get("fact")
    fdef = kb.facts.get(name) if isinstance(name, str) else None
    if fdef is None:
        col.add(
            path + ("fact",),
            f"unknown fact '{name}'",
            expected="a fact from vocabulary.yaml (or 'about:' with 'waits_on:' for one it cannot state yet)",
            hint=did_you_mean(str(name), kb.facts),
        )
        return []
    value = normalise_value(fdef, m.get("value"), col, path + ("value",))
    if value is None:
        return []
    if stated is not None and stated.get(fdef.name) != value:
        got = stated.get(fdef.name)
        col.add(
            path + ("value",),
            f"the case states {fdef.name}={show_value(got)}, not {show_value(value)}"
            if got is not None
            else f"the case does not state {fdef.name}",
            expected="a protective fact the case's proposal states",
        )
    return [
        Expectation(
            "protective",
            fact=fdef.name,
            value=value,
            note=col.text(m.get("note"), path + ("note",), required=False),
            waits_on=_waits(col, m, path),
            line=line,
        )
    ]


def call_expectation(col: Collector, raw: Any, path: tuple[Any, ...]) -> Expectation:
    levels = col.text_list(raw, path) if raw is not None else ()
    good = []
    for j, level in enumerate(levels):
        if level in CALL_LEVELS:
            good.append(level)
        else:
            col.add(
                path + (j,),
                f"'{level}' is not a call",
                expected="one or more of: " + ", ".join(CALL_LEVELS),
                hint=did_you_mean(level, CALL_LEVELS),
            )
    if raw is not None and not levels:
        col.add(path, "name at least one call", expected="a list such as [high concern]")
    return Expectation("call", levels=tuple(good), line=col.src.line(*path))
