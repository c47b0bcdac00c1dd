"""Same input, same bytes; evaluations isolated in series (A, B, A) and in parallel."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from accord.engine.explain import assess
from accord.inputs.proposal import load_proposal
from accord.kb.load import load_kb
from accord.report.json import to_json
from tests.conftest import EXAMPLES, ROOT


def assessment_json(path: str, engine: str = "auto") -> str:
    kb = load_kb()
    return to_json(assess(load_proposal(path, kb), kb, engine))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_same_input_gives_identical_bytes(example, engine_name):
    assert assessment_json(str(example), engine_name) == assessment_json(str(example), engine_name)


def test_a_b_a_gives_the_same_a(engine_name):
    a, b = str(EXAMPLES[0]), str(EXAMPLES[1])
    first = assessment_json(a, engine_name)
    other = assessment_json(b, engine_name)
    assert first != other
    assert assessment_json(a, engine_name) == first


def test_parallel_equals_serial():
    paths = [str(p) for p in EXAMPLES] * 2
    serial = [assessment_json(p) for p in paths]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        parallel = list(pool.map(assessment_json, paths))
    assert parallel == serial


def test_threads_are_serialised_safely():
    from concurrent.futures import ThreadPoolExecutor

    paths = [str(p) for p in EXAMPLES] * 3
    serial = [assessment_json(p) for p in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(assessment_json, paths)) == serial


def test_fact_order_in_the_file_does_not_matter(tmp_path):
    kb = load_kb()
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text("title: t\nfacts:\n  form: merger\n  pace: slow\n  legal_basis: none\n")
    b.write_text("title: t\nfacts:\n  legal_basis: none\n  pace: slow\n  form: merger\n")
    ja = to_json(assess(load_proposal(a, kb), kb)).replace("a.yaml", "x")
    jb = to_json(assess(load_proposal(b, kb), kb)).replace("b.yaml", "x")
    strip = lambda s: [ln for ln in s.splitlines() if "input_hash" not in ln]  # noqa: E731
    assert strip(ja) == strip(jb)


def test_threads_share_one_reference_weigher_safely():
    """What-ifs run outside any engine lock; one weigher serves every thread."""
    from concurrent.futures import ThreadPoolExecutor

    kb = load_kb()
    library = ROOT / "rules" / "realcases"
    cases = sorted(p for p in library.glob("*.yaml") if p.name != "library.yaml")
    paths = [*EXAMPLES, *cases] * 2

    def run(path):
        return to_json(assess(load_proposal(path, kb), kb, "reference"))

    serial = [run(p) for p in paths]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(run, paths)) == serial
