"""The options every command shares, defined once: -o/--output, --format, --kb (with --no-cache),
--engine, --survey.

Each is a click decorator (or a factory of one, where commands differ in what the option
accepts or how its help reads); the parameter names they give the command function are fixed:
`output`, `fmt`, `kb_dir`, `engine`, `survey_files`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

ENGINES = ("auto", "durable", "reference")
STDOUT_HELP = "Write to this file (atomically) instead of stdout."

_kb_dir_option = click.option(
    "--kb",
    "kb_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Knowledge-base folder (default: the one shipped with Accord).",
)


def _bypass_cache(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """--no-cache: read the knowledge base from its YAML for this command only."""
    if value:
        from accord.kb import cache

        was = cache.set_enabled(False)
        ctx.call_on_close(lambda: cache.set_enabled(was))


_no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    expose_value=False,
    callback=_bypass_cache,
    help="Read the knowledge base from its YAML, not from the cache of its checked form "
    "(also ACCORD_NO_CACHE=1).",
)


def kb_option(func: F) -> F:
    """--kb FOLDER, as `kb_dir`, and --no-cache (which the function does not see)."""
    return _kb_dir_option(_no_cache_option(func))


engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help="Inference engine; auto uses durable-rules where it imports.",
)

survey_option = click.option(
    "--survey",
    "survey_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Readiness-survey answers: a file, or a folder of them; repeat for more. Fills facts the proposal leaves unknown.",
)


def output_option(
    help: str = STDOUT_HELP, *, required: bool = False, folder: bool = False
) -> Callable[[F], F]:
    """-o/--output: a file (or, with folder=True, a folder) to write to, as `output`."""
    kind = (
        click.Path(file_okay=False, path_type=Path)
        if folder
        else click.Path(path_type=Path, dir_okay=False)
    )
    return click.option("-o", "--output", type=kind, required=required, help=help)


def format_option(
    choices: Sequence[str] = ("text", "json"),
    *,
    default: str | None = "text",
    help: str | None = None,
) -> Callable[[F], F]:
    """--format: one of choices, as `fmt` (the default is shown in --help when there is one)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help=help,
    )


def whatif_options(func: F) -> F:
    """--set FACT=VALUE and --unset FACT (both repeatable), as `settings` and `unsets`."""
    func = click.option(
        "--unset",
        "unsets",
        multiple=True,
        metavar="FACT",
        help="What if this fact were unknown; repeat for more.",
    )(func)
    return click.option(
        "--set",
        "settings",
        multiple=True,
        metavar="FACT=VALUE",
        help="What if this fact had this value (a list: a+b); repeat for more. "
        "Shows what changes against the proposal as written.",
    )(func)


OUTPUT_SUFFIXES = {
    ".json": "json",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


def output_format(fmt: str | None, output: Path | None, default: str = "text") -> str:
    """The format to write: --format when given, else the one -o's extension names, else default.

    Raises UsageError when --format and the extension disagree (`-o x.pdf --format text`
    would put text in a file named .pdf).
    """
    from accord.errors import UsageError

    named = OUTPUT_SUFFIXES.get(output.suffix.lower()) if output is not None else None
    if fmt and output is not None and named and named != fmt:
        raise UsageError(
            f"{output.name!r} names a {named} file but --format {fmt} was given; name the "
            "file for the format, or leave --format out"
        )
    return fmt or named or default
