"""Coverage of a knowledge base: rules its cases exercise, claims its rules encode, risks and
advice some proposal can reach."""

from __future__ import annotations

from dataclasses import dataclass

from accord.curate.lint import reachable_rules
from accord.engine import Engine
from accord.kb.model import KnowledgeBase


@dataclass(frozen=True)
class Measure:
    """One coverage figure: the items covered and those missing, sorted."""

    name: str
    covered: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missing)

    @property
    def percent(self) -> float:
        return 100.0 * len(self.covered) / self.total if self.total else 100.0


@dataclass(frozen=True)
class Coverage:
    """The coverage figures of one knowledge base."""

    kb_name: str
    kb_version: str
    measures: tuple[Measure, ...]

    def under(self, minimum: float) -> tuple[Measure, ...]:
        """The measures below minimum percent."""
        return tuple(m for m in self.measures if m.percent < minimum)


def coverage(kb: KnowledgeBase, engine: Engine) -> Coverage:
    """Rules exercised by cases, claims encoded by rules, risks and advice reachable.

    Runs every case of kb on engine; reachability is static (accord.curate.lint).
    """
    fired: set[str] = set()
    for case in kb.cases:
        rules, _ = engine.run(case.facts)
        fired |= rules
    ids = [r.id for r in kb.rules]
    cited = {c for r in kb.rules for c in r.evidence}
    reachable = reachable_rules(kb)
    risks = [r.id for r in kb.rules if r.kind == "risk"]
    advice = [r.id for r in kb.rules if r.kind in ("recommendation", "lifecycle")]
    return Coverage(
        kb.name,
        kb.version,
        (
            _measure("rules exercised by cases", ids, fired),
            _measure("evidence claims encoded by rules", list(kb.claims), cited),
            _measure("risks reachable", risks, reachable),
            _measure("recommendations and checks reachable", advice, reachable),
        ),
    )


def _measure(name: str, items: list[str], ok: set[str]) -> Measure:
    items = sorted(items)
    return Measure(name, tuple(i for i in items if i in ok), tuple(i for i in items if i not in ok))
