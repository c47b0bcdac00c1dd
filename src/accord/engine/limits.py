"""durable-rules' fixed limits, checked before a knowledge base is compiled into it.

durable-rules 2.0.28 keeps the names a ruleset uses (fact names, string values it tests and
its own property names) in a fixed table of 512 slots whose lookup loop has no stop: past 512
names, compiling never returns. It also refuses rulesets with too many patterns ("Could not
create ruleset, error code 108"). Measured on 2.0.28 (see tests/test_hostile.py): 510 names
compile and 520 hang; 250 rules of 8 patterns compile and 300 fail with 108; 4,000 rules of
one pattern compile. The limits below keep a margin under those figures.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from accord.errors import LimitError
from accord.kb.model import KnowledgeBase
from accord.kb.strata import pattern_leaves

MAX_NAMES = 480  # distinct names in the ruleset (hang past 512)
MAX_PATTERNS = (
    1800  # patterns (one per distinct fact a rule tests) over all rules (108 past ~2,000)
)
MAX_RULES = 3000  # rules
WARN_SHARE = 0.8  # `accord kb validate` warns from this share of a limit
# names durable's table holds besides the KB's own: fact properties, the start and sink facts
_ENGINE_NAMES = ("k", "v", "__start__", "__never__", "m", "n")


@dataclass(frozen=True)
class Usage:
    """How much of each durable-rules limit a knowledge base uses."""

    names: int
    patterns: int
    rules: int

    def figures(self) -> tuple[tuple[str, int, int], ...]:
        """(what, used, limit) for each limit."""
        return (
            ("distinct names (fact names and text values tested)", self.names, MAX_NAMES),
            ("rule patterns", self.patterns, MAX_PATTERNS),
            ("rules", self.rules, MAX_RULES),
        )

    def exceeded(self) -> list[str]:
        """A sentence for each limit past its maximum (empty: the KB compiles)."""
        return [
            f"{used:,} {what}, more than durable-rules can take ({limit:,})"
            for what, used, limit in self.figures()
            if used > limit
        ]

    def nearing(self) -> list[str]:
        """A sentence for each limit at WARN_SHARE of its maximum or more, but not past it."""
        return [
            f"{used:,} {what}, near durable-rules' limit of {limit:,}"
            for what, used, limit in self.figures()
            if limit * WARN_SHARE <= used <= limit
        ]


def usage(kb: KnowledgeBase) -> Usage:
    """Count what compiling kb into durable-rules would use (no engine is imported)."""
    names: set[str] = set(_ENGINE_NAMES)
    patterns = 0
    widest = 0
    for rule in kb.rules:
        facts: set[str] = set()
        for leaf in pattern_leaves(rule.when):
            facts.add(leaf.fact)
            values = leaf.value if isinstance(leaf.value, (tuple, list)) else (leaf.value,)
            names.update(v for v in values if isinstance(v, str))
        names.update(facts)
        patterns += max(1, len(facts))
        widest = max(widest, len(facts))
    names.update(f"a{i}" for i in range(max(1, widest)))
    return Usage(names=len(names), patterns=patterns + 2, rules=len(kb.rules) + 2)


_said: set[str] = set()


def choose(kb: KnowledgeBase, which: str) -> str:
    """The engine to use for kb given the one asked for ('auto', 'durable' or 'reference').

    Past a durable-rules limit, 'auto' becomes 'reference' (said once per KB on stderr) and
    'durable' raises LimitError naming the limit; otherwise which is returned unchanged.
    """
    if which not in ("auto", "durable"):
        return which
    over = usage(kb).exceeded()
    if not over:
        return which
    if which == "durable":
        raise LimitError(
            f"knowledge base {kb.name} {kb.version} is too large for durable-rules: "
            + "; ".join(over)
            + ". Use --engine reference (or auto)"
        )
    if kb.content_hash not in _said:
        _said.add(kb.content_hash)
        sys.stderr.write(
            f"accord: note: knowledge base {kb.name} {kb.version} is past durable-rules' "
            f"limits ({'; '.join(over)}); using the reference engine\n"
        )
    return "reference"
