"""The `accord` command: thin click commands over the library, mapping errors to exit codes."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from accord.cli.options import (
    engine_option,
    format_option,
    kb_option,
    output_format,
    output_option,
    survey_option,
    whatif_options,
)
from accord.errors import (
    EXIT_BAD_INPUT,
    EXIT_CHECK_FAILED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    AccordError,
    EnvironmentProblem,
    UsageError,
    show,
)

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  the run worked and a check you asked for failed (--fail-on)
  2  bad input or usage: a proposal, knowledge base or option is wrong, a limit
     is passed, or the machine got in the way (disk full, no terminal)
  3  internal error in Accord (a bug; please report it)
  130  interrupted (Ctrl-C)"""


def _report(exc: AccordError, as_json: bool) -> None:
    click.echo(f"accord: {exc.render()}", err=True)
    if as_json:  # the documented error object (README, "Errors as JSON") on stdout
        click.echo(json.dumps(exc.as_dict(), indent=2, sort_keys=True, ensure_ascii=False))
    sys.exit(exc.exit_code)


def handle_errors(func: F) -> F:
    """Turn AccordError into a message on stderr and its exit code; never show a traceback.

    With --format json, the error is also written to stdout as a JSON object. Failures of the
    machine (disk full, a closed pipe, memory) are exit 2 with a message; anything else
    unexpected is a bug in Accord (exit 3).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        as_json = kwargs.get("fmt") == "json"
        try:
            return func(*args, **kwargs)
        except AccordError as exc:
            _report(exc, as_json)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("accord: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader of stdout went away (| head): stop quietly
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BAD_INPUT)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _report(EnvironmentProblem(f"{where}{exc.strerror or exc}"), as_json)
        except MemoryError:
            _report(EnvironmentProblem("out of memory"), as_json)
        except Exception as exc:  # anything else is a bug in Accord, and says so
            if os.environ.get("ACCORD_DEBUG"):
                raise
            click.echo(
                f"accord: internal error ({type(exc).__name__}: {show(exc)}). This is a bug in "
                "Accord, not in your file; set ACCORD_DEBUG=1 to see the details.",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print Accord's version and the shipped knowledge base's name and version, then exit."""
    if not value or ctx.resilient_parsing:
        return
    from accord import __version__
    from accord.kb.load import default_kb_dir
    from accord.kb.yamlread import load_yaml

    try:
        meta = load_yaml(default_kb_dir() / "kb.yaml", "kb.yaml").data
        kb = f"knowledge base {meta.get('name')} {meta.get('version')}"
    except (AccordError, AttributeError):
        kb = "knowledge base unreadable"
    click.echo(f"accord {__version__} ({kb})")
    ctx.exit()


@click.group(epilog=EXIT_CODES_HELP)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show Accord's version and its knowledge base's, then exit.",
)
def main() -> None:
    """Accord: evidence-based advice on a proposed collaboration between health-care providers."""


