"""`accord batch` and `accord robustness`: many proposals, and many worlds of one proposal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from accord.cli import (
    EXIT_CODES_HELP,
    handle_errors,
    main,
    more_answers_argument,
    survey_paths,
)
from accord.cli.options import engine_option, format_option, kb_option, output_option, survey_option
from accord.errors import UsageError

jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes on this machine.",
)


def _bar(total: int | None, unit: str) -> Any:
    """A tqdm progress bar on stderr when it is a terminal; None (silent) otherwise."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm  # type: ignore[import-untyped]

    return tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True, leave=False)


def _count(source: Path) -> int | None:
    """How many proposals source holds, for the progress bar (None when it cannot tell)."""
    try:
        if source.is_dir():
            return sum(1 for p in source.iterdir() if p.suffix in (".yaml", ".yml"))
        with open(source, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return None


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@output_option("JSON-lines file of results; created, or appended to (resuming).", required=True)
@jobs_option
@kb_option
@engine_option
@handle_errors
def batch(source: Path, output: Path, jobs: int, kb_dir: Path | None, engine: str) -> None:
    """Assess every proposal in SOURCE into one JSON line each.

    SOURCE is a folder (every *.yaml and *.yml file in it, by name) or a .jsonl file (one
    proposal object per line, with a unique "id"). A proposal that fails gives an error record
    and the run goes on. Proposals already in the output are skipped, so a stopped run (Ctrl-C,
    exit 130) resumes where it stopped when run again."""
    from accord.analysis.batch import run_batch
    from accord.cli.output import refuse_inputs
    from accord.kb.load import default_kb_dir, load_kb

    refuse_inputs(output, (source, kb_dir or default_kb_dir()))
    if output.is_dir():
        raise UsageError(f"{output}: is a folder; give a file name")
    kb = load_kb(kb_dir, cases=False)
    bar = _bar(_count(source), "proposal")

    def tick(rec: dict[str, Any]) -> None:
        if bar is not None:
            bar.update(1)

    try:
        summary = run_batch(source, output, kb, engine, jobs=jobs, progress=tick)
    finally:
        if bar is not None:
            bar.close()
    if summary.dropped_bytes:
        click.echo(
            f"accord: dropped an unfinished last line ({summary.dropped_bytes} bytes) "
            f"from {output} before resuming",
            err=True,
        )
    levels: dict[str, int] = dict(summary.levels or {})
    rows = [(lv, levels.get(lv, 0)) for lv in _LEVELS]
    rows += [("error", summary.errors), ("already done", summary.skipped)]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'outcome':{width}s}  proposals"]
    lines += [f"{name:{width}s}  {n:9,}" for name, n in rows]
    lines.append(f"{'written':{width}s}  {summary.written:9,}  to {output}")
    click.echo("\n".join(lines), err=True)


_LEVELS = ("high concern", "some concern", "low concern", "insufficient information")


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("proposal", type=click.Path(path_type=Path, dir_okay=False))
@more_answers_argument
@click.option(
    "--samples",
    "-n",
    type=int,
    default=1000,
    show_default=True,
    help="Worlds to draw (at most 100,000 without --force).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the draws.")
@click.option(
    "--priors",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="YAML file of how likely each value of an unknown fact is (default: uniform).",
)
@jobs_option
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Run on a dask.distributed scheduler (tcp://host:8786; --jobs is then not used); needs accord[dask].",
)
@click.option("--force", is_flag=True, help="Allow more than 100,000 samples.")
@format_option()
@output_option()
@kb_option
@engine_option
@survey_option
@handle_errors
def robustness(
    proposal: Path,
    more_answers: tuple[Path, ...],
    samples: int,
    seed: int,
    priors: Path | None,
    jobs: int,
    scheduler: str | None,
    force: bool,
    fmt: str,
    output: Path | None,
    kb_dir: Path | None,
    engine: str,
    survey_files: tuple[Path, ...],
) -> None:
    """How sure the advice on PROPOSAL is, given the facts it leaves unknown.

    Draws every unknown fact (uniformly, or by --priors; facts from --survey answers are
    known), assesses each drawn world, and reports the share of worlds for each call and each
    risk, and which unknowns move the call most. Same seed, same output."""
    from accord.analysis.robustness import robustness as run
    from accord.cli.output import emit
    from accord.inputs.proposal import load_proposal
    from accord.kb.load import default_kb_dir, load_kb
    from accord.survey.apply import with_survey

    survey_files = survey_paths(survey_files, more_answers)
    inputs = (proposal, priors, kb_dir or default_kb_dir(), *survey_files)
    kb = load_kb(kb_dir, cases=False)
    prop, _used = with_survey(load_proposal(proposal, kb), kb, survey_files)
    bar = _bar(samples, "world")
    tick: Callable[[int], None] | None = None
    if bar is not None:

        def tick(done: int) -> None:
            bar.update(done - bar.n)

    try:
        result = run(
            prop,
            kb,
            samples,
            seed=seed,
            priors=priors,
            engine=engine,
            jobs=jobs,
            scheduler=scheduler,
            force=force,
            progress=tick,
        )
    finally:
        if bar is not None:
            bar.close()
    emit(result.to_json() if fmt == "json" else result.to_text(), output, inputs)
