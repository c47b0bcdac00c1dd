"""The brief's template context: typed, documented records built from an Assessment.

Templates see only what is here (StrictUndefined makes any other name an error). Every field
carries a one-line documentation string in its metadata; `context_reference()` turns them into
the reference organisations read when they override templates, and a test keeps both in step.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from typing import Any

from accord.engine.assessment import Advice, Assessment, Citation, Pair, Step
from accord.kb.model import GRADES, SEVERITIES, STAGES

TOP_RISKS = 5
TOP_RECOMMENDATIONS = 3


def doc(text: str) -> Any:
    """Declare a context field with its documentation (shown in the template reference)."""
    return field(metadata={"doc": text})


# The grading scheme in words (rules/README.md states it for curators).
GRADE_MEANINGS = (
    (
        "strong",
        "A mechanism retained or refined after testing against 51 case-study papers, or "
        "ratified by the realist evaluation, read directly in a table of the source.",
    ),
    (
        "moderate",
        "A configuration proposed by the realist review of 53 papers, or stated in the "
        "team's abstracts, read directly.",
    ),
    (
        "limited",
        "Partly read, from the team's earlier study, or from supplementary studies and "
        "policy sources not by the synthesis team.",
    ),
    (
        "derived",
        "The Accord team's own reasoning from the sources; not a finding of any source.",
    ),
)
GRADE_RULE = (
    "A rule's grade may not exceed the strongest claim it cites, and a chain of reasoning is "
    "only as strong as its weakest link (where a fact has several derivations, the strongest "
    "counts)."
)

# Which state of each mechanism or outcome helps the collaboration; used only for the
# chart's direction and colour, never as the sole signal (every state is also written out).
FAVOURABLE = {
    "conflict": "low",
    "trust": "high",
    "confidence": "high",
    "perceived_progress": "high",
    "faith": "high",
    "risk_threshold": "high",
    "collaborative_behaviour": "collaborative",
    "performance": "synergy",
}


@dataclass(frozen=True)
class Attribution:
    """The credit the sources' CC BY 4.0 licence requires, stated in every brief."""

    primary: str = doc("Full citation of the synthesis report the knowledge base distils.")
    primary_url: str = doc("DOI link of the synthesis report.")
    companions: tuple[str, ...] = doc("Citations of the companion papers under CC BY 4.0.")
    licence: str = doc("Name of the licence the sources are published under.")
    licence_url: str = doc("Link to the licence text.")
    statement: str = doc("How Accord uses the sources: paraphrased and adapted, not endorsed.")


ATTRIBUTION = Attribution(
    primary=(
        "Millar R, Aunger JA, Rafferty AM, Greenhalgh J, Mannion R, McLeod H, Faulks D. "
        "Towards achieving interorganisational collaboration between health-care providers: "
        "a realist evidence synthesis. Health and Social Care Delivery Research 2023;11(6). "
        "NIHR. DOI 10.3310/KPLT1423."
    ),
    primary_url="https://doi.org/10.3310/KPLT1423",
    companions=(
        "Aunger JA, Millar R, Greenhalgh J, Mannion R, Rafferty AM, McLeod H. Why do some "
        "inter-organisational collaborations in healthcare work when others do not? A realist "
        "review. Syst Rev 2021;10:82. https://doi.org/10.1186/s13643-021-01630-8",
        "Aunger JA, Millar R, Greenhalgh J. When trust, confidence, and faith collide: refining "
        "a realist theory of how and why inter-organisational collaborations in healthcare work. "
        "BMC Health Serv Res 2021;21:602. https://doi.org/10.1186/s12913-021-06630-x",
        "Aunger JA, Millar R, Rafferty AM, Mannion R, Greenhalgh J, Faulks D, McLeod H. How, "
        "when, and why do inter-organisational collaborations in healthcare work? A realist "
        "evaluation. PLoS ONE 2022;17(4):e0266899. https://doi.org/10.1371/journal.pone.0266899",
    ),
    licence="Creative Commons Attribution 4.0 International (CC BY 4.0)",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    statement=(
        "Accord paraphrases and adapts findings from these works into context-mechanism-outcome "
        "rules; the wording, the rules and any errors are Accord's, and the authors and NIHR "
        "do not endorse this brief. Other sources are cited under their own terms and not "
        "reproduced."
    ),
)


