"""Run a real-case library: assess every case and say, per expectation, whether it holds."""

from __future__ import annotations

from dataclasses import dataclass

from accord.curate.realcase_library import load_library
from accord.curate.realcase_records import (
    FAILS,
    HOLDS,
    SYNERGY,
    ULTIMATE_OUTCOMES,
    WAITS,
    Concern,
    Expectation,
    Library,
    RealCase,
)
from accord.engine import Engine, get_engine
from accord.engine.assessment import Assessment, Risk
from accord.engine.explain import assess
from accord.errors import KnowledgeBaseError
from accord.inputs.proposal import Proposal, proposal_from_facts
from accord.kb.model import KnowledgeBase, Scalar, severity_rank

# --- reading an assessment (judgement attributes through accessors) --------------------------


def risk_likelihood(risk: Risk) -> str:
    """The likelihood the weighing standard gave a raised risk: "likely" or "possible"."""
    return risk.likelihood


def risk_scope(risk: Risk, kb: KnowledgeBase | None = None) -> str:
    """ "form" when the risk holds for every proposal of its form (context only), else
    "proposal"; kb is accepted for callers that pass it and not needed."""
    return risk.scope


def in_favour_pairs(assessment: Assessment) -> frozenset[tuple[str, Scalar | tuple[str, ...]]]:
    """The stated (fact, value) pairs the assessment shows in the proposal's favour."""
    return frozenset((f, v) for entry in assessment.in_favour for f, v in entry.facts)


def raised(assessment: Assessment) -> tuple[Risk, ...]:
    """Risks the assessment raises (a risk weighed as "unlikely" is considered, not raised)."""
    return tuple(r for r in assessment.risks if risk_likelihood(r) != "unlikely")


# --- running the library -------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    expectation: Expectation
    status: str  # holds, fails or waits (fails, and marked as waiting on later work)
    detail: str


@dataclass(frozen=True)
class CaseResult:
    case: RealCase
    level: str
    risks: tuple[tuple[str, str, str, str], ...]  # (id, severity, likelihood, scope)
    results: tuple[Result, ...]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass(frozen=True)
class Score:
    """How many documented causes (must_warn expectations) the assessments warn about."""

    warned: int
    causes: int
    kb_version: str

    @property
    def text(self) -> str:
        return f"warns about {self.warned} of {self.causes} documented causes in its case library"


@dataclass(frozen=True)
class LibraryReport:
    kb_name: str
    kb_version: str
    kb_hash: str
    engine: str
    threshold: int
    cases: tuple[CaseResult, ...]

    @property
    def results(self) -> tuple[Result, ...]:
        return tuple(r for c in self.cases for r in c.results)

    @property
    def score(self) -> Score:
        causes = [r for r in self.results if r.expectation.kind == "must_warn"]
        return Score(sum(r.status == HOLDS for r in causes), len(causes), self.kb_version)

    @property
    def holding(self) -> int:
        """Expectations not marked as waiting that hold: what the threshold is compared with."""
        return sum(1 for r in self.results if r.status == HOLDS and not r.expectation.waits_on)

    @property
    def not_waiting(self) -> int:
        return sum(1 for r in self.results if not r.expectation.waits_on)

    @property
    def ok(self) -> bool:
        """At or above the threshold stated in library.yaml."""
        return self.holding >= self.threshold


def run_library(
    kb: KnowledgeBase, engine: Engine | str = "auto", library: Library | None = None
) -> LibraryReport | None:
    """Assess every case of kb's library and evaluate each expectation.

    Returns None when kb's folder has no library; raises KnowledgeBaseError when it is invalid.
    The same knowledge base gives the same report on either engine.
    """
    lib = library or load_library(kb)
    if lib is None:
        return None
    eng = get_engine(kb, engine) if isinstance(engine, str) else engine
    out = []
    for case in lib.cases:
        a = assess(case.proposal, kb, eng, missing=False)
        form_wide = _form_wide(kb, eng, case.proposal)
        results = tuple(_evaluate(x, a, lib.concerns, form_wide, kb) for x in case.expectations)
        risks = tuple(
            (
                r.id,
                r.severity,
                risk_likelihood(r),
                "form" if r.id in form_wide or risk_scope(r, kb) == "form" else "proposal",
            )
            for r in raised(a)
        )
        out.append(CaseResult(case, a.overall.level, risks, results))
    return LibraryReport(kb.name, kb.version, kb.content_hash, eng.name, lib.threshold, tuple(out))


