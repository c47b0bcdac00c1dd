"""Words a reader sees: what-if answers, KB text, booleans, states and chart titles.

Each test runs over every bundled example (and the whole knowledge base), so it checks the
kind of defect, not one instance: a what-if sentence names the answer it tried with that
answer's meaning; no text shown to readers cites the project's tracker; a value true/false
reads yes/no; a heading, state or title never repeats its own word next to itself; why-not
says a mechanism's state as assess does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import accord
from accord.engine.judge import lower_label
from accord.engine.whynot import words
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TRACKER = re.compile(r"\bissues? #?\d+", re.IGNORECASE)


@pytest.fixture(scope="module")
def assessed(kb):
    return {p.stem: accord.assess(accord.load_proposal(p, kb), kb) for p in EXAMPLES}


@pytest.fixture(scope="module")
def rendered(kb, assessed):
    fmts = ("text", "markdown", "html")
    return {
        (name, fmt): str(accord.render(a, fmt, kb=kb, date="2026-01-01"))
        for name, a in assessed.items()
        for fmt in fmts
    }


def test_what_if_sentences_name_the_answer_they_try(kb, assessed):
    tried = 0
    for a in assessed.values():
        for m in a.missing:
            fdef = kb.facts[m.fact]
            if fdef.type != "enum":
                continue
            meaning = lower_label(fdef.meaning(m.if_value).rstrip("."))
            said = f" were {m.if_value.replace('_', ' ')} ({meaning}): "
            assert said in m.sentence, (m.fact, m.if_value, m.sentence)
            tried += 1
    assert tried > 10


def test_network_what_if_answer_in_every_format(rendered):
    said = "If decision rights were unclear (who decides what has not been agreed)"
    for fmt in ("text", "markdown", "html"):
        text = rendered[("network", fmt)]
        assert said in text, fmt
        assert "were lacking (lacking)" not in text, fmt


def _strings(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def test_no_knowledge_base_text_cites_the_tracker():
    files = sorted(Path(ROOT / "rules").rglob("*.yaml"))
    assert len(files) > 10
    found = [
        (f.name, s)
        for f in files
        for s in _strings(yaml.safe_load(f.read_text(encoding="utf-8")))
        if TRACKER.search(s)
    ]
    assert not found


def test_no_brief_cites_the_tracker_or_shows_raw_booleans(rendered):
    for (name, fmt), text in rendered.items():
        assert not TRACKER.search(text), (name, fmt)
        assert not re.search(r": (true|false)\b", text), (name, fmt)


def test_nothing_indicates_reads_booleans_as_yes_no(rendered):
    text = rendered[("buddying", "markdown")]
    assert "Nothing indicates Causes of poor performance analysed: yes." in text


def test_no_heading_or_state_repeats_its_own_word(rendered):
    # "**Why likely:** Likely: ...", "no signal (no signal)", "withheld: withheld"
    repeats = [
        re.compile(r"\b(\w+):(?:\*\*|</strong>) \1\b", re.IGNORECASE),  # a heading
        re.compile(
            r"\b(withheld|no signal|contested|not established)[:.]?\s+\(?\1\b", re.IGNORECASE
        ),
        re.compile(r"(\b\w[\w ]*?) \(\1\)", re.IGNORECASE),
    ]
    for (name, fmt), page in rendered.items():
        text = re.sub(r"<(style|svg)\b.*?</\1>", "", page, flags=re.DOTALL)  # not prose
        for rx in repeats:
            hit = rx.search(text)
            assert hit is None, (name, fmt, hit and hit.group(0))


def test_chart_titles_do_not_repeat_or_contradict_the_state(rendered):
    titles = re.findall(r"<title>([^<]*)</title>", rendered[("acquisition", "html")])
    assert len(titles) > 5
    for t in titles:
        assert "(no signal)" not in t and "(withheld)" not in t, t
    assert "Partnership performance: withheld" in titles


def test_why_not_says_states_as_assess_does(kb, assessed):
    proposal = accord.load_proposal(ROOT / "examples" / "acquisition.yaml", kb)
    states = {m.name: m.state for m in assessed["acquisition"].mechanisms}
    assert states["performance"] == "withheld" and states["trust"] == "no signal"
    checked = 0
    for target in ("performance=synergy", "trust=high"):
        w = accord.why_not(proposal, kb, target, engine="reference")
        for line in w.why:
            assert "(no signal)" not in line and "(withheld)" not in line, line
            assert "withheld: withheld" not in line.lower(), line
        for r in w.rules:
            for f in r.failed:
                if f.fact in states:
                    assert f.now == words(states[f.fact]), (f.fact, f.now)
                    checked += 1
    assert checked > 2