@dataclass(frozen=True)
class PartnerView:
    """One partner named in the proposal."""

    name: str = doc("The partner's name, as the proposal gives it.")
    sector: str = doc("Its sector, or an empty string when not given.")
    role: str = doc("Its role in the collaboration, or an empty string when not given.")


@dataclass(frozen=True)
class PlacementView:
    """Where the proposal sits on one dimension of the typology."""

    label: str = doc("The dimension, in words (for example 'Form of collaboration').")
    value: str = doc("The value or values placed, comma-separated; 'unknown' when none.")
    meaning: str = doc("What the value means, in plain English.")
    origin: str = doc("'stated', 'from partner list', 'derived' or 'unknown'.")
    reasons: tuple[str, ...] = doc("For derived placements, the rule titles that placed it.")


@dataclass(frozen=True)
class CitationView:
    """A claim from the evidence register that a conclusion rests on."""

    claim: str = doc("The claim id in the evidence register (for example 'SR-17').")
    source: str = doc("The source id (for example 'SR21').")
    citation: str = doc("The source's full citation.")
    location: str = doc("Where in the source the claim is found.")
    grade: str = doc("The claim's evidence grade.")
    status: str = doc("The claim's status in the synthesis (proposed, affirmed, refined...).")


@dataclass(frozen=True)
class StepView:
    """One link of a because-chain: a rule that fired on facts and what it concluded."""

    rule: str = doc("The rule id.")
    kind: str = doc("The rule kind: typology, mechanism, outcome, risk...")
    title: str = doc("The rule's title.")
    because: str = doc("The rule's plain-English reason.")
    grade: str = doc("The rule's evidence grade.")
    concludes: str = doc("What the rule concluded, in words ('Trust: low').")
    facts: tuple[str, ...] = doc("Proposal facts the rule read, as 'Label: value'.")
    absent: tuple[str, ...] = doc("Conclusions whose absence the rule relied on, in words.")
    supports: tuple[StepView, ...] = doc("The earlier links that derived what this one read.")


@dataclass(frozen=True)
class RiskView:
    """A risk the proposal raises, with its chain of reasoning and evidence."""

    id: str = doc("The risk rule id (for example 'RISK-01').")
    title: str = doc("The risk, in a few words.")
    severity: str = doc("'high', 'medium' or 'low'.")
    severity_label: str = doc("The severity as a word for readers ('High').")
    because: str = doc("Why the risk arises, in plain English.")
    grade: str = doc("The risk rule's own evidence grade.")
    chain_grade: str = doc("The grade of its strongest chain (its weakest link).")
    chain: StepView = doc("The because-chain, from the risk back to the proposal's facts.")
    evidence: tuple[CitationView, ...] = doc("The claims the risk rule cites.")
    facts: tuple[str, ...] = doc("Every proposal fact at the root of the chain, 'Label: value'.")


@dataclass(frozen=True)
class TargetView:
    """A risk or mechanism state a recommendation addresses."""

    id: str = doc("A risk id, or 'mechanism=state'.")
    title: str = doc("The risk's title or the mechanism state in words.")
    present: bool = doc("True when this assessment raised the risk or found that state.")


@dataclass(frozen=True)
class AdviceView:
    """A recommendation or a life-cycle check."""

    id: str = doc("The rule id (for example 'REC-03').")
    title: str = doc("The recommendation, in a few words.")
    advice: str = doc("What to do.")
    because: str = doc("Why, in plain English.")
    stages: tuple[str, ...] = doc("Life-cycle stages where it applies, as words.")
    addresses: tuple[TargetView, ...] = doc("Risks and mechanism states found that it addresses.")
    grade: str = doc("Its evidence grade.")
    evidence: tuple[CitationView, ...] = doc("The claims it cites.")


