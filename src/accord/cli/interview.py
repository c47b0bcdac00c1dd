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
from accord.kb.wording import count

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
                f"\nStopped. {count(len(answers), 'answer')} {'is' if len(answers) == 1 else 'are'} saved in {output}; run the same command to resume."
            )
            return 130
        if outcome == QUIT:
            click.echo(
                f"Saved {count(len(answers), 'answer')} in {output}; run the same command to resume."
            )
            return 0
    left = len(pending_items(inst, answers))
    if left:
        click.echo(
            f"\nSaved {count(len(answers), 'answer')} in {output}; {left} skipped, asked again if you run the command again."
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
    """Ask for the partners, then the vocabulary's questions one by one; write a valid proposal.

    kb is a loaded KnowledgeBase. Partners come first: each one's name, role, sectors and own
    facts (financial position, performance, leadership, capacity), saved when the partner is
    complete; an empty name ends the list. Facts the partner list fills in (partners_count,
    sectors and the like) are then not asked. Every answer is saved before the next question,
    so the same command resumes. Returns the exit code: 0 when finished or stopped with q, 130
    at end of input or interrupt. Raises ProposalError (or InputFileError) when output exists
    and is not a valid proposal.
    """
    from accord.inputs.template import interview_text

    title, facts, asked, partners = _resume_proposal(output, kb)
    click.echo(
        "Answer each question, or press Enter to leave it unknown (never assumed); q saves and stops."
    )
    while not title:
        typed = ask("Title of the proposed collaboration")
        if typed is None:
            return 130
        title = typed.strip()

    def save() -> None:
        atomic_write(output, interview_text(kb, title, facts, asked, partners))

    save()
    if not asked:  # partners are asked before any fact; once facts are asked the list is final
        outcome = _ask_partners(partners, kb, save)
        if outcome == STOPPED:
            click.echo(f"\nStopped; saved in {output}. Run the same command to resume.")
            return 130
        if outcome == QUIT:
            click.echo(f"Saved in {output}; run the same command to resume.")
            return 0
    from_partners = _filled_by_partners(kb, title, facts, partners)
    questions = [n for n in kb.facts if n not in from_partners]
    number = {name: i for i, name in enumerate(questions, start=1)}  # stable when resumed
    for name in [n for n in questions if n not in asked]:
        fdef = kb.facts[name]
        click.echo(f"\n[{number[name]}/{len(questions)}] {fdef.question}")
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


def _resume_proposal(
    output: Path, kb: Any
) -> tuple[str, dict[str, Any], set[str], list[dict[str, Any]]]:
    """(title, facts given, facts asked, partners) of an unfinished proposal; empty when none."""
    if not output.exists():
        return "", {}, set(), []
    from accord.inputs.proposal import load_proposal
    from accord.kb.yamlread import load_yaml  # to read back our own 'unknown' markers

    prop = load_proposal(output, kb)
    raw = load_yaml(output).data or {}
    asked = set((raw.get("facts") or {}).keys())
    partners = [dict(p) if isinstance(p, dict) else {"name": p} for p in raw.get("partners") or []]
    given = {k: v for k, v in prop.facts if k not in prop.derived_from_partners}
    questions = [n for n in kb.facts if n not in prop.derived_from_partners]
    done = sum(1 for n in questions if n in asked)
    click.echo(
        f"Resuming {output}: {len(partners)} partners, "
        f"{done} of {len(questions)} questions answered or skipped."
    )
    return prop.title, given, asked, partners


def _filled_by_partners(
    kb: Any, title: str, facts: dict[str, Any], partners: list[dict[str, Any]]
) -> tuple[str, ...]:
    """The facts the partner list fills in, which the interview then does not ask."""
    if not partners:
        return ()
    from accord.inputs.proposal import proposal_from_dict

    data = {"title": title, "partners": partners, "facts": dict(facts)}
    return proposal_from_dict(data, kb, "<interview>").derived_from_partners


def _ask_partners(partners: list[dict[str, Any]], kb: Any, save: Callable[[], None]) -> str:
    """Ask for partners until an empty name; each complete partner is saved at once."""
    from accord.inputs.partners import PARTNER_KEYS, ROLES

    click.echo("\nThe partners: for each, its name, role, sectors and its own position.")
    sectors = list(kb.facts["sectors"].value_names) if "sectors" in kb.facts else []
    while True:
        name = ask(f"Partner {len(partners) + 1} name (Enter when all are listed)")
        if name is None:
            return STOPPED
        name = name.strip()
        if name.lower() == QUIT:
            return QUIT
        if not name:
            return ANSWERED
        entry: dict[str, Any] = {"name": name}
        steps: list[tuple[str, str, list[tuple[str, str]], bool]] = [
            ("role", "Its role", list(ROLES.items()), False)
        ]
        if sectors:
            steps.append(("sector", "Its sectors", list(kb.facts["sectors"].values), True))
        for key, fact in PARTNER_KEYS.items():
            if fact in kb.facts:
                label = key.replace("_", " ")
                steps.append((key, f"Its {label}", list(kb.facts[fact].values), False))
        for key, prompt, choices, many in steps:
            click.echo(f"  {prompt}" + (" (one or more, separated by commas)" if many else ""))
            for i, (value, meaning) in enumerate(choices, start=1):
                click.echo(f"    {i}. {value}: {meaning}")
            value = _ask_choice([v for v, _ in choices], many)
            if value is STOPPED:
                return STOPPED
            if value is QUIT:
                return QUIT
            if value is not None:
                entry[key] = value
        partners.append(entry)
        save()


def _ask_choice(options: list[str], many: bool) -> Any:
    """One answer from options (by number or name); None when skipped with Enter."""
    while True:
        typed = ask("  answer")
        if typed is None:
            return STOPPED
        text = typed.strip()
        if text.lower() == QUIT:
            return QUIT
        if not text:
            return None
        if many:
            picked = [_choice(options, t) for t in text.split(",")]
            if all(picked):
                values = sorted(set(picked), key=options.index)  # type: ignore[arg-type]
                return values[0] if len(values) == 1 else values
        elif _choice(options, text):
            return _choice(options, text)
        click.echo("  Not an allowed answer; try again, or press Enter to skip.")


def _choice(options: list[str], token: str) -> str | None:
    token = token.strip()
    if token.isdigit() and 1 <= int(token) <= len(options):
        return options[int(token) - 1]
    return token if token in options else None


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
        return _choice(options, token)

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