def require_terminal(what: str) -> None:
    """Raise EnvironmentProblem (exit 2) when standard input or output is not a terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise EnvironmentProblem(
            f"{what} needs a terminal: it asks questions one by one. Run it in a terminal "
            "window (Ctrl-C there stops it, exit 130, keeping what was saved)"
        )


more_answers_argument = click.argument(
    "more_answers", nargs=-1, type=click.Path(path_type=Path), metavar="[ANSWERS]..."
)


def survey_paths(survey_files: tuple[Path, ...], more: tuple[Path, ...]) -> tuple[Path, ...]:
    """All answers given: --survey A B C puts A in the option and B, C after the proposal.

    Raises UsageError for extra arguments without --survey.
    """
    if more and not survey_files:
        raise UsageError(
            "unexpected extra arguments: "
            + " ".join(str(m) for m in more)
            + " (answers files go after --survey)"
        )
    return survey_files + more


def check_fail_on(result: Any, fail_on: str | None) -> None:
    """Exit 1 (EXIT_CHECK_FAILED) for --fail-on: a risk of that severity or higher is raised
    (form-wide findings never count), or the call is insufficient information, which cannot
    vouch that no such risk exists. result: an Assessment; fail_on: low, medium, high or None.
    """
    if not fail_on:
        return
    from accord.kb.model import severity_rank

    own = [r for r in result.risks if r.scope != "form"]
    if any(severity_rank(r.severity) >= severity_rank(fail_on) for r in own):
        click.echo(f"accord: risks of severity {fail_on} or higher were found", err=True)
        sys.exit(EXIT_CHECK_FAILED)
    if result.overall.level == "insufficient information":
        click.echo(
            "accord: the call is insufficient information, so --fail-on cannot pass: state the "
            "facts that decide the call",
            err=True,
        )
        sys.exit(EXIT_CHECK_FAILED)


def read_proposal(proposal: Path, kb: Any, survey_files: tuple[Path, ...]) -> tuple[Any, Any]:
    """(the proposal read from its file, the survey answers applied or None).

    The survey modules are imported only when answers are given. Raises ProposalError or
    InputFileError (exit 2) for a bad proposal or answers file.
    """
    from accord.inputs.proposal import load_proposal

    prop = load_proposal(proposal, kb)
    if not survey_files:
        return prop, None
    from accord.survey.apply import with_survey

    return with_survey(prop, kb, survey_files)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("proposal", type=click.Path(path_type=Path, dir_okay=False))
@more_answers_argument
@format_option(
    ("text", "json", "markdown", "html", "pdf"),
    default=None,
    help="Output format; markdown, html and pdf give the advisory brief (pdf needs -o). "
    "Default: the one -o's extension names (.json, .md, .html, .pdf, .txt), else text.",
)
@output_option()
@kb_option
@engine_option
@click.option(
    "--fail-on",
    type=click.Choice(["low", "medium", "high"]),
    default=None,
    help="Exit 1 when a risk of this severity or higher is raised (form-wide context excluded), "
    "or when the call is insufficient information.",
)
@survey_option
@whatif_options
@handle_errors
def assess(
    proposal: Path,
    more_answers: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    kb_dir: Path | None,
    engine: str,
    fail_on: str | None,
    survey_files: tuple[Path, ...],
    settings: tuple[str, ...] = (),
    unsets: tuple[str, ...] = (),
) -> None:
    """Assess PROPOSAL (a YAML file, or - for standard input) and print the assessment.

    ANSWERS after the proposal are more readiness-survey answers for --survey
    (accord assess P.yaml --survey answers/*.yaml)."""
    from accord.cli.output import emit, refuse_inputs
    from accord.engine.explain import assess as run_assessment
    from accord.kb.load import default_kb_dir, load_kb

    fmt = output_format(fmt, output)
    if fmt == "pdf" and output is None:
        raise UsageError("PDF output needs a file: give -o FILE.pdf")
    survey_files = survey_paths(survey_files, more_answers)
    inputs = (proposal, kb_dir or default_kb_dir(), *survey_files)
    if output is not None:
        refuse_inputs(output, inputs)
    kb = load_kb(kb_dir, cases=False)
    if settings or unsets:  # what-if: the changed proposal and what changes (cli/decide.py)
        from accord.cli.decide import assess_what_if

        args = (fmt, output, inputs, fail_on)
        return assess_what_if(proposal, kb, engine, survey_files, settings, unsets, *args)
    prop, used = read_proposal(proposal, kb, survey_files)
    result = run_assessment(prop, kb, engine, survey=used)
    if fmt in ("markdown", "html", "pdf"):
        from accord.curate.realcases import library_statement
        from accord.report.brief import render_brief, resolve_date  # jinja2 only when needed

        score = library_statement(kb)
        emit(
            render_brief(result, fmt, kb=kb, date=resolve_date(), library_score=score),
            output,
            inputs,
        )
    elif fmt == "json":
        from accord.report.json import to_json

        emit(to_json(result), output, inputs)
    else:
        from accord.curate.realcases import library_statement
        from accord.report.text import to_text

        emit(to_text(result, library_statement(kb)), output, inputs)
    check_fail_on(result, fail_on)


@main.command(epilog=EXIT_CODES_HELP)
@output_option("Write the template to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--interactive",
    is_flag=True,
    help="Ask the questions one by one and write the answers (resumes an unfinished file; needs -o).",
)
@kb_option
@handle_errors
def new(output: Path | None, force: bool, interactive: bool, kb_dir: Path | None) -> None:
    """Write a commented proposal template generated from the vocabulary."""
    from accord.cli.output import emit
    from accord.inputs.template import proposal_template
    from accord.kb.load import load_kb

    if interactive:
        from accord.cli.interview import new_interactive

        if output is None:
            raise UsageError("--interactive needs -o FILE, where answers are saved as you go")
        require_terminal("accord new --interactive")
        if force and output.exists():
            output.unlink()
        sys.exit(new_interactive(output, load_kb(kb_dir, cases=False)))
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} already exists; use --force to overwrite it")
    emit(proposal_template(load_kb(kb_dir)), output)


@main.command(epilog=EXIT_CODES_HELP)
@format_option()
@kb_option
@handle_errors
def facts(fmt: str, kb_dir: Path | None) -> None:
    """List every fact a proposal may state, with its allowed values."""
    from accord.cli.output import emit
    from accord.inputs.template import vocabulary_json, vocabulary_text
    from accord.kb.load import load_kb

    kb = load_kb(kb_dir)
    emit(vocabulary_json(kb) if fmt == "json" else vocabulary_text(kb), None)


from accord.cli import batch as _batch  # noqa: E402,F401  (registers `accord batch`, `accord robustness`)
from accord.cli import brief as _brief  # noqa: E402,F401  (registers `accord brief`)
from accord.cli import decide as _decide  # noqa: E402,F401  (compare, options, why-not)
from accord.cli import kb as _kb  # noqa: E402,F401  (registers `accord kb ...`)
from accord.cli import serve as _serve  # noqa: E402,F401  (registers `accord serve`)
from accord.cli import survey as _survey  # noqa: E402,F401  (registers `accord survey ...`)

if __name__ == "__main__":  # pragma: no cover
    main()