@dataclass(frozen=True)
class StageGroup:
    """Recommendations grouped under the earliest life-cycle stage where they apply."""

    stage: str = doc("The stage name (for example 'planning').")
    label: str = doc("The stage as a heading ('Planning').")
    items: tuple[AdviceView, ...] = doc("The recommendations that start at this stage.")


@dataclass(frozen=True)
class FactorView:
    """Something that pushes a mechanism towards one state."""

    state: str = doc("The state it pushes towards.")
    rule: str = doc("The rule id.")
    title: str = doc("The rule's title.")
    grade: str = doc("The rule's evidence grade.")
    facts: tuple[str, ...] = doc("Proposal facts it read directly, 'Label: value'.")


@dataclass(frozen=True)
class MechanismView:
    """One mechanism or outcome: its state and what pushes it."""

    name: str = doc("The mechanism's fact name (for example 'trust').")
    kind: str = doc("'mechanism' or 'outcome'.")
    label: str = doc("Its name in words.")
    description: str = doc("What the mechanism is.")
    state: str = doc("Its state, 'contested' or 'no signal'.")
    meaning: str = doc("What that state means here.")
    tone: str = doc("'favourable', 'unfavourable', 'mixed' or 'none' (for styling only).")
    factors: tuple[FactorView, ...] = doc("What pushes it, one entry per rule.")
    towards_favourable: int = doc("How many factors push it towards its favourable state.")
    towards_unfavourable: int = doc("How many factors push it away from its favourable state.")


@dataclass(frozen=True)
class ChartBar:
    """One row of the mechanism chart, with its geometry precomputed in SVG user units."""

    label: str = doc("The mechanism's name.")
    state: str = doc("Its state, written beside the bar.")
    tone: str = doc("As MechanismView.tone.")
    y: int = doc("Top of the row.")
    text_y: int = doc("Baseline for the row's text.")
    bad_x: int = doc("Left edge of the unfavourable bar (it ends at the centre line).")
    bad_width: int = doc("Width of the unfavourable bar; 0 when none.")
    good_width: int = doc("Width of the favourable bar, starting at the centre line.")
    towards_favourable: int = doc("Count shown by the favourable bar.")
    towards_unfavourable: int = doc("Count shown by the unfavourable bar.")


@dataclass(frozen=True)
class Chart:
    """The mechanism chart: a diverging bar per mechanism, counting what pushes each way."""

    width: int = doc("SVG width in user units.")
    height: int = doc("SVG height in user units.")
    centre: int = doc("x of the centre line.")
    label_width: int = doc("Width reserved for mechanism names on the left.")
    row_height: int = doc("Height of one row.")
    title: str = doc("The chart's accessible title.")
    description: str = doc("The chart's accessible description, in words.")
    bars: tuple[ChartBar, ...] = doc("One row per mechanism.")


@dataclass(frozen=True)
class TensionSideView:
    """One side of a tension: a state, and the chains that reached it."""

    state: str = doc("The state this side concluded.")
    meaning: str = doc("What it means.")
    rules: tuple[str, ...] = doc("The rules at the head of its chains, 'ID title'.")


@dataclass(frozen=True)
class TensionView:
    """Contradictory conclusions about one mechanism, both kept."""

    label: str = doc("The mechanism or fact in contention.")
    sides: tuple[TensionSideView, ...] = doc("Each state reached, with its chains.")


@dataclass(frozen=True)
class MissingView:
    """An unknown fact whose answer would change the advice."""

    label: str = doc("The fact, in words.")
    fact: str = doc("The fact's name, as a proposal states it.")
    question: str = doc("The question to ask.")
    changes: int = doc("How many conclusions would change for the most telling answer.")
    if_value: str = doc("That answer.")
    would_change: tuple[str, ...] = doc("The conclusions it would change.")


@dataclass(frozen=True)
class GradeView:
    """One grade of the evidence scheme."""

    grade: str = doc("The grade's name.")
    meaning: str = doc("What it means, in words.")


