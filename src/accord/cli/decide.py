"""Decision analysis commands: `accord compare`, `accord options`, `accord why-not`, and the
what-if run behind `accord assess --set/--unset` and `accord brief --set/--unset`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from accord.cli import EXIT_CODES_HELP, check_fail_on, handle_errors, main
from accord.cli.options import engine_option, format_option, kb_option, output_option
from accord.errors import UsageError

COMPARE_FORMATS = ("text", "json", "markdown", "html", "pdf")
F = TypeVar("F", bound=Callable[..., Any])


def parse_changes(kb: Any, settings: tuple[str, ...], unsets: tuple[str, ...]) -> tuple[dict, list]:
    """--set and --unset as {fact: typed value} and [fact]; UsageError with a did-you-mean."""
    from accord.inputs.changes import fact_def, parse_setting

    typed: dict[str, Any] = {}
    for text in settings:
        name, value = parse_setting(text, kb, "--set")
        if name in typed and typed[name] != ("unknown" if value is None else value):
            raise UsageError(f"--set gives {name} two values; give each fact once")
        typed[name] = "unknown" if value is None else value
    for name in unsets:
        fact_def(kb, name, "--unset")
        if name in typed:
            raise UsageError(f"{name} is both set (--set) and made unknown (--unset); choose one")
    return typed, list(dict.fromkeys(unsets))


def run_what_if(
    proposal: Path,
    kb: Any,
    engine: str,
    survey_files: tuple[Path, ...],
    settings: tuple[str, ...],
    unsets: tuple[str, ...],
) -> Any:
    """Assess the proposal as written and as changed; the WhatIf (engine.compare)."""
    from accord.analysis.decide import what_if
    from accord.inputs.proposal import load_proposal

    typed, gone = parse_changes(kb, settings, unsets)
    return what_if(
        load_proposal(proposal, kb), kb, set=typed, unset=gone, engine=engine, survey=survey_files
    )


def assess_what_if(
    proposal: Path,
    kb: Any,
    engine: str,
    survey_files: tuple[Path, ...],
    settings: tuple[str, ...],
    unsets: tuple[str, ...],
    fmt: str,
    output: Path | None,
    inputs: tuple[Path, ...],
    fail_on: str | None,
) -> None:
    """`accord assess P --set ...`: the changed proposal's assessment and what changes."""
    from accord.cli.output import emit
    from accord.curate.realcases import library_statement
    from accord.report.decide import whatif_json, whatif_text

    w = run_what_if(proposal, kb, engine, survey_files, settings, unsets)
    if fmt == "json":
        emit(whatif_json(w), output, inputs)
    elif fmt == "text":
        from accord.report.text import to_text

        emit(to_text(w.after, library_statement(kb)) + "\n" + whatif_text(w), output, inputs)
    else:
        emit(whatif_brief(w, kb, fmt, None, None), output, inputs)
    check_fail_on(w.after, fail_on)


def whatif_brief(
    w: Any, kb: Any, fmt: str, date_option: str | None, template_dir: Path | None
) -> str | bytes:
    """The brief of the changed proposal with the what-if section first."""
    from accord.curate.realcases import library_statement
    from accord.report.brief import render_brief, resolve_date
    from accord.report.compare_brief import with_whatif

    date = resolve_date(date_option)
    html = "html" if fmt in ("html", "pdf") else "markdown"
    text = render_brief(
        w.after,
        html,
        kb=kb,
        date=date,
        template_dir=template_dir,
        library_score=library_statement(kb),
    )
    page = text if isinstance(text, str) else text.decode("utf-8")
    return with_whatif(page, w, fmt, date, template_dir)


def _emit_comparison(
    c: Any, fmt: str, output: Path | None, inputs: tuple, date: str | None
) -> None:
    from accord.cli.output import emit
    from accord.report.decide import comparison_json, comparison_text

    if fmt == "pdf" and output is None:
        raise UsageError("PDF output needs a file: give -o FILE.pdf")
    if fmt == "json":
        emit(comparison_json(c), output, inputs)
    elif fmt == "text":
        emit(comparison_text(c), output, inputs)
    else:
        from accord.report.brief import resolve_date
        from accord.report.compare_brief import render_comparison

        emit(render_comparison(c, fmt, date=resolve_date(date)), output, inputs)


date_option = click.option(
    "--date",
    "date_option",
    metavar="YYYY-MM-DD",
    default=None,
    help="Date printed on a comparison brief (SOURCE_DATE_EPOCH, when set, wins; default today).",
)


