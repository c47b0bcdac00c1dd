"""The curator's commands end to end: exit codes, output, and the walk-through of adding a rule."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from accord.cli import main
from tests.conftest import ROOT

RULES = ROOT / "rules"
FIXTURES = ROOT / "tests" / "fixtures" / "lint"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_validate_reports_every_problem_with_file_line_and_hint(tmp_path):
    kb_dir = tmp_path / "kb"
    shutil.copytree(FIXTURES / "clean", kb_dir)
    text = (kb_dir / "main.rules.yaml").read_text()
    text = text.replace("grade: limited", "grade: limitted", 1).replace(
        "kind: risk", "kind: risky", 1
    )
    (kb_dir / "main.rules.yaml").write_text(text)
    out = run("kb", "validate", "--kb", kb_dir)
    assert out.exit_code == 1
    assert "main.rules.yaml:" in out.stdout
    assert "did you mean 'limited'?" in out.stdout and "did you mean 'risk'?" in out.stdout


def test_validate_strict_fails_on_warnings(tmp_path):
    kb_dir = tmp_path / "kb"
    shutil.copytree(FIXTURES / "clean", kb_dir)
    lines = (kb_dir / "kb.yaml").read_text().splitlines(keepends=True)
    (kb_dir / "kb.yaml").write_text("".join(lines[1:]))  # drop the schema comment
    assert run("kb", "validate", "--kb", kb_dir).exit_code == 0
    strict = run("kb", "validate", "--strict", "--kb", kb_dir)
    assert strict.exit_code == 1 and "warning" in strict.stdout and "schema" in strict.stdout


def test_validate_names_every_yaml_file_it_would_not_read(tmp_path):
    kb_dir = tmp_path / "kb"
    shutil.copytree(FIXTURES / "clean", kb_dir)
    assert run("kb", "validate", "--kb", kb_dir).exit_code == 0
    shutil.copy(kb_dir / "main.rules.yaml", kb_dir / "main.rules-copy.yaml")
    shutil.copy(kb_dir / "kb.yaml", kb_dir / "vocabulary.yml")
    (kb_dir / "extra.more.rules.yaml").write_text("rules: []\n")  # read by *.rules.yaml
    out = run("kb", "validate", "--kb", kb_dir)
    assert out.exit_code == 1
    errors = [line for line in out.stdout.splitlines() if ": error" in line]
    assert errors == [
        "main.rules-copy.yaml: error: not a knowledge-base file: nothing in it is read",
        "vocabulary.yml: error: not a knowledge-base file: nothing in it is read",
    ], out.stdout
    assert "did you mean 'main.rules.yaml'?" in out.stdout
    assert "did you mean 'vocabulary.yaml'?" in out.stdout
    assert "NAME.rules.yaml, NAME.cases.yaml" in out.stdout


def test_validate_missing_folder_is_bad_input(tmp_path):
    assert run("kb", "validate", "--kb", tmp_path / "nope").exit_code == 2


def test_kb_test_explains_a_failing_case(tmp_path):
    kb_dir = tmp_path / "kb"
    shutil.copytree(FIXTURES / "clean", kb_dir)
    cases = kb_dir / "main.cases.yaml"
    cases.write_text(cases.read_text().replace("size: 12", "size: 4", 1))
    out = run("kb", "test", "--kb", kb_dir, "-k", "RISK-02", "--engine", "reference")
    assert out.exit_code == 1
    assert "FAIL RISK-02_many (missed: expected to fire, it did not fire)" in out.stdout
    assert "[x] trust is high" in out.stdout and "[ ] size is at least 10" in out.stdout
    assert "1 passed, 1 failed" in out.stdout


def test_kb_test_and_coverage_on_the_shipped_kb():
    out = run("kb", "test", "--engine", "reference")
    assert out.exit_code == 0 and "0 failed" in out.stdout
    cov = run("kb", "coverage", "--min", "100", "--engine", "reference")
    assert cov.exit_code == 0, cov.output
    assert "100.0%  rules exercised by cases" in cov.stdout


def test_coverage_threshold(tmp_path):
    out = run(
        "kb", "coverage", "--kb", FIXTURES / "unreachable", "--min", "100", "--engine", "reference"
    )
    assert out.exit_code == 1 and "RISK-03" in out.stdout and "under 100%" in out.stderr
    assert run("kb", "coverage", "--kb", FIXTURES / "unreachable", "--min", "50").exit_code == 0


def test_docs_command_writes_the_catalogue(tmp_path):
    out = run("kb", "docs", "-o", tmp_path / "docs")
    assert out.exit_code == 0
    assert (tmp_path / "docs" / "index.md").is_file()
    assert (tmp_path / "docs" / "rules" / "risks.md").is_file()


NEW_CLAIM = """\
  SR-90:
    source: SR21
    location: Walk-through example (not a real claim)
    status: proposed
    grade: limited
    summary: Partners that cannot share data cannot see what the collaboration achieves.
