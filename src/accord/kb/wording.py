"""How a knowledge base names each form of collaboration: in rule texts and in a proposal's
one-sentence summary.

presentation.yaml's `forms:` gives each form (a value of the vocabulary's `form` fact, or
`default` for any form it does not list) a noun, its plural, an optional article, and a
`sentence:` grammar: templates tried in order, the first whose every slot is filled is used.
Rule titles, reasons and advice may write FORM_PLACEHOLDERS ({form}, {a_form}, ...) where a
rule shared by several forms names the form; they are filled with the proposal's form words
(accord.engine.phrasing). `initiation:` gives a phrase per way a collaboration was initiated,
and `stage:` the phrase naming the life-cycle stage; both close the one-sentence summary.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.errors import Problem, did_you_mean
from accord.kb.problems import Collector

DEFAULT_FORM = "default"
# Placeholders a rule's title, because or advice may use, filled from the proposal's form.
FORM_PLACEHOLDERS = ("form", "forms", "a_form", "Form", "A_form")
# Slots a summary template may use: partners by role (accord.inputs.roles), everyone, the
# partners on no leading side, and the form words.
ROLE_SLOTS = ("acquirer", "target", "lead", "supported", "buddy", "host", "member")
SENTENCE_SLOTS = ("partners", "others", *ROLE_SLOTS, *FORM_PLACEHOLDERS)
FORM_KEYS = ("noun", "plural", "article", "sentence")


@dataclass(frozen=True)
class FormWords:
    """The words for one form: noun ("merger"), plural ("mergers"), article ("a" or "an") and
    the summary grammar (templates over SENTENCE_SLOTS, tried in order)."""

    noun: str
    plural: str
    article: str
    sentences: tuple[str, ...]

    def placeholders(self) -> dict[str, str]:
        """The values of FORM_PLACEHOLDERS for this form."""
        a_form = f"{self.article} {self.noun}"
        return {
            "form": self.noun,
            "forms": self.plural,
            "a_form": a_form,
            "Form": self.noun[:1].upper() + self.noun[1:],
            "A_form": a_form[:1].upper() + a_form[1:],
        }


@dataclass(frozen=True)
class Wording:
    """presentation.yaml's wording: forms ({form value or 'default': FormWords}), initiation
    ({initiation value: phrase}) and stage (a phrase with a {stage} slot, '' for none)."""

    forms: dict[str, FormWords] = field(default_factory=dict)
    initiation: dict[str, str] = field(default_factory=dict)
    stage: str = ""

    def form(self, value: object) -> FormWords:
        """The words for a form value (its own entry, else default, else generic words)."""
        found = self.forms.get(str(value)) if value is not None else None
        return found or self.forms.get(DEFAULT_FORM) or GENERIC


GENERIC = FormWords("collaboration", "collaborations", "a", ("{partners} would collaborate",))


def fields_of(text: str) -> list[str] | None:
    """The {placeholders} in text, or None when its braces are not well formed."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return None


def fill(text: str, values: Mapping[str, str]) -> str:
    """text with its {placeholders} replaced from values (text without braces is returned as
    it is). The loader has checked every placeholder a knowledge-base text uses."""
    return text.format_map(values) if "{" in text else text