@dataclass(frozen=True)
class ProvenanceView:
    """What produced this brief."""

    accord_version: str = doc("Accord's version.")
    kb_name: str = doc("The knowledge base's name.")
    kb_version: str = doc("The knowledge base's version.")
    kb_hash: str = doc("The knowledge base's content hash (full).")
    engine: str = doc("The inference engine that ran.")
    engine_version: str = doc("Its version.")
    input: str = doc("The proposal file's name.")
    input_hash: str = doc("The proposal's content hash (full).")


@dataclass(frozen=True)
class RadarAxis:
    """One spoke of the survey radar chart."""

    label: str = doc("The dimension's label.")
    x: float = doc("The spoke's outer end, x.")
    y: float = doc("The spoke's outer end, y.")
    label_x: float = doc("Where the label sits, x.")
    label_y: float = doc("Where the label sits, y.")
    anchor: str = doc("SVG text-anchor for the label: start, middle or end.")


@dataclass(frozen=True)
class RadarOutline:
    """One organisation's scores drawn as a closed outline."""

    name: str = doc("The organisation.")
    points: str = doc(
        "SVG polygon points, 'x,y x,y ...' (a dimension without a score sits at the centre)."
    )
    style: int = doc(
        "Which line style (1-4): colour and dash pattern both differ, so colour is never the only signal."
    )


@dataclass(frozen=True)
class SurveyRow:
    """One dimension's scores: overall and per organisation."""

    label: str = doc("The dimension's label.")
    family: str = doc("The performance family it belongs to.")
    overall: str = doc("The overall score (2 decimals) or 'insufficient'.")
    by_organisation: tuple[str, ...] = doc(
        "Each organisation's score, in the order of `organisations`."
    )


@dataclass(frozen=True)
class SurveyOrg:
    """One organisation's maturity."""

    name: str = doc("The organisation.")
    respondents: int = doc("How many of its staff answered.")
    score: str = doc("Its overall maturity score, or 'insufficient'.")
    level: str = doc("Its maturity level, e.g. '3 Developing', or 'none'.")


@dataclass(frozen=True)
class SurveyView:
    """The readiness survey and maturity index, when answers were given."""

    instrument: str = doc("The instrument's id and version.")
    provenance: str = doc("What the instrument is (Accord's own, not the published survey).")
    score: str = doc("The overall maturity score (mean of the family scores).")
    level: str = doc("The overall maturity level, e.g. '3 Developing', or 'none'.")
    level_description: str = doc("What that level looks like.")
    levels: tuple[str, ...] = doc("Every level with its minimum score, lowest first.")
    families: tuple[tuple[str, str], ...] = doc(
        "(family label, score) for each performance family."
    )
    organisations: tuple[SurveyOrg, ...] = doc("Scores per organisation.")
    rows: tuple[SurveyRow, ...] = doc("Per-dimension scores.")
    radar_width: int = doc("The radar chart's width in px.")
    radar_height: int = doc("The radar chart's height in px.")
    radar_rings: tuple[tuple[int, float], ...] = doc("(score, radius) of the rings at 2 to 5.")
    radar_cx: float = doc("The radar chart's centre, x.")
    radar_cy: float = doc("The radar chart's centre, y.")
    radar_axes: tuple[RadarAxis, ...] = doc("The chart's spokes, one per dimension.")
    radar_outlines: tuple[RadarOutline, ...] = doc("One outline per organisation.")
    disagreements: tuple[str, ...] = doc("Each disagreement between organisations, in a sentence.")
    facts_added: tuple[str, ...] = doc("Facts the survey filled in, 'label: value'.")
    conflicts: tuple[str, ...] = doc(
        "Where the survey disagrees with the proposal's own facts (the proposal wins)."
    )
    scoring_rule: str = doc("How scores and levels are computed, in words.")


