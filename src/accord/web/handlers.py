"""The form page's handlers: the form, its actions, the live fragment, downloads, static files.

Each takes the Starlette request; the server's state is ``request.app.state.web`` (a
``WebApp``). Work that assesses runs in a worker thread so the event loop stays free.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from accord.errors import AccordError, EngineError
from accord.inputs.proposal import parse_proposal
from accord.kb.yamlread import decode_text
from accord.web import downloads
from accord.web.formspec import (
    DEFAULT_PARTNER_ROWS,
    MAX_PARTNERS,
    FormState,
    PartnerRow,
    partner_rows_used,
    proposal_data,
    set_fact,
    state_from_form,
    state_from_proposal,
)
from accord.web.pages import ErrorItem, assessment_view, error_items
from accord.web.security import MAX_BODY
from accord.web.server import WebApp, session_of, with_form

STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}


async def home(request: Request) -> Response:
    """GET /: the empty form, with two partner rows."""
    web: WebApp = request.app.state.web
    state = FormState(partners=[PartnerRow() for _ in range(DEFAULT_PARTNER_ROWS)])
    return await run_in_threadpool(web.form_page, request, state, [])


@with_form
async def submit(request: Request, form: Any) -> Response:
    """POST /: the form's buttons (assess, add or remove a partner, upload, save, set a fact)."""
    return await run_in_threadpool(handle_submit, request, form)


def handle_submit(request: Request, form: Any) -> Response:
    """The form's action, in a worker thread: a page with the form and its assessment."""
    web: WebApp = request.app.state.web
    state = state_from_form(form, web.spec)
    action = str(form.get("action") or "assess")
    notice = ""
    if isinstance(form.get("set"), str):
        fact, _, value = str(form.get("set")).partition("=")
        if set_fact(state, web.spec, fact, value):
            notice = "The fact was set; the assessment is updated."
        action = "set"
    elif action == "add-partner" and len(state.partners) < MAX_PARTNERS:
        state.partners.append(PartnerRow())
        notice = f"Partner {len(state.partners)} added."
    elif action.startswith("remove-partner:"):
        index = action.partition(":")[2]
        if index.isdigit() and int(index) < len(state.partners):
            del state.partners[int(index)]
            notice = f"Partner {int(index) + 1} removed."
    elif action == "upload":
        return upload(request, form, state)
    elif action == "save-option":
        return save_option(request, state)
    if action != "assess":
        return web.form_page(request, state, [], notice=notice)
    result, errors = web.evaluate(state, draft=False)
    return web.form_page(request, state, errors, result=result, status=400 if errors else 200)


def upload(request: Request, form: Any, state: FormState) -> Response:
    """Fill the form from an uploaded proposal file, or list its problems and keep the form."""
    web: WebApp = request.app.state.web
    item = form.get("proposal_file")
    if item is None or isinstance(item, str) or not item.filename:
        error = ErrorItem("Select a proposal file (YAML) to upload", "proposal_file")
        return web.form_page(request, state, [error], status=400)
    raw = item.file.read(MAX_BODY + 1)
    name = _display_name(item.filename)
    try:
        proposal = parse_proposal(decode_text(raw, name), name, web.kb)
    except EngineError:
        raise
    except AccordError as exc:
        errors = error_items(exc, spec=None, rows=[], fallback="proposal_file")
        return web.form_page(request, state, errors, status=400)
    filled = state_from_proposal(proposal)
    while len(filled.partners) < DEFAULT_PARTNER_ROWS:
        filled.partners.append(PartnerRow())
    return web.form_page(request, filled, [], notice=f"The form is filled from {name}.")


def save_option(request: Request, state: FormState) -> Response:
    """Save the form's proposal as an option to compare (it must be valid)."""
    web: WebApp = request.app.state.web
    try:
        web.proposal(state, draft=False)
    except AccordError as exc:
        rows = partner_rows_used(state)
        errors = error_items(exc, spec=web.spec, rows=rows, fallback="title")
        return web.form_page(request, state, errors, status=400)
    count = web.options.save(session_of(request), state.title, proposal_data(state, web.spec))
    notice = (
        f"Saved '{state.title}' as an option ({count} saved); compare them on the Compare page."
    )
    return web.form_page(request, state, [], notice=notice)


@with_form
async def fragment(request: Request, form: Any) -> Response:
    """POST /fragment: the assessment panel alone, for the page's script to swap in."""
    web: WebApp = request.app.state.web
    state = state_from_form(form, web.spec)
    result, errors = await run_in_threadpool(web.evaluate, state, draft=True)
    view = None
    if result is not None:
        view = assessment_view(result, web.kb, web.spec, web.date(), web.library_score)
    return web.render("_assessment.html.j2", view=view, panel_errors=errors)


@with_form
async def download(request: Request, form: Any) -> Response:
    """POST /download/KIND: the form's proposal as YAML, or its brief or JSON (downloads)."""
    web: WebApp = request.app.state.web
    kind = request.path_params["kind"]
    if kind not in downloads.KINDS:
        raise HTTPException(404)
    state = state_from_form(form, web.spec)
    if kind == "yaml":
        return downloads.yaml_response(state, web.spec, web.kb)
    try:
        proposal = web.proposal(state, draft=False)
    except AccordError as exc:
        rows = partner_rows_used(state)
        errors = error_items(exc, spec=web.spec, rows=rows, fallback="title")
        return web.form_page(request, state, errors, status=400)
    result = await run_in_threadpool(web.assess, proposal)
    return await run_in_threadpool(downloads.brief_response, result, kind, web.kb, web.date())


async def no_icon(request: Request) -> Response:
    """No icon (browsers ask for one; an empty answer keeps their consoles quiet)."""
    return Response(status_code=204)


async def static(request: Request) -> Response:
    """GET /static/NAME: the page's script and style, from package data (a fixed list)."""
    name = request.path_params["name"]
    if name not in STATIC:
        raise HTTPException(404)
    from importlib.resources import files

    body = files("accord.web").joinpath("static").joinpath(name).read_bytes()
    return Response(body, media_type=STATIC[name])


def _display_name(filename: str) -> str:
    """The uploaded file's name without folders, as messages show it (never a server path)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:100] or "upload.yaml"
