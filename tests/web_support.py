"""Helpers for the web app's tests: a client, a live server in a thread, and the CLI's answer."""

from __future__ import annotations

import contextlib
import functools
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
REALCASES = sorted(p for p in (ROOT / "rules" / "realcases").glob("*.yaml") if p.stem != "library")
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
BASE = "http://127.0.0.1:8000"


def partner_facts_proposal(folder: Path) -> Path:
    """The acquisition example with partners that state several sectors and their own
    position (financial_position, performance, leadership, capacity)."""
    import yaml

    data = yaml.safe_load((ROOT / "examples" / "acquisition.yaml").read_text(encoding="utf-8"))
    data["partners"] = [
        {
            "name": "Severnbridge Hospitals NHS Foundation Trust",
            "sector": ["acute", "community"],
            "role": "acquirer",
            "financial_position": "pressured",
            "performance": "good",
            "leadership": "stable",
            "capacity": "low",
        },
        {
            "name": "Harrowfield Community Hospital NHS Trust",
            "sector": "community",
            "role": "trust being acquired",
            "financial_position": "deficit",
            "leadership": "interim",
        },
        {"name": "Severn Valley Integrated Care Board", "role": "member"},
    ]
    for derived in ("financial_position", "partner_performance"):
        data["facts"].pop(derived, None)
    path = folder / "partner-facts.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def client(kb, **options):
    """A starlette TestClient on the app for kb, addressed as loopback."""
    from starlette.testclient import TestClient

    from accord.web.app import create_app

    return TestClient(create_app(kb, **options), base_url=BASE)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "the page has no CSRF field"
    return m.group(1)


def upload(c, path: Path | None = None, *, name: str = "", body: bytes = b"", extra=None):
    """Upload a proposal file through the form; returns the response."""
    page = c.get("/")
    data = {"csrf": csrf_of(page.text), "action": "upload", "partner_rows": "2"}
    data.update(extra or {})
    if path is not None:
        name, body = path.name, path.read_bytes()
    return c.post("/", data=data, files={"proposal_file": (name, body, "application/yaml")})


def form_fields(html: str) -> dict[str, list[str]]:
    """What a browser would submit from the page's proposal form: {name: [values]}."""
    from html.parser import HTMLParser

    out: list[tuple[str, str]] = []

    class Fields(HTMLParser):
        select: str | None = None
        textarea: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") != "file":
                kind = a.get("type", "text")
                if kind in ("radio", "checkbox") and "checked" not in a:
                    return
                out.append((a["name"], a.get("value") or ""))
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                out.append((self.select, a.get("value") or ""))
            elif tag == "textarea":
                self.textarea = a.get("name")

        def handle_data(self, data):
            if self.textarea:
                out.append((self.textarea, data))
                self.textarea = None

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

    Fields(convert_charrefs=True).feed(html)
    fields: dict[str, list[str]] = {}
    for name, value in out:
        fields.setdefault(name, []).append(value)
    return fields


@functools.lru_cache(maxsize=64)
def cli_assessment(path: Path) -> dict:
    """`accord assess FILE --format json`, parsed: what the page must agree with."""
    done = subprocess.run(
        [sys.executable, "-m", "accord", "assess", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@functools.lru_cache(maxsize=8)
def cli_compare(paths: tuple[Path, ...]) -> dict:
    """`accord compare FILES --format json`, parsed."""
    done = subprocess.run(
        [sys.executable, "-m", "accord", "compare", *map(str, paths), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def call_and_risks(data: dict) -> tuple[str, list[tuple[str, str, str]]]:
    """(call, sorted [(risk title, severity, likelihood)]) of an assessment's JSON."""
    risks = sorted((r["title"], r["severity"], r["likelihood"]) for r in data["risks"])
    return data["overall"]["level"], risks


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(kb, **options) -> Iterator[str]:
    """Serve the app with uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    from accord.web.app import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(kb, **options),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def launch(pw):
    """Debian's chromium, headless, as the brief tests launch it (skip or fail when missing)."""
    import os

    from tests.brief_support import CHROMIUM, CHROMIUM_ARGS, unavailable

    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"Debian's chromium ({CHROMIUM})")
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class Watched:
    """A page with its console errors, page errors and dialogs collected."""

    def __init__(self, context):
        self.page = context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


def fill_form(page, data: dict, kb) -> None:
    """Fill the proposal form from a proposal file's data by clicking and typing, as a user
    would: partners first (adding rows as needed), then every stated fact."""
    partners = data.get("partners") or []
    while page.locator("fieldset.partner").count() < len(partners):
        page.click("#add-partner")
        page.wait_for_load_state()
    page.fill("#title", data["title"])
    page.fill("#summary", data.get("summary", ""))
    for i, p in enumerate(partners):
        p = {"name": p} if isinstance(p, str) else p
        page.click(f"#p{i}-name")
        page.keyboard.type(p["name"])
        if p.get("role"):
            page.fill(f"#p{i}-role", p["role"])
        sectors = p.get("sector") or []
        for s in [sectors] if isinstance(sectors, str) else sectors:
            page.check(f'input[name="p{i}.sector"][value="{s}"]')
        for key in ("financial_position", "performance", "leadership", "capacity"):
            if p.get(key):
                page.select_option(f"#p{i}-{key}", p[key])
    for name, value in (data.get("facts") or {}).items():
        kind = kb.facts[name].type
        if kind == "int":
            page.fill(f"#f-{name}", str(value))
        elif kind == "set":
            for v in [value] if isinstance(value, str) else value:
                page.check(f'input[name="f.{name}"][value="{v}"]')
        else:
            v = ("true" if value else "false") if kind == "bool" else value
            page.check(f'input[name="f.{name}"][value="{v}"]')


def shown_call(page) -> tuple[str, list[tuple[str, str, str]]]:
    """(call, sorted risks) as the assessment panel in the browser shows them."""
    level = page.get_attribute("#call", "data-level")
    risks = page.eval_on_selector_all(
        "details.risk",
        "els => els.map(e => [e.dataset.risk, e.dataset.severity, e.dataset.likelihood])",
    )
    return level, sorted(tuple(r) for r in risks)
