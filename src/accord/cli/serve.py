"""`accord serve`: run the web app (accord.web) on this computer with uvicorn."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from accord.cli import EXIT_CODES_HELP, handle_errors, main
from accord.cli.options import engine_option, kb_option


@main.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port, printed at start).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any address but loopback needs --token.",
)
@click.option(
    "--token",
    default=None,
    metavar="TOKEN",
    help="Access token every request must carry (default: $ACCORD_TOKEN). Needed "
    "for any address but loopback; 16 to 200 letters, digits or ._~-.",
)
@kb_option
@engine_option
@handle_errors
def serve(port: int, host: str, token: str | None, kb_dir: Path | None, engine: str) -> None:
    """Serve Accord as a web page: a form, the live assessment, downloads and comparisons."""
    token = token or os.environ.get("ACCORD_TOKEN") or None
    run = _prepare(host, token, kb_dir, engine)
    run(port)


def _prepare(host: str, token: str | None, kb_dir: Path | None, engine: str):  # noqa: ANN202
    from accord.errors import UsageError

    try:
        import uvicorn

        from accord.web.app import create_app
        from accord.web.security import is_loopback
    except ImportError as exc:
        raise UsageError(
            f"accord serve needs the web extra: pip install 'accord[web]' ({exc.name} is missing)"
        ) from None
    loopback = is_loopback(host)
    if not loopback and not token:
        raise UsageError(
            f"--host {host} is not a loopback address, so anyone who can reach it could use "
            "this server: give --token TOKEN (or set ACCORD_TOKEN), and share the link "
            "printed at start only with the people who should use it"
        )
    if token is not None and not re.fullmatch(r"[A-Za-z0-9._~-]{16,200}", token):
        raise UsageError(
            "--token must be 16 to 200 letters, digits or . _ ~ - (it goes in a link and a "
            "cookie); for example from `openssl rand -hex 16`"
        )
    from accord.curate.realcases import library_statement
    from accord.kb.load import load_kb

    kb = load_kb(kb_dir, cases=False)
    app = create_app(
        kb, token=token, loopback_only=loopback, library_score=library_statement(kb), engine=engine
    )

    def run(port: int) -> None:
        port = _free_port(host) if port == 0 else _check_port(host, port)
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            access_log=False,
            log_level="warning",
            server_header=False,
            proxy_headers=False,
            lifespan="off",
        )
        server = uvicorn.Server(config)
        shown = f"[{host}]" if ":" in host else host
        link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
        click.echo(f"accord serve: open {link} (Ctrl-C stops the server)", err=True)
        try:
            server.run()
        except SystemExit:  # uvicorn exits when it cannot start; say so as Accord does
            server.started = False
        if not server.started:
            click.echo(f"accord: the server could not start on {shown}:{port}", err=True)
            sys.exit(2)

    return run


def _free_port(host: str) -> int:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _check_port(host: str, port: int) -> int:
    """port, once it is known to be free on host; EnvironmentProblem (exit 2) when it is not."""
    import socket

    from accord.errors import EnvironmentProblem

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise EnvironmentProblem(
                f"cannot listen on {host} port {port}: {exc.strerror or exc} "
                "(is another server using it? try --port 0 for any free port)"
            ) from None
    return port
