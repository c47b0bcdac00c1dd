"""The web app's guard: one ASGI middleware in front of every request.

In this order, for each HTTP request:

1. Host: bound to loopback, only a loopback Host header is served (an address of 127.0.0.0/8,
   localhost, [::1]), so a web page elsewhere cannot reach the app through DNS rebinding.
2. Token: when the server has one (required for any address but loopback), each request
   carries it as ``Authorization: Bearer TOKEN``, or in the HttpOnly, SameSite=Strict cookie set
   by opening a one-time link ``/?token=TOKEN`` (which then redirects to drop it from the address
   bar). No token: 401; a wrong one: 403. Tokens are compared in constant time.
3. Cross-site requests: a POST whose ``Sec-Fetch-Site`` is cross-site or same-site, or whose
   ``Origin`` names another host or port than the request's Host, is refused with 403. The
   pages add a double-submit token (a cookie and a hidden field that must match), checked by
   the app on every POST.
4. Size: a request body longer than ``MAX_BODY`` bytes is refused with 413, whether it says
   its length up front or not.
5. Headers on every response: a Content-Security-Policy with no inline script or style and
   ``frame-ancestors 'none'``, ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
   same-origin`` (so the browser still sends an Origin on POSTs), ``Cache-Control: no-store``.

Refusals are HTML pages (from ``page``), never a traceback.
"""

from __future__ import annotations

import hmac
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

from accord.kb.yamllimits import MAX_BYTES

MAX_BODY = MAX_BYTES + 64 * 1024  # an upload as large as the YAML reader takes, plus the form
TOKEN_COOKIE = "accord_token"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Page = Callable[[int, str, str], str]  # (status, title, message) -> an HTML page


class BodyTooLarge(Exception):
    """Raised inside the app when a request body passes MAX_BODY while it is being read."""


def is_loopback(host: str) -> bool:
    """True for the addresses `accord serve` binds without a token."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Guard:
    """ASGI middleware doing the checks of the module docstring around ``app``.

    token: the token requests must carry, or None (loopback only). loopback_only: serve only
    loopback Host headers. page renders refusal pages. max_body: bytes a request body may have.
    """

    def __init__(
        self,
        app: Any,
        *,
        token: str | None,
        loopback_only: bool,
        page: Page,
        max_body: int = MAX_BODY,
    ) -> None:
        self.app = app
        self.token = token
        self.loopback_only = loopback_only
        self.page = page
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k for k, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k not in names]
                message["headers"] = kept + list(HEADERS)
            await send(message)

        refusal = self.refuse(scope)
        if refusal is not None:
            await self.respond(send_with_headers, *refusal)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send_with_headers)
        except BodyTooLarge:
            if not started:
                await self.respond(send_with_headers, *self.too_large())
        except Exception as exc:  # the app answered with its error page and logged one line;
            if not started:  # the exception is not passed on, so the server prints no traceback
                print(f"accord serve: {type(exc).__name__}: {str(exc)[:300]}", file=sys.stderr)
                await self.respond(
                    send_with_headers,
                    500,
                    "Something went wrong",
                    "Internal error in Accord (a bug; please report it).",
                    [],
                )

    def too_large(self) -> tuple[int, str, str, list[tuple[bytes, bytes]]]:
        """The 413 refusal: (status, title, message, extra headers)."""
        return (
            413,
            "The file is too large",
            f"Accord takes a proposal file of at most {MAX_BYTES:,} bytes (1 MiB), and a request "
            f"of at most {self.max_body:,} bytes. Nothing was kept; go back and choose a smaller "
            "file.",
            [],
        )

    def refuse(self, scope: Scope) -> tuple[int, str, str, list[tuple[bytes, bytes]]] | None:
        """(status, title, message, extra headers) for a request refused outright, else None."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if self.loopback_only and not is_loopback(_hostname(host)):  # 127.0.0.0/8, ::1, localhost
            return 400, "Wrong address", "This server answers only on its loopback address.", []
        if self.token is not None:
            denied = self.check_token(scope, headers)
            if denied is not None:
                return denied
        if scope["method"] not in ("GET", "HEAD"):
            site = headers.get("sec-fetch-site")
            origin = headers.get("origin")
            # the host and port must match; the scheme may differ behind a TLS proxy
            if site in ("cross-site", "same-site") or (
                origin is not None and origin.partition("://")[2] != host
            ):
                return 403, "Refused", "A form on another site cannot send data to Accord.", []
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_body:
                return self.too_large()
        return None

    def check_token(
        self, scope: Scope, headers: dict[str, str]
    ) -> tuple[int, str, str, list[tuple[bytes, bytes]]] | None:
        """The refusal for a missing (401) or wrong (403) token, the 303 that sets the cookie
        from a ?token= link, or None when the request carries the right token."""
        assert self.token is not None
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "token" in query and scope["method"] == "GET":
            if not _same(query["token"][0], self.token):
                return 403, "Wrong token", "The token in this link is not this server's.", []
            rest = urlencode([(k, v) for k, vs in query.items() if k != "token" for v in vs])
            cookie = (f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/").encode(
                "latin-1"
            )
            where = (scope["path"] + (f"?{rest}" if rest else "")).encode("latin-1")
            return 303, "Signed in", "Continue.", [(b"set-cookie", cookie), (b"location", where)]
        given = None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        elif "cookie" in headers:
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(headers["cookie"])
            except Exception:  # a malformed cookie header is no token
                jar = SimpleCookie()
            if TOKEN_COOKIE in jar:
                given = jar[TOKEN_COOKIE].value
        if given is None:
            return (
                401,
                "Token needed",
                "This server needs its access token. Open the link `accord serve` printed when "
                "it started (it ends in ?token=...), or send the header 'Authorization: Bearer "
                "TOKEN'.",
                [],
            )
        if not _same(given, self.token):
            return 403, "Wrong token", "The token given is not this server's.", []
        return None

    async def respond(
        self,
        send: Send,
        status: int,
        title: str,
        message: str,
        extra: list[tuple[bytes, bytes]],
    ) -> None:
        """Send the page self.page makes for status, title and message, with extra headers."""
        body = self.page(status, title, message).encode("utf-8")
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            *extra,
        ]
        if status == 401:
            headers.append((b"www-authenticate", b'Bearer realm="accord"'))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))
