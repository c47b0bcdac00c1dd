"""How a knowledge base asks to be presented to readers: whom to credit, what grades mean, and
which state of each mechanism or outcome helps a collaboration.

The data live in the knowledge base, not in code, so a brief made from another knowledge base
credits that knowledge base's authors: `presentation.yaml` (optional) holds the attribution,
the grade meanings and the rule for combining grades; `derived.yaml` gives each mechanism or
outcome an optional `favourable:` state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import InputFileError, Problem, did_you_mean
from accord.kb.model import GRADES, DerivedDef
from accord.kb.problems import Collector
from accord.kb.wording import Wording, read_wording
from accord.kb.yamlread import Located, load_yaml

PRESENTATION_FILE = "presentation.yaml"
ATTRIBUTION_KEYS = ("primary", "primary_url", "companions", "licence", "licence_url", "statement")


@dataclass(frozen=True)
class Attribution:
    """The credit the sources' licence asks for, as presentation.yaml states it.

    primary: full citation of the main work the knowledge base distils; primary_url: its link;
    companions: citations of companion works; licence and licence_url: the licence the works
    are published under; statement: how the knowledge base uses them (paraphrased, not endorsed).
    """

    primary: str
    primary_url: str
    companions: tuple[str, ...]
    licence: str
    licence_url: str
    statement: str


@dataclass(frozen=True)
class Presentation:
    """What a brief says about the knowledge base itself, read from its files.

    attribution: None when presentation.yaml is absent or gives none; grades: (grade, meaning)
    pairs, strongest first, for the grades the file explains; grade_rule: how grades combine
    along a chain ("" when not stated); favourable: {mechanism or outcome name: the state that
    helps the collaboration}, from derived.yaml's `favourable:` keys; wording: how each form
    is named in rule texts and in the one-sentence summary (accord.kb.wording).
    """

    attribution: Attribution | None = None
    grades: tuple[tuple[str, str], ...] = ()
    grade_rule: str = ""
    favourable: dict[str, str] = field(default_factory=dict)
    wording: Wording = field(default_factory=Wording)


def load_presentation(
    root: Path,
    derived_src: Located | None,
    derived: dict[str, DerivedDef],
    forms: tuple[str, ...] = (),
    initiations: tuple[str, ...] = (),
) -> tuple[Presentation, list[Problem]]:
    """Read root/presentation.yaml (optional) and the `favourable:` keys of derived.yaml.

    derived_src is derived.yaml as read by the loader (None when it could not be read) and
    derived its validated entries; forms and initiations the vocabulary's values of the form
    and initiation facts (the keys `initiation:` may use, and those `forms:` may
    use besides 'default'). Returns the Presentation and every problem found (each with
    file, line and field); the caller decides whether they stop the load. Raises nothing.
    """
    problems: list[Problem] = []
    favourable = _favourable(derived_src, derived, problems)
    path = root / PRESENTATION_FILE
    if not path.is_file():
        return Presentation(favourable=favourable), problems
    try:
        src = load_yaml(path, PRESENTATION_FILE)
    except InputFileError as exc:
        problems.extend(exc.problems or [Problem(PRESENTATION_FILE, str(exc))])
        return Presentation(favourable=favourable), problems
    col = Collector(src)
    data = col.mapping(src.data, (), PRESENTATION_FILE) or {}
    col.keys(
        data,
        (),
        optional=("attribution", "grades", "grade_rule", "forms", "initiation", "stage"),
    )
    result = Presentation(
        attribution=_attribution(col, data.get("attribution")),
        grades=_grades(col, data.get("grades")),
        grade_rule=col.text(data.get("grade_rule"), ("grade_rule",), required=False),
        favourable=favourable,
        wording=read_wording(col, data, forms, initiations),
    )
    problems.extend(col.problems)
    return result, problems


def _attribution(col: Collector, raw: Any) -> Attribution | None:
    if raw is None:
        return None
    path = ("attribution",)
    data = col.mapping(raw, path, "attribution")
    if data is None:
        return None
    col.keys(data, path, required=ATTRIBUTION_KEYS)
    companions = data.get("companions", [])
    if not isinstance(companions, list) or not all(
        isinstance(c, str) and c.strip() for c in companions
    ):
        col.add(path + ("companions",), "must be a list of citations", expected="a list of text")
        companions = []
    for key in ("primary_url", "licence_url"):
        link = data.get(key)
        if isinstance(link, str) and not link.startswith("https://"):
            col.add(path + (key,), f"'{link}' is not a link", expected="a https:// address")
    return Attribution(
        primary=col.text(data.get("primary"), path + ("primary",)),
        primary_url=col.text(data.get("primary_url"), path + ("primary_url",)),
        companions=tuple(" ".join(c.split()) for c in companions),
        licence=col.text(data.get("licence"), path + ("licence",)),
        licence_url=col.text(data.get("licence_url"), path + ("licence_url",)),
        statement=col.text(data.get("statement"), path + ("statement",)),
    )


def _grades(col: Collector, raw: Any) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    data = col.mapping(raw, ("grades",), "grades") or {}
    for grade in data:
        if grade not in GRADES:
            col.add(
                ("grades", grade),
                f"'{grade}' is not a grade",
                expected="one of: " + ", ".join(GRADES),
                hint=did_you_mean(str(grade), GRADES),
            )
    return tuple((g, col.text(data[g], ("grades", g))) for g in reversed(GRADES) if g in data)


def _favourable(
    src: Located | None, derived: dict[str, DerivedDef], problems: list[Problem]
) -> dict[str, str]:
    if (
        src is None
        or not isinstance(src.data, dict)
        or not isinstance(src.data.get("derived"), dict)
    ):
        return {}
    col = Collector(src)
    out: dict[str, str] = {}
    for name, entry in src.data["derived"].items():
        if not isinstance(entry, dict) or "favourable" not in entry or name not in derived:
            continue
        path = ("derived", name, "favourable")
        state, d = entry["favourable"], derived[name]
        if d.kind not in ("mechanism", "outcome"):
            col.add(path, f"a {d.kind} has no favourable state", expected="no 'favourable' key")
        elif state not in d.state_names:
            col.add(
                path,
                f"'{state}' is not a state of {name}",
                expected="one of: " + ", ".join(d.state_names),
                hint=did_you_mean(str(state), d.state_names),
            )
        else:
            out[name] = state
    problems.extend(col.problems)
    return out
