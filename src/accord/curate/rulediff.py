"""Compare two knowledge bases rule by rule: what was added, removed or changed."""

from __future__ import annotations

from dataclasses import dataclass

from accord.curate.lint import canon
from accord.curate.wording import words
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
