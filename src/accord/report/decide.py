"""Decision analysis as text and JSON: a what-if's changes, a comparison, a why-not.

Everything is written with labels and titles; identifiers appear only in brackets beside a
title or in id columns. JSON keeps field order; same input, same bytes.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from accord.engine.compare import Changes, Comparison, Row, WhatIf
from accord.engine.whynot import WhyNot
from accord.report.json import as_data, to_json

TEXT_WIDTH = 100  # columns a comparison table aims to fit
MIN_LABEL = 24  # narrowest label column, however many options
NO_GAIN = (
    "Nothing found in the risks, mechanisms and advice that the others lack; the knowledge "
    "base does not weigh the gains each option aims for."
)
NO_COST = (
    "No cost against the others in the risks, mechanisms and advice; the knowledge base does "
    "not weigh the gains each option aims for."
)
COMPARISON_SCHEMA = "accord.comparison/1"
WHY_NOT_SCHEMA = "accord.why-not/1"
SECTIONS = (
    ("call", "Overall call"),
    ("risk", "Risks (severity, likelihood)"),
    ("mechanism", "Mechanisms and outcomes"),
    ("advice", "Recommendations and checks"),
)


def words(value: str) -> str:
    return value.replace("_", " ")


def change_lines(changes: Changes) -> list[str]:
    """What a change did, one line per difference ('nothing changes' when none)."""
    if changes.empty:
        return ["Nothing changes: the same call, risks, mechanisms and advice."]
    out = []
    if changes.call:
        out.append(f"The call changes from {changes.call[0]} to {changes.call[1]}.")
    for r in changes.risks:
        context = " (context for every proposal of its form)" if r.scope == "form" else ""
        if r.change == "appears" and r.after:
            out.append(f"Raised: {r.title} ({', '.join(r.after)}){context}.")
        elif r.change == "disappears" and r.before:
            out.append(f"No longer raised: {r.title} (was {', '.join(r.before)}){context}.")
        elif r.before and r.after:
            out.append(f"Changed: {r.title}: from {', '.join(r.before)} to {', '.join(r.after)}.")
    for m in changes.mechanisms:
        was, now = _state(m.before, m.before_standard), _state(m.after, m.after_standard)
        out.append(f"{m.label}: {was} becomes {now}.")
    for a in changes.advice:
        kind = "Recommendation" if a.kind == "recommendation" else "Check"
        verb = "now given" if a.change == "gained" else "no longer given"
        out.append(f"{kind} {verb}: {a.title}.")
    return out


def _state(state: str, standard: str) -> str:
    """A state with the standard it met, unless the state already says it ('contested')."""
    return words(state) if state == standard else f"{words(state)} ({standard})"


def setting_words(w: WhatIf) -> str:
    """The changes asked for, in words: 'Legal or contractual basis set to contract; ...'."""
    labels = {f.fact: f.label for f in w.after.facts}
    parts = [f"{labels.get(n, n)} set to {words(v).replace('+', ', ')}" for n, v in w.set]
    parts += [f"{labels.get(n, n)} made unknown" for n in w.unset]
    return "; ".join(parts) or "no change"


def whatif_text(w: WhatIf) -> str:
    """The what-if section printed after the changed proposal's assessment (text)."""
    lines = ["What if", f"  {setting_words(w)}.", "  Against the proposal as written:"]
    lines += [f"  - {line}" for line in change_lines(w.changes)]
    return "\n".join(lines) + "\n"


def whatif_data(w: WhatIf) -> dict[str, Any]:
    """The `what_if` object of the JSON output: {set, unset, changes}."""
    return {
        "set": dict(w.set),
        "unset": list(w.unset),
        "changes": {**as_data(w.changes), "empty": w.changes.empty},
    }


def whatif_json(w: WhatIf) -> str:
    """The changed proposal's assessment as canonical JSON, with a `what_if` object added."""
    data = json.loads(to_json(w.after))
    data["what_if"] = whatif_data(w)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- comparison ------------------------------------------------------------------------------


