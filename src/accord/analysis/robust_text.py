"""A robustness result as plain text for a terminal (`accord robustness --format text`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.errors import show

if TYPE_CHECKING:
    from accord.analysis.robust_result import Robustness


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def robustness_text(result: Robustness, top: int = 10) -> str:
    """The calls, the risks and the `top` drivers of the spread, in short tables."""
    lines = [
        f"Robustness of {show(result.title)!r} ({show(result.source)}) to what it leaves unknown",
    ]
    n = len(result.unknown)
    if n == 0:
        lines.append("Every fact is stated: one world, assessed once.")
    else:
        lines.append(
            f"{result.worlds:,} worlds drawn over {n} unknown fact{'s' if n != 1 else ''} "
            f"(seed {result.seed}; engine {result.engine}; knowledge base {result.kb_name} "
            f"{result.kb_version})."
        )
    if result.priors_ignored:
        lines.append(
            "Priors not used (the proposal states these facts): " + ", ".join(result.priors_ignored)
        )
    if n:
        lines += ["", *_caveat(result)]
    lines += ["", "Call                        worlds     share"]
    for s in result.calls:
        lines.append(f"  {s.what:24s} {s.worlds:8,} {_pct(s.share):>9s}")
    lines += ["", "Risks raised (share of worlds; by severity and likelihood)"]
    if not result.risks:
        lines.append("  none in any world")
    for r in result.risks:
        detail = "; ".join(f"{o.what} {_pct(o.share)}" for o in r.outcomes)
        lines.append(f"  {r.id:10s} {_pct(r.share):>7s}  {show(r.title)} ({detail})")
    if n:
        lines += [
            "",
            f"What drives the spread ({result.spread:.3f} bits of entropy in the call): what "
            "each unknown tells about the call (bits, share of that entropy) and about which "
            "risks are raised (bits, summed over the risks)",
        ]
        moving = [d for d in result.drivers if d.information > 0 or d.risk_information > 0]
        shown = moving[:top]
        if not any(d.information > 0 for d in shown):
            lines.append("  the call is the same in every world")
        if shown:
            lines.append(f"  {'fact':32s} {'call':>6s} {'share':>7s} {'risks':>6s}")
        for d in shown:
            lines.append(
                f"  {d.fact:32s} {d.information:6.3f} {_pct(d.share):>7s} "
                f"{d.risk_information:6.3f}  {show(d.label)}"
            )
            if d.information > 0:
                for v in d.values:
                    calls = ", ".join(f"{c.what} {_pct(c.share)}" for c in v.calls)
                    lines.append(f"      = {show(v.value):26s} {calls}")
        if len(moving) > len(shown):
            lines.append(
                f"  ... and {len(moving) - len(shown)} more (--format json lists them all)"
            )
    return "\n".join(lines) + "\n"


def _caveat(result: Robustness) -> list[str]:
    """How the shares may be read, wrapped at 100 columns: under which chances they were drawn."""
    import textwrap

    how = (
        "every unknown equally likely to take each allowed value (no priors given)"
        if {d.source for d in result.drivers} <= {"uniform"}
        else "the chances of the priors given (uniform for the other unknowns)"
    )
    caveat = (
        f"Read the shares as how the call depends on what is unknown, drawn with {how}; "
        "they are not the chance that the call is right. Give priors (--priors, --survey) "
        "to weigh the worlds by what is believed."
    )
    return textwrap.wrap(caveat, 100)
