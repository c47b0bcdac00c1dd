"""The readiness survey: the instrument as data, answer files, and the maturity-index scoring."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import (
    InputFileError,
    KnowledgeBaseError,
    Problem,
    ProposalError,
    did_you_mean,
    problems_error,
)
from accord.kb.model import FactDef, KnowledgeBase, Scalar
from accord.kb.problems import Collector
from accord.kb.values import normalise_value
from accord.kb.yamlread import Located, load_yaml, parse_yaml, read_text

DONT_KNOW = "dont_know"
POINTS = (1, 2, 3, 4, 5)
ITEM_ID = re.compile(r"^[A-Z][A-Z0-9]*$")


@dataclass(frozen=True)
class Band:
    max: float
    value: Scalar | None  # None: this band sets nothing


@dataclass(frozen=True)
class Setting:
    fact: str
    bands: tuple[Band, ...]

    def value_for(self, score: float) -> Scalar | None:
        for band in self.bands:
            if score <= band.max + 1e-9:
                return band.value
        return None


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    family: str
    claims: tuple[str, ...]
    sets: tuple[Setting, ...]


@dataclass(frozen=True)
class Item:
    id: str
    dimension: str
    text: str
    reverse: bool = False


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    min: float
    description: str


@dataclass(frozen=True)
class Instrument:
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
        return next(i for i in self.items if i.id == item_id)

    def level_for(self, score: float) -> Level:
        chosen = self.levels[0]
        for lvl in self.levels:
            if score + 1e-9 >= lvl.min:
                chosen = lvl
        return chosen


def load_instrument(
    src: Located, facts: dict[str, FactDef], claims: set[str]
) -> tuple[Instrument | None, list[Problem]]:
    """Validate survey.yaml against the vocabulary and the evidence register."""
    col = Collector(src)
    data = col.mapping(src.data, (), "survey.yaml") or {}
    col.keys(data, (), required=("instrument", "families", "dimensions", "items"))
    meta = col.mapping(data.get("instrument"), ("instrument",), "instrument") or {}
    col.keys(
        meta,
        ("instrument",),
        required=(
            "id",
            "version",
            "title",
            "provenance",
            "scale",
            "dont_know",
            "minimum_answers",
            "disagreement_threshold",
            "levels",
        ),
    )
    scale_raw = col.mapping(meta.get("scale"), ("instrument", "scale"), "scale") or {}
    if sorted(scale_raw) != list(POINTS):
        col.add(
            ("instrument", "scale"),
            "the scale must label the points 1 to 5",
            expected="1: ..., 2: ..., 3: ..., 4: ..., 5: ...",
        )
    scale = tuple(
        (int(k), col.text(v, ("instrument", "scale", k)))
        for k, v in sorted(scale_raw.items())
        if isinstance(k, int)
    )
    minimum = meta.get("minimum_answers")
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        col.add(("instrument", "minimum_answers"), "must be a whole number of at least 1")
        minimum = 1
    threshold = meta.get("disagreement_threshold")
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or threshold <= 0:
        col.add(
            ("instrument", "disagreement_threshold"), "must be a positive number of scale points"
        )
        threshold = 1.0
    levels = []
    raw_levels = meta.get("levels") if isinstance(meta.get("levels"), list) else []
    for i, lv in enumerate(raw_levels):
        path = ("instrument", "levels", i)
        e = col.mapping(lv, path, "a level")
        if e is None:
            continue
        col.keys(e, path, required=("level", "name", "min", "description"))
        levels.append(
            Level(
                int(e.get("level", i + 1)),
                col.text(e.get("name"), path + ("name",)),
                float(e.get("min", 0)),
                col.text(e.get("description"), path + ("description",)),
            )
        )
    mins = [lv.min for lv in levels]
    if not levels or mins != sorted(mins) or len(set(mins)) != len(mins) or mins[0] > 1.0:
        col.add(
            ("instrument", "levels"),
            "levels must start at 1.0 or below and rise strictly",
            expected="a list of levels, lowest first",
        )
    families_raw = col.mapping(data.get("families"), ("families",), "families") or {}
    families = tuple((str(k), col.text(v, ("families", k))) for k, v in families_raw.items())
    dimensions: dict[str, Dimension] = {}
    for name, entry in (
        col.mapping(data.get("dimensions"), ("dimensions",), "dimensions") or {}
    ).items():
        path = ("dimensions", name)
        e = col.mapping(entry, path, f"dimension '{name}'")
        if e is None:
            continue
        col.keys(e, path, required=("label", "family", "claims", "sets"))
        family = e.get("family")
        if family not in families_raw:
            col.add(
                path + ("family",),
                f"unknown family '{family}'",
                hint=did_you_mean(str(family), families_raw),
            )
        dclaims = col.text_list(e.get("claims"), path + ("claims",))
        for j, c in enumerate(dclaims):
            if c not in claims:
                col.add(path + ("claims", j), f"unknown claim '{c}'", hint=did_you_mean(c, claims))
        settings = []
        for j, s in enumerate(e.get("sets") if isinstance(e.get("sets"), list) else []):
            spath = path + ("sets", j)
            sm = col.mapping(s, spath, "a setting")
            if sm is None:
                continue
            col.keys(sm, spath, required=("fact", "bands"))
            fdef = facts.get(sm.get("fact"))
            if fdef is None:
                col.add(
                    spath + ("fact",),
                    f"unknown fact '{sm.get('fact')}'",
                    hint=did_you_mean(str(sm.get("fact")), facts),
                )
                continue
            bands = []
            for k, b in enumerate(sm.get("bands") if isinstance(sm.get("bands"), list) else []):
                bpath = spath + ("bands", k)
                bm = col.mapping(b, bpath, "a band")
                if bm is None:
                    continue
                col.keys(bm, bpath, required=("max", "value"))
                value = bm.get("value")
                if value is not None:
                    value = normalise_value(fdef, value, col, bpath + ("value",))
                bands.append(Band(float(bm.get("max", 0)), value))
            if not bands or [b.max for b in bands] != sorted(b.max for b in bands):
                col.add(
                    spath + ("bands",), "bands must rise", expected="[{max: 2.5, value: ...}, ...]"
                )
            settings.append(Setting(fdef.name, tuple(bands)))
        dimensions[str(name)] = Dimension(
            str(name),
            col.text(e.get("label"), path + ("label",)),
            str(family),
            dclaims,
            tuple(settings),
        )
    items = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("items") if isinstance(data.get("items"), list) else []):
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
    for name in dimensions:
        count = sum(1 for it in items if it.dimension == name)
        if count < minimum:
            col.add(
                ("dimensions", name),
                f"dimension '{name}' has {count} items, fewer than minimum_answers ({minimum})",
            )
    if col.problems:
        return None, col.problems
    return (
        Instrument(
            id=str(meta["id"]),
            version=str(meta["version"]),
            title=col.text(meta.get("title"), ("instrument", "title")),
            provenance=col.text(meta.get("provenance"), ("instrument", "provenance")),
            scale=scale,
            dont_know=col.text(meta.get("dont_know"), ("instrument", "dont_know")),
            minimum_answers=minimum,
            disagreement_threshold=float(threshold),
            levels=tuple(levels),
            families=families,
            dimensions=dimensions,
            items=tuple(items),
        ),
        [],
    )


# --- answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """One respondent's answers: item id -> 1..5, or 'dont_know'."""

    organisation: str
    role: str
    answers: tuple[tuple[str, int | str], ...]
    source: str

    def answer(self, item_id: str) -> int | str | None:
        return dict(self.answers).get(item_id)


