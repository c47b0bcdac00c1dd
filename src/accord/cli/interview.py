"""Interactive questionnaires in the terminal: the readiness survey and a new proposal.

Every answer is saved (atomically) before the next question is asked, so an interrupted run
loses nothing and the same command resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from accord.cli.output import atomic_write

QUIT = "q"  # typed to save and stop; also the outcome of a question where it was typed
STOPPED, SKIPPED, ANSWERED = "stopped", "skipped", "answered"


def ask(prompt: str) -> str | None:
    """Read one line; None at end of input (Ctrl-D) or interrupt (Ctrl-C)."""
    try:
        return click.prompt(prompt, default="", show_default=False, prompt_suffix="> ")
    except (click.Abort, EOFError, KeyboardInterrupt):
        return None


def take_survey(output: Path, organisation: str | None, role: str | None, kb: Any) -> int:
    """Run (or resume) the readiness survey, saving to output after every answer.

    kb is a loaded KnowledgeBase (its survey.yaml is the instrument). Returns the exit code:
    0 when finished or stopped with q, 130 at end of input or interrupt. Raises
    InputFileError when output exists and is not a valid answers file.
    """
    from accord.survey.answers import dump_response, load_response, pending_items
    from accord.survey.instrument import load_survey

    inst = load_survey(kb)
    answers: dict[str, int | str] = {}
    if output.exists():
        previous = load_response(output, inst)
        answers = dict(previous.answers)
        organisation = organisation or previous.organisation
        role = role if role is not None else previous.role
        click.echo(f"Resuming {output}: {len(answers)} of {len(inst.items)} statements answered.")
    _survey_intro(inst)
    while not organisation:
        typed = ask("Your organisation")
        if typed is None:
            return 130
        organisation = typed.strip()
    if role is None:
        role = (ask("Your role (optional)") or "").strip()

    def save() -> None:
        atomic_write(output, dump_response(inst, organisation or "", role or "", answers))

    save()
    total = len(inst.items)
    position = {it.id: n for n, it in enumerate(inst.items, start=1)}
    for item in pending_items(inst, answers):
        label = inst.dimensions[item.dimension].label
        click.echo(
            f"\n[{position[item.id]}/{total}] ({len(answers)} answered) {label}: {item.text}"
        )
        outcome = _ask_item(item.id, answers, save)
        if outcome == STOPPED:
            click.echo(
                f"\nStopped. {len(answers)} answers are saved in {output}; run the same command to resume."
            )
            return 130
        if outcome == QUIT:
            click.echo(f"Saved {len(answers)} answers in {output}; run the same command to resume.")
            return 0
    left = len(pending_items(inst, answers))
    if left:
        click.echo(
            f"\nSaved {len(answers)} answers in {output}; {left} skipped, asked again if you run the command again."
        )
    else:
        click.echo(f"\nAll {total} statements answered; saved in {output}.")
    return 0


def _survey_intro(inst: Any) -> None:
    click.echo(f"{inst.title} ({inst.id} {inst.version}), {len(inst.items)} statements.")
    click.echo("This is Accord's own instrument, not the published survey of the NIHR report.")
    scale = ", ".join(f"{n} = {label.lower()}" for n, label in inst.scale)
    click.echo(
        f"Answer {scale}; d = {inst.dont_know.lower()}; Enter skips for now; q saves and stops."
    )


def _ask_item(item_id: str, answers: dict[str, int | str], save: Callable[[], None]) -> str:
    """Ask one survey statement until it is answered, skipped, quit or input stops."""
    from accord.survey.answers import parse_answer

    while True:
        typed = ask("  answer")
        if typed is None:
            return STOPPED
        if typed.strip().lower() == QUIT:
            return QUIT
        if not typed.strip():
            return SKIPPED
        answer = parse_answer(typed)
        if answer is None:
            click.echo("  Please type 1-5, d, q, or press Enter to skip.")
            continue
        answers[item_id] = answer
        save()
        return ANSWERED


def new_interactive(output: Path, kb: Any) -> int:
    """Ask the vocabulary's questions one by one and write a valid proposal, resumable.

    kb is a loaded KnowledgeBase. Returns the exit code: 0 when finished or stopped with q,
    130 at end of input or interrupt. Raises ProposalError (or InputFileError) when output
    exists and is not a valid proposal.
    """
    from accord.inputs.template import interview_text

    title, facts, asked = _resume_proposal(output, kb)
    click.echo(
        "Answer each question, or press Enter to leave it unknown (never assumed); q saves and stops."
    )
    while not title:
        typed = ask("Title of the proposed collaboration")
        if typed is None:
            return 130
        title = typed.strip()

    def save() -> None:
        atomic_write(output, interview_text(kb, title, facts, asked))

    save()
    names = [n for n in kb.facts if n not in asked]
    for n, name in enumerate(names, start=len(asked) + 1):
        fdef = kb.facts[name]
        click.echo(f"\n[{n}/{len(kb.facts)}] {fdef.question}")
        _show_choices(fdef)
        outcome = _ask_fact(fdef, facts, asked, save)
        if outcome == STOPPED:
            click.echo(f"\nStopped; saved in {output}. Run the same command to resume.")
            return 130
        if outcome == QUIT:
            click.echo(f"Saved in {output}; run the same command to resume.")
            return 0
    click.echo(f"\nDone; the proposal is in {output}. Assess it with: accord assess {output}")
    return 0


def _resume_proposal(output: Path, kb: Any) -> tuple[str, dict[str, Any], set[str]]:
    """(title, facts given, facts asked) of an unfinished proposal file; empty when none."""
    if not output.exists():
        return "", {}, set()
    from accord.inputs.proposal import load_proposal
    from accord.kb.yamlread import load_yaml  # to read back our own 'unknown' markers

    prop = load_proposal(output, kb)
    raw = load_yaml(output).data or {}
    asked = set((raw.get("facts") or {}).keys())
    click.echo(f"Resuming {output}: {len(asked)} of {len(kb.facts)} questions answered or skipped.")
    return prop.title, dict(prop.facts), asked


def _show_choices(fdef: Any) -> None:
    for i, (value, meaning) in enumerate(fdef.values, start=1):
        click.echo(f"  {i}. {value}: {meaning}")
    if fdef.type == "bool":
        click.echo("  y / n")
    elif fdef.type == "int":
        click.echo(f"  a whole number from {fdef.minimum} to {fdef.maximum}")
    elif fdef.type == "set":
        click.echo("  (one or more, separated by commas)")


def _ask_fact(fdef: Any, facts: dict[str, Any], asked: set[str], save: Callable[[], None]) -> str:
    """Ask one vocabulary question until it is answered, skipped, quit or input stops."""
    options = list(fdef.value_names)
    while True:
        typed = ask("  answer")
        if typed is None:
            return STOPPED
        text = typed.strip()
        if text.lower() == QUIT:
            return QUIT
        if not text:
            asked.add(fdef.name)
            save()
            return SKIPPED
        value = _interpret(fdef, options, text)
        if value is None:
            click.echo("  Not an allowed answer; try again, or press Enter to skip.")
            continue
        facts[fdef.name] = value
        asked.add(fdef.name)
        save()
        return ANSWERED


def _interpret(fdef: Any, options: list[str], text: str) -> Any:
    def one(token: str) -> str | None:
        token = token.strip()
        if token.isdigit() and 1 <= int(token) <= len(options):
            return options[int(token) - 1]
        return token if token in options else None

    if fdef.type == "enum":
        return one(text)
    if fdef.type == "set":
        values = [one(t) for t in text.split(",")]
        return tuple(sorted(set(values))) if values and all(values) else None
    if fdef.type == "bool":
        return {"y": True, "yes": True, "true": True, "n": False, "no": False, "false": False}.get(
            text.lower()
        )
    if text.isdigit():
        value = int(text)
        lo = fdef.minimum if fdef.minimum is not None else value
        hi = fdef.maximum if fdef.maximum is not None else value
        return value if lo <= value <= hi else None
    return None
