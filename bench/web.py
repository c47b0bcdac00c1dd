"""The web app: time from changing a fact to the updated assessment on screen, and server memory.

Starts `accord serve` in a subprocess on a free port, then
1. drives Chromium (playwright, Debian's /usr/bin/chromium) through a scripted session on the
   first bundled example: each step changes one fact and times, in the page's own clock, from
   the change (a click on a radio button) to the moment the new assessment is in the page;
2. sends 1,000 assessments over HTTP (POST /fragment with seeded random facts) and reads the
   server's resident memory before and after.

Usage: python -m bench.web [--steps 40] [--requests 1000]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from accord.kb.load import load_kb
from bench.common import ROOT, random_facts

CHROMIUM = "/usr/bin/chromium"
# facts toggled in turn by the scripted session, with the two values each alternates between
TOGGLES = (
    ("financial_case", ("tested", "untested")),
    ("due_diligence", ("complete", "partial")),
    ("integration_plan", ("detailed", "outline")),
    ("accountability", ("appropriate", "weak")),
)


def rss_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server() -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord", "serve", "--port", str(port)],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/", timeout=2).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("bench/web.py: the server did not start")


def on_screen_times(url: str, steps: int) -> list[float]:
    """Milliseconds from a fact's change to its assessment in the page, one per step."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/")
        page.set_input_files("#proposal_file", str(ROOT / "examples" / "acquisition.yaml"))
        page.click("#upload")
        page.wait_for_load_state()
        page.evaluate(
            """() => {
              window.__updated = [];
              new MutationObserver(() => window.__updated.push(performance.now()))
                .observe(document.getElementById('assessment'),
                         {attributes: true, attributeFilter: ['data-updates']});
            }"""
        )
        times = []
        for i in range(steps):
            name, values = TOGGLES[i % len(TOGGLES)]
            value = values[(i // len(TOGGLES)) % 2]
            seen = page.evaluate("() => window.__updated.length")
            started = page.evaluate(
                """([n, v]) => {
                  const input = document.querySelector(`input[name='f.${n}'][value='${v}']`);
                  const t = performance.now();
                  input.click();
                  return t;
                }""",
                [name, value],
            )
            page.wait_for_function("n => window.__updated.length > n", arg=seen)
            times.append(page.evaluate("() => window.__updated.at(-1)") - started)
        browser.close()
    return times


def fragment_requests(url: str, n: int) -> list[float]:
    """Send n assessments (POST /fragment, seeded random facts); seconds each. Exits when a
    response is not an assessment (the proposals are all valid)."""
    kb = load_kb(cases=False)
    first = urllib.request.urlopen(url + "/")
    cookie = first.headers["set-cookie"].split(";")[0]
    csrf = re.search(r'name="csrf" value="([^"]+)"', first.read().decode()).group(1)
    proposals = random_facts(kb, 200, seed=5)
    times = []
    for i in range(n):
        fields = [("csrf", csrf), ("title", f"Bench {i}"), ("partner_rows", "0")]
        for name, value in proposals[i % len(proposals)].items():
            if name in ("partners_count", "sectors"):
                continue
            values = value if isinstance(value, list) else [value]
            for v in values:
                fields.append((f"f.{name}", str(v).lower() if isinstance(v, bool) else str(v)))
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            url + "/fragment", data=body, headers={"cookie": cookie, "origin": url}
        )
        start = time.perf_counter()
        page = urllib.request.urlopen(request).read()
        times.append(time.perf_counter() - start)
        if b'id="call"' not in page:
            raise SystemExit(f"bench/web.py: request {i} gave no assessment")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    proc, url = start_server()
    try:
        fragment_requests(url, 20)  # warm up
        rss_start = rss_of(proc.pid)
        screen = on_screen_times(url, args.steps)
        http = fragment_requests(url, args.requests)
        rss_end = rss_of(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    print(
        f"change to updated assessment on screen: median {statistics.median(screen):.0f} ms, "
        f"max {max(screen):.0f} ms over {len(screen)} changes (a choice is sent at once; typing waits "
        "for a 250 ms pause)"
    )
    print(
        f"POST /fragment over HTTP: median {statistics.median(http) * 1000:.0f} ms, "
        f"p95 {sorted(http)[int(len(http) * 0.95)] * 1000:.0f} ms over {len(http)} assessments"
    )
    print(
        f"server RSS: {rss_start:.1f} MB after warm-up, {rss_end:.1f} MB after "
        f"{len(http)} more assessments (growth {rss_end - rss_start:+.1f} MB)"
    )


if __name__ == "__main__":
    main()