def parse_response(text: str, display: str, instrument: Instrument) -> Response:
    src = parse_yaml(text, display)
    col = Collector(src)
    data = col.mapping(src.data, (), "an answers file") or {}
    col.keys(data, (), required=("instrument", "respondent", "answers"), optional=("version",))
    if data.get("instrument") not in (None, instrument.id):
        col.add(
            ("instrument",),
            f"answers are for instrument '{data.get('instrument')}'",
            expected=f"'{instrument.id}'",
        )
    who = col.mapping(data.get("respondent"), ("respondent",), "respondent") or {}
    col.keys(who, ("respondent",), required=("organisation",), optional=("role",))
    raw = data.get("answers")
    answers: list[tuple[str, int | str]] = []
    ids = [i.id for i in instrument.items]
    for item_id, value in (
        col.mapping(raw, ("answers",), "answers") or {} if raw is not None else {}
    ).items():
        path = ("answers", item_id)
        if item_id not in ids:
            col.add(
                path,
                f"unknown item '{item_id}'",
                expected="an item id of the instrument",
                hint=did_you_mean(str(item_id), ids),
            )
            continue
        if value == DONT_KNOW or (
            isinstance(value, int) and not isinstance(value, bool) and value in POINTS
        ):
            answers.append((item_id, value))
        elif value is not None:
            col.add(
                path,
                f"'{value}' is not an answer",
                expected=f"a whole number from 1 to 5, or {DONT_KNOW}",
            )
    if col.problems:
        raise problems_error(InputFileError, f"{display}: not a valid answers file", col.problems)
    role = who.get("role")
    return Response(
        organisation=str(who.get("organisation", "")).strip() or "unnamed",
        role=str(role).strip() if role else "",
        answers=tuple(sorted(answers)),
        source=Path(display).name,
    )


