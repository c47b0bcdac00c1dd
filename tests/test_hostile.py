"""Hostile and careless input (issue 15): every reproduction of the issue, as a test.

Resources are bounded, nothing is overwritten, every bad input is exit 2 with a located
message, and no control character reaches a terminal or a document.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench.hostile import alias_bomb, big_key, deep, long_number, partners, unknown_facts
from click.testing import CliRunner

from accord.cli import main
from accord.engine import durable_available, get_engine
from accord.engine.limits import MAX_NAMES, usage
from accord.errors import LimitError
from accord.kb.load import load_kb
from accord.kb.yamlread import MAX_BYTES, MAX_DEPTH, MAX_NODES, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
MERGER = ROOT / "examples" / "mandated-merger.yaml"
SURVEY = ROOT / "examples" / "survey"
ACCORD = [sys.executable, "-m", "accord"]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_bad(result, *fragments: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


# --- 1. resources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, fragment",
    [
        (alias_bomb, "repeats a list or mapping"),
        (lambda: alias_bomb(9, 9), "repeats a list or mapping"),
        (unknown_facts, "... and"),
        (big_key, "p.yaml:3"),  # YAML itself limits a plain key to 1,024 characters
        (deep, "p.yaml:2"),
        (lambda: deep(MAX_DEPTH + 5), f"nested more than {MAX_DEPTH} deep"),
        (long_number, "too long"),
        (lambda: partners(50_000), f"at most {MAX_BYTES:,} bytes"),
    ],
    ids=["alias-7x9", "alias-9x9", "unknown", "1MB-key", "deep", "depth", "long-number", "2MB"],
)
def test_hostile_files_end_fast_with_exit_2(tmp_path, make, fragment):
    path = write(tmp_path, make())
    start = time.perf_counter()
    result = run("assess", path)
    assert time.perf_counter() - start < 5
    assert_bad(result, fragment, str(path))


def test_did_you_mean_only_for_the_first_problems_and_listing_is_capped(tmp_path):
    result = run("assess", write(tmp_path, unknown_facts(2_000)))
    assert_bad(result, "2,000 problems" if "2,000" in result.stderr else "2000 problems")
    assert "... and 1,950 more" in result.stderr
    assert result.stderr.count("did you mean") <= 20


def test_a_partner_list_of_many_partners_is_read_quickly(tmp_path):
    for n, fragment in [
        (10_000, "the partner list has 10000 partners, so partners_count"),
        (20_000, f"at most {MAX_NODES:,} values"),
    ]:
        path = write(tmp_path, partners(n))
        start = time.perf_counter()
        result = run("assess", path)
        assert time.perf_counter() - start < 5
        assert_bad(result, fragment)


def test_alias_bomb_in_answers_and_knowledge_base(tmp_path):
    answers = write(
        tmp_path,
        alias_bomb().replace("title: bomb", "instrument: accord-readiness"),
        "answers.yaml",
    )
    assert_bad(run("survey", "score", answers), "repeats a list or mapping")
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "rules", kb)
    (kb / "derived.yaml").write_text(alias_bomb(), encoding="utf-8")
    validated = run("kb", "validate", "--kb", kb)  # validate: exit 1 when it finds problems
    assert validated.exit_code == 1 and "repeats a list or mapping" in validated.output
    assert_bad(run("assess", MERGER, "--kb", kb), "repeats a list or mapping")


def test_aliases_of_scalars_still_work(tmp_path):
    text = MERGER.read_text().replace("form: merger", "form: &f merger\n  x_copy: *f")
    src = parse_yaml(text, "p.yaml")
    assert src.data["facts"]["x_copy"] == "merger"


def test_node_limit(tmp_path):
    text = "title: t\nfacts: [" + ", ".join(["1"] * (MAX_NODES + 1)) + "]\n"
    assert_bad(run("assess", write(tmp_path, text)), f"at most {MAX_NODES:,} values")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert_bad(run("assess", device), "not a regular file")


def test_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    start = time.perf_counter()
    assert_bad(run("assess", fifo), "not a regular file")
    assert time.perf_counter() - start < 5


def test_standard_input_is_read_with_a_dash():
    result = run("assess", "-", "--format", "json", input=MERGER.read_text())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"].startswith("Merger")


# --- 2. exit codes -------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["proposal", "answers", "rules"])
def test_a_4301_digit_integer_is_exit_2_everywhere(tmp_path, where):
    big = "9" * 4301
    if where == "proposal":
        result = run("assess", write(tmp_path, f"title: t\nfacts:\n  partners_count: {big}\n"))
    elif where == "answers":
        text = (SURVEY / "answers" / "upland-1.yaml").read_text()
        answers = write(tmp_path, text.replace("TR1: ", f"TR1: {big} #"), "a.yaml")
        result = run("survey", "score", answers)
    else:
        kb = tmp_path / "kb"
        shutil.copytree(ROOT / "rules", kb)
        path = kb / "risks.rules.yaml"
        path.write_text(path.read_text() + f"  - id: {big}\n", encoding="utf-8")
        result = run("assess", MERGER, "--kb", kb)
    assert_bad(result, "too long")


def test_output_to_a_full_disk_is_exit_2():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([*ACCORD, "assess", str(MERGER)], stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 2, proc.stderr
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr


def big_kb(dest: Path, n: int) -> Path:
    """The shipped knowledge base plus n boolean facts, each tested by one rule."""
    shutil.copytree(ROOT / "rules", dest)
    vocab = dest / "vocabulary.yaml"
    extra = "".join(
        f"  zz_fact_{i:04d}:\n    type: bool\n    group: relationships\n"
        f"    label: Generated fact {i}\n    question: Is generated fact {i} so?\n"
        "    description: A generated fact.\n"
        for i in range(n)
    )
    vocab.write_text(vocab.read_text() + extra, encoding="utf-8")
    rules = "rules:\n" + "".join(
        f"  - id: ZZ-{i:04d}\n    title: Generated rule {i}\n    kind: mechanism\n"
        f"    when: {{fact: zz_fact_{i:04d}, equals: true}}\n    then: {{trust: low}}\n"
        "    because: Generated.\n    evidence: [D-SURV-01]\n    grade: derived\n"
        for i in range(n)
    )
    (dest / "zz.rules.yaml").write_text(rules, encoding="utf-8")
    cases = "cases:\n" + "".join(
        f"  ZZ-{i:04d}:\n    - {{name: yes, facts: {{zz_fact_{i:04d}: true}}, expect: fires}}\n"
        f"    - {{name: no, facts: {{zz_fact_{i:04d}: false}}, expect: silent}}\n"
        for i in range(n)
    )
    (dest / "zz.cases.yaml").write_text(cases, encoding="utf-8")
    return dest


def test_a_600_name_knowledge_base_returns(tmp_path):
    """durable-rules would hang compiling this; auto falls back to the reference engine."""
    kb_dir = big_kb(tmp_path / "kb", 600)
    kb = load_kb(kb_dir, cases=False)
    assert usage(kb).names > MAX_NAMES
    proc = subprocess.run(
        [*ACCORD, "assess", str(MERGER), "--kb", str(kb_dir), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["provenance"]["engine"] == "reference"
    assert "using the reference engine" in proc.stderr
    proc = subprocess.run(
        [*ACCORD, "assess", str(MERGER), "--kb", str(kb_dir), "--engine", "durable"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "too large for durable-rules" in proc.stderr and "distinct names" in proc.stderr
    with pytest.raises(LimitError):
        get_engine(kb, "durable")
    result = run("kb", "validate", "--kb", kb_dir)
    assert "more than durable-rules can take" in result.output


def test_validate_warns_as_a_knowledge_base_nears_the_limits(tmp_path):
    from accord.curate.validate import _engine_warnings

    extra = int(MAX_NAMES * 0.9) - usage(load_kb()).names  # to 90% of the name limit
    kb = load_kb(big_kb(tmp_path / "kb", extra), cases=False)
    assert MAX_NAMES * 0.8 <= usage(kb).names <= MAX_NAMES
    (warning,) = _engine_warnings(kb)
    assert "near durable-rules' limit" in warning.message and warning.severity == "warning"
    assert not _engine_warnings(load_kb())


@pytest.mark.skipif(not durable_available(), reason="durable-rules does not import here")
def test_the_measured_name_limit_of_durable_rules_holds():
    """The figure limits.py relies on: 510 distinct names compile (in a fresh process)."""
    code = (
        "import json, durable_rules_engine as r\n"
        "d = {f'r{i}': {'all': [{'m': {'$and': [{'k': f'f{i}'}, {'v': 1}]}}], 'pri': 1}"
        " for i in range(510)}\n"
        "r.create_ruleset('limit_probe', json.dumps(d)); print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert proc.stdout.strip() == "ok"


# --- 3. -o safety --------------------------------------------------------------------------


def test_output_over_an_input_is_refused(tmp_path):
    prop = tmp_path / "p.yaml"
    shutil.copy(MERGER, prop)
    before = prop.read_bytes()
    assert_bad(run("assess", prop, "-o", prop), "one of the command's inputs")
    link = tmp_path / "link.yaml"
    link.symlink_to(prop)
    assert_bad(run("brief", prop, "-o", link, "--format", "markdown"), "inputs")
    answers = tmp_path / "answers"
    shutil.copytree(SURVEY / "answers", answers)
    target = answers / "upland-1.yaml"
    assert_bad(run("survey", "score", answers, "-o", target), "inputs")
    assert_bad(run("assess", prop, "--survey", answers, "-o", target), "inputs")
    shipped = load_kb().root
    vocab = Path(shipped) / "vocabulary.yaml"
    assert_bad(run("assess", prop, "-o", vocab), "inputs")  # the default knowledge base too
    assert prop.read_bytes() == before


def test_output_writes_through_a_symlink(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = run("assess", MERGER, "--format", "json", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads(target.read_text())["provenance"]["input"] == "mandated-merger.yaml"


def test_output_to_a_device_or_fifo_is_written_directly(tmp_path):
    result = run("assess", MERGER, "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert Path("/dev/null").is_char_device()
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    assert_bad(run("assess", MERGER, "-o", fifo), "no reader")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_write_leaves_no_temp_file(tmp_path, sig):
    target = tmp_path / "out.txt"
    code = (
        "import os, signal\n"
        "from pathlib import Path\n"
        "import accord.cli.output as out\n"
        f"out.os.fsync = lambda fd: os.kill(os.getpid(), {int(sig)})\n"
        f"out.atomic_write(Path({str(target)!r}), 'x' * 1_000_000)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30)
    assert proc.returncode != 0
    assert list(tmp_path.iterdir()) == []


# --- 4. survey -----------------------------------------------------------------------------


def test_answers_for_another_version_are_refused(tmp_path):
    from accord.survey.instrument import load_survey

    current = load_survey(load_kb()).version
    text = (SURVEY / "answers" / "upland-1.yaml").read_text()
    assert f"version: {current}\n" in text
    path = write(tmp_path, text.replace(f"version: {current}", "version: 0.9.0"), "a.yaml")
    assert_bad(run("survey", "score", path), "version 0.9.0", f"not the current {current}")
    path.write_text(text.replace("instrument: accord-readiness", "instrument: other"))
    assert_bad(run("survey", "score", path), "answers are for instrument 'other'")


def test_the_same_answers_file_counts_once(tmp_path):
    once = run("survey", "score", SURVEY / "answers", "--format", "json")
    twice = run(
        "survey",
        "score",
        SURVEY / "answers",
        SURVEY / "answers" / "upland-1.yaml",
        SURVEY / "answers" / "upland-1.yaml",
        "--format",
        "json",
    )
    assert once.exit_code == twice.exit_code == 0
    assert once.stdout == twice.stdout


def test_yml_answers_in_a_folder_are_read(tmp_path):
    for f in (SURVEY / "answers").glob("*.yaml"):
        shutil.copy(f, tmp_path / (f.stem + ".yml"))
    a = run("survey", "score", tmp_path, "--format", "json")
    b = run("survey", "score", SURVEY / "answers", "--format", "json")
    assert a.exit_code == 0, a.output
    assert len(json.loads(a.stdout)["respondents"]) == len(json.loads(b.stdout)["respondents"])


def test_organisation_must_be_text(tmp_path):
    text = (SURVEY / "answers" / "upland-1.yaml").read_text()
    line = next(ln for ln in text.splitlines() if "organisation:" in ln)
    path = write(tmp_path, text.replace(line, "  organisation: [a, b]"), "a.yaml")
    assert_bad(run("survey", "score", path), "respondent.organisation", "must be non-empty text")


# --- 5. messages ---------------------------------------------------------------------------


def test_one_syntax_error_in_a_rule_file_is_one_message(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "rules", kb)
    path = kb / "risks.rules.yaml"
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(6, '    bad: "never closed\n')
    path.write_text("".join(lines))
    result = run("assess", MERGER, "--kb", kb)
    assert_bad(result, "1 problem found", "risks.rules.yaml:7")
    assert len(result.stderr.splitlines()) < 6


def test_a_missing_vocabulary_is_one_message(tmp_path):
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "rules", kb)
    (kb / "vocabulary.yaml").unlink()
    result = run("assess", MERGER, "--kb", kb)
    assert_bad(result, "missing file vocabulary.yaml")
    assert len(result.stderr.splitlines()) < 5
    assert len(run("kb", "validate", "--kb", kb).output.splitlines()) < 6


def test_duplicate_keys_do_not_hide_other_problems(tmp_path):
    text = "title: t\nfacts:\n  form: merger\n  form: merger\n  colour: red\n"
    result = run("assess", write(tmp_path, text))
    assert_bad(result, ":4", "appears twice", ":5", "unknown fact 'colour'")


def test_bool_and_null_keys_are_reported_with_a_hint(tmp_path):
    result = run("assess", write(tmp_path, "title: t\nfacts:\n  1: a\n  true: b\n"))
    assert_bad(result, "the key 'true' is read as true or false", "put the key in quotes")
    assert "appears twice" not in result.stderr


def test_a_number_title_gets_a_hint_to_quote_and_missing_title_is_said_once(tmp_path):
    assert_bad(run("assess", write(tmp_path, "title: 12\nfacts: {}\n")), 'in quotes: "12"')
    result = run("assess", write(tmp_path, "facts: {form: merger}\n"))
    assert_bad(result, "1 problem found", "missing required key 'title'")


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (b"title: a\x07b\nfacts: {}\n", "p.yaml:1"),
        (b'title: ok\nsummary: "a\\e[31mb"\nfacts: {}\n', "p.yaml:2"),
    ],
    ids=["raw-bell", "escaped-esc"],
)
def test_control_characters_are_located_by_line_and_escaped(tmp_path, raw, fragment):
    path = tmp_path / "p.yaml"
    path.write_bytes(raw)
    result = run("assess", path)
    assert_bad(result, fragment, "control character")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_escape_sequences_never_reach_messages(tmp_path):
    path = write(tmp_path, 'title: t\nfacts:\n  "\\e[2J\\e[31mevil": 1\n')
    result = run("assess", path, "--format", "json")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x1b" not in result.stdout
    assert "\\x1b" in result.stderr


def test_utf16_gets_a_utf16_hint(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes("title: t\nfacts: {}\n".encode("utf-16"))
    assert_bad(run("assess", path), "UTF-16")


def test_merge_keys_and_unknown_tags_get_hints(tmp_path):
    text = "base: &base {form: merger}\ntitle: t\nfacts:\n  <<: *base\n  pace: !secret x\n"
    result = run("assess", write(tmp_path, text))
    assert_bad(result, "'<<' merge keys are not supported", "does not look up secrets")


# --- 6. YAML 1.2 core schema ---------------------------------------------------------------


def test_yaml_12_core_schema():
    data = parse_yaml(
        "a: yes\nb: on\nc: off\nd: 0x10\ne: 1:30\nf: 0o17\ng: TRUE\nh: ~\ni: 007\nj: 1.5\n", "x"
    ).data
    assert data == {
        "a": "yes",
        "b": "on",
        "c": "off",
        "d": 16,
        "e": "1:30",
        "f": 15,
        "g": True,
        "h": None,
        "i": 7,
        "j": 1.5,
    }


def test_yaml_11_lookalikes_get_hints(tmp_path, kb):
    bool_fact = next(n for n, f in kb.facts.items() if f.type == "bool")
    text = f"title: t\nfacts:\n  {bool_fact}: yes\n  partners_count: 1:30\n"
    result = run("assess", write(tmp_path, text))
    assert_bad(result, "YAML 1.2", "base-60")


# --- 7. JSON errors, interactive commands --------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "{bad}", "--format", "json"],
        ["survey", "score", "{bad}", "--format", "json"],
        ["kb", "validate", "--kb", "{kb}", "--format", "json"],
        ["kb", "test", "--kb", "{kb}", "--format", "json"],
        ["kb", "lint", "--kb", "{kb}", "--format", "json"],
        ["kb", "coverage", "--kb", "{kb}", "--format", "json"],
        ["kb", "diff", "{kb}", "{kb}", "--format", "json"],
    ],
    ids=lambda a: "-".join(a[:2]),
)
def test_errors_are_json_with_format_json(tmp_path, args):
    bad = write(tmp_path, "title: [\n")
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "rules", kb)
    (kb / "derived.yaml").write_text("derived: [\n")
    result = run(*[a.format(bad=bad, kb=kb) for a in args])
    if args[:2] == ["kb", "validate"]:  # validate reports problems as its payload, exit 1
        assert result.exit_code == 1 and json.loads(result.stdout)["problems"][0]["line"]
        return
    assert result.exit_code == 2, result.output
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2 and error["problems"][0]["line"]
    assert set(error) == {"exit_code", "message", "problems", "more_problems"}


def test_kb_diff_and_test_have_json_output():
    diff = run(
        "kb",
        "diff",
        ROOT / "rules",
        ROOT / "rules",
        "--proposals",
        ROOT / "examples",
        "--format",
        "json",
    )
    assert diff.exit_code == 0, diff.output
    data = json.loads(diff.stdout)
    assert data["rules"]["added"] == [] and data["proposals"]
    test = run("kb", "test", "-k", "RISK-01", "--format", "json", "--engine", "reference")
    assert test.exit_code == 0, test.output
    assert json.loads(test.stdout)["failed"] == 0


@pytest.mark.parametrize(
    "args", [["survey", "take", "-o", "x.yaml"], ["new", "--interactive", "-o", "x.yaml"]]
)
def test_interactive_commands_need_a_terminal(tmp_path, args):
    proc = subprocess.run(
        [*ACCORD, *args], cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "needs a terminal" in proc.stderr


# --- 8, 9. range checks, documented syntax -------------------------------------------------


def test_partners_count_from_600_partners_is_range_checked(tmp_path):
    result = run("assess", write(tmp_path, partners(600)))
    assert_bad(result, "600 partners, so partners_count (600) is out of range", "2 to 500")


def test_survey_takes_several_files_after_the_option():
    files = sorted((SURVEY / "answers").glob("*.yaml"))
    many = run("assess", SURVEY / "proposal.yaml", "--survey", *files, "--format", "json")
    folder = run(
        "assess", SURVEY / "proposal.yaml", "--survey", SURVEY / "answers", "--format", "json"
    )
    assert many.exit_code == 0, many.output
    assert many.stdout == folder.stdout
    extra = run("assess", SURVEY / "proposal.yaml", files[0])
    assert_bad(extra, "unexpected extra arguments")


def test_version_names_the_knowledge_base():
    result = run("--version")
    kb = load_kb()
    assert result.exit_code == 0
    assert f"knowledge base {kb.name} {kb.version}" in result.stdout