_form_probe: dict[tuple[str, str, str], frozenset[str]] = {}


def _form_wide(kb: KnowledgeBase, eng: Engine, proposal: Proposal) -> frozenset[str]:
    """Risks that hold for every proposal of this proposal's form.

    A risk is form-wide when its scope is "form" (once the judgement marks it) or when it is
    raised for a proposal that states the form and nothing else: such a finding comes from the
    form alone, so it cannot by itself tell this proposal from any other of its form.
    """
    form = proposal.fact_map().get("form")
    if not isinstance(form, str):
        return frozenset()
    key = (kb.content_hash, eng.name, form)
    if key not in _form_probe:
        bare = assess(proposal_from_facts({"form": form}, kb), kb, eng, missing=False)
        _form_probe[key] = frozenset(r.id for r in raised(bare))
    return _form_probe[key]


def _risk_words(r: Risk, form_wide: frozenset[str], kb: KnowledgeBase) -> str:
    scope = "form-wide" if r.id in form_wide or risk_scope(r, kb) == "form" else ""
    return f"{r.id} ({', '.join(x for x in (r.severity, risk_likelihood(r), scope) if x)})"


def _evaluate(
    x: Expectation,
    a: Assessment,
    concerns: dict[str, Concern],
    form_wide: frozenset[str],
    kb: KnowledgeBase,
) -> Result:
    """Whether expectation x holds for assessment a, and the words that say why."""
    judge = _JUDGES.get(x.kind)
    held, detail = judge(x, a, concerns, form_wide, kb) if judge else (False, "")
    status = HOLDS if held else (WAITS if x.waits_on else FAILS)
    if held and x.waits_on:
        detail += f" (marked as waiting on {x.waits_on}: remove waits_on)"
    return Result(x, status, detail)


def _warns(
    x: Expectation,
    a: Assessment,
    concerns: dict[str, Concern],
    form_wide: frozenset[str],
    kb: KnowledgeBase,
) -> tuple[bool, str]:
    """must_warn: a risk of the concern is raised at the severity or above; must_not_warn: none."""
    ids = set(concerns[x.concern].risks)
    mine = [r for r in raised(a) if r.id in ids]
    enough = [r for r in mine if severity_rank(r.severity) >= severity_rank(x.severity)]
    if x.kind != "must_warn":
        return not enough, (
            "raised: " + ", ".join(_risk_words(r, form_wide, kb) for r in enough)
            if enough
            else "not raised"
        )
    if enough:
        return True, "warned by " + ", ".join(_risk_words(r, form_wide, kb) for r in enough)
    if mine:
        return False, (
            "only below "
            + x.severity
            + ": "
            + ", ".join(_risk_words(r, form_wide, kb) for r in mine)
        )
    if not ids:
        return False, "no risk rule warns about this concern yet"
    return False, "none of " + ", ".join(sorted(ids)) + " is raised"


def _highest(
    x: Expectation,
    a: Assessment,
    concerns: dict[str, Concern],
    form_wide: frozenset[str],
    kb: KnowledgeBase,
) -> tuple[bool, str]:
    """highest_severity: no raised risk is more severe."""
    above = [r for r in raised(a) if severity_rank(r.severity) > severity_rank(x.severity)]
    return not above, (
        "raised above it: " + ", ".join(_risk_words(r, form_wide, kb) for r in above)
        if above
        else "none above it"
    )


