"""Compare two knowledge bases: rule by rule (added, removed, changed field by field) and by
the advice each gives on the same proposals. Behind `accord kb diff`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.curate.canonical import canon
from accord.curate.wording import words
from accord.engine.assessment import Assessment
from accord.engine.explain import assess
from accord.errors import AccordError
from accord.inputs.proposal import load_proposal
from accord.kb.model import KnowledgeBase, Rule

FIELDS = (
    "title",
    "kind",
    "when",
    "then",
    "because",
    "evidence",
    "grade",
    "severity",
    "addresses",
    "stages",
    "advice",
)


@dataclass(frozen=True)
class RuleChange:
    id: str
    fields: tuple[tuple[str, str, str], ...]  # (field, old, new) in words


@dataclass(frozen=True)
class RulesDiff:
    old_version: str
    new_version: str
    old_hash: str
    new_hash: str
    added: tuple[Rule, ...]
    removed: tuple[Rule, ...]
    changed: tuple[RuleChange, ...]
    claims_added: tuple[str, ...]
    claims_removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (
            self.added or self.removed or self.changed or self.claims_added or self.claims_removed
        )


def _field(rule: Rule, name: str) -> tuple[object, str]:
    """(value to compare, value in words) of one field of a rule."""
    value = getattr(rule, name)
    if name == "when":
        return canon(value), words(value)
    if name == "then":
        return value, ", ".join(f"{f}={s}" for f, s in value) or "-"
    if isinstance(value, tuple):
        return value, ", ".join(value) or "-"
    return value, "-" if value in (None, "") else str(value)


def diff_rules(old: KnowledgeBase, new: KnowledgeBase) -> RulesDiff:
    """List rules added, removed and changed (field by field) from old to new."""
    old_ids, new_ids = set(old.rule_index), set(new.rule_index)
    changed = []
    for rid in sorted(old_ids & new_ids):
        a, b = old.rule(rid), new.rule(rid)
        fields = []
        for name in FIELDS:
            (va, wa), (vb, wb) = _field(a, name), _field(b, name)
            if va != vb:
                fields.append((name, wa, wb))
        if fields:
            changed.append(RuleChange(rid, tuple(fields)))
    return RulesDiff(
        old.version,
        new.version,
        old.content_hash,
        new.content_hash,
        tuple(new.rule(r) for r in sorted(new_ids - old_ids)),
        tuple(old.rule(r) for r in sorted(old_ids - new_ids)),
        tuple(changed),
        tuple(sorted(set(new.claims) - set(old.claims))),
        tuple(sorted(set(old.claims) - set(new.claims))),
    )


# --- how the advice on proposals changes ------------------------------------------------


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
    out: dict[str, str] = {"call": a.overall.level}
    for r in a.risks:
        scope = ", form-wide" if r.scope == "form" else ""
        out[f"risk {r.id}"] = f"{r.severity} severity, {r.likelihood}{scope}, grade {r.chain_grade}"
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
