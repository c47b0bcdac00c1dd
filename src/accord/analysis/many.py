"""`accord.assess_many`: assess proposals one after another, holding only the current one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from accord.engine import get_engine
from accord.engine.assessment import Assessment
from accord.engine.explain import assess
from accord.errors import UsageError
from accord.inputs.proposal import Proposal, load_proposal, proposal_from_dict
from accord.kb.model import KnowledgeBase


def assess_many(
    proposals: Iterable[Proposal | Mapping[str, Any] | Path | str],
    kb: KnowledgeBase,
    engine: str = "auto",
    *,
    missing: bool = True,
) -> Iterator[Assessment]:
    """Yield the assessment of each proposal in turn (a generator: memory stays flat).

    proposals: any iterable (a list, a generator, a file's lines parsed as you go) of Proposal
    objects, proposal-shaped dicts (as proposal_from_dict takes them; an "id" key is ignored)
    or paths of proposal YAML files. kb: from accord.load_kb(); the engine ("auto", "durable",
    "reference") is made once for all. missing=False skips the "what would change" analysis
    (Assessment.missing is then empty): several times faster, and the call, risks, mechanisms
    and advice are the same. Nothing is kept between proposals: each Assessment is yours.
    Raises, at the proposal concerned (earlier ones were already yielded): InputFileError or
    ProposalError for a bad proposal, UsageError for an unknown engine or an item of another
    type, EngineError for a bug. To go on past bad proposals, use `accord batch` or catch per
    item over single accord.assess calls.
    """
    eng = get_engine(kb, engine)
    for n, item in enumerate(proposals):
        if isinstance(item, Proposal):
            proposal = item
        elif isinstance(item, Mapping):
            data = {k: v for k, v in item.items() if k != "id"}
            proposal = proposal_from_dict(data, kb, str(item.get("id", f"<item {n}>")))
        elif isinstance(item, (str, Path)):
            proposal = load_proposal(item, kb)
        else:
            raise UsageError(
                f"item {n} of proposals is a {type(item).__name__}; expected a Proposal, "
                "a dict shaped like a proposal file, or a path"
            )
        yield assess(proposal, kb, eng, missing=missing)
