"""The web app over HTTP (starlette's TestClient): form, uploads, downloads, and its guard."""

from __future__ import annotations

import html
import json
import re

import pytest
import yaml
from markupsafe import escape

from accord.kb.yamllimits import MAX_BYTES
from tests.brief_support import HOSTILE_IMG, HOSTILE_SCRIPT, hostile_proposal
from tests.web_support import (
    EXAMPLES,
    REALCASES,
    call_and_risks,
    cli_assessment,
    cli_compare,
    client,
    csrf_of,
    form_fields,
    partner_facts_proposal,
    upload,
)

pytest.importorskip("starlette")


@pytest.fixture(scope="module")
def c(kb):
    return client(kb)


def page_call(html: str) -> tuple[str, list[tuple[str, str, str]]]:
    """(call, sorted risks) as the assessment panel shows them."""
    import html as h

    level = re.search(r'id="call" data-level="([^"]+)"', html)
    assert level, "no call on the page"
    risks = re.findall(
        r'data-risk="([^"]*)" data-severity="([^"]+)" data-likelihood="([^"]+)"', html
    )
    return level.group(1), sorted((h.unescape(t), s, lk) for t, s, lk in risks)


def test_form_has_every_fact_of_the_vocabulary_unknown_by_default(c, kb):
    html = c.get("/").text
    for name, fdef in kb.facts.items():
        assert f'name="f.{name}"' in html, name
        if fdef.type in ("enum", "bool"):
            assert re.search(
                rf'id="f-{name}" name="f.{name}" type="radio" value="unknown" checked', html
            )
        for value, meaning in fdef.values:
            assert f'value="{value}"' in html
            assert str(escape(meaning)) in html, (name, value)
        assert str(escape(fdef.question)) in html
    for group in {f.group for f in kb.facts.values()}:
        assert f">{group.replace('_', ' ').capitalize()}</h2>" in html
    assert html.count("<legend") > len(kb.facts) // 2


@pytest.mark.parametrize("example", [*EXAMPLES, *REALCASES, None], ids=lambda p: p and p.stem)
def test_upload_fills_the_form_and_agrees_with_the_cli(c, example, tmp_path):
    example = example or partner_facts_proposal(tmp_path)
    r = upload(c, example)
    assert r.status_code == 200
    cli = call_and_risks(cli_assessment(example))
    assert page_call(r.text) == cli
    # the page, submitted as a browser would, gives the same call; its YAML round-trips
    fields = form_fields(r.text)
    again = c.post("/", data={**fields, "action": "assess"})
    assert page_call(again.text) == cli
    got = c.post("/download/yaml", data=fields)
    assert got.headers["content-type"].startswith("application/yaml")
    assert got.headers["content-disposition"].startswith('attachment; filename="')
    data = yaml.safe_load(got.text)
    original = yaml.safe_load(example.read_text(encoding="utf-8"))
    def facts(d):  # a set fact's order does not matter
        return {k: sorted(v) if isinstance(v, list) else v for k, v in d["facts"].items()}

    assert facts(data) == facts(original)

    def partners(d):
        out = []
        for p in d.get("partners", []):
            p = {"name": p} if isinstance(p, str) else dict(p)
            if isinstance(p.get("sector"), list) and len(p["sector"]) == 1:
                p["sector"] = p["sector"][0]
            if "special measures" in p.get("role", ""):
                p.setdefault("performance", "special_measures")
            out.append(p)
        return out

    assert partners(data) == partners(original)


def test_downloaded_yaml_is_what_the_cli_reads(c, tmp_path):
    r = upload(c, EXAMPLES[0])
    got = c.post("/download/yaml", data=form_fields(r.text))
    path = tmp_path / "from-web.yaml"
    path.write_bytes(got.content)
    assert call_and_risks(cli_assessment(path)) == call_and_risks(cli_assessment(EXAMPLES[0]))