def _protects(
    x: Expectation,
    a: Assessment,
    concerns: dict[str, Concern],
    form_wide: frozenset[str],
    kb: KnowledgeBase,
) -> tuple[bool, str]:
    """protective: the stated fact is shown in the proposal's favour and behind no raised risk."""
    if not x.fact:
        return False, "the vocabulary cannot state this yet"
    pair = (x.fact, x.value)
    shown = pair in in_favour_pairs(a)
    against = [r for r in raised(a) if pair in r.facts]
    parts = ["shown in its favour" if shown else "not shown in its favour"]
    if against:
        parts.append("behind " + ", ".join(_risk_words(r, form_wide, kb) for r in against))
    return shown and not against, "; ".join(parts)


def _calls(
    x: Expectation,
    a: Assessment,
    concerns: dict[str, Concern],
    form_wide: frozenset[str],
    kb: KnowledgeBase,
) -> tuple[bool, str]:
    """call: the overall level is one of those expected."""
    return a.overall.level in x.levels, a.overall.level


def _no_synergy(
    x: Expectation,
    a: Assessment,
    concerns: dict[str, Concern],
    form_wide: frozenset[str],
    kb: KnowledgeBase,
) -> tuple[bool, str]:
    """no_synergy: neither performance synergy nor any likely ultimate outcome is predicted."""
    states = {m.name: m.state for m in a.mechanisms}
    bad = []
    if states.get(SYNERGY[0]) == SYNERGY[1]:
        bad.append("performance synergy")
    likely = [o for o in ULTIMATE_OUTCOMES if states.get(o) == "likely"]
    if likely:
        bad.append("likely: " + ", ".join(likely))
    return not bad, (
        "; ".join(bad)
        if bad
        else f"performance {states.get(SYNERGY[0], 'no signal')}; no ultimate benefit likely"
    )


def _not_form_driven(
    x: Expectation,
    a: Assessment,
    concerns: dict[str, Concern],
    form_wide: frozenset[str],
    kb: KnowledgeBase,
) -> tuple[bool, str]:
    """not_form_driven: a high or some-concern call rests on a risk of this proposal, not its form."""
    need = {"high concern": ("high",), "some concern": ("medium", "high")}.get(a.overall.level)
    if need is None:
        return True, a.overall.level
    risks = raised(a)
    own = [
        r
        for r in risks
        if r.severity in need and r.id not in form_wide and risk_scope(r, kb) != "form"
    ]
    return bool(own), (
        f"{a.overall.level} from " + ", ".join(_risk_words(r, form_wide, kb) for r in own)
        if own
        else f"{a.overall.level} only from form-wide findings: "
        + ", ".join(_risk_words(r, form_wide, kb) for r in risks if r.severity in need)
    )


_JUDGES = {
    "must_warn": _warns,
    "must_not_warn": _warns,
    "highest_severity": _highest,
    "protective": _protects,
    "call": _calls,
    "no_synergy": _no_synergy,
    "not_form_driven": _not_form_driven,
}


_scores: dict[str, Score | None] = {}


def library_score(kb: KnowledgeBase) -> Score | None:
    """The score of kb's library ("warns about N of M documented causes in its case library").

    Cached per knowledge-base content hash; None when kb's folder has no library. Computed with
    the reference evaluator, which the differential tests keep equal to durable-rules. Raises
    KnowledgeBaseError when the library is invalid.
    """
    if kb.content_hash not in _scores:
        report = run_library(kb, "reference")
        _scores[kb.content_hash] = report.score if report is not None else None
    return _scores[kb.content_hash]


def library_statement(kb: KnowledgeBase) -> str:
    """kb's score on its real-case library in words, for the method section of every format.

    "warns about N of M documented causes in its case library" (library_score), or a sentence
    saying the library is missing or invalid: rendering never fails for the library's sake.
    Raises nothing.
    """
    try:
        score = library_score(kb)
    except KnowledgeBaseError:
        return "could not be scored: its case library has errors (see accord kb check)"
    return score.text if score is not None else "has no case library to be scored on"
