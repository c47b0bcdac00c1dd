"""Read the weighing standard (rules/judgement.yaml) into a Standard, reporting every problem."""

from __future__ import annotations

from typing import Any

from accord.errors import Problem, did_you_mean
from accord.kb.model import (
    GRADES,
    LIKELIHOODS,
    SEVERITIES,
    CallLevel,
    Collision,
    DerivedDef,
    FactDef,
    Standard,
)
from accord.kb.problems import Collector
from accord.kb.yamlread import Located

STANDARD_FILE = "judgement.yaml"
ORIGINS = ("stated", "from partner list", "from survey")
CALL_LEVELS = ("high concern", "some concern")
KEYS = (
    "grade_weight",
    "fact_strength",
    "attenuation",
    "standards",
    "likelihood",
    "call",
    "risk_score",
    "deciding",
    "collisions",
)


def read_standard(
    src: Located, facts: dict[str, FactDef], dfacts: dict[str, DerivedDef]
) -> tuple[Standard | None, list[Problem]]:
    """Validate judgement.yaml and build the Standard.

    Args:
        src: the parsed file (from kb.yamlread.load_yaml), for line numbers.
        facts: the vocabulary, to check the deciding facts and forms.
        dfacts: the derived facts, to check the collisions.
    Returns:
        (the Standard, or None when there were errors; every problem found).
    """
    col = Collector(src)
    data = col.mapping(src.data, (), STANDARD_FILE) or {}
    col.keys(data, (), required=KEYS[:-1], optional=("collisions",))
    weights = _weights(col, data.get("grade_weight"), ("grade_weight",), GRADES)
    strengths = _weights(col, data.get("fact_strength"), ("fact_strength",), ORIGINS)
    std = col.mapping(data.get("standards"), ("standards",), "standards") or {}
    col.keys(
        std,
        ("standards",),
        required=("contested_below", "clear_from", "draw_from"),
        optional=("draw_from_facts",),
    )
    lik = col.mapping(data.get("likelihood"), ("likelihood",), "likelihood") or {}
    col.keys(lik, ("likelihood",), required=("likely", "possible"))
    score = col.mapping(data.get("risk_score"), ("risk_score",), "risk_score") or {}
    col.keys(score, ("risk_score",), required=("severity", "likelihood"))
    standard = Standard(
        grade_weight=weights,
        fact_strength=strengths,
        attenuation=_unit(col, data.get("attenuation"), ("attenuation",)),
        contested_below=_unit(col, std.get("contested_below"), ("standards", "contested_below")),
        clear_from=_unit(col, std.get("clear_from"), ("standards", "clear_from")),
        draw_from=_weights(
            col, std.get("draw_from"), ("standards", "draw_from"), ("mechanism", "outcome")
        ),
        draw_from_facts=_per_fact(col, std.get("draw_from_facts", {}), dfacts),
        likely=_unit(col, lik.get("likely"), ("likelihood", "likely")),
        possible=_unit(col, lik.get("possible"), ("likelihood", "possible")),
        call=_call(col, data.get("call")),
        severity_score=_weights(
            col, score.get("severity"), ("risk_score", "severity"), SEVERITIES, top=None
        ),
        likelihood_score=_weights(
            col, score.get("likelihood"), ("risk_score", "likelihood"), LIKELIHOODS[1:]
        ),
        min_share=0.0,
        deciding_default=(),
        deciding_forms={},
        collisions=_collisions(col, data.get("collisions", []), dfacts),
    )
    standard = _deciding(col, data.get("deciding"), facts, standard)
    if standard.possible > standard.likely:
        col.add(("likelihood",), "'possible' must not be above 'likely'")
    if standard.contested_below > standard.clear_from:
        col.add(("standards",), "'contested_below' must not be above 'clear_from'")
    errors = [p for p in col.problems if p.severity == "error"]
    return (None if errors else standard), col.problems