@pytest.mark.parametrize(
    ("kind", "media", "ext"),
    [
        ("json", "application/json", "json"),
        ("html", "text/html", "html"),
        ("md", "text/markdown", "md"),
        ("pdf", "application/pdf", "pdf"),
    ],
)
def test_downloads_have_their_type_and_a_file_name(c, kind, media, ext):
    from accord.web.downloads import pdf_available

    if kind == "pdf" and not pdf_available():
        pytest.skip("WeasyPrint is not installed")
    fields = form_fields(upload(c, EXAMPLES[0]).text)
    got = c.post(f"/download/{kind}", data=fields)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith(media)
    assert re.fullmatch(
        rf'attachment; filename="[a-z0-9-]+\.{ext}"', got.headers["content-disposition"]
    )
    if kind == "json":
        assert call_and_risks(json.loads(got.text)) == call_and_risks(cli_assessment(EXAMPLES[0]))
    if kind == "pdf":
        assert got.content.startswith(b"%PDF")


def test_a_broken_upload_lists_line_and_field_and_keeps_the_form(c):
    body = b"title: Broken\nfacts:\n  form: mergr\n  initiation: voluntary\n"
    r = upload(c, name="broken.yaml", body=body, extra={"title": "What I typed"})
    assert r.status_code == 400
    summary = r.text.split('id="error-summary"')[1].split("</div>")[0]
    assert "broken.yaml, line 3, field &#39;facts.form&#39;" in summary
    assert "did you mean &#39;merger&#39;?" in summary
    assert 'href="#proposal_file"' in summary
    assert 'id="title" name="title" type="text" value="What I typed"' in r.text
    assert "<title>Error: " in r.text


def test_form_errors_link_to_their_fields(c):
    data = form_fields(c.get("/").text)
    data.update({"p0.name": "Trust A", "p0.role": "acquier", "f.partners_count": "three"})
    r = c.post("/", data={**data, "action": "assess"})
    assert r.status_code == 400
    summary = r.text.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#title"' in summary  # the title is required
    assert 'href="#p0-role"' in summary and "did you mean &#39;acquirer&#39;?" in summary
    assert 'href="#f-partners_count"' in summary
    assert "Partner 1, role: role &#39;acquier&#39;" in summary
    assert "Number of partners: &#39;three&#39; is not a whole number" in summary
    assert "partners[0]" not in summary and "facts." not in summary
    assert 'id="p0-role" name="p0.role" type="text" value="acquier"' in r.text


def test_what_if_button_add_and_remove_partner_work_without_script(c):
    html = upload(c, EXAMPLES[0]).text
    button = re.search(r'name="set" value="([^"=]+)=([^"]+)"', html)
    assert button
    fact, value = button.groups()
    r = c.post("/", data={**form_fields(html), "set": f"{fact}={value}"})
    assert re.search(rf'name="f.{fact}" type="(radio|checkbox)" value="{value}" checked', r.text)
    added = c.post("/", data={**form_fields(r.text), "action": "add-partner"})
    rows = int(re.search(r'name="partner_rows" value="(\d+)"', added.text).group(1))
    assert 'id="p2-name"' in added.text and rows == 3
    removed = c.post("/", data={**form_fields(added.text), "action": "remove-partner:0"})
    assert 'id="p2-name"' not in removed.text
    assert "Severnbridge" not in removed.text.split('id="p0-name"')[1][:200]


def test_fragment_is_the_assessment_panel(c):
    fields = form_fields(upload(c, EXAMPLES[0]).text)
    r = c.post("/fragment", data=fields)
    assert r.status_code == 200 and "<html" not in r.text
    assert page_call(r.text) == call_and_risks(cli_assessment(EXAMPLES[0]))


