"""Each lint check finds exactly the anomaly seeded in its fixture; the shipped KB lints clean."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from accord.cli import main
from accord.curate.lint import CHECKS, lint_kb
from accord.kb.load import load_kb
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "lint"


def test_every_check_has_a_fixture():
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} == set(CHECKS) | {"clean"}


@pytest.mark.parametrize("check", CHECKS)
def test_check_reports_its_anomaly_and_nothing_else(check):
    report = lint_kb(load_kb(FIXTURES / check))
    assert [f.check for f in report.findings] == [check], [f.render() for f in report.findings]
    finding = report.findings[0]
    assert finding.rules or finding.subject  # names the rules (or the fact) involved
    assert finding.line


EXPECTED_RULES = {
    "duplicate": ("TRUST-01", "TRUST-03"),
    "subsumed": ("TRUST-01", "TRUST-03"),
    "contradiction": ("TRUST-01", "TRUST-03"),
    "unreachable": ("RISK-03",),
    "dead-end": ("CONF-01",),
    "unused-fact": (),
    "unaddressed-risk": ("RISK-03",),
    "overgraded": ("TYP-01",),
}


@pytest.mark.parametrize("check", CHECKS)
def test_finding_names_the_rules_involved(check):
    (finding,) = lint_kb(load_kb(FIXTURES / check)).findings
    assert finding.rules == EXPECTED_RULES[check]


def test_clean_fixture_and_shipped_kb_lint_clean(kb):
    assert lint_kb(load_kb(FIXTURES / "clean")).clean
    report = lint_kb(kb)
    assert report.clean, [f.render() for f in report.findings]


def test_declared_tension_silences_the_contradiction(tmp_path):
    kb_dir = tmp_path / "kb"
    shutil.copytree(FIXTURES / "contradiction", kb_dir)
    with (kb_dir / "derived.yaml").open("a") as fh:
        fh.write("tensions:\n  - {rules: [TRUST-03, TRUST-01], because: Both are shown.}\n")
    assert lint_kb(load_kb(kb_dir)).clean


def test_accepted_finding_is_listed_apart(tmp_path):
    kb_dir = tmp_path / "kb"
    shutil.copytree(FIXTURES / "unused-fact", kb_dir)
    with (kb_dir / "kb.yaml").open("a") as fh:
        fh.write("accepted:\n  - {check: unused-fact, subject: budget, because: Asked only.}\n")
    report = lint_kb(load_kb(kb_dir))
    assert report.clean and [why for _, why in report.accepted] == ["Asked only."]


def test_cli_lint_exit_codes_and_json():
    runner = CliRunner()
    ok = runner.invoke(main, ["kb", "lint", "--kb", str(FIXTURES / "clean")])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(
        main, ["kb", "lint", "--kb", str(FIXTURES / "duplicate"), "--format", "json"]
    )
    assert bad.exit_code == 1
    assert '"check": "duplicate"' in bad.stdout
    one = runner.invoke(
        main, ["kb", "lint", "--kb", str(FIXTURES / "duplicate"), "--check", "unreachable"]
    )
    assert one.exit_code == 0
    usage = runner.invoke(main, ["kb", "lint", "--check", "duplicates"])
    assert usage.exit_code == 2 and "did you mean 'duplicate'" in usage.stderr


def test_static_analysis_agrees_with_the_engine_on_every_case(kb):
    """A rule that fires in some case is reachable, and two rules that fire together with
    opposite conclusions are never judged exclusive (so the contradiction check sees them)."""
    import itertools

    from accord.curate.lint import reachable_rules
    from accord.curate.satisfiable import ValueSpace
    from accord.engine import get_engine
    from accord.kb.model import All

    engine = get_engine(kb, "reference")
    reachable = reachable_rules(kb)
    vocabulary = ValueSpace(kb, None)
    for case in kb.cases:
        fired, _ = engine.run(case.facts)
        assert fired <= reachable, (case.name, sorted(fired - reachable))
        for a, b in itertools.combinations(sorted(fired), 2):
            ra, rb = kb.rule(a), kb.rule(b)
            if any(fa == fb and sa != sb for fa, sa in ra.then for fb, sb in rb.then):
                assert vocabulary.unsatisfiable(All((ra.when, rb.when))) is None, (a, b)


def test_stale_acceptance_is_noted_not_failed(tmp_path):
    kb_dir = tmp_path / "kb"
    shutil.copytree(FIXTURES / "clean", kb_dir)
    with (kb_dir / "kb.yaml").open("a") as fh:
        fh.write("accepted:\n  - {check: unused-fact, subject: size, because: Old reason.}\n")
    report = lint_kb(load_kb(kb_dir))
    assert report.clean and [a.subject for a in report.stale] == ["size"]
    out = CliRunner().invoke(main, ["kb", "lint", "--kb", str(kb_dir)])
    assert out.exit_code == 0 and "matches no finding any more" in out.stdout
