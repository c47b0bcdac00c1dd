"""Accord: evidence-based advice on proposed collaborations between health-care providers.

The public API, in the order you use it:

    import accord
    kb = accord.load_kb()                              # the shipped knowledge base (rules/)
    proposal = accord.load_proposal("merger.yaml", kb) # or accord.proposal_from_dict({...}, kb)
    result = accord.assess(proposal, kb)               # an accord.Assessment
    print(accord.render(result, "markdown", kb=kb))    # json, text, markdown, html or pdf
    data = accord.to_json(result)                      # canonical JSON text
    row = accord.to_record(result)                     # a flat dict of scalars (a table row)
    for a in accord.assess_many(paths_or_dicts, kb):   # a generator: memory stays flat
        ...
    spread = accord.robustness(proposal, kb, 1000)     # calls and risks over the unknowns

Decision analysis (accord.analysis.decide):

    w = accord.what_if(proposal, kb, set={"legal_basis": "contract"})  # w.changes
    c = accord.compare([proposal, other], kb)          # options side by side, c.trades
    n = accord.why_not(proposal, kb, "RISK-20")        # n.holds, n.rules, n.nearest

Every error Accord expects is an AccordError (InputFileError, ProposalError,
KnowledgeBaseError, UsageError; EngineError marks a bug). The names are imported on first use,
so `accord --help` and the CLI's start-up stay quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord._version import __version__

if TYPE_CHECKING:
    from accord.engine.assessment import Assessment
    from accord.inputs.proposal import Proposal
    from accord.kb.model import KnowledgeBase
    from accord.survey.apply import SurveyUse

__all__ = [
    "AccordError",
    "Assessment",
    "EngineError",
    "InputFileError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "ProposalError",
    "UsageError",
    "__version__",
    "assess",
    "assess_many",
    "compare",
    "load_kb",
    "load_proposal",
    "proposal_from_dict",
    "render",
    "robustness",
    "to_json",
    "to_record",
    "what_if",
    "why_not",
]

_API = {
    "load_kb": "accord.kb.load",
    "load_proposal": "accord.inputs.proposal",
    "proposal_from_dict": "accord.inputs.proposal",
    "render": "accord.api",
    "to_json": "accord.report.json",
    "assess_many": "accord.analysis.many",  # many proposals, robustness to unknowns, flat records
    "robustness": "accord.analysis.robustness",
    "to_record": "accord.analysis.record",
    "compare": "accord.analysis.decide",
    "what_if": "accord.analysis.decide",
    "why_not": "accord.analysis.decide",
    "Assessment": "accord.engine.assessment",
    "KnowledgeBase": "accord.kb.model",
    "AccordError": "accord.errors",
    "EngineError": "accord.errors",
    "InputFileError": "accord.errors",
    "KnowledgeBaseError": "accord.errors",
    "ProposalError": "accord.errors",
    "UsageError": "accord.errors",
}


def assess(
    proposal: Proposal,
    kb: KnowledgeBase,
    engine: str = "auto",
    *,
    survey: SurveyUse | None = None,
) -> Assessment:
    """Evaluate a proposal against a knowledge base and explain every conclusion.

    proposal: from load_proposal() or proposal_from_dict() with the same kb; kb: from
    load_kb(). engine: "auto" (durable-rules where installed, else the reference engine),
    "durable" or "reference"; both give the same conclusions. survey: readiness-survey answers
    already applied (accord.survey.apply.with_survey). Returns an Assessment: every conclusion
    with its because-chain back to the proposal's facts and the evidence claims of kb.
    Raises UsageError for an unknown or unavailable engine, EngineError if the engine fails or
    disagrees with its guards (a bug, never the input's fault).
    """
    from accord.engine.explain import assess as run

    return run(proposal, kb, engine, survey=survey)


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'accord' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
