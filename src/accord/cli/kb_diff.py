"""How `accord kb diff` shows its result: the rule changes and the advice per proposal in words,
or all of it as JSON data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # for the annotations only: curate.diff imports the engine
    from accord.curate.diff import ProposalDiff, RulesDiff


def echo_rules(r: RulesDiff) -> None:
    """Print the versions compared, then each rule and claim added, removed or changed.

    r: the rules part of curate.diff.diff_kbs's result."""
    click.echo(
        f"knowledge base {r.old_version} ({r.old_hash[:12]}) -> {r.new_version} ({r.new_hash[:12]})"
    )
    if r.new_hash != r.old_hash and r.new_version == r.old_version:
        click.echo("  note: the content changed but the version did not; bump it in kb.yaml")
    click.echo("rules:")
    for rule in r.added:
        click.echo(f"  + {rule.id} ({rule.kind}): {rule.title}")
    for rule in r.removed:
        click.echo(f"  - {rule.id} ({rule.kind}): {rule.title}")
    for change in r.changed:
        click.echo(f"  ~ {change.id}")
        for name, before, after in change.fields:
            click.echo(f"      {name}: {before} -> {after}")
    for cid in r.claims_added:
        click.echo(f"  + claim {cid}")
    for cid in r.claims_removed:
        click.echo(f"  - claim {cid}")
    if r.empty:
        click.echo("  no changes")


def echo_advice(proposals: tuple[ProposalDiff, ...]) -> None:
    """Print, per proposal compared, how its advice changed (or why it could not be compared)."""
    marks = {"gained": "+", "lost": "-", "changed": "~"}
    for p in proposals:
        if p.error:
            click.echo(f"  {p.proposal}: cannot compare ({p.error})")
            continue
        click.echo(f"  {p.proposal}: {len(p.changes) or 'no'} changes")
        for c in p.changes:
            detail = {"gained": c.new, "lost": c.old, "changed": f"{c.old} -> {c.new}"}[c.change]
            click.echo(f"    {marks[c.change]} {c.key}: {detail}")


def diff_json(result: object) -> dict[str, object]:
    """kb diff as JSON: versions, rules added/removed/changed, claims, and advice per proposal."""
    r = result.rules  # type: ignore[attr-defined]
    return {
        "old": {"version": r.old_version, "hash": r.old_hash},
        "new": {"version": r.new_version, "hash": r.new_hash},
        "version_not_bumped": r.new_hash != r.old_hash and r.new_version == r.old_version,
        "rules": {
            "added": [{"id": x.id, "kind": x.kind, "title": x.title} for x in r.added],
            "removed": [{"id": x.id, "kind": x.kind, "title": x.title} for x in r.removed],
            "changed": [
                {"id": c.id, "fields": [{"field": f, "old": a, "new": b} for f, a, b in c.fields]}
                for c in r.changed
            ],
        },
        "claims": {"added": list(r.claims_added), "removed": list(r.claims_removed)},
        "proposals": [
            {
                "proposal": p.proposal,
                "error": p.error or None,
                "changes": [
                    {"change": c.change, "key": c.key, "old": c.old, "new": c.new}
                    for c in p.changes
                ],
            }
            for p in result.proposals  # type: ignore[attr-defined]
        ],
    }


def score_json(score: object) -> dict[str, int] | None:
    """A real-case library score as JSON (None when the KB has no library)."""
    if not score:
        return None
    return {"warned": score.warned, "causes": score.causes}  # type: ignore[attr-defined]