def test_hostile_text_is_escaped_everywhere(c, tmp_path):
    r = upload(c, hostile_proposal(tmp_path))
    assert r.status_code == 200
    for text in (r.text, c.post("/fragment", data=form_fields(r.text)).text):
        assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in r.text
    fields = form_fields(r.text)
    saved = c.post("/", data={**fields, "action": "save-option"})
    assert saved.status_code == 200 and "<script>alert" not in saved.text
    compare = c.get("/compare").text
    assert "&lt;script&gt;" in compare and "<script>alert" not in compare
    brief = c.post("/download/html", data=fields).text
    assert "<script>alert" not in brief and HOSTILE_SCRIPT not in brief
    assert HOSTILE_IMG not in brief


def test_compare_sets_saved_options_side_by_side(kb):
    c = client(kb)
    for example in EXAMPLES[:3]:
        fields = form_fields(upload(c, example).text)
        assert c.post("/", data={**fields, "action": "save-option"}).status_code == 200
    page = c.get("/compare").text
    token = csrf_of(page)
    titles = [yaml.safe_load(p.read_text())["title"] for p in EXAMPLES[:3]]
    one = c.post("/compare", data={"csrf": token, "action": "compare", "option": titles[0]})
    assert one.status_code == 400 and 'href="#option-0"' in one.text
    r = c.post("/compare", data={"csrf": token, "action": "compare", "option": titles})
    table = html.unescape(r.text.split('id="comparison"')[1].split("</table>")[0])
    for title in titles:
        assert f'scope="col">{title}' in table
    # the same rows as `accord compare` on the same files: every risk, what differs, the trades
    cli = cli_compare(tuple(EXAMPLES[:3]))
    for row in cli["rows"]:
        if row["section"] == "risk" or (row["section"] != "call" and row["differs"]):
            cells = "".join(
                f"<td>{v.capitalize()}</td>" if v else "<td><span" for v in row["values"]
            )
            assert f">{row['label']}" in table and cells.split("<span")[0] in table, row
    for trade in cli["trades"]:
        for sentence in trade["gains"] + trade["costs"]:
            assert f"<li>{sentence}</li>" in table
    gone = c.post("/compare", data={"csrf": token, "action": "remove", "option": titles[:2]})
    assert gone.text.count('name="option"') == 1


def test_posts_need_the_double_submit_token_and_a_same_origin(c):
    token = csrf_of(c.get("/").text)
    assert c.post("/fragment", data={"title": "x"}).status_code == 403
    assert c.post("/fragment", data={"csrf": "forged" * 8, "title": "x"}).status_code == 403
    ok = {"csrf": token, "title": "x"}
    assert c.post("/fragment", data=ok).status_code == 200
    evil = c.post("/fragment", data=ok, headers={"origin": "http://evil.example"})
    assert evil.status_code == 403 and "another site" in evil.text
    cross = c.post("/fragment", data=ok, headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403


def test_every_response_has_the_security_headers(c):
    for r in (c.get("/"), c.get("/compare"), c.get("/static/app.js"), c.get("/nowhere")):
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert "unsafe-inline" not in r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
    assert c.get("/static/app.css").headers["content-type"].startswith("text/css")


@pytest.mark.parametrize(
    "path",
    ["/static/../pyproject.toml", "/static/%2e%2e%2fapp.py", "/static/app.py", "/etc/passwd"],
)
def test_no_server_path_is_readable(c, path):
    r = c.get(path)
    assert r.status_code == 404 and "[tool" not in r.text and "root:" not in r.text


def test_only_loopback_host_names_are_served(c):
    assert c.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert c.get("/", headers={"host": "localhost:8000"}).status_code == 200
    for loopback in ("127.0.0.2:8000", "127.1.2.3", "[::1]:8000"):  # any loopback address
        assert c.get("/", headers={"host": loopback}).status_code == 200, loopback
    for other in ("127.0.0.1.attacker.example", "10.0.0.1:8000", "[::2]:8000"):
        assert c.get("/", headers={"host": other}).status_code == 400, other


def test_oversized_upload_is_refused_with_a_clear_page(c):
    r = upload(c, name="big.yaml", body=b"#" * (MAX_BYTES + 100 * 1024))
    assert r.status_code == 413
    assert "too large" in r.text and "1 MiB" in r.text and "Traceback" not in r.text
    # just over the reader's limit: the reader's own message, in the error summary
    r = upload(c, name="big.yaml", body=b"#" * (MAX_BYTES + 10))
    assert r.status_code == 400 and "the file is too large" in r.text


def test_a_body_without_a_length_is_cut_off_too(kb):
    import asyncio

    from accord.web.security import Guard

    async def app(scope, receive, send):
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read it all"})

    sent = []
    chunks = [{"type": "http.request", "body": b"x" * 65536, "more_body": True}] * 40

    async def receive():
        return chunks.pop() if chunks else {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    guard = Guard(app, token=None, loopback_only=True, page=lambda s, t, m: t, max_body=1 << 20)
    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"host", b"127.0.0.1")]}
    asyncio.run(guard(scope, receive, send))
    assert sent[0]["status"] == 413