def _unit(col: Collector, value: Any, path: tuple[Any, ...]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        col.add(path, f"'{value}' is not a number from 0 to 1", expected="a number such as 0.5")
        return 0.0
    return float(value)


def _weights(
    col: Collector,
    value: Any,
    path: tuple[Any, ...],
    names: tuple[str, ...],
    top: float | None = 1.0,
) -> dict[str, float]:
    data = col.mapping(value, path, path[-1]) or {}
    col.keys(data, path, required=names)
    out = {}
    for name in names:
        v = data.get(name)
        if name not in data:
            continue
        if top is None:
            if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0:
                col.add(path + (name,), f"'{v}' is not a positive number", expected="a number")
                continue
            out[name] = float(v)
        else:
            out[name] = _unit(col, v, path + (name,))
    return out


def _per_fact(col: Collector, value: Any, dfacts: dict[str, DerivedDef]) -> dict[str, float]:
    path = ("standards", "draw_from_facts")
    data = col.mapping(value, path, "draw_from_facts") or {}
    out = {}
    for name, v in data.items():
        if name not in dfacts or dfacts[name].kind == "typology":
            col.add(
                path + (name,),
                f"'{name}' is not a mechanism or outcome",
                expected="a mechanism or outcome from derived.yaml",
                hint=did_you_mean(str(name), dfacts),
            )
            continue
        out[str(name)] = _unit(col, v, path + (name,))
    return out


def _call(col: Collector, value: Any) -> tuple[CallLevel, ...]:
    if not isinstance(value, list):
        col.add(("call",), "must be a list of levels", expected="a list of {level, when}")
        return ()
    out = []
    for i, row in enumerate(value):
        path = ("call", i)
        row = col.mapping(row, path, "a call level") or {}
        col.keys(row, path, required=("level", "when"))
        level = row.get("level")
        if level not in CALL_LEVELS:
            col.add(
                path + ("level",),
                f"'{level}' is not a call level set by risks",
                expected="one of: " + ", ".join(CALL_LEVELS),
                hint=did_you_mean(str(level), CALL_LEVELS),
            )
            continue
        pairs = []
        for j, cond in enumerate(row.get("when") or []):
            cond = col.mapping(cond, path + ("when", j), "a condition") or {}
            col.keys(cond, path + ("when", j), required=("severity", "likelihood"))
            sev, lik = cond.get("severity"), cond.get("likelihood")
            if sev not in SEVERITIES or lik not in LIKELIHOODS[1:]:
                col.add(
                    path + ("when", j),
                    f"'{sev}, {lik}' is not a severity and a likelihood",
                    expected="severity low|medium|high, likelihood possible|likely",
                )
                continue
            pairs.append((str(sev), str(lik)))
        out.append(CallLevel(str(level), tuple(pairs)))
    return tuple(out)


def _deciding(
    col: Collector, value: Any, facts: dict[str, FactDef], standard: Standard
) -> Standard:
    from dataclasses import replace

    data = col.mapping(value, ("deciding",), "deciding") or {}
    col.keys(data, ("deciding",), required=("min_share", "default"), optional=("forms",))
    share = _unit(col, data.get("min_share"), ("deciding", "min_share"))
    default = _fact_list(col, data.get("default"), ("deciding", "default"), facts)
    forms_def = facts.get("form")
    known_forms = forms_def.value_names if forms_def else ()
    forms = {}
    for form, names in (
        col.mapping(data.get("forms", {}), ("deciding", "forms"), "forms") or {}
    ).items():
        if form not in known_forms:
            col.add(
                ("deciding", "forms", form),
                f"'{form}' is not a form",
                expected="a value of 'form' in vocabulary.yaml",
                hint=did_you_mean(str(form), known_forms),
            )
            continue
        forms[str(form)] = _fact_list(col, names, ("deciding", "forms", form), facts)
    return replace(standard, min_share=share, deciding_default=default, deciding_forms=forms)


def _fact_list(
    col: Collector, value: Any, path: tuple[Any, ...], facts: dict[str, FactDef]
) -> tuple[str, ...]:
    names = col.text_list(value, path)
    for j, name in enumerate(names):
        if name not in facts:
            col.add(
                path + (j,),
                f"unknown fact '{name}'",
                expected="a fact from vocabulary.yaml",
                hint=did_you_mean(name, facts),
            )
    return tuple(n for n in names if n in facts)


def _collisions(col: Collector, value: Any, dfacts: dict[str, DerivedDef]) -> tuple[Collision, ...]:
    if not isinstance(value, list):
        col.add(("collisions",), "must be a list", expected="a list of {states, because}")
        return ()
    out = []
    for i, row in enumerate(value):
        path = ("collisions", i)
        row = col.mapping(row, path, "a collision") or {}
        col.keys(row, path, required=("states", "because"))
        states = col.text_list(row.get("states"), path + ("states",))
        pairs = []
        for j, text in enumerate(states):
            fact, _, state = text.partition("=")
            d = dfacts.get(fact)
            if d is None or state not in d.state_names:
                col.add(
                    path + ("states", j),
                    f"'{text}' is not a state of a derived fact",
                    expected="fact=state from derived.yaml",
                    hint=did_you_mean(fact, dfacts) if d is None else None,
                )
                continue
            pairs.append((fact, state))
        if len(pairs) != 2 or pairs[0][0] == pairs[1][0]:
            if len(states) == 2 and len(pairs) == 2:
                col.add(path + ("states",), "a collision names states of two different facts")
            continue
        out.append(
            Collision((pairs[0], pairs[1]), col.text(row.get("because"), path + ("because",)))
        )
    return tuple(out)