@dataclass(frozen=True)
class BriefContext:
    """Everything a brief template sees, in the order the brief presents it."""

    title: str = doc("The proposal's title.")
    summary: str = doc("The proposal's own summary, or an empty string.")
    one_sentence: str = doc("The proposal in one sentence, built from its typology.")
    partners: tuple[PartnerView, ...] = doc("The partners named in the proposal.")
    date: str = doc("The brief's date, YYYY-MM-DD (SOURCE_DATE_EPOCH, --date, or today).")
    overall_level: str = doc("The overall call: 'high concern', 'some concern' or 'low concern'.")
    overall_label: str = doc("The overall call as a heading ('High concern').")
    overall_summary: str = doc("The overall call in one sentence.")
    risk_counts: tuple[tuple[str, int], ...] = doc("(severity word, count), highest first.")
    typology: tuple[PlacementView, ...] = doc("Typology placement, one row per dimension.")
    top_risks: tuple[RiskView, ...] = doc("The most severe risks, at most five.")
    top_recommendations: tuple[AdviceView, ...] = doc(
        "The recommendations addressing the most severe risks, at most three."
    )
    mechanisms: tuple[MechanismView, ...] = doc("The mechanism profile.")
    chart: Chart = doc("The mechanism chart's geometry.")
    risks: tuple[RiskView, ...] = doc("Every risk, most severe first.")
    recommendations: tuple[StageGroup, ...] = doc("Recommendations by life-cycle stage.")
    checks: tuple[AdviceView, ...] = doc("Life-cycle checks for the proposal's stage.")
    tensions: tuple[TensionView, ...] = doc("Contradictory conclusions, both kept.")
    missing: tuple[MissingView, ...] = doc("Unknown facts that would change the advice.")
    unknown_without_effect: int = doc("How many unknown facts would change nothing.")
    limits: tuple[str, ...] = doc("The knowledge base's stated limits.")
    grades: tuple[GradeView, ...] = doc("The grading scheme, strongest first.")
    grade_rule: str = doc("How grades combine along a chain, in words.")
    provenance: ProvenanceView = doc("Knowledge base, engine and input that produced the brief.")
    attribution: Attribution = doc("The credit the CC BY 4.0 licence requires.")
    survey: SurveyView | None = doc(
        "The readiness survey's maturity index, or None without answers."
    )


# --- building the context -------------------------------------------------------------------


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value).replace("_", " ")


