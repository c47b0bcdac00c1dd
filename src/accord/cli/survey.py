"""`accord survey`: take the readiness survey in the terminal, and score answers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from accord.cli import EXIT_CODES_HELP, handle_errors, main
from accord.cli.options import format_option, kb_option, output_option


@main.group(epilog=EXIT_CODES_HELP)
def survey() -> None:
    """The readiness diagnostic and the collaboration maturity index (Accord's own instrument)."""


@survey.command(epilog=EXIT_CODES_HELP)
@output_option("Answers file; if it exists, the survey resumes where it stopped.", required=True)
@click.option("--organisation", default=None, help="Your organisation (asked if not given).")
@click.option("--role", default=None, help="Your role (asked if not given).")
@kb_option
@handle_errors
def take(output: Path, organisation: str | None, role: str | None, kb_dir: Path | None) -> None:
    """Answer the survey statement by statement; every answer is saved at once."""
    from accord.cli import require_terminal
    from accord.cli.interview import take_survey
    from accord.kb.load import load_kb

    require_terminal("accord survey take")
    sys.exit(take_survey(output, organisation, role, load_kb(kb_dir, cases=False)))


@survey.command(epilog=EXIT_CODES_HELP)
@click.argument("answers", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option()
@output_option()
@kb_option
@handle_errors
def score(answers: tuple[Path, ...], fmt: str, output: Path | None, kb_dir: Path | None) -> None:
    """Score ANSWERS (files, or folders of them): per dimension, family and organisation."""
    from accord.cli.output import emit, refuse_inputs
    from accord.kb.load import default_kb_dir, load_kb
    from accord.report.json import survey_json
    from accord.report.text import survey_text
    from accord.survey.answers import load_responses
    from accord.survey.instrument import load_survey
    from accord.survey.scoring import score as score_answers

    if output is not None:
        refuse_inputs(output, (*answers, kb_dir or default_kb_dir()))
    inst = load_survey(load_kb(kb_dir, cases=False))
    result = score_answers(inst, load_responses(answers, inst))
    emit(survey_json(result) if fmt == "json" else survey_text(result), output, answers)
