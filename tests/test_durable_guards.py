"""One test per durable-rules trap in docs/engine-notes.md: the trap, where it can be shown, and our guard."""

from __future__ import annotations

import subprocess
import sys
import threading
from itertools import permutations

import pytest

from accord.curate.cases import run_cases
from accord.engine import durable_available, get_engine
from accord.errors import EngineError, ProposalError
from accord.inputs.proposal import proposal_from_facts
from accord.kb.load import load_kb
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    not durable_available(), reason="durable-rules does not import here"
)
GUARDS = load_kb(ROOT / "tests/fixtures/guards")


def durable():
    return get_engine(GUARDS, "durable")


def test_guard_cases_pass_on_both_engines():
    for name in ("durable", "reference"):
        failed = [r.explain() for r in run_cases(GUARDS, get_engine(GUARDS, name)) if not r.passed]
        assert not failed, failed


def test_trap1_negation_is_decided_after_lower_strata_in_any_fact_order():
    """G-NOT must wait for a fact derived two links later; fact order must not matter."""
    rule = GUARDS.rule("G-NOT")
    assert rule.stratum > GUARDS.rule("G-CHAIN-2").stratum
    facts = [("colour", "red"), ("flag", True), ("size", 20)]
    for order in permutations(facts):
        fired, _ = durable().run(tuple(order))
        assert "G-NOT" not in fired and "G-CHAIN-2" in fired


def test_trap1_shipped_kb_negation_with_contested_trust(kb):
    """Trust argued both ways and too close to call: nothing that reads it fires, on both engines."""
    facts = {"pace": "slow", "leaders_show_vulnerability": True, "leaders_persuasive": True}
    for engine in ("durable", "reference"):
        inf = get_engine(kb, engine).infer(proposal_from_facts(facts, kb).facts)
        assert inf.resolutions["trust"].standard == "contested"
        assert "trust" not in inf.store
        assert "RISKT-03" not in inf.fired and "RISKT-01" not in inf.fired


def test_trap2_empty_session_is_deleted_without_crashing():
    """delete_state crashes when no action ran; the start rule makes one always run."""
    code = (
        "from accord.kb.load import load_kb\n"
        "from accord.engine import get_engine\n"
        f"kb = load_kb({str(ROOT / 'tests/fixtures/guards')!r})\n"
        "eng = get_engine(kb, 'durable')\n"
        "for _ in range(50):\n"
        "    fired, store = eng.run(())\n"
        "print('ok', sorted(fired))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")


def test_trap3_no_background_threads():
    before = threading.active_count()
    eng = durable()
    for _ in range(5):
        eng.run((("size", 5),))
    assert threading.active_count() == before
    assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)]


def test_trap4_unread_facts_neither_raise_nor_defer_actions():
    fired, _ = durable().run((("size", 5), ("unread", True)))
    assert "G-RANGE" in fired  # the batch's actions ran in this very call
    # a value of a read fact that no pattern accepts is not asserted either
    eng = durable()
    tested = {leaf.value for leaf in eng._tests.get("colour", ()) if leaf.op == "equals"}
    assert tested and "mauve" not in tested
    assert eng._fact_text("colour", "mauve") is None
    fired, _ = eng.run((("colour", "mauve"), ("size", 5)))
    assert "G-RANGE" in fired


def test_trap4_reproduced_without_the_sink():
    from durable import engine as raw

    class Quiet(raw.Host):
        def _run(self):
            return None

    host = Quiet()
    host.register_rulesets({"trap4": {"r": {"all": [{"m": {"k": "read"}}], "run": lambda c: None}}})
    with pytest.raises(raw.MessageNotHandledException):
        host.assert_facts("trap4", [{"sid": "1", "k": "nobody_reads_this", "v": 1}])


def test_trap5_same_conclusion_from_two_rules_and_double_matches():
    fired, store = durable().run((("kinds", ("a", "b")), ("size", 5)))
    assert {"G-RANGE", "G-SET"} <= fired  # both derive level=up: asserted once
    assert store["level"] == {"up"}


def test_trap6_errors_inside_actions_are_raised(monkeypatch):
    class Broken(dict):
        def __missing__(self, rule_id):
            raise ValueError("broken condition")

    eng = durable()
    monkeypatch.setattr(eng.weigher, "test", Broken())
    with pytest.raises(EngineError, match="broken condition"):
        eng.run((("size", 5),))
    monkeypatch.undo()
    assert "G-RANGE" in eng.run((("size", 5),))[0]  # a fresh session after the failure


def test_trap7_facts_given_to_the_engine_are_not_mutated():
    """durable adds 'sid' to every dict it is given: no dict Accord hands back may be one."""
    import copy as deep

    facts = (("kinds", ("a",)), ("size", 5))
    copy = tuple(facts)
    _, first = durable().run(facts)
    snapshot = deep.deepcopy(first)
    _, second = durable().run((("flag", True), ("size", 2)))
    assert facts == copy
    assert first == snapshot  # a later run never writes into an earlier result
    assert first is not second and all(first[k] is not second.get(k) for k in first)
    assert all(not isinstance(v, dict) and "sid" not in str(v) for vs in first.values() for v in vs)


def test_trap8_types_are_checked_before_the_engine(kb):
    with pytest.raises(ProposalError):
        proposal_from_facts({"partners_count": "3"}, kb)
    with pytest.raises(ProposalError):
        proposal_from_facts({"partners_count": True}, kb)
    from accord.engine.conditions import value_matches
    from accord.kb.model import Leaf

    assert not value_matches(Leaf("flag", "equals", True), 1)


def test_trap9_and_10_many_sessions_in_one_process():
    """More sessions than durable's 1024 live-session limit: each is deleted after use."""
    eng = durable()
    for i in range(1100):
        fired, _ = eng.run((("size", i % 20),))
        assert ("G-RANGE" in fired) == (3 <= i % 20 <= 10)


def test_trap10_one_ruleset_per_kb_per_process():
    assert get_engine(GUARDS, "durable") is get_engine(
        load_kb(ROOT / "tests/fixtures/guards"), "durable"
    )


def test_two_tests_of_one_fact_fire_together():
    """durable binds each alias to a different fact; two tests of one fact must still fire."""
    fired, _ = durable().run((("size", 5),))
    assert "G-RANGE" in fired