def load_response(path: Path, instrument: Instrument) -> Response:
    return parse_response(read_text(path, str(path)), str(path), instrument)


def load_responses(paths: Any, instrument: Instrument) -> list[Response]:
    """Read several answers files, reporting the problems of all of them at once."""
    out, problems = [], []
    files: list[Path] = []
    for path in map(Path, paths):  # a folder stands for every answers file in it
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    if not files:
        raise InputFileError("no answers files found in " + ", ".join(str(p) for p in paths))
    for path in files:
        try:
            out.append(load_response(Path(path), instrument))
        except InputFileError as exc:
            problems.extend(exc.problems or [Problem(str(path), exc.message)])
    if problems:
        raise problems_error(InputFileError, "answers files are not valid", problems)
    return out


# --- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    label: str
    family: str
    score: float | None  # None: insufficient answers
    answered: int
    respondents: int = 1


@dataclass(frozen=True)
class FamilyScore:
    family: str
    label: str
    score: float | None


@dataclass(frozen=True)
class Profile:
    """Scores of one respondent, one organisation, or everyone."""

    name: str
    respondents: int
    dimensions: tuple[DimensionScore, ...]
    families: tuple[FamilyScore, ...]
    overall: float | None
    level: int | None
    level_name: str | None

    def score(self, dimension: str) -> float | None:
        return next((d.score for d in self.dimensions if d.dimension == dimension), None)


@dataclass(frozen=True)
class Disagreement:
    dimension: str
    label: str
    spread: float
    highest: tuple[str, float]
    lowest: tuple[str, float]
    warning: str


@dataclass(frozen=True)
class SurveyResult:
    instrument: str
    version: str
    provenance: str
    scoring_rule: str
    threshold: float
    levels: tuple[Level, ...]
    respondents: tuple[tuple[str, str, str], ...]  # (source, organisation, role)
    organisations: tuple[Profile, ...]
    overall: Profile
    disagreements: tuple[Disagreement, ...]


SCORING_RULE = (
    "Each answer scores 1-5 (negatively worded items are reversed: 6 minus the answer); "
    "'don't know' and missing answers are left out. A respondent's dimension score is the mean "
    "of their answered items, reported only with at least {minimum} answered items. An "
    "organisation's dimension score is the mean of its respondents' scores; the overall score is "
    "the mean of the organisations' scores, so each organisation counts equally. A family score "
    "is the mean of its dimension scores; the overall maturity score is the mean of the family "
    "scores, and its level is the highest level whose minimum it reaches. Organisations whose "
    "scores on a dimension are {threshold} points or more apart are flagged as disagreeing."
)


def _round(x: float) -> float:
    return round(x + 1e-12, 2)


