"""The web app's state and the helpers every page shares: sessions and the checked form.

``WebApp`` holds what one server keeps (the knowledge base, the generated form, the saved
options) and renders pages; ``session_of``/``set_session`` give each browser a random session
value, which is also its double-submit CSRF token; ``read_form`` parses a POST and checks it.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from accord.engine.assessment import Assessment
from accord.errors import AccordError, EngineError
from accord.inputs.proposal import Proposal, proposal_from_dict
from accord.kb.model import KnowledgeBase
from accord.web import downloads
from accord.web.compare import OptionStore
from accord.web.formspec import FormState, form_spec, partner_rows_used, proposal_data
from accord.web.pages import ErrorItem, assessment_view, environment, error_items
from accord.web.security import MAX_BODY

SESSION_COOKIE = "accord_session"
UNTITLED = "Untitled proposal"


class WebApp:
    """The state one server keeps: the knowledge base, the form, saved options per browser."""

    def __init__(self, kb: KnowledgeBase, library_score: str, engine: str = "auto") -> None:
        self.kb = kb
        self.spec = form_spec(kb)
        self.env = environment()
        self.library_score = library_score
        self.engine = engine
        self.options = OptionStore()
        self.lock = threading.Lock()  # one assessment at a time (the engines share memos)

    @staticmethod
    def date() -> str:
        """The date briefs carry: SOURCE_DATE_EPOCH, else today (accord.report.brief)."""
        from accord.report.brief import resolve_date

        return resolve_date(None)

    # --- assessing ----------------------------------------------------------------------

    def proposal(self, state: FormState, *, draft: bool) -> Proposal:
        """The form's proposal, validated as a file would be (ProposalError lists its problems);
        draft: an empty title stands in as UNTITLED, for the live assessment."""
        data = proposal_data(state, self.spec)
        if draft and not data["title"]:
            data["title"] = UNTITLED
        return proposal_from_dict(data, self.kb, name="the form")

    def assess(self, proposal: Proposal) -> Assessment:
        """Assess a proposal with the server's engine, one at a time."""
        from accord.engine.explain import assess

        with self.lock:
            return assess(proposal, self.kb, self.engine)

    def evaluate(
        self, state: FormState, *, draft: bool
    ) -> tuple[Assessment | None, list[ErrorItem]]:
        """The assessment of the form's proposal, or the error summary's items."""
        try:
            return self.assess(self.proposal(state, draft=draft)), []
        except EngineError:
            raise
        except AccordError as exc:
            rows = partner_rows_used(state)
            return None, error_items(exc, spec=self.spec, rows=rows, fallback="title")

    # --- pages ----------------------------------------------------------------------------

    def render(self, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        """A template rendered to an HTML response with status."""
        html = self.env.get_template(name).render(**ctx)
        return HTMLResponse(html, status_code=status)

    def page(self, status: int, title: str, message: str) -> str:
        """A page saying title and message for an HTTP status (errors and refusals)."""
        return self.env.get_template("error.html.j2").render(
            status=status, title=title, message=message
        )

    def form_page(
        self,
        request: Request,
        state: FormState,
        errors: list[ErrorItem],
        *,
        notice: str = "",
        status: int = 200,
        result: Assessment | None = None,
    ) -> HTMLResponse:
        """The form filled from state, with the error summary (errors) or the assessment
        beside it (result, or the form's draft assessment when result is None)."""
        view = None
        panel_errors: list[ErrorItem] = []
        if not errors:
            if result is None:
                result, panel_errors = self.evaluate(state, draft=True)
            if result is not None:
                view = assessment_view(result, self.kb, self.spec, self.date(), self.library_score)
        response = self.render(
            "index.html.j2",
            status,
            spec=self.spec,
            state=state,
            errors=errors,
            panel_errors=panel_errors,
            view=view,
            notice=notice,
            csrf=session_of(request),
            pdf=downloads.pdf_available(),
        )
        set_session(request, response)
        return response


def session_of(request: Request) -> str:
    """The browser's session value (also its double-submit CSRF token), made on first visit."""
    value = request.cookies.get(SESSION_COOKIE, "")
    if len(value) != 43 or not value.replace("-", "").replace("_", "").isalnum():
        value = request.state.new_session = secrets.token_urlsafe(32)
    return value


def set_session(request: Request, response: Response) -> None:
    """Set the session cookie on response when session_of made a new one for request."""
    new = getattr(request.state, "new_session", None)
    if new:
        response.set_cookie(SESSION_COOKIE, new, httponly=True, samesite="strict", path="/")


async def read_form(request: Request) -> Any:
    """The submitted form, after the double-submit check (403 when the token is missing).

    The caller closes it (``await form.close()``), which removes any uploaded file's spool.
    """
    form = await request.form(max_files=1, max_fields=5000, max_part_size=MAX_BODY)
    sent = form.get("csrf")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie or not isinstance(sent, str) or not secrets.compare_digest(sent, cookie):
        await form.close()
        raise HTTPException(403, "The form has expired or came from elsewhere; reload the page.")
    return form


def with_form(handler: Callable[[Request, Any], Awaitable[Response]]) -> Callable[..., Any]:
    """A handler of POST requests given the checked form (read_form), closed when it is done."""

    async def wrapped(request: Request) -> Response:
        form = await read_form(request)
        try:
            return await handler(request, form)
        finally:
            await form.close()

    wrapped.__doc__ = handler.__doc__
    return wrapped
