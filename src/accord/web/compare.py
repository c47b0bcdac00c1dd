"""Saved options and their comparison side by side (the Compare page).

An option is a proposal saved from the form ("Save as an option"), kept in the server's memory
for the browser that saved it (by its session cookie) until the server stops. Comparing two or
more options is the decision analysis's comparison (accord.compare): their calls, every risk
any of them raises (severity and likelihood), the mechanisms and advice that differ, and what
each option gains and costs against the others. It never picks one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from accord.engine.compare import Comparison, Row
from accord.errors import LimitError, UsageError
from accord.inputs.proposal import proposal_from_dict

MAX_OPTIONS = 20  # options one browser may save
MAX_SESSIONS = 200  # browsers whose options are kept (the least recently used go first)


class OptionStore:
    """Options saved per session: {session: {title: proposal data}}, bounded, thread-safe."""

    def __init__(self) -> None:
        self._by_session: OrderedDict[str, OrderedDict[str, dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def save(self, session: str, title: str, data: dict[str, Any]) -> int:
        """Save data (a proposal mapping) under title, replacing an option of the same title.
        Returns how many options the session has; the oldest goes past MAX_OPTIONS."""
        with self._lock:
            options = self._by_session.setdefault(session, OrderedDict())
            self._by_session.move_to_end(session)
            options.pop(title, None)
            options[title] = data
            while len(options) > MAX_OPTIONS:
                options.popitem(last=False)
            while len(self._by_session) > MAX_SESSIONS:
                self._by_session.popitem(last=False)
            return len(options)

    def list(self, session: str) -> list[tuple[str, dict[str, Any]]]:
        """The session's options as (title, proposal data), oldest first."""
        with self._lock:
            return list(self._by_session.get(session, {}).items())

    def remove(self, session: str, title: str) -> None:
        """Forget the session's option of that title (nothing when there is none)."""
        with self._lock:
            self._by_session.get(session, OrderedDict()).pop(title, None)


@dataclass(frozen=True)
class Column:
    """One option in the comparison: its call, counts, and what it trades against the others."""

    title: str
    call: str
    call_style: str
    summary: str
    risk_count: int
    favour_count: int
    gains: tuple[str, ...]
    costs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """Rows of one kind (risks, mechanisms, advice) with their heading."""

    heading: str
    rows: tuple[Row, ...]


SECTIONS = (
    ("risk", "Risks (severity, likelihood)", False),
    ("mechanism", "Mechanisms and outcomes that differ", True),
    ("advice", "Advice given to some options only", True),
)


def comparison_view(c: Comparison) -> tuple[list[Column], list[Section]]:
    """The Compare page's columns and row sections from accord.compare's Comparison: every
    risk row; mechanism and advice rows only where the options differ."""
    trades = {t.option: t for t in c.trades}
    columns = []
    for option, a in zip(c.options, c.assessments, strict=True):
        trade = trades.get(option.label)
        columns.append(
            Column(
                title=option.label,
                call=a.overall.level.capitalize(),
                call_style=a.overall.level.replace(" ", "-"),
                summary=a.overall.summary,
                risk_count=len(a.risks),
                favour_count=len(a.in_favour),
                gains=trade.gains if trade else (),
                costs=trade.costs if trade else (),
            )
        )
    sections = []
    for kind, heading, only_differing in SECTIONS:
        rows = tuple(r for r in c.rows if r.section == kind and (r.differs or not only_differing))
        if rows:
            sections.append(Section(heading, rows))
    return columns, sections


def _page(request: Request, status: int = 200, **ctx: Any) -> Response:
    from accord.web.server import session_of, set_session

    web = request.app.state.web
    session = session_of(request)
    base: dict[str, Any] = {"columns": [], "sections": [], "errors": [], "chosen": []}
    base.update(ctx)
    response: Response = web.render(
        "compare.html.j2", status, options=web.options.list(session), csrf=session, **base
    )
    set_session(request, response)
    return response


async def show(request: Request) -> Response:
    """GET /compare: the options this browser saved, to choose from."""
    return _page(request)


async def act(request: Request) -> Response:
    """POST /compare: compare the chosen options side by side, or remove them."""
    from accord.web.server import read_form

    form = await read_form(request)
    try:
        return await _act(request, form)
    finally:
        await form.close()


async def _act(request: Request, form: Any) -> Response:
    from starlette.concurrency import run_in_threadpool

    from accord.web.pages import ErrorItem
    from accord.web.server import session_of

    web = request.app.state.web
    session = session_of(request)
    saved = dict(web.options.list(session))
    chosen = [t for t in form.getlist("option") if isinstance(t, str) and t in saved]
    if str(form.get("action")) == "remove":
        for title in chosen:
            web.options.remove(session, title)
        return _page(request)
    if len(chosen) < 2:
        error = ErrorItem("Select two or more options to compare", "option-0")
        return _page(request, 400, errors=[error], chosen=chosen)

    def run() -> Comparison:
        from accord.analysis.decide import compare

        proposals = [proposal_from_dict(saved[t], web.kb, name=t) for t in chosen]
        with web.lock:
            return compare(proposals, web.kb, labels=chosen, engine=web.engine)

    try:
        columns, sections = comparison_view(await run_in_threadpool(run))
    except (LimitError, UsageError) as exc:
        return _page(request, 400, errors=[ErrorItem(exc.message, "option-0")], chosen=chosen)
    return _page(request, columns=columns, sections=sections, chosen=chosen)