def item_score(item: Item, answer: int | str | None) -> int | None:
    if not isinstance(answer, int):
        return None
    return 6 - answer if item.reverse else answer


def respondent_scores(inst: Instrument, resp: Response) -> dict[str, tuple[float | None, int]]:
    out = {}
    for name in inst.dimensions:
        scores = [
            s
            for it in inst.items
            if it.dimension == name
            if (s := item_score(it, resp.answer(it.id))) is not None
        ]
        out[name] = (
            statistics.fmean(scores) if len(scores) >= inst.minimum_answers else None,
            len(scores),
        )
    return out


def _profile(
    inst: Instrument,
    name: str,
    per_dim: dict[str, list[float]],
    answered: dict[str, int],
    respondents: int,
) -> Profile:
    dims = []
    for dname, dim in inst.dimensions.items():
        vals = per_dim.get(dname, [])
        dims.append(
            DimensionScore(
                dname,
                dim.label,
                dim.family,
                _round(statistics.fmean(vals)) if vals else None,
                answered.get(dname, 0),
                len(vals),
            )
        )
    fams = []
    for fam, label in inst.families:
        vals = [d.score for d in dims if d.family == fam and d.score is not None]
        fams.append(FamilyScore(fam, label, _round(statistics.fmean(vals)) if vals else None))
    fam_scores = [f.score for f in fams if f.score is not None]
    overall = (
        _round(statistics.fmean(fam_scores))
        if fam_scores and len(fam_scores) == len(fams)
        else None
    )
    level = inst.level_for(overall) if overall is not None else None
    return Profile(
        name,
        respondents,
        tuple(dims),
        tuple(fams),
        overall,
        level.level if level else None,
        level.name if level else None,
    )


def score(inst: Instrument, responses: list[Response]) -> SurveyResult:
    """Score every respondent, aggregate per organisation and overall, flag disagreements."""
    if not responses:
        raise ProposalError("no answers to score")
    by_org: dict[str, list[Response]] = {}
    for r in responses:
        by_org.setdefault(r.organisation, []).append(r)
    orgs = []
    for org in sorted(by_org):
        per_dim: dict[str, list[float]] = {}
        answered: dict[str, int] = {}
        for resp in by_org[org]:
            for dname, (value, count) in respondent_scores(inst, resp).items():
                answered[dname] = answered.get(dname, 0) + count
                if value is not None:
                    per_dim.setdefault(dname, []).append(value)
        orgs.append(_profile(inst, org, per_dim, answered, len(by_org[org])))
    overall_dims: dict[str, list[float]] = {}
    overall_answered: dict[str, int] = {}
    for prof in orgs:
        for d in prof.dimensions:
            overall_answered[d.dimension] = overall_answered.get(d.dimension, 0) + d.answered
            if d.score is not None:
                overall_dims.setdefault(d.dimension, []).append(d.score)
    overall = _profile(inst, "all organisations", overall_dims, overall_answered, len(responses))
    disagreements = []
    if len(orgs) > 1:
        for dname, dim in inst.dimensions.items():
            scored = [(p.name, p.score(dname)) for p in orgs if p.score(dname) is not None]
            if len(scored) < 2:
                continue
            hi = max(scored, key=lambda x: (x[1], x[0]))
            lo = min(scored, key=lambda x: (x[1], x[0]))
            spread = _round(hi[1] - lo[1])  # type: ignore[operator]
            if spread + 1e-9 >= inst.disagreement_threshold:
                warning = (
                    "Partners see trust differently; one-sided trust is fragile and the gap is itself a warning sign."
                    if dname == "trust"
                    else f"Partners' views on {dim.label.lower()} differ markedly; explore why before relying on it."
                )
                disagreements.append(
                    Disagreement(dname, dim.label, spread, (hi[0], hi[1]), (lo[0], lo[1]), warning)
                )  # type: ignore[arg-type]
    return SurveyResult(
        instrument=inst.id,
        version=inst.version,
        provenance=inst.provenance,
        scoring_rule=SCORING_RULE.format(
            minimum=inst.minimum_answers, threshold=inst.disagreement_threshold
        ),
        threshold=inst.disagreement_threshold,
        levels=inst.levels,
        respondents=tuple((r.source, r.organisation, r.role) for r in responses),
        organisations=tuple(orgs),
        overall=overall,
        disagreements=tuple(disagreements),
    )