"""
NEW_RULE = """
  - id: PROG-90
    title: Without data sharing, progress is hard to see
    kind: mechanism
    when: {fact: data_sharing, equals: none}
    then: {perceived_progress: low}
    because: Partners that cannot share data cannot see what the collaboration achieves.
    evidence: [SR-90]
    grade: limited
"""
NEW_CASES = """  PROG-90:
    - {name: no_sharing, facts: {data_sharing: none}, expect: fires}
    - {name: integrated_sharing, facts: {data_sharing: integrated}, expect: silent}
"""


@pytest.mark.parametrize("engine", ["reference"])
def test_walk_through_adding_a_rule_with_yaml_only(tmp_path, engine):
    kb_dir = tmp_path / "rules"
    shutil.copytree(RULES, kb_dir, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    for name, extra in (
        ("evidence.yaml", NEW_CLAIM),
        ("functioning.rules.yaml", NEW_RULE),
        ("functioning.cases.yaml", NEW_CASES),
    ):
        with (kb_dir / name).open("a", encoding="utf-8") as fh:
            fh.write(extra)
    kb_yaml = kb_dir / "kb.yaml"
    old = re.search(r"^version: (\d+)\.(\d+)\.(\d+)$", kb_yaml.read_text(), re.M)
    old_version = ".".join(old.groups())
    new_version = f"{old.group(1)}.{old.group(2)}.{int(old.group(3)) + 1}"
    kb_yaml.write_text(
        kb_yaml.read_text().replace(f"version: {old_version}", f"version: {new_version}")
    )

    shipped = run("kb", "validate")
    validate = run("kb", "validate", "--kb", kb_dir)
    assert validate.exit_code == 0, validate.output
    assert "0 errors" in validate.stdout and new_version in validate.stdout
    # no warning beyond those the shipped knowledge base already has
    assert validate.stdout.count("warning") == shipped.stdout.count("warning")

    lint = run("kb", "lint", "--kb", kb_dir)
    assert lint.exit_code == 0, lint.output

    test = run("kb", "test", "--kb", kb_dir, "-k", "PROG-90", "-v", "--engine", engine)
    assert test.exit_code == 0, test.output
    assert "PASS PROG-90_no_sharing" in test.stdout and "2 passed, 0 failed" in test.stdout

    cov = run("kb", "coverage", "--kb", kb_dir, "--min", "100", "--engine", engine)
    assert cov.exit_code == 0, cov.output

    docs = run("kb", "docs", "--kb", kb_dir, "-o", tmp_path / "docs")
    assert docs.exit_code == 0
    page = (tmp_path / "docs" / "rules" / "functioning.md").read_text()
    assert "## PROG-90" in page and "data_sharing is none" in page
    assert "### SR-90" in (tmp_path / "docs" / "evidence.md").read_text()

    diff = run("kb", "diff", RULES, kb_dir, "--proposals", ROOT / "examples", "--engine", engine)
    assert diff.exit_code == 0, diff.output
    assert old_version in diff.stdout and f"-> {new_version}" in diff.stdout
    assert "+ PROG-90 (mechanism): Without data sharing, progress is hard to see" in diff.stdout
    assert "+ claim SR-90" in diff.stdout


def test_check_runs_every_step_and_fails_on_any():
    ok = run("kb", "check", "--engine", "reference", "--docs", ROOT / "docs" / "kb")
    assert ok.exit_code == 0, ok.output
    assert [line.split()[1] for line in ok.stdout.splitlines() if not line.startswith(" ")] == [
        "validate:",
        "lint:",
        "test:",
        "coverage:",
        "cases:",
        "docs:",
    ]
    bad = run("kb", "check", "--kb", FIXTURES / "unreachable", "--engine", "reference")
    assert bad.exit_code == 1
    assert "FAIL lint" in bad.stdout and "FAIL test" in bad.stdout
