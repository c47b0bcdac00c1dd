"""End-to-end runs of the `accord` command: exit codes, parsed JSON, files written."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from accord.cli import main
from accord.engine import durable_available
from tests.conftest import EXAMPLES, ROOT

EXPECTED_RISKS = {
    "mandated-merger": {"RISK-01", "RISK-02", "RISK-03", "RISK-05", "RISK-07", "RISK-09"},
    "buddying": {"RISK-03", "RISK-07", "RISK-08"},
    "voluntary-alliance": set(),
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_assess_json_on_each_example(example):
    result = run("assess", str(example), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "accord.assessment/1"
    risks = {r["id"] for r in data["risks"]}
    if example.stem in EXPECTED_RISKS:
        assert EXPECTED_RISKS[example.stem] <= risks
    for risk in data["risks"]:
        assert risk["evidence"], risk["id"]
        assert risk["chain"]["rule"] == risk["id"]
    assert data["provenance"]["kb_hash"]
    assert data["provenance"]["input"] == example.name


def test_alliance_sees_synergy_and_merger_sees_inertia():
    merger = json.loads(
        run("assess", str(ROOT / "examples/mandated-merger.yaml"), "--format", "json").stdout
    )
    alliance = json.loads(
        run("assess", str(ROOT / "examples/voluntary-alliance.yaml"), "--format", "json").stdout
    )
    state = lambda data, name: next(m["state"] for m in data["mechanisms"] if m["name"] == name)  # noqa: E731
    assert state(merger, "performance") == "inertia"
    assert state(alliance, "performance") == "synergy"
    assert state(alliance, "trust") == "high"
    assert alliance["overall"]["level"] == "low concern"
    assert merger["overall"]["level"] == "high concern"


def test_text_output_names_engine_and_risks():
    result = run("assess", str(ROOT / "examples/buddying.yaml"))
    assert result.exit_code == 0
    assert "RISK-07" in result.stdout
    assert "engine durable-rules" in result.stdout or "engine reference" in result.stdout


def test_fail_on_exits_one_when_a_risk_is_that_severe(tmp_path):
    result = run(
        "assess",
        str(ROOT / "examples/mandated-merger.yaml"),
        "--fail-on",
        "high",
        "--format",
        "json",
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["risks"]
    ok = run("assess", str(ROOT / "examples/voluntary-alliance.yaml"), "--fail-on", "medium")
    assert ok.exit_code == 0
    stated = tmp_path / "stated-merger.yaml"  # only the form-wide disruption risk is high
    stated.write_text(
        "title: A merger\nfacts: {form: merger, financial_case: tested, due_diligence: complete,"
        " financial_position: sustainable, workforce_stability: stable}\n",
        encoding="utf-8",
    )
    data = json.loads(run("assess", str(stated), "--format", "json").stdout)
    assert [(r["severity"], r["scope"]) for r in data["risks"]] == [("high", "form")]
    assert run("assess", str(stated), "--fail-on", "high").exit_code == 0


def test_fail_on_cannot_pass_a_call_of_insufficient_information(tmp_path):
    bare = tmp_path / "bare-merger.yaml"  # nothing that decides a merger's call is stated
    bare.write_text("title: A merger\nfacts: {form: merger}\n", encoding="utf-8")
    result = run("assess", str(bare), "--fail-on", "high")
    assert result.exit_code == 1 and "insufficient information" in result.stderr
    assert run("assess", str(bare)).exit_code == 0  # without --fail-on the run succeeds
    changed = run("assess", str(bare), "--set", "financial_case=tested", "--fail-on", "low")
    assert changed.exit_code == 1 and "insufficient information" in changed.stderr


def test_output_file_is_written_and_stdout_stays_empty(tmp_path):
    out = tmp_path / "a.json"
    result = run("assess", str(ROOT / "examples/buddying.yaml"), "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text())["title"].startswith("Buddying")
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary file left behind
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # as a plain write, not private


def test_failed_run_leaves_existing_output_untouched(tmp_path):
    out = tmp_path / "a.json"
    out.write_text("previous")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nfacts:\n  form: mergre\n")
    result = run("assess", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text() == "previous"


@pytest.mark.skipif(not durable_available(), reason="durable-rules does not import here")
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_engines_agree_on_cli(fmt):
    """Both engines through the command: the same output apart from the lines naming the engine."""
    outputs = {}
    for engine in ("durable", "reference"):
        result = run(
            "assess",
            str(ROOT / "examples/mandated-merger.yaml"),
            "--format",
            fmt,
            "--engine",
            engine,
        )
        assert result.exit_code == 0, result.output
        outputs[engine] = result.stdout
    if fmt == "json":
        durable, reference = (json.loads(outputs[e]) for e in ("durable", "reference"))
        assert durable["provenance"].pop("engine") == "durable-rules"
        assert reference["provenance"].pop("engine") == "reference"
        durable["provenance"].pop("engine_version")
        reference["provenance"].pop("engine_version")
        assert durable == reference
    else:
        durable_lines = outputs["durable"].splitlines()
        reference_lines = outputs["reference"].splitlines()
        assert len(durable_lines) == len(reference_lines)
        differ = [(d, r) for d, r in zip(durable_lines, reference_lines, strict=True) if d != r]
        assert differ and all("durable-rules" in d and "reference" in r for d, r in differ), differ


def test_new_writes_a_template_that_is_a_valid_proposal(tmp_path):
    out = tmp_path / "p.yaml"
    assert run("new", "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert "# form: individual_partnering" in text
    assert run("assess", str(out), "--format", "json").exit_code == 0
    # uncommenting a line gives a valid fact
    out.write_text(text.replace("  # form: individual_partnering", "  form: merger"))
    data = json.loads(run("assess", str(out), "--format", "json").stdout)
    assert any(r["id"] == "RISK-05" for r in data["risks"])
    again = run("new", "-o", str(out))
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_facts_lists_the_vocabulary():
    result = run("facts")
    assert result.exit_code == 0
    assert "past_collaboration_ending" in result.stdout
    data = json.loads(run("facts", "--format", "json").stdout)
    assert "merger" in data["form"]["values"]


def test_console_script_runs_as_a_process():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "accord.cli",
            "assess",
            str(ROOT / "examples/buddying.yaml"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["risks"]


def test_the_output_file_name_chooses_the_format_and_may_not_contradict_it(tmp_path):
    example = str(ROOT / "examples/acquisition.yaml")
    assert run("assess", example, "-o", str(tmp_path / "a.json")).exit_code == 0
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["risks"]
    assert run("assess", example, "-o", str(tmp_path / "a.md")).exit_code == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# ")
    for command, name, fmt in (("assess", "b.pdf", "text"), ("brief", "b.md", "pdf")):
        result = run(command, example, "-o", str(tmp_path / name), "--format", fmt)
        assert result.exit_code == 2 and f"--format {fmt} was given" in result.stderr
        assert not (tmp_path / name).exists()