class _Builder:
    def __init__(self, a: Assessment) -> None:
        self.a = a
        self.labels: dict[str, str] = {f.fact: f.label for f in a.facts}
        self.labels.update({m.name: m.label for m in a.mechanisms})
        self.labels.update({p.dimension: p.label for p in a.typology})
        self.labels.update(
            {"risk": "Risk raised", "recommendation": "Recommended", "check": "Check"}
        )
        self.risk_ids = {r.id: r for r in a.risks}

    def pair(self, pair: Pair) -> str:
        name, value = pair
        return f"{self.labels.get(name, name.replace('_', ' '))}: {_show(value)}"

    def absent(self, text: str) -> str:
        name, sep, value = text.partition("=")
        return self.pair((name, value)) if sep else self.labels.get(text, text)

    def step(self, s: Step) -> StepView:
        return StepView(
            rule=s.rule,
            kind=s.kind,
            title=s.title,
            because=s.because,
            grade=s.grade,
            concludes="; ".join(self.pair(p) for p in s.concludes),
            facts=tuple(self.pair(p) for p in s.facts),
            absent=tuple(self.absent(x) for x in s.absent),
            supports=tuple(self.step(x) for x in s.supports),
        )

    @staticmethod
    def citation(c: Citation) -> CitationView:
        return CitationView(c.claim, c.source, c.citation, c.location, c.grade, c.status)

    def risk(self, r: Any) -> RiskView:
        return RiskView(
            id=r.id,
            title=r.title,
            severity=r.severity,
            severity_label=r.severity.capitalize(),
            because=r.because,
            grade=r.grade,
            chain_grade=r.chain_grade,
            chain=self.step(r.chain),
            evidence=tuple(self.citation(c) for c in r.evidence),
            facts=tuple(self.pair(p) for p in r.facts),
        )

    def advice(self, adv: Advice) -> AdviceView:
        return AdviceView(
            id=adv.id,
            title=adv.title,
            advice=adv.advice,
            because=adv.because,
            stages=tuple(s.capitalize() for s in adv.stages),
            addresses=tuple(
                TargetView(t.id, t.title.rstrip("."), t.present) for t in adv.addresses if t.present
            ),
            grade=adv.grade,
            evidence=tuple(self.citation(c) for c in adv.evidence),
        )

    def severity_of(self, adv: Advice) -> int:
        ranks = [
            SEVERITIES.index(self.risk_ids[t.id].severity)
            for t in adv.addresses
            if t.present and t.id in self.risk_ids
        ]
        return max(ranks, default=-1)

    def mechanism(self, m: Any) -> MechanismView:
        good = FAVOURABLE.get(m.name)
        up = sum(1 for f in m.factors if good is not None and f.state == good)
        down = sum(1 for f in m.factors if good is not None and f.state != good)
        if m.state == "no signal":
            tone = "none"
        elif good is None or m.state == "contested":
            tone = "mixed"
        else:
            tone = "favourable" if m.state == good else "unfavourable"
        return MechanismView(
            name=m.name,
            kind=m.kind,
            label=m.label,
            description=m.description,
            state=m.state,
            meaning=m.meaning,
            tone=tone,
            factors=tuple(
                FactorView(f.state, f.rule, f.title, f.grade, tuple(self.pair(p) for p in f.facts))
                for f in m.factors
            ),
            towards_favourable=up,
            towards_unfavourable=down,
        )

    def chart(self, mechs: tuple[MechanismView, ...]) -> Chart:
        label_w, half, state_w, row_h, top = 190, 150, 130, 30, 34
        centre = label_w + half
        peak = max([1] + [max(m.towards_favourable, m.towards_unfavourable) for m in mechs])
        unit = (half - 30) // peak
        bars = []
        for i, m in enumerate(mechs):
            y = top + i * row_h
            bad = m.towards_unfavourable * unit
            bars.append(
                ChartBar(
                    label=m.label,
                    state=m.state,
                    tone=m.tone,
                    y=y + 6,
                    text_y=y + 20,
                    bad_x=centre - bad,
                    bad_width=bad,
                    good_width=m.towards_favourable * unit,
                    towards_favourable=m.towards_favourable,
                    towards_unfavourable=m.towards_unfavourable,
                )
            )
        parts = [
            f"{m.label}: {m.state} ({m.towards_unfavourable} pushing away from its favourable "
            f"state, {m.towards_favourable} towards it)"
            for m in mechs
        ]
        return Chart(
            width=label_w + 2 * half + state_w,
            height=top + len(mechs) * row_h + 10,
            centre=centre,
            label_width=label_w,
            row_height=row_h,
            title="Mechanism profile",
            description=(
                "For each mechanism, bars count the rules pushing it away from (left) or "
                "towards (right) its favourable state; its resulting state is written at the "
                "right. " + "; ".join(parts) + "."
            ),
            bars=tuple(bars),
        )

    def one_sentence(self) -> str:
        place = {p.dimension: p for p in self.a.typology}

        def value(dim: str) -> str:
            p = place.get(dim)
            return _show(p.values[0]) if p and p.values else ""

        form = value("form") or "collaboration"
        mode = value("mode")
        names = [p[0] for p in self.a.partners]
        who = " and ".join(names)
        if len(names) > 2:
            who = ", ".join(names[:-1]) + " and " + names[-1]
        text = f"A {mode + ' ' if mode else ''}{form}"
        if who:
            text += f" between {who}"
        stage = value("lifecycle_stage")
        if stage:
            text += f", at the {stage} stage"
        return text + "."

    def build(self, date: str) -> BriefContext:
        a = self.a
        risks = tuple(
            sorted(
                (self.risk(r) for r in a.risks),
                key=lambda r: -SEVERITIES.index(r.severity),
            )
        )
        ordered = sorted(
            enumerate(a.recommendations),
            key=lambda ia: (
                -self.severity_of(ia[1]),
                -sum(1 for t in ia[1].addresses if t.present),
                ia[0],
            ),
        )
        top_recs = tuple(self.advice(adv) for _, adv in ordered[:TOP_RECOMMENDATIONS])
        groups: dict[str, list[AdviceView]] = {}
        for adv in a.recommendations:
            first = min(adv.stages, key=STAGES.index) if adv.stages else "any"
            groups.setdefault(first, []).append(self.advice(adv))
        stage_order = [*STAGES, "any"]
        rec_groups = tuple(
            StageGroup(s, "Any stage" if s == "any" else s.capitalize(), tuple(groups[s]))
            for s in stage_order
            if s in groups
        )
        mechs = tuple(self.mechanism(m) for m in a.mechanisms)
        pv = a.provenance
        return BriefContext(
            title=a.title,
            summary=a.summary,
            one_sentence=self.one_sentence(),
            partners=tuple(PartnerView(n, s or "", r or "") for n, s, r in a.partners),
            date=date,
            overall_level=a.overall.level,
            overall_label=a.overall.level.capitalize(),
            overall_summary=a.overall.summary,
            risk_counts=tuple((s.capitalize(), n) for s, n in a.overall.risks_by_severity),
            typology=tuple(
                PlacementView(
                    label=p.label,
                    value=", ".join(_show(v) for v in p.values) or "unknown",
                    meaning="; ".join(p.meanings) or "Not stated.",
                    origin=p.origin,
                    reasons=tuple(r.title for r in p.reasons),
                )
                for p in a.typology
            ),
            top_risks=risks[:TOP_RISKS],
            top_recommendations=top_recs,
            mechanisms=mechs,
            chart=self.chart(mechs),
            risks=risks,
            recommendations=rec_groups,
            checks=tuple(self.advice(c) for c in a.checks),
            tensions=tuple(
                TensionView(
                    t.label,
                    tuple(
                        TensionSideView(
                            s.state, s.meaning, tuple(f"{c.rule} {c.title}" for c in s.chains)
                        )
                        for s in t.sides
                    ),
                )
                for t in a.tensions
            ),
            missing=tuple(
                MissingView(
                    m.label, m.fact, m.question, m.changes, _show(m.if_value), m.would_change
                )
                for m in a.missing
            ),
            unknown_without_effect=len(a.unknown_without_effect),
            limits=a.limits,
            grades=tuple(
                GradeView(g, dict(GRADE_MEANINGS)[g])
                for g in reversed(GRADES)
                if g in dict(GRADE_MEANINGS)
            ),
            grade_rule=GRADE_RULE,
            provenance=ProvenanceView(
                pv.accord_version,
                pv.kb_name,
                pv.kb_version,
                pv.kb_hash,
                pv.engine,
                pv.engine_version,
                pv.input,
                pv.input_hash,
            ),
            attribution=ATTRIBUTION,
            survey=survey_view(a),
        )


