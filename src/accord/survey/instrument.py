"""The readiness survey instrument: its records, and how survey.yaml is read and checked.

The instrument (scale, maturity levels, families, dimensions and items) is data in the
knowledge-base folder's `survey.yaml`; `load_survey` reads it beside a loaded knowledge base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import KnowledgeBaseError, Problem, did_you_mean, problems_error
from accord.kb.model import FactDef, KnowledgeBase, Scalar
from accord.kb.problems import Collector
from accord.kb.values import normalise_value
from accord.kb.yamlread import Located, load_yaml

DONT_KNOW = "dont_know"
POINTS = (1, 2, 3, 4, 5)
ITEM_ID = re.compile(r"^[A-Z][A-Z0-9]*$")
SURVEY_FILE = "survey.yaml"
META_KEYS = (
    "id",
    "version",
    "title",
    "provenance",
    "scale",
    "dont_know",
    "minimum_answers",
    "disagreement_threshold",
    "levels",
)

Path_ = tuple[Any, ...]  # a path into the YAML document, as the Collector takes it


@dataclass(frozen=True)
class Band:
    """Scores up to `max` set the fact to `value` (None: this band sets nothing)."""

    max: float
    value: Scalar | tuple[str, ...] | None


@dataclass(frozen=True)
class Setting:
    """A vocabulary fact a dimension score sets, through bands that rise by `max`."""

    fact: str
    bands: tuple[Band, ...]

    def value_for(self, score: float) -> Scalar | tuple[str, ...] | None:
        """The value of the first band the score fits in; None when it fits none."""
        for band in self.bands:
            if score <= band.max + 1e-9:
                return band.value
        return None


@dataclass(frozen=True)
class Dimension:
    """A scored dimension: its family, the evidence claims behind it, the facts it sets."""

    name: str
    label: str
    family: str
    claims: tuple[str, ...]
    sets: tuple[Setting, ...]


@dataclass(frozen=True)
class Item:
    """One statement respondents rate 1-5; `reverse` items are negatively worded."""

    id: str
    dimension: str
    text: str
    reverse: bool = False


@dataclass(frozen=True)
class Level:
    """A maturity level reached by an overall score of at least `min`."""

    level: int
    name: str
    min: float
    description: str


@dataclass(frozen=True)
class Instrument:
    """The whole survey instrument as read from survey.yaml."""

    id: str
    version: str
    title: str
    provenance: str
    scale: tuple[tuple[int, str], ...]
    dont_know: str
    minimum_answers: int
    disagreement_threshold: float
    levels: tuple[Level, ...]
    families: tuple[tuple[str, str], ...]
    dimensions: dict[str, Dimension]
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item:
        """The item with this id; raises StopIteration when there is none."""
        return next(i for i in self.items if i.id == item_id)

    def level_for(self, score: float) -> Level:
        """The highest level whose minimum the score reaches (the lowest level otherwise)."""
        chosen = self.levels[0]
        for lvl in self.levels:
            if score + 1e-9 >= lvl.min:
                chosen = lvl
        return chosen


def load_survey(kb: KnowledgeBase) -> Instrument:
    """Load and validate the readiness survey that sits beside a knowledge base.

    Reads `survey.yaml` in `kb.root` (cached per knowledge-base content hash). Raises
    KnowledgeBaseError when the file is missing or invalid, listing every problem.
    """
    if kb.content_hash in _surveys:
        return _surveys[kb.content_hash]
    path = Path(kb.root) / SURVEY_FILE
    if not path.is_file():
        raise KnowledgeBaseError(f"{kb.root}: this knowledge base has no {SURVEY_FILE}")
    instrument, problems = load_instrument(load_yaml(path, SURVEY_FILE), kb.facts, set(kb.claims))
    if instrument is None:
        raise problems_error(KnowledgeBaseError, f"knowledge base {Path(kb.root).name}", problems)
    _surveys[kb.content_hash] = instrument
    return instrument


_surveys: dict[str, Instrument] = {}


def load_instrument(
    src: Located, facts: dict[str, FactDef], claims: set[str]
) -> tuple[Instrument | None, list[Problem]]:
    """Validate survey.yaml against the vocabulary and the evidence register.

    src is the parsed survey.yaml (with line numbers); facts maps vocabulary fact names to their
    definitions; claims holds the evidence claim ids. Returns (instrument, []) when the file is
    valid, else (None, every problem found); it raises nothing itself.
    """
    col = Collector(src)
    data = col.mapping(src.data, (), "survey.yaml") or {}
    col.keys(data, (), required=("instrument", "families", "dimensions", "items"))
    meta = col.mapping(data.get("instrument"), ("instrument",), "instrument") or {}
    col.keys(meta, ("instrument",), required=META_KEYS)
    scale = _scale(col, meta)
    minimum = _minimum_answers(col, meta)
    threshold = _threshold(col, meta)
    levels = _levels(col, meta)
    families_raw = col.mapping(data.get("families"), ("families",), "families") or {}
    families = tuple((str(k), col.text(v, ("families", k))) for k, v in families_raw.items())
    dimensions = _dimensions(col, data.get("dimensions"), set(families_raw), facts, claims)
    items = _items(col, data.get("items"), dimensions)
    _check_item_counts(col, dimensions, items, minimum)
    title = col.text(meta.get("title"), ("instrument", "title"))
    provenance = col.text(meta.get("provenance"), ("instrument", "provenance"))
    dont_know = col.text(meta.get("dont_know"), ("instrument", "dont_know"))
    if col.problems:
        return None, col.problems
    instrument = Instrument(
        id=str(meta["id"]),
        version=str(meta["version"]),
        title=title,
        provenance=provenance,
        scale=scale,
        dont_know=dont_know,
        minimum_answers=minimum,
        disagreement_threshold=threshold,
        levels=levels,
        families=families,
        dimensions=dimensions,
        items=items,
    )
    return instrument, []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _scale(col: Collector, meta: dict[str, Any]) -> tuple[tuple[int, str], ...]:
    raw = col.mapping(meta.get("scale"), ("instrument", "scale"), "scale") or {}
    if set(raw) != set(POINTS):  # keys are unique; a set also copes with mixed key types
        col.add(
            ("instrument", "scale"),
            "the scale must label the points 1 to 5",
            expected="1: ..., 2: ..., 3: ..., 4: ..., 5: ...",
        )
    return tuple(
        (int(k), col.text(v, ("instrument", "scale", k)))
        for k, v in sorted(raw.items())
        if isinstance(k, int)
    )


def _minimum_answers(col: Collector, meta: dict[str, Any]) -> int:
    minimum = meta.get("minimum_answers")
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        col.add(("instrument", "minimum_answers"), "must be a whole number of at least 1")
        return 1
    return minimum


def _threshold(col: Collector, meta: dict[str, Any]) -> float:
    threshold = meta.get("disagreement_threshold")
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or threshold <= 0:
        col.add(
            ("instrument", "disagreement_threshold"), "must be a positive number of scale points"
        )
        return 1.0
    return float(threshold)


def _levels(col: Collector, meta: dict[str, Any]) -> tuple[Level, ...]:
    levels = []
    for i, raw in enumerate(_list(meta.get("levels"))):
        path = ("instrument", "levels", i)
        entry = col.mapping(raw, path, "a level")
        if entry is None:
            continue
        col.keys(entry, path, required=("level", "name", "min", "description"))
        levels.append(
            Level(
                int(entry.get("level", i + 1)),
                col.text(entry.get("name"), path + ("name",)),
                float(entry.get("min", 0)),
                col.text(entry.get("description"), path + ("description",)),
            )
        )
    mins = [lv.min for lv in levels]
    if not levels or mins != sorted(mins) or len(set(mins)) != len(mins) or mins[0] > 1.0:
        col.add(
            ("instrument", "levels"),
            "levels must start at 1.0 or below and rise strictly",
            expected="a list of levels, lowest first",
        )
    return tuple(levels)


def _dimensions(
    col: Collector, raw: Any, families: set[str], facts: dict[str, FactDef], claims: set[str]
) -> dict[str, Dimension]:
    dimensions: dict[str, Dimension] = {}
    for name, entry in (col.mapping(raw, ("dimensions",), "dimensions") or {}).items():
        path = ("dimensions", name)
        e = col.mapping(entry, path, f"dimension '{name}'")
        if e is None:
            continue
        col.keys(e, path, required=("label", "family", "claims", "sets"))
        family = e.get("family")
        if family not in families:
            col.add(
                path + ("family",),
                f"unknown family '{family}'",
                hint=did_you_mean(str(family), families),
            )
        dclaims = col.text_list(e.get("claims"), path + ("claims",))
        for j, c in enumerate(dclaims):
            if c not in claims:
                col.add(path + ("claims", j), f"unknown claim '{c}'", hint=did_you_mean(c, claims))
        settings = []
        for j, s in enumerate(_list(e.get("sets"))):
            setting = _setting(col, s, path + ("sets", j), facts)
            if setting is not None:
                settings.append(setting)
        dimensions[str(name)] = Dimension(
            str(name),
            col.text(e.get("label"), path + ("label",)),
            str(family),
            dclaims,
            tuple(settings),
        )
    return dimensions


def _setting(col: Collector, raw: Any, path: Path_, facts: dict[str, FactDef]) -> Setting | None:
    entry = col.mapping(raw, path, "a setting")
    if entry is None:
        return None
    col.keys(entry, path, required=("fact", "bands"))
    fact = entry.get("fact")
    fdef = facts.get(fact) if isinstance(fact, str) else None
    if fdef is None:
        col.add(
            path + ("fact",),
            f"unknown fact '{fact}'",
            hint=did_you_mean(str(fact), facts),
        )
        return None
    bands = []
    for k, b in enumerate(_list(entry.get("bands"))):
        bpath = path + ("bands", k)
        band = col.mapping(b, bpath, "a band")
        if band is None:
            continue
        col.keys(band, bpath, required=("max", "value"))
        value = band.get("value")
        if value is not None:
            value = normalise_value(fdef, value, col, bpath + ("value",))
        bands.append(Band(float(band.get("max", 0)), value))
    if not bands or [b.max for b in bands] != sorted(b.max for b in bands):
        col.add(path + ("bands",), "bands must rise", expected="[{max: 2.5, value: ...}, ...]")
    return Setting(fdef.name, tuple(bands))


def _items(col: Collector, raw: Any, dimensions: dict[str, Dimension]) -> tuple[Item, ...]:
    items = []
    seen: set[str] = set()
    for i, entry in enumerate(_list(raw)):
        path = ("items", i)
        e = col.mapping(entry, path, "an item")
        if e is None:
            continue
        col.keys(e, path, required=("id", "dimension", "text"), optional=("reverse",))
        iid = e.get("id")
        if not isinstance(iid, str) or not ITEM_ID.match(iid):
            col.add(
                path + ("id",),
                f"'{iid}' is not an item id",
                expected="upper-case letters and digits, such as TR1",
            )
            continue
        if iid in seen:
            col.add(path + ("id",), f"item id '{iid}' is used twice")
        seen.add(iid)
        dim = e.get("dimension")
        if dim not in dimensions:
            col.add(
                path + ("dimension",),
                f"unknown dimension '{dim}'",
                hint=did_you_mean(str(dim), dimensions),
            )
        reverse = e.get("reverse", False)
        if not isinstance(reverse, bool):
            col.add(path + ("reverse",), "must be true or false")
        items.append(Item(iid, str(dim), col.text(e.get("text"), path + ("text",)), bool(reverse)))
    return tuple(items)


def _check_item_counts(
    col: Collector, dimensions: dict[str, Dimension], items: tuple[Item, ...], minimum: int
) -> None:
    for name in dimensions:
        count = sum(1 for it in items if it.dimension == name)
        if count < minimum:
            col.add(
                ("dimensions", name),
                f"dimension '{name}' has {count} items, fewer than minimum_answers ({minimum})",
            )
