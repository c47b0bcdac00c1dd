"""Words that depend on the proposal: rule texts in the proposal's form, and the one-sentence
summary of who does what.

Both read the knowledge base's wording (presentation.yaml `forms:`, `initiation:`, `stage:`;
accord.kb.wording) and, for the summary, the partners' roles (accord.inputs.roles).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from accord.inputs.proposal import Proposal
from accord.inputs.roles import LEAD_ROLES
from accord.kb.model import KnowledgeBase, Rule
from accord.kb.wording import GENERIC, ROLE_SLOTS, FormWords, Wording, fields_of, fill


def wording(kb: KnowledgeBase) -> Wording:
    """kb's wording, or an empty one when it has no presentation."""
    return kb.presentation.wording if kb.presentation is not None else Wording()


def form_words(kb: KnowledgeBase, form: object) -> FormWords:
    """The words naming a form value (None: no form stated) in kb's wording."""
    return wording(kb).form(form) if kb.presentation is not None else GENERIC


def rule_text(kb: KnowledgeBase, rule: Rule, key: str, form: object) -> str:
    """A rule's title, because or advice (key) with its form placeholders filled for form.

    form is the proposal's `form` value (None when it states none). Raises nothing: the loader
    has checked every placeholder (accord.kb.wording.check_rule_texts).
    """
    text: str = getattr(rule, key)
    return fill(text, form_words(kb, form).placeholders()) if "{" in text else text


def shared_form(forms: Iterable[object]) -> object:
    """The one form value every item holds, or None (the default, form-neutral wording) when
    they differ or none is given: what rule texts shown for several proposals at once (a
    comparison's rows, a robustness run's worlds) are filled with."""
    found = set(map(str, forms))
    return next(iter(found)) if len(found) == 1 and "None" not in found else None


def names(items: Sequence[str]) -> str:
    """Names joined as in a sentence: 'A', 'A and B', 'A, B and C' ('' for none)."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def one_sentence(kb: KnowledgeBase, proposal: Proposal) -> str:
    """The proposal in one sentence: who does what (the form's grammar), on whose initiative
    and at which life-cycle stage, e.g. "Severnbridge Hospitals NHS Foundation Trust would
    acquire Harrowfield Community Hospital NHS Trust, as national or system policy encourages;
    now at the planning stage."

    The first template of the form's `sentence:` list whose every slot is filled is used
    (partners by role: a partner whose role names none fills {member} and {others}). Returns
    '' when no template can be filled (no partner listed).
    """
    facts = proposal.fact_map()
    words = wording(kb)
    form = form_words(kb, facts.get("form"))
    slots = dict(form.placeholders())
    slots["partners"] = names([p.name for p in proposal.partners])
    for role in ROLE_SLOTS:
        slots[role] = names([p.name for p in proposal.partners if p.role_kind == role])
    slots["others"] = names([p.name for p in proposal.partners if p.role_kind not in LEAD_ROLES])
    if slots["member"] == "":
        slots["member"] = names([p.name for p in proposal.partners if p.role_kind is None])
    core = ""
    for template in form.sentences:
        needed = fields_of(template) or []
        if all(slots.get(n) for n in needed):
            core = fill(template, slots)
            break
    if not core:
        return ""
    text = core[:1].upper() + core[1:]
    how = words.initiation.get(str(facts.get("initiation", "")), "")
    if how:
        text += f", {how}"
    stage = facts.get("lifecycle_stage")
    if stage is not None and words.stage:
        text += "; " + fill(words.stage, {"stage": str(stage).replace("_", " ")})
    return text + "."
