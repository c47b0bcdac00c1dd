"""`accord batch`: JSON lines per proposal, errors as records, parallel = serial, resumable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

import accord
from accord.cli import main
from tests.batch_support import random_proposals, read_records, write_jsonl
from tests.conftest import EXAMPLES, ROOT


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_folder_of_examples_gives_their_assessments(tmp_path, kb):
    out = tmp_path / "results.jsonl"
    result = run("batch", str(ROOT / "examples"), "-o", str(out), "--engine", "reference")
    assert result.exit_code == 0, result.output
    records = read_records(out)
    assert [r["id"] for r in records] == [p.name for p in EXAMPLES]
    for path, rec in zip(EXAMPLES, records, strict=True):
        a = accord.assess(accord.load_proposal(path, kb), kb, "reference")
        assert rec["ok"] is True and rec["source"] == path.name
        assert rec["level"] == a.overall.level
        assert rec["risks"] == [
            {"id": r.id, "severity": r.severity, "likelihood": r.likelihood, "scope": r.scope}
            for r in a.risks
        ]
        assert rec["input_hash"] == a.provenance.input_hash
    # the summary table is on stderr; no progress bar when stderr is not a terminal
    assert "high concern" in result.stderr and "written" in result.stderr
    assert "\r" not in result.stderr and "it/s" not in result.stderr


def test_bad_lines_are_recorded_and_the_run_goes_on(tmp_path):
    good = {"id": "good", "title": "Fine", "facts": {"form": "merger"}}
    rows = [
        good,
        {"id": "typo", "title": "Typo", "facts": {"from": "merger"}},
        "{not json",
        {"title": "No id", "facts": {}},
        {"id": "good", "title": "Again", "facts": {}},
        {"id": "badvalue", "title": "Bad value", "facts": {"form": "mergr"}},
        {"id": "last", "title": "Last", "facts": {"form": "network"}},
        "[" * 100_000 + "]" * 100_000,
        '{"id": "huge", "title": "' + "x" * 1_100_000 + '", "facts": {}}',
    ]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    result = run("batch", str(src), "-o", str(out), "--engine", "reference")
    assert result.exit_code == 0, result.output
    recs = {r["id"]: r for r in read_records(out)}
    assert list(recs) == [
        "good",
        "typo",
        "in.jsonl:3",
        "in.jsonl:4",
        "in.jsonl:5",
        "badvalue",
        "last",
        "in.jsonl:8",
        "in.jsonl:9",
    ]
    assert "nested too deeply" in recs["in.jsonl:8"]["error"]
    assert "longer than 1,048,576 bytes" in recs["in.jsonl:9"]["error"]
    assert recs["good"]["ok"] and recs["last"]["ok"]
    typo = recs["typo"]["problems"][0]
    assert recs["typo"]["ok"] is False
    assert (typo["file"], typo["line"], typo["field"]) == ("in.jsonl", 2, "facts.from")
    assert "form" in typo["hint"]  # did you mean 'form'?
    bad = recs["badvalue"]["problems"][0]
    assert bad["field"] == "facts.form" and "merger" in bad["hint"]
    assert "not valid JSON" in recs["in.jsonl:3"]["error"]
    assert recs["in.jsonl:4"]["problems"][0]["field"] == "id"
    assert "used by an earlier line" in recs["in.jsonl:5"]["error"]
    assert "error" in result.stderr and " 7" in result.stderr.split("error")[1].splitlines()[0]


def test_two_jobs_write_what_one_job_writes(tmp_path, kb):
    src = write_jsonl(tmp_path / "in.jsonl", random_proposals(kb, 60) + ["[1, 2]"])
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        result = run("batch", str(src), "-o", str(out), "--jobs", jobs)
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == 61


def _spawn(src, out, *extra):
    with open(out.with_suffix(".err"), "wb") as err:  # a file: workers never hold a pipe open
        return subprocess.Popen(
            [sys.executable, "-m", "accord", "batch", str(src), "-o", str(out), *extra],
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=ROOT,
            start_new_session=True,  # its own process group, as a command in a terminal
        )


def _stderr(out) -> str:
    return out.with_suffix(".err").read_text(encoding="utf-8")


def _living(group: int) -> list[int]:
    """Processes of a process group that are still running (zombies excluded)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != group:
                continue
            with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                state = fh.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            out.append(int(entry))
    return out


def _no_process_left(group: int, limit: float = 15.0) -> None:
    end = time.monotonic() + limit
    while _living(group):
        if time.monotonic() > end:
            left = _living(group)
            for pid in left:  # do not leave them behind, then fail
                os.kill(pid, signal.SIGKILL)
            pytest.fail(f"worker processes outlived their killed parent: {left}")
        time.sleep(0.1)


