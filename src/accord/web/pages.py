"""Pages of the web app: the jinja2 environment, the assessment view and the error summary.

Templates live in accord/web/templates and are rendered with autoescape on, so everything a
user typed or uploaded is escaped wherever it is shown; StrictUndefined makes a misspelt name
in a template an error rather than an empty string.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from accord.engine.assessment import Assessment
from accord.errors import AccordError, Problem
from accord.kb.model import KnowledgeBase
from accord.report.context import BriefContext, build_context
from accord.web.formspec import FormSpec, field_id, field_label


@dataclass(frozen=True)
class ErrorItem:
    """One line of an error summary: the message and the form element it links to."""

    text: str
    target: str  # an element id on the page


@dataclass(frozen=True)
class WhatIf:
    """One "what would change this advice" item, with the value a button would set."""

    sentence: str
    label: str
    fact: str
    value: str  # "fact=value" for the button, or "" when the form cannot set it
    answer: str


@dataclass(frozen=True)
class AssessmentView:
    """What the assessment panel shows: the brief's context plus the what-if buttons."""

    brief: BriefContext
    whatifs: tuple[WhatIf, ...]
    risk_count: int


def environment() -> jinja2.Environment:
    """The jinja2 environment of the web pages: package templates (and the report's, for the
    mechanism chart), autoescape, strict."""
    env = jinja2.Environment(
        # the web pages, then the report's templates (the mechanism chart is the brief's own)
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("accord.web", "templates"),
                jinja2.PackageLoader("accord.report", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def problem_text(p: Problem, where: str) -> str:
    """A problem in words, as the CLI gives it: where (file, line and field, or the form
    field's name), the message, then the did-you-mean or what was expected."""
    text = f"{where}: {p.message}" if where else p.message
    if p.hint:
        text += f"; {p.hint}"
    elif p.expected and len(p.expected) <= 160:
        text += f". Expected {p.expected}"
    return text


def error_items(
    exc: AccordError, *, spec: FormSpec | None, rows: list[int], fallback: str
) -> list[ErrorItem]:
    """The error summary's lines for exc: one per problem (or the message when it has none).

    spec is the form's, for problems with what the form says: each is named by its question's
    label and linked to its field (rows: formspec.partner_rows_used of the form's state). With
    spec None the problems are a file's: named by file, line and field as the CLI names them,
    and linked to fallback (the upload control), as is a problem whose field is not on the form.
    """
    if not exc.problems:
        return [ErrorItem(exc.message, fallback)]
    out = []
    for p in exc.problems[:50]:
        if spec is None:
            where = f"{p.file}, line {p.line}" if p.line else p.file
            where += f", field '{p.field}'" if p.field else ""
            out.append(ErrorItem(problem_text(p, where), fallback))
        else:
            where = field_label(p.field, spec, rows) or ""
            target = field_id(p.field, rows) or fallback
            out.append(ErrorItem(problem_text(p, where), target))
    if len(exc.problems) > 50:
        out.append(ErrorItem(f"... and {len(exc.problems) - 50} more problems", fallback))
    return out


def assessment_view(
    a: Assessment, kb: KnowledgeBase, spec: FormSpec, date: str, library_score: str
) -> AssessmentView:
    """The panel beside the form: the brief's context (accord.report.context) for the call,
    risks, favour, chart and chains, and a button for each fact that would change the advice."""
    brief = build_context(a, date, kb.presentation, library_score)
    whatifs = []
    for m in a.missing:
        ff = spec.facts.get(m.fact)
        answer = m.if_value
        settable = ff is not None and (ff.type == "int" or answer in {c.value for c in ff.choices})
        if ff is not None and ff.type == "bool":
            answer = {"true": "Yes", "false": "No"}.get(answer, answer)
        else:
            answer = kb.facts[m.fact].meaning(m.if_value) if m.fact in kb.facts else answer
        whatifs.append(
            WhatIf(
                sentence=m.sentence,
                label=m.label,
                fact=m.fact,
                value=f"{m.fact}={m.if_value}" if settable else "",
                answer=answer,
            )
        )
    return AssessmentView(brief, tuple(whatifs), len(brief.risks))
