"""`accord brief`: write an advisory brief (Markdown, HTML or PDF) for a proposal."""

from __future__ import annotations

from pathlib import Path

import click

from accord.cli import (
    EXIT_CODES_HELP,
    handle_errors,
    main,
    more_answers_argument,
    survey_paths,
)
from accord.cli.options import (
    engine_option,
    format_option,
    kb_option,
    output_option,
    survey_option,
    whatif_options,
)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("proposal", type=click.Path(path_type=Path, dir_okay=False))
@more_answers_argument
@output_option(
    "Write the brief to this file (atomically); its extension (.md, .html, .pdf) sets the format."
)
@format_option(
    ("markdown", "html", "pdf"),
    default=None,
    help="Brief format (default: from the -o extension, else markdown). PDF needs -o.",
)
@kb_option
@engine_option
@click.option(
    "--date",
    "date_option",
    metavar="YYYY-MM-DD",
    default=None,
    help="Date printed on the brief (SOURCE_DATE_EPOCH, when set, wins; default today).",
)
@click.option(
    "--template-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help=(
        "Folder of templates overriding the shipped ones (brief.md.j2, brief.html.j2, "
        "brief.css, chart-*.svg.j2); a brief.extra.css there is added after the shipped styles."
    ),
)
@click.option(
    "--summary-only",
    is_flag=True,
    help="Write only the board summary (at most two A4 pages), without the annex.",
)
@survey_option
@whatif_options
@handle_errors
def brief(
    proposal: Path,
    more_answers: tuple[Path, ...],
    output: Path | None,
    fmt: str | None,
    kb_dir: Path | None,
    engine: str,
    date_option: str | None,
    template_dir: Path | None,
    summary_only: bool,
    survey_files: tuple[Path, ...],
    settings: tuple[str, ...] = (),
    unsets: tuple[str, ...] = (),
) -> None:
    """Write an advisory brief on PROPOSAL (a YAML file) for a board to read."""
    from accord.cli.output import emit, refuse_inputs
    from accord.engine.explain import assess as run_assessment
    from accord.errors import UsageError
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import default_kb_dir, load_kb
    from accord.report.brief import format_for, render_brief, resolve_date

    survey_files = survey_paths(survey_files, more_answers)
    inputs = (proposal, kb_dir or default_kb_dir(), template_dir, *survey_files)
    if output is not None:
        refuse_inputs(output, inputs)
    chosen = format_for(output, fmt)
    if chosen == "pdf" and output is None:
        raise UsageError("PDF output needs a file: give -o FILE.pdf")
    date = resolve_date(date_option)
    kb = load_kb(kb_dir, cases=False)
    if settings or unsets:  # what-if: the changed proposal's brief and what changes
        if summary_only:
            raise UsageError("--summary-only does not combine with --set or --unset")
        from accord.cli.decide import run_what_if, whatif_brief

        w = run_what_if(proposal, kb, engine, survey_files, settings, unsets)
        return emit(whatif_brief(w, kb, chosen, date_option, template_dir), output, inputs)
    from accord.survey.apply import with_survey

    prop, used = with_survey(load_proposal(proposal, kb), kb, survey_files)
    result = run_assessment(prop, kb, engine, survey=used)
    from accord.curate.realcases import library_statement

    rendered = render_brief(
        result,
        chosen,
        kb=kb,
        date=date,
        template_dir=template_dir,
        library_score=library_statement(kb),
        summary_only=summary_only,
    )
    emit(rendered, output, inputs)