def _wait_for_lines(path, n, proc, limit=120.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        assert proc.poll() is None, _stderr(path)
        time.sleep(0.05)
    pytest.fail("the batch wrote too little in time")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_killed_run_resumes_without_duplicates(tmp_path, kb, jobs):
    rows = random_proposals(kb, 400, seed=9)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    proc = _spawn(src, out, "--jobs", jobs)
    _wait_for_lines(out, 20, proc)
    proc.kill()  # SIGKILL to the parent alone: no clean-up at all; its workers exit by themselves
    proc.wait(timeout=30)
    _no_process_left(proc.pid)
    before = out.read_bytes()
    assert before.endswith(b"\n") and 20 <= before.count(b"\n") < 400
    # a machine crash in the middle of a write would leave half a line: resuming drops it
    with open(out, "ab") as fh:
        fh.write(b'{"id": "p00399", "ok": tr')
    result = run("batch", str(src), "-o", str(out), "--jobs", jobs)
    assert result.exit_code == 0, result.output
    assert "dropped an unfinished last line" in result.stderr
    records = read_records(out)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == 400
    assert set(ids) == {r["id"] for r in rows}
    clean = tmp_path / "clean.jsonl"
    assert run("batch", str(src), "-o", str(clean)).exit_code == 0
    by_id = {r["id"]: r for r in read_records(clean)}
    assert all(by_id[r["id"]] == r for r in records)
    # and once everything is done, a third run writes nothing more
    again = run("batch", str(src), "-o", str(out))
    assert again.exit_code == 0 and out.read_bytes().count(b"\n") == 400


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_a_valid_resumable_file(tmp_path, kb, jobs):
    src = write_jsonl(tmp_path / "in.jsonl", random_proposals(kb, 400, seed=4))
    out = tmp_path / "out.jsonl"
    proc = _spawn(src, out, "--jobs", jobs)
    _wait_for_lines(out, 10, proc)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C in a terminal: the whole process group
    proc.wait(timeout=60)
    err = _stderr(out)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    data = out.read_bytes()
    assert data.endswith(b"\n")
    done = [json.loads(line)["id"] for line in data.splitlines()]
    assert len(done) == len(set(done)) < 400
    assert run("batch", str(src), "-o", str(out)).exit_code == 0
    assert len(read_records(out)) == 400


def test_output_that_is_not_a_batch_file_is_refused(tmp_path):
    out = tmp_path / "notes.jsonl"
    out.write_text("hello\n", encoding="utf-8")
    result = run("batch", str(ROOT / "examples"), "-o", str(out))
    assert result.exit_code == 2
    assert "line 1 is not a record of accord batch" in result.stderr
    assert out.read_text(encoding="utf-8") == "hello\n"


def test_output_may_not_be_an_input_and_source_must_be_a_folder_or_jsonl(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "title": "A", "facts": {}}])
    result = run("batch", str(src), "-o", str(src))
    assert result.exit_code == 2 and "one of the command's inputs" in result.stderr
    result = run("batch", str(EXAMPLES[0]), "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2 and "a folder of proposal files or a .jsonl" in result.stderr
    assert not (tmp_path / "o.jsonl").exists()  # refused before anything is written


def test_yaml_error_in_a_folder_is_a_record_with_its_line(tmp_path):
    folder = tmp_path / "props"
    folder.mkdir()
    (folder / "a.yaml").write_text("title: A\nfacts:\n  form: merger\n", encoding="utf-8")
    (folder / "b.yml").write_text("title: B\nfacts:\n  form: mergr\n", encoding="utf-8")
    (folder / "c.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a proposal", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run("batch", str(folder), "-o", str(out)).exit_code == 0
    recs = read_records(out)
    assert [r["id"] for r in recs] == ["a.yaml", "b.yml", "c.yaml"]
    assert recs[0]["ok"] and not recs[1]["ok"] and not recs[2]["ok"]
    prob = recs[1]["problems"][0]
    assert (prob["file"], prob["line"], prob["field"]) == ("b.yml", 3, "facts.form")
    assert os.sep not in json.dumps(recs)  # no folder of this machine in the output


def test_progress_bar_on_a_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "out.jsonl"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "accord", "batch", str(ROOT / "examples"), "-o", str(out)],
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=120,
        dimensions=(24, 120),
    )
    child.expect(rf"\d+/{len(EXAMPLES)} \[")  # tqdm's bar: done/total [elapsed<left, rate]
    child.expect("written")  # then the summary table
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(read_records(out)) == len(EXAMPLES)


def test_resume_refuses_to_mix_changed_proposals_or_another_knowledge_base(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "title": "A", "facts": {"form": "merger"}},
        {"id": "b", "title": "B", "facts": {"form": "alliance"}},
    ]
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run("batch", str(source), "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    assert run("batch", str(source), "-o", str(out)).exit_code == 0  # unchanged: all skipped
    assert out.read_bytes() == first

    lines[1]["facts"]["form"] = "network"  # b changed since its record was written
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = run("batch", str(source), "-o", str(out))
    assert result.exit_code == 2 and "changed since (b)" in result.stderr
    assert out.read_bytes() == first

    other = first.replace(b'"kb": "accord-ioc ', b'"kb": "another-kb ')
    out.write_bytes(other)
    result = run("batch", str(source), "-o", str(out))
    assert result.exit_code == 2 and "another knowledge base" in result.stderr
    assert out.read_bytes() == other