def read_wording(
    col: Collector,
    data: Mapping[str, Any],
    forms: Iterable[str],
    initiations: Iterable[str] = (),
) -> Wording:
    """Read the `forms`, `initiation` and `stage` keys of presentation.yaml's data.

    forms and initiations list the vocabulary's values of the form and initiation facts (an
    entry for another name is reported, with a did-you-mean). Problems go to col; returns
    what could be read.
    """
    known = (*forms, DEFAULT_FORM)
    out: dict[str, FormWords] = {}
    raw = col.mapping(data.get("forms", {}), ("forms",), "forms") or {}
    for name, entry in raw.items():
        path = ("forms", name)
        if name not in known:
            col.add(
                path,
                f"'{name}' is not a form",
                expected="a value of the form fact, or default",
                hint=col.hint(name, known),
            )
            continue
        words = _form_words(col, entry, path)
        if words is not None:
            out[str(name)] = words
    initiation = col.mapping(data.get("initiation", {}), ("initiation",), "initiation") or {}
    ways = tuple(initiations)
    for name in initiation:
        if name not in ways:
            col.add(
                ("initiation", name),
                f"'{name}' is not a way a collaboration is initiated",
                expected="a value of the initiation fact: " + ", ".join(ways),
                hint=col.hint(name, ways),
            )
    stage = col.text(data.get("stage"), ("stage",), required=False)
    _check_slots(col, stage, ("stage",), ("stage",))
    return Wording(
        out,
        {str(k): col.text(v, ("initiation", k)) for k, v in initiation.items()},
        stage,
    )


def _form_words(col: Collector, entry: Any, path: tuple[Any, ...]) -> FormWords | None:
    data = col.mapping(entry, path, "a form's words")
    if data is None:
        return None
    col.keys(data, path, required=("noun", "plural", "sentence"), optional=("article",))
    noun = col.text(data.get("noun"), path + ("noun",))
    article = col.text(data.get("article"), path + ("article",), required=False)
    if article and article not in ("a", "an"):
        col.add(path + ("article",), f"'{article}' is not an article", expected="a or an")
    sentences = data.get("sentence")
    if isinstance(sentences, str):
        sentences = [sentences]
    if not isinstance(sentences, list) or not sentences:
        col.add(path + ("sentence",), "must be a list of templates", expected="a list of text")
        sentences = []
    for i, template in enumerate(sentences):
        _check_slots(col, template, path + ("sentence", i), SENTENCE_SLOTS)
    return FormWords(
        noun=noun,
        plural=col.text(data.get("plural"), path + ("plural",)),
        article=article or ("an" if noun[:1].lower() in "aeiou" else "a"),
        sentences=tuple(str(s).strip() for s in sentences if isinstance(s, str)),
    )


def _check_slots(col: Collector, text: Any, path: tuple[Any, ...], slots: Iterable[str]) -> None:
    if not isinstance(text, str):
        if text is not None:
            col.add(path, "must be text", expected="text with {slots}")
        return
    names = fields_of(text)
    if names is None:
        col.add(path, "has a stray '{' or '}'", expected="{slot} pairs only")
        return
    for name in names:
        if name not in slots:
            col.add(
                path,
                f"'{{{name}}}' is not a slot here",
                expected="one of: " + ", ".join(slots),
                hint=col.hint(name, slots),
            )


def check_rule_texts(rules: Iterable[Any]) -> list[Problem]:
    """Problems with the placeholders in rules' title, because and advice: a stray brace, or
    a placeholder other than FORM_PLACEHOLDERS. rules are kb.model.Rule objects."""
    out: list[Problem] = []
    for rule in rules:
        for key in ("title", "because", "advice"):
            text = getattr(rule, key, "") or ""
            names = fields_of(text)
            if names is None:
                out.append(
                    Problem(
                        rule.file,
                        f"rule {rule.id}: {key} has a stray '{{' or '}}'",
                        rule.line,
                        key,
                        "{placeholder} pairs only",
                    )
                )
                continue
            for name in names:
                if name not in FORM_PLACEHOLDERS:
                    out.append(
                        Problem(
                            rule.file,
                            f"rule {rule.id}: '{{{name}}}' in its {key} is not a placeholder",
                            rule.line,
                            key,
                            "one of: " + ", ".join("{" + p + "}" for p in FORM_PLACEHOLDERS),
                            did_you_mean(name, FORM_PLACEHOLDERS),
                        )
                    )
    return out


def count(n: int, one: str, many: str | None = None) -> str:
    """A number with its noun in the right number: count(1, "risk") is "1 risk", count(2,
    "risk") "2 risks"; many gives an irregular plural (count(2, "analysis", "analyses")).
    The noun may be a phrase ("other unknown fact"): its last word takes the plural."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
