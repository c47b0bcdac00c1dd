"""Fuzzing: generated YAML documents, valid and broken, through every reader (issue 15).

Each reader (proposal, survey answers, knowledge-base files) must either accept a document or
refuse it with an AccordError of exit code 2: never another exception, never a hang. Over
2,000 documents run per test session (the counts are asserted at the end), each within
PER_INPUT seconds, and the process's peak memory stays bounded.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.cli import main
from accord.errors import AccordError
from accord.inputs.proposal import parse_proposal
from accord.kb.load import default_kb_dir, load_kb
from accord.kb.loader import _Loader
from accord.kb.yamlread import parse_yaml
from accord.survey.answers import parse_response
from accord.survey.instrument import load_survey

ROOT = Path(__file__).resolve().parent.parent
PER_INPUT = 2.0  # seconds any one document may take
PEAK_MB = 600  # resident memory of the whole test process
KB = load_kb(cases=False)
INST = load_survey(KB)
SEEDS = {
    "proposal": (ROOT / "examples" / "mandated-merger.yaml").read_text(),
    "answers": (ROOT / "examples" / "survey" / "answers" / "upland-1.yaml").read_text(),
    "kb": (ROOT / "rules" / "survey.rules.yaml").read_text(),
}
COUNTS: dict[str, int] = {}
FUZZ = settings(
    max_examples=700,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# words that matter to the readers, mixed with noise
WORDS = st.sampled_from(
    [*KB.facts, *(v for f in KB.facts.values() for v in f.value_names)][:200]
    + [i.id for i in INST.items][:20]
    + [
        "title",
        "facts",
        "partners",
        "name",
        "sector",
        "instrument",
        "version",
        "respondent",
        "organisation",
        "role",
        "answers",
        "rules",
        "id",
        "when",
        "then",
        "fact",
        "equals",
        "yes",
        "on",
        "0x10",
        "1:30",
        "~",
        "<<",
        "true",
        "dont_know",
        "accord-readiness",
        "1.0.0",
    ]
)
SCALARS = st.one_of(
    WORDS,
    st.text(max_size=20),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(st.one_of(WORDS, st.integers(0, 9), st.booleans()), inner, max_size=6),
    ),
    max_leaves=40,
)
NOISE = st.text(
    alphabet=":-[]{}&*!#|>'\"\n \t%@`,?.~=<0123456789abcxyz\x1b\x07\u00e9\ufeff", max_size=120
)


def dumped(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def documents(draw: st.DrawFn, seed: str) -> str:
    """A YAML text: generated data, noise, or a seed file cut, spliced and repeated."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return dumped(draw(DATA))
    if kind == 1:
        return draw(NOISE)
    if kind == 2:  # a real document with generated values put in a few places
        data = yaml.safe_load(seed)
        if isinstance(data, dict):
            for key in draw(st.lists(st.sampled_from(sorted(map(str, data))), max_size=3)):
                data[key] = draw(DATA)
            data[draw(WORDS)] = draw(DATA)
        return dumped(data)
    text = seed
    for _ in range(draw(st.integers(1, 4))):  # mutate the text itself
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 40))
        text = text[:at] + draw(NOISE) + text[at + cut :]
    return text


def check(reader: str, call: Any) -> None:
    COUNTS[reader] = COUNTS.get(reader, 0) + 1
    start = time.perf_counter()
    try:
        call()
    except AccordError as exc:
        assert exc.exit_code == 2, exc.render()
        exc.render()  # rendering the message must not fail either
    assert time.perf_counter() - start < PER_INPUT


@FUZZ
@given(documents(SEEDS["proposal"]))
def test_proposal_reader(text):
    check("proposal", lambda: parse_proposal(text, "p.yaml", KB))


@FUZZ
@given(documents(SEEDS["answers"]))
def test_answers_reader(text):
    check("answers", lambda: parse_response(text, "a.yaml", INST))


def _kb_file(text: str) -> None:
    src = parse_yaml(text, "x.rules.yaml")
    loader = _Loader(default_kb_dir(), KB.content_hash, with_cases=False)
    facts = loader.vocabulary(src)
    loader.derived(src, KB.facts)
    loader.evidence(src)
    rules = loader.rules(loader.rule_entries(src), KB.facts, KB.derived, KB.claims)
    loader.cases(src, KB.facts, {r.id for r in rules})
    assert isinstance(facts, dict)


@FUZZ
@given(documents(SEEDS["kb"]))
def test_knowledge_base_reader(text):
    check("kb", lambda: _kb_file(text))


@settings(max_examples=40, deadline=None, database=None, derandomize=True)
@given(documents(SEEDS["proposal"]))
def test_assess_command_exits_0_or_2(text):
    """The whole command, in process: exit 0 or 2 and never a traceback or 'internal error'."""
    COUNTS["cli"] = COUNTS.get("cli", 0) + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.yaml"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["assess", str(path), "--engine", "reference"])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_fuzzing_ran_enough_documents_in_bounded_memory():
    """Runs after the fuzz tests above (pytest keeps file order)."""
    if len(COUNTS) < 4:
        pytest.skip("run with the fuzz tests above")
    assert sum(COUNTS.values()) >= 2000, COUNTS
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < PEAK_MB