def survey_facts(inst: Instrument, result: SurveyResult) -> dict[str, Scalar]:
    """The proposal facts the overall scores imply (dimensions with too few answers set nothing)."""
    facts: dict[str, Scalar] = {}
    for dname, dim in inst.dimensions.items():
        value = result.overall.score(dname)
        if value is None:
            continue
        for setting in dim.sets:
            v = setting.value_for(value)
            if v is not None:
                facts[setting.fact] = v
    if len(result.organisations) > 1:
        facts["trust_views_diverge"] = any(d.dimension == "trust" for d in result.disagreements)
    return facts


@dataclass(frozen=True)
class SurveyUse:
    """What the survey contributed to an assessment: scores, facts added, conflicts."""

    result: SurveyResult
    facts_added: tuple[tuple[str, Scalar], ...]
    conflicts: tuple[tuple[str, str, str], ...]  # (fact, the proposal's value, the survey's value)


def apply_survey(proposal: Any, inst: Instrument, result: SurveyResult) -> tuple[Any, SurveyUse]:
    """Fill the proposal's unknown facts from the survey; the proposal's own facts win."""
    import hashlib
    from dataclasses import replace

    given = proposal.fact_map()
    added: dict[str, Scalar] = {}
    conflicts = []
    for fact, value in sorted(survey_facts(inst, result).items()):
        if fact not in given:
            added[fact] = value
        elif given[fact] != value:
            conflicts.append((fact, _show(given[fact]), _show(value)))
    facts = dict(proposal.facts)
    facts.update(added)
    digest = hashlib.sha256(
        (proposal.input_hash + repr(result.respondents) + repr(sorted(added.items()))).encode()
    ).hexdigest()
    new = replace(
        proposal,
        facts=tuple(sorted(facts.items())),
        from_survey=tuple(sorted(added)),
        input_hash=digest,
    )
    return new, SurveyUse(result, tuple(sorted(added.items())), tuple(conflicts))


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def dump_response(
    inst: Instrument, organisation: str, role: str, answers: dict[str, int | str]
) -> str:
    """Answers file text: the instrument, the respondent, and answers in the instrument's order."""
    import yaml

    order = {it.id: n for n, it in enumerate(inst.items)}
    data = {
        "instrument": inst.id,
        "version": inst.version,
        "respondent": {"organisation": organisation, "role": role},
        "answers": {k: answers[k] for k in sorted(answers, key=lambda k: order.get(k, len(order)))},
    }
    head = f"# Answers to {inst.title} ({inst.id} {inst.version}). Score with: accord survey score FILE...\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def pending_items(inst: Instrument, answers: dict[str, int | str]) -> list[Item]:
    """Items not yet answered (a 'don't know' counts as answered), in the instrument's order."""
    return [it for it in inst.items if it.id not in answers]


def parse_answer(text: str) -> int | str | None:
    """Read one typed answer: 1-5, d for don't know; None when it is not an answer."""
    t = text.strip().lower()
    if t in {"1", "2", "3", "4", "5"}:
        return int(t)
    if t in {"d", "dk", "dont_know", "don't know"}:
        return DONT_KNOW
    return None


def with_survey(proposal: Any, kb: Any, answers: Any) -> tuple[Any, SurveyUse | None]:
    """Score the answers files (if any) and fill the proposal's unknown facts from them."""
    if not answers:
        return proposal, None
    inst = load_survey(kb)
    return apply_survey(proposal, inst, score(inst, load_responses(answers, inst)))


SURVEY_FILE = "survey.yaml"
_surveys: dict[str, Instrument] = {}


def load_survey(kb: KnowledgeBase) -> Instrument:
    """Load and validate the readiness survey that sits beside a knowledge base."""
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