def test_with_a_token_every_request_needs_it(kb):
    token = "t0ken-for-the-test-0123456789"
    c = client(kb, token=token)
    assert c.get("/").status_code == 401
    assert c.get("/", headers={"authorization": "Bearer wrong"}).status_code == 403
    assert c.get("/", headers={"authorization": f"Bearer {token}"}).status_code == 200
    assert c.get("/?token=wrong").status_code == 403
    link = c.get(f"/?token={token}", follow_redirects=False)
    assert link.status_code == 303 and link.headers["location"] == "/"
    assert (
        "HttpOnly" in link.headers["set-cookie"] and "SameSite=Strict" in link.headers["set-cookie"]
    )
    assert c.get("/").status_code == 200  # the cookie from the link
    assert "Token needed" in client(kb, token=token).get("/compare").text


def test_an_unexpected_failure_is_a_page_not_a_traceback(kb, monkeypatch, capsys):
    from accord.web.server import WebApp

    def boom(self, proposal):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(WebApp, "assess", boom)
    c = client(kb)
    from starlette.testclient import TestClient

    c = TestClient(c.app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False)
    r = c.get("/")
    assert r.status_code == 500
    assert "Traceback" not in r.text and "secret internals" not in r.text
    assert "a bug" in r.text
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "Traceback" not in err


def test_serve_refuses_a_public_address_without_a_token(tmp_path):
    from click.testing import CliRunner

    from accord.cli import main

    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "--token" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["serve", "--host", "192.0.2.1", "--token", "short"])
    assert r.exit_code == 2 and "16 to 200" in r.output
    r = CliRunner().invoke(main, ["serve", "--token", "has spaces; and=a cookie"])
    assert r.exit_code == 2 and "letters, digits" in r.output


def test_serve_on_a_port_in_use_is_exit_2_with_a_message():
    import socket

    from click.testing import CliRunner

    from accord.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert r.exit_code == 2, r.output
    assert f"port {port}" in r.output and "--port 0" in r.output and "open http" not in r.output


def test_under_uvicorn_a_failure_prints_one_line_and_no_traceback(kb, monkeypatch, capfd):
    import urllib.error
    import urllib.request

    from accord.web.server import WebApp
    from tests.web_support import live_server

    def boom(self, proposal):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(WebApp, "assess", boom)
    with live_server(kb) as url:
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url + "/")
        body = info.value.read().decode()
    assert info.value.code == 500 and "a bug" in body and "secret internals" not in body
    err = capfd.readouterr().err
    assert "RuntimeError" in err and "Traceback" not in err


def test_accord_serve_starts_prints_its_link_and_serves_the_form():
    import subprocess
    import sys
    import time
    import urllib.request

    token = "a-token-for-the-cli-test-0123"
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord", "serve", "--port", "0", "--token", token],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()
        link = re.search(r"open (http://127\.0\.0\.1:\d+/\?token=\S+)", line)
        assert link, line
        request = urllib.request.Request(
            link.group(1).split("?")[0], headers={"authorization": f"Bearer {token}"}
        )
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert 'id="proposal-form"' in page
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
