"""Decision analysis for notebooks and the CLI: what-if, options side by side, why-not.

    import accord
    kb = accord.load_kb()
    p = accord.load_proposal("examples/mandated-merger.yaml", kb)
    w = accord.what_if(p, kb, set={"legal_basis": "contract"})   # w.changes: what differs
    c = accord.compare([p, accord.load_proposal("examples/acquisition.yaml", kb)], kb)
    n = accord.why_not(p, kb, "RISK-20")                         # why it was not raised

Every function assesses with the same engine and knowledge base, so the differences it
reports come from the proposals alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from accord.engine.assessment import Assessment
from accord.engine.compare import Comparison, Option, WhatIf, all_advice, comparison, diff
from accord.engine.explain import assess
from accord.engine.phrasing import form_words, rule_text, shared_form
from accord.engine.whynot import RuleCheck, Target, WhyNot
from accord.errors import LimitError, UsageError
from accord.inputs.changes import fact_def, parse_value, settings_text, with_facts
from accord.inputs.proposal import FactValue, Proposal
from accord.kb.model import KnowledgeBase

MAX_OPTIONS = 12  # options in one comparison (a table wider than this is not read)


def what_if(
    proposal: Proposal,
    kb: KnowledgeBase,
    set: Mapping[str, Any] | None = None,
    unset: Iterable[str] = (),
    *,
    engine: str = "auto",
    before: Assessment | None = None,
    survey: Sequence[str | Path] = (),
) -> WhatIf:
    """Assess a proposal with some facts changed and say what differs from it as written.

    proposal: from accord.load_proposal or proposal_from_dict with kb; set: {fact: value}, a
    value as the vocabulary types it (str for a choice, bool, int, a list for a set fact such
    as sectors) or as text ('yes', '3', 'acute+community'; 'unknown' makes it unknown); unset:
    fact names to make unknown; engine: "auto", "durable" or "reference"; before: the
    proposal's assessment when already made (else it is made here, without its list of what
    would change the advice, which the diff does not read); survey: readiness-survey
    answers files or folders, applied to both after the change (they fill only facts left
    unknown). Returns a WhatIf. Raises
    UsageError for an unknown fact or value (with the closest name), ProposalError when the
    change contradicts the partner list.
    """
    unset = tuple(dict.fromkeys(unset))
    from accord.survey.apply import with_survey

    changed, used_after = with_survey(with_facts(proposal, kb, set=set, unset=unset), kb, survey)
    if before is None:
        written, used = with_survey(proposal, kb, survey)
        before = assess(written, kb, engine, missing=False, survey=used)
    after = assess(changed, kb, engine, survey=used_after)
    shown: dict[str, FactValue | None] = {
        n: v for n, v in dict(changed.facts).items() if n in (set or {})
    }
    shown.update({n: None for n in (set or {}) if n not in shown})
    return WhatIf(
        tuple(sorted(settings_text(shown).items())),
        tuple(sorted(unset)),
        before,
        after,
        diff(before, after),
    )


def compare(
    items: Sequence[Proposal | Assessment],
    kb: KnowledgeBase,
    *,
    labels: Sequence[str] | None = None,
    engine: str = "auto",
) -> Comparison:
    """Put proposals (or their assessments) side by side; never picks one.

    items: Proposals (assessed here, without the list of what would change the advice, which
    a comparison does not read) or Assessments made with kb, 1 to MAX_OPTIONS of them;
    labels: a column name per item (default: each title, with the file name where titles
    repeat). Returns a Comparison: one row per call, risk (severity, likelihood), mechanism
    and piece of advice, rows that differ marked, and for each option what it gains and costs
    against the others. Raises UsageError for no items, labels of the wrong number, or an
    assessment made with another knowledge base; LimitError for more than MAX_OPTIONS.
    """
    if not items:
        raise UsageError("nothing to compare: give at least one proposal")
    if len(items) > MAX_OPTIONS:
        raise LimitError(f"{len(items)} options to compare; at most {MAX_OPTIONS} fit one table")
    done = [x if isinstance(x, Assessment) else assess(x, kb, engine, missing=False) for x in items]
    for a in done:
        if a.provenance.kb_hash != kb.content_hash:
            raise UsageError(
                f"'{a.title}' was assessed with another knowledge base "
                f"({a.provenance.kb_name} {a.provenance.kb_version}); assess it with this one"
            )
    names = list(labels) if labels is not None else default_labels(done)
    if len(names) != len(done):
        raise UsageError(f"{len(names)} labels for {len(done)} options")
    options = [
        Option(n, a.title, a.provenance.input, a.overall.level)
        for n, a in zip(names, done, strict=True)
    ]
    favourable = kb.presentation.favourable if kb.presentation else {}
    return comparison(options, done, favourable, shared_titles(kb, done))


def default_labels(assessments: Sequence[Assessment]) -> list[str]:
    """Each title; where titles repeat, with its file name; where those repeat, numbered."""
    titles = [a.title for a in assessments]
    out = [
        t if titles.count(t) == 1 else f"{t} ({a.provenance.input})"
        for t, a in zip(titles, assessments, strict=True)
    ]
    return [o if out.count(o) == 1 else f"{o} #{i + 1}" for i, o in enumerate(out)]


def variants(
    proposal: Proposal, kb: KnowledgeBase, vary: Mapping[str, Sequence[Any]]
) -> list[tuple[Option, Proposal]]:
    """The proposal under every combination of the values given for each fact.

    vary: {fact: [value, ...]} in the order to show them (values typed or as text, as in
    what_if). Returns (Option, changed Proposal) pairs; an option equal to the proposal as
    written is labelled so. Raises UsageError for an unknown fact or value, or no values;
    LimitError for more than MAX_OPTIONS combinations.
    """
    if not vary:
        raise UsageError("no options: give --form or --vary FACT=V1,V2")
    axes: list[list[tuple[str, FactValue | None]]] = []
    for name, values in vary.items():
        fdef = fact_def(kb, name, "--vary")
        if not values:
            raise UsageError(f"--vary {name}: give at least one value")
        typed = [parse_value(fdef, v, "--vary") if isinstance(v, str) else v for v in values]
        axes.append([(name, v) for v in dict.fromkeys(typed)])
    total = 1
    for axis in axes:
        total *= len(axis)
    if total > MAX_OPTIONS:
        raise LimitError(
            f"{total} combinations of values; at most {MAX_OPTIONS} options fit one table"
        )
    given = proposal.fact_map()
    out = []
    for combo in itertools.product(*axes):
        settings = dict(combo)
        changed = with_facts(proposal, kb, set=settings)
        label = _label(kb, settings, len(axes))
        if all(given.get(n) == v for n, v in settings.items()):
            label += " (as written)"
        shown = tuple(sorted(settings_text(settings).items()))
        out.append((Option(label, proposal.title, proposal.source, "", shown), changed))
    return out


def _label(kb: KnowledgeBase, settings: Mapping[str, FactValue | None], axes: int) -> str:
    parts = []
    for name, value in settings.items():
        text = settings_text({name: value})[name].replace("+", ", ").replace("_", " ")
        if name == "form" and value is not None:
            text = form_words(kb, value).placeholders()["Form"]  # the wording's name for it
        elif axes == 1:
            text = text[:1].upper() + text[1:]
        fdef = kb.facts[name]
        parts.append(
            text if axes == 1 and fdef.type in ("enum", "set") else f"{fdef.label}: {text}"
        )
    return "; ".join(parts)


def options(
    proposal: Proposal,
    kb: KnowledgeBase,
    vary: Mapping[str, Sequence[Any]],
    *,
    engine: str = "auto",
) -> Comparison:
    """Compare the proposal under other values of some facts (other forms, other terms).

    vary: as for `variants`, e.g. {"form": ["merger", "chain_or_group", "alliance"]}. Returns
    a Comparison whose options carry the facts each sets (assessed as in `compare`). Raises
    as `variants` does.
    """
    pairs = variants(proposal, kb, vary)
    done = [assess(p, kb, engine, missing=False) for _, p in pairs]
    opts = [
        Option(o.label, o.title, o.source, a.overall.level, o.settings)
        for (o, _), a in zip(pairs, done, strict=True)
    ]
    favourable = kb.presentation.favourable if kb.presentation else {}
    return comparison(opts, done, favourable, shared_titles(kb, done))


def shared_titles(kb: KnowledgeBase, assessments: Sequence[Assessment]) -> dict[str, str]:
    """{rule id: title} for the risks and advice of assessments, their form words filled for
    the form all of them hold, or form-neutrally (the presentation's default form wording)
    when their forms differ, so one row title is true of every option. Raises nothing."""
    forms = [next((f.value for f in a.facts if f.fact == "form"), None) for a in assessments]
    form = shared_form(forms)
    ids = {r.id for a in assessments for r in a.risks}
    ids |= {i for a in assessments for i in all_advice(a)}
    return {i: rule_text(kb, kb.rule(i), "title", form) for i in sorted(ids) if i in kb.rule_index}


def why_not(proposal: Proposal, kb: KnowledgeBase, target: str, *, engine: str = "auto") -> WhyNot:
    """Say why a conclusion does or does not hold for a proposal, and what would make it hold.

    target: a risk, recommendation or life-cycle check id ("RISK-07", "REC-02"), a mechanism,
    outcome or typology state ("trust=high", "integration=full"), a fact the proposal may
    state ("legal_basis=contract"), or a typology value alone when one dimension has it.
    Returns a WhyNot (engine.whynot): whether it holds and why; else each rule that could
    conclude it with the conditions that failed (and the proposal's value), whether a guard
    or the weighing decided it, and the nearest facts to change (the fewest changes found by
    re-assessing candidate changes, engine/whynot_search.py). Raises UsageError for an
    unknown target (with the closest known one) or engine.
    """
    from accord.engine import get_engine
    from accord.engine.explain import origins
    from accord.engine.weighing import Weigher
    from accord.engine.whynot import explain_why, holds, resolve_target, rule_checks
    from accord.engine.whynot_search import search

    aim = resolve_target(kb, target, proposal.fact_map().get("form"))
    eng = get_engine(kb, engine)
    org = origins(proposal)
    inf = eng.infer(proposal.facts, org)
    assessment = assess(proposal, kb, eng, missing=False)
    hold = holds(aim, inf)
    checks = rule_checks(kb, aim, inf, {m.name: m.state for m in assessment.mechanisms})
    decided = (
        "holds"
        if hold
        else "facts"
        if aim.kind == "fact"
        else "weighing"
        if any(c.fired for c in checks)
        else "guard"
    )
    nearest: tuple = ()
    searched = ""
    if not hold:
        ref = get_engine(kb, "reference")
        weigher = getattr(eng, "weigher", None) or Weigher(kb)

        def infer(facts: dict[str, FactValue], changed: set[str]) -> Any:
            kept = {k: v for k, v in org.items() if k not in changed}
            return ref.infer(tuple(sorted(facts.items())), kept)

        nearest, searched = search(kb, proposal, aim, inf, weigher, infer)
        if any(c.fact == "form" for alt in nearest for c in alt):
            aim, checks = _form_neutral(kb, target, checks)
    return WhyNot(
        aim, hold, decided, explain_why(kb, aim, assessment, hold), checks, nearest, searched
    )


def _form_neutral(
    kb: KnowledgeBase, target: str, checks: Sequence[RuleCheck]
) -> tuple[Target, tuple[RuleCheck, ...]]:
    """The target and rule checks titled form-neutrally (the default form wording): for a
    why-not whose nearest changes would change the form, so no title names the form the
    proposal would leave."""
    from accord.engine.whynot import resolve_target

    neutral = tuple(replace(c, title=rule_text(kb, kb.rule(c.rule), "title", None)) for c in checks)
    return resolve_target(kb, target, None), neutral