def comparison_json(c: Comparison) -> str:
    """A comparison as JSON: options, rows, trades and whether any row differs (no assessments)."""
    data = {
        "schema": COMPARISON_SCHEMA,
        "identical": c.identical,
        "options": as_data(c.options),
        "rows": as_data(c.rows),
        "trades": as_data(c.trades),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(value: str, section: str) -> str:
    if not value:
        return "-" if section != "mechanism" else "?"
    return words(value)


def _grid(rows: list[Row], section: str) -> list[str]:
    """Rows as a table: the label (wrapped), then one column per option, headed 1, 2, ..."""
    cells = [[_cell(v, section) for v in r.values] for r in rows]
    n = len(rows[0].values)
    widths = [max([len(str(i + 1))] + [len(c[i]) for c in cells]) for i in range(n)]
    label_w = max(MIN_LABEL, TEXT_WIDTH - 2 - sum(w + 2 for w in widths))
    head = "  " + " " * label_w + "".join(f"  {i + 1:<{w}}" for i, w in enumerate(widths))
    out = [head.rstrip()]
    for r, c in zip(rows, cells, strict=True):
        ident = "" if section in ("call", "mechanism") else f" [{r.id}]"
        wrapped = textwrap.wrap(r.label + ident, label_w) or [""]
        line = f"  {wrapped[0]:<{label_w}}" + "".join(
            f"  {v:<{w}}" for v, w in zip(c, widths, strict=True)
        )
        out.append(line.rstrip())
        out += [f"  {more}" for more in wrapped[1:]]
    return out


def comparison_text(c: Comparison) -> str:
    """A comparison for the terminal: options, the rows that differ as a table (one column
    per option), then what each option trades."""
    out = ["Options compared"]
    for i, o in enumerate(c.options, 1):
        out.append(f"  {i}. {o.label} - {o.call}")
    if c.identical:
        out.append("")
        out.append(
            "No difference: every option reaches the same call, risks, mechanisms and advice."
        )
        return "\n".join(out) + "\n"
    for section, title in SECTIONS:
        rows = [r for r in c.rows if r.section == section and r.differs]
        same = sum(1 for r in c.rows if r.section == section and not r.differs)
        out += ["", f"{title}: {len(rows)} differ" + (f", {same} the same" if same else "")]
        if rows:
            out += _grid(rows, section)
    out += ["", "What each option trades (Accord does not choose)"]
    for t in c.trades:
        out.append(f"  {t.option}")
        gains = t.gains or (NO_GAIN,)
        costs = t.costs or (NO_COST,)
        for mark, said in [("+", g) for g in gains] + [("-", g) for g in costs]:
            out += textwrap.wrap(
                said, TEXT_WIDTH, initial_indent=f"    {mark} ", subsequent_indent="      "
            )
    return "\n".join(out) + "\n"


# --- why-not ---------------------------------------------------------------------------------


def whynot_json(w: WhyNot) -> str:
    data = {"schema": WHY_NOT_SCHEMA, **as_data(w)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


DECIDED = {
    "holds": "It holds.",
    "guard": "A guard decided it: no rule that could conclude it had its conditions met.",
    "weighing": (
        "The weighing decided it: a rule that concludes it fired, but the proof standard, "
        "the likelihood or a mitigation set its conclusion aside."
    ),
    "facts": "The proposal's own facts decide it.",
}


def whynot_text(w: WhyNot) -> str:
    """A why-not for the terminal."""
    t = w.target
    out = [f"Why {'' if w.holds else 'not '}{t.label} [{t.id}]", "  " + DECIDED[w.decided_by]]
    out += [f"  {s}" for s in w.why if s]
    if w.rules:
        out.append("Rules that could conclude it")
    for r in w.rules:
        state = "fired" if r.fired else "did not fire"
        out.append(f"  {r.title} [{r.rule}]: {state}")
        for f in r.failed:
            lead = "either " if f.either else ""
            now = "it has no signal" if f.now == "no signal" else f"it is {f.now}"
            out.append(f"    - {lead}{f.label} must be {f.needs}; {now}")
    if not w.holds:
        out.append("Nearest facts to change")
        if not w.nearest:
            out.append("  None found (" + w.searched + ").")
        for i, changes in enumerate(w.nearest, 1):
            said = "; and ".join(f"{c.label} from {c.now} to {c.to}" for c in changes)
            out.append(f"  {i}. {said}")
        if w.nearest:
            out.append(f"  (The search {w.searched}.)")
    return "\n".join(out) + "\n"
