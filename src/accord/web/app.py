"""The web app: routes over the form, the assessment, downloads and the comparison of options.

``create_app(kb, token=..., loopback_only=...)`` returns an ASGI application (Starlette) that
`accord serve` runs with uvicorn. Nothing a request sends names a file on the server: static
files come from a fixed list of package data, downloads are rendered in memory, uploads are
read as bytes and parsed by the same safe reader as the CLI (accord.kb.yamlread).
"""

from __future__ import annotations

import sys
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from accord.errors import EngineError
from accord.kb.model import KnowledgeBase
from accord.web import compare, handlers
from accord.web.security import BodyTooLarge, Guard
from accord.web.server import WebApp

ROUTES = [
    Route("/", handlers.home, methods=["GET"]),
    Route("/", handlers.submit, methods=["POST"]),
    Route("/fragment", handlers.fragment, methods=["POST"]),
    Route("/download/{kind}", handlers.download, methods=["POST"]),
    Route("/static/{name}", handlers.static, methods=["GET"]),
    Route("/favicon.ico", handlers.no_icon, methods=["GET"]),
    Route("/compare", compare.show, methods=["GET"]),
    Route("/compare", compare.act, methods=["POST"]),
]


def create_app(
    kb: KnowledgeBase,
    *,
    token: str | None = None,
    loopback_only: bool = True,
    library_score: str = "",
    engine: str = "auto",
) -> Any:
    """The ASGI app serving Accord for kb (from accord.kb.load.load_kb).

    token: the token every request must carry (None: none needed; `accord serve` requires one
    for any address but loopback); loopback_only: answer only requests addressed to
    127.0.0.1, localhost or [::1]; library_score: the knowledge base's case-library score in
    words, stated on briefs (accord.curate.realcases.library_statement); engine: as for
    accord.assess. Returns the app wrapped in accord.web.security.Guard.
    """
    web = WebApp(kb, library_score, engine)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        titles = {403: "Refused", 404: "Page not found", 405: "Not allowed here"}
        message = exc.detail if exc.status_code == 403 else "There is nothing at this address."
        return HTMLResponse(
            web.page(exc.status_code, titles.get(exc.status_code, "Error"), message),
            status_code=exc.status_code,
        )

    async def too_large(request: Request, exc: Exception) -> Response:
        guard_page = Guard(None, token=None, loopback_only=False, page=web.page).too_large()
        return HTMLResponse(web.page(413, guard_page[1], guard_page[2]), status_code=413)

    async def failure(request: Request, exc: Exception) -> Response:
        what = "internal error in Accord (a bug; please report it)"
        if isinstance(exc, EngineError):
            what = exc.message
        print(
            f"accord serve: {request.method} {request.url.path}: {type(exc).__name__}: "
            f"{str(exc)[:300]}",
            file=sys.stderr,
        )
        return HTMLResponse(web.page(500, "Something went wrong", what), status_code=500)

    app = Starlette(
        routes=ROUTES,
        exception_handlers={
            HTTPException: http_error,
            BodyTooLarge: too_large,
            Exception: failure,
        },
    )
    app.state.web = web
    return Guard(app, token=token, loopback_only=loopback_only, page=web.page)