def comparison_options(func: F) -> F:
    """The options compare and options share: --format, -o, --kb (and --no-cache), --engine, --date."""
    for option in reversed(
        (
            format_option(
                COMPARE_FORMATS,
                help="Output format; markdown, html and pdf give a comparison brief.",
            ),
            output_option(),
            kb_option,
            engine_option,
            date_option,
        )
    ):
        func = option(func)
    return func


@main.command(epilog=EXIT_CODES_HELP)
@click.argument(
    "proposals", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False)
)
@comparison_options
@handle_errors
def compare(
    proposals: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    kb_dir: Path | None,
    engine: str,
    date_option: str | None,
) -> None:
    """Compare PROPOSALS (YAML files) side by side: calls, risks, mechanisms, advice.

    Says what each option gains and costs against the others; it never picks one."""
    from accord.analysis.decide import compare as run_compare
    from accord.cli.output import refuse_inputs
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import default_kb_dir, load_kb

    if len(proposals) < 2:
        raise UsageError(
            "compare needs two or more proposals; for other forms or facts of one proposal, "
            "use accord options"
        )
    inputs = (*proposals, kb_dir or default_kb_dir())
    if output is not None:
        refuse_inputs(output, inputs)
    kb = load_kb(kb_dir, cases=False)
    loaded = [load_proposal(p, kb) for p in proposals]
    _emit_comparison(run_compare(loaded, kb, engine=engine), fmt, output, inputs, date_option)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("proposal", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--form",
    "forms",
    metavar="F1,F2,...",
    default=None,
    help="Forms to compare (values of 'form', e.g. merger,chain_or_group,alliance).",
)
@click.option(
    "--vary",
    "varies",
    multiple=True,
    metavar="FACT=V1,V2",
    help="Other values of any fact (a list value: a+b); repeat to combine facts.",
)
@comparison_options
@handle_errors
def options(
    proposal: Path,
    forms: str | None,
    varies: tuple[str, ...],
    fmt: str,
    output: Path | None,
    kb_dir: Path | None,
    engine: str,
    date_option: str | None,
) -> None:
    """Compare PROPOSAL under other forms or other values of its facts, side by side."""
    from accord.analysis.decide import options as run_options
    from accord.cli.output import refuse_inputs
    from accord.inputs.changes import fact_def, parse_value
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import default_kb_dir, load_kb

    inputs = (proposal, kb_dir or default_kb_dir())
    if output is not None:
        refuse_inputs(output, inputs)
    kb = load_kb(kb_dir, cases=False)
    vary: dict[str, list[str]] = {}
    if forms is not None:
        vary["form"] = [f.strip() for f in forms.split(",") if f.strip()]
        if not vary["form"]:
            raise UsageError("--form: give at least one form, e.g. --form merger,alliance")
        for value in vary["form"]:
            parse_value(fact_def(kb, "form", "--form"), value, "--form")
    for text in varies:
        name, sep, values = text.partition("=")
        if not sep:
            raise UsageError(f"--vary {text!r}: expected FACT=V1,V2")
        fact_def(kb, name.strip(), "--vary")
        vary[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    c = run_options(load_proposal(proposal, kb), kb, vary, engine=engine)
    _emit_comparison(c, fmt, output, inputs, date_option)


@main.command("why-not", epilog=EXIT_CODES_HELP)
@click.argument("proposal", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("target")
@format_option()
@output_option()
@kb_option
@engine_option
@handle_errors
def why_not(
    proposal: Path,
    target: str,
    fmt: str,
    output: Path | None,
    kb_dir: Path | None,
    engine: str,
) -> None:
    """Why TARGET does or does not hold for PROPOSAL, and the nearest facts to change.

    TARGET: a risk, recommendation or check id (RISK-07, REC-02), a mechanism, outcome or
    typology state (trust=high), or a typology value alone."""
    from accord.analysis.decide import why_not as run_why_not
    from accord.cli.output import emit
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import default_kb_dir, load_kb
    from accord.report.decide import whynot_json, whynot_text

    inputs = (proposal, kb_dir or default_kb_dir())
    kb = load_kb(kb_dir, cases=False)
    result = run_why_not(load_proposal(proposal, kb), kb, target, engine=engine)
    emit(whynot_json(result) if fmt == "json" else whynot_text(result), output, inputs)
