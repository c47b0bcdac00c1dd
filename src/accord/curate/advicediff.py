"""Compare how two knowledge bases advise on the same proposals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.curate.rulediff import RulesDiff, diff_rules
from accord.engine.assessment import Assessment
from accord.engine.explain import assess
from accord.errors import AccordError
from accord.inputs.proposal import load_proposal
from accord.kb.model import KnowledgeBase


@dataclass(frozen=True)
class FindingChange:
    """One finding of an assessment that was gained, lost or changed between two KBs."""

    change: str  # "gained", "lost" or "changed"
    key: str  # e.g. "risk RISK-03", "mechanism trust", "typology integration"
    old: str
    new: str


@dataclass(frozen=True)
class ProposalDiff:
    proposal: str
    changes: tuple[FindingChange, ...]
    error: str = ""  # when the proposal could not be assessed under one of the KBs


@dataclass(frozen=True)
class KbDiff:
    rules: RulesDiff
    proposals: tuple[ProposalDiff, ...]


def findings(a: Assessment) -> dict[str, str]:
    """The findings of an assessment as {what: how}, for comparison."""
    out: dict[str, str] = {}
    for r in a.risks:
        out[f"risk {r.id}"] = f"{r.severity} severity, grade {r.chain_grade}"
    for adv in a.recommendations + a.checks:
        out[f"{adv.kind} {adv.id}"] = f"grade {adv.grade}"
    for m in a.mechanisms:
        if m.state != "no signal":
            out[f"{m.kind} {m.name}"] = m.state
    for p in a.typology:
        if p.values and p.origin == "derived":
            out[f"typology {p.dimension}"] = ", ".join(p.values)
    return out


def compare(old: dict[str, str], new: dict[str, str]) -> tuple[FindingChange, ...]:
    out = []
    for key in sorted(set(old) | set(new)):
        if key not in new:
            out.append(FindingChange("lost", key, old[key], ""))
        elif key not in old:
            out.append(FindingChange("gained", key, "", new[key]))
        elif old[key] != new[key]:
            out.append(FindingChange("changed", key, old[key], new[key]))
    return tuple(out)


def diff_kbs(
    old: KnowledgeBase, new: KnowledgeBase, proposals: list[Path], engine: str = "auto"
) -> KbDiff:
    """Rules added, removed and changed, and how each proposal's assessment changes."""
    out = []
    for path in proposals:
        try:
            before = findings(assess(load_proposal(path, old), old, engine, missing=False))
            after = findings(assess(load_proposal(path, new), new, engine, missing=False))
        except AccordError as exc:
            out.append(ProposalDiff(path.name, (), exc.message))
            continue
        out.append(ProposalDiff(path.name, compare(before, after)))
    return KbDiff(diff_rules(old, new), tuple(out))