def _sc(x: float | None) -> str:
    return "insufficient" if x is None else f"{x:.2f}"


def survey_view(a: Assessment) -> SurveyView | None:
    """The survey section's context: scores, levels, radar geometry, disagreements."""
    import math

    if a.survey is None:
        return None
    r = a.survey.result
    ov = r.overall
    width, height, cx, cy, radius = 680, 400, 340.0, 200.0, 150.0
    dims = ov.dimensions
    n = len(dims)

    def at(i: int, rad: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return round(cx + rad * math.cos(angle), 1), round(cy + rad * math.sin(angle), 1)

    axes = []
    for i, d in enumerate(dims):
        x, y = at(i, radius)
        lx, ly = at(i, radius + 14)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        axes.append(RadarAxis(d.label, x, y, lx, round(ly + 4, 1), anchor))
    outlines = []
    for k, org in enumerate(r.organisations):
        pts = []
        for i, d in enumerate(org.dimensions):
            value = d.score if d.score is not None else 1.0
            x, y = at(i, radius * (value - 1) / 4)
            pts.append(f"{x},{y}")
        outlines.append(RadarOutline(org.name, " ".join(pts), k % 4 + 1))
    level = next((lv for lv in r.levels if lv.level == ov.level), None)
    labels = {d.dimension: d.label for d in dims}
    return SurveyView(
        instrument=f"{r.instrument} {r.version}",
        provenance=r.provenance,
        score=_sc(ov.overall),
        level=f"{ov.level} {ov.level_name}" if ov.level else "none",
        level_description=level.description
        if level
        else "Too few answers to place the partnership on a level.",
        levels=tuple(f"{lv.level} {lv.name} (from {lv.min:.2f})" for lv in r.levels),
        families=tuple((f.label, _sc(f.score)) for f in ov.families),
        organisations=tuple(
            SurveyOrg(
                p.name,
                p.respondents,
                _sc(p.overall),
                f"{p.level} {p.level_name}" if p.level else "none",
            )
            for p in r.organisations
        ),
        rows=tuple(
            SurveyRow(
                d.label,
                d.family.replace("_", " "),
                _sc(d.score),
                tuple(_sc(p.dimensions[i].score) for p in r.organisations),
            )
            for i, d in enumerate(dims)
        ),
        radar_width=width,
        radar_height=height,
        radar_rings=tuple((s, round(radius * (s - 1) / 4, 1)) for s in (2, 3, 4, 5)),
        radar_cx=cx,
        radar_cy=cy,
        radar_axes=tuple(axes),
        radar_outlines=tuple(outlines),
        disagreements=tuple(
            f"{labels.get(d.dimension, d.label)}: {d.highest[0]} {d.highest[1]:.2f} against {d.lowest[0]} {d.lowest[1]:.2f}. {d.warning}"
            for d in r.disagreements
        ),
        facts_added=tuple(
            f"{fact.replace('_', ' ')}: {_show(v)}" for fact, v in a.survey.facts_added
        ),
        conflicts=tuple(
            f"The proposal says {fact.replace('_', ' ')} is {stated}; the survey suggests {surveyed}. The proposal's value is used."
            for fact, stated, surveyed in a.survey.conflicts
        ),
        scoring_rule=r.scoring_rule,
    )


def build_context(assessment: Assessment, date: str) -> BriefContext:
    """Build the template context for one assessment, dated `date` (YYYY-MM-DD)."""
    return _Builder(assessment).build(date)


def context_types() -> tuple[type, ...]:
    """Every record type a template can reach from BriefContext, in a stable order."""
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            for t in _record_types(hints[f.name]):
                visit(t)

    visit(BriefContext)
    return tuple(seen)


def _record_types(hint: Any) -> list[type]:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return [hint]
    out: list[type] = []
    for arg in typing.get_args(hint):
        out.extend(_record_types(arg))
    return out


def context_reference() -> str:
    """The template context reference, in Markdown, generated from the records' documentation."""
    out = [
        "# Brief template context",
        "",
        "Generated by `scripts/regen_briefs.py` from `src/accord/render/context.py`; do not edit.",
        "Templates (`brief.md.j2`, `brief.html.j2`, `brief.css`) see one variable, `brief`, of",
        "type `BriefContext`. Override any of them with `accord brief --template-dir DIR`.",
        "",
    ]
    for cls in context_types():
        out += [f"## {cls.__name__}", "", (cls.__doc__ or "").strip(), ""]
        out += ["| field | type | meaning |", "|---|---|---|"]
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            type_name = _type_name(hints[f.name])
            out.append(f"| `{f.name}` | `{type_name}` | {f.metadata.get('doc', '')} |")
        out.append("")
    return "\n".join(out)


def _type_name(hint: Any) -> str:
    if isinstance(hint, type) and not typing.get_args(hint):
        return hint.__name__
    origin = typing.get_origin(hint)
    args = ", ".join("..." if a is Ellipsis else _type_name(a) for a in typing.get_args(hint))
    name = getattr(origin, "__name__", str(origin))
    return f"{name}[{args}]"
