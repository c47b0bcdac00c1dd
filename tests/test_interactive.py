"""The questionnaires driven in a real pseudo-terminal: answer, interrupt, resume, finish."""

from __future__ import annotations

import sys

import pytest
import yaml

from accord.inputs.proposal import load_proposal
from accord.kb.load import load_kb
from accord.survey.answers import load_response
from accord.survey.instrument import load_survey

pexpect = pytest.importorskip("pexpect")
KB = load_kb()
INST = load_survey(KB)
TOTAL = len(INST.items)


def spawn(*args: str):
    child = pexpect.spawn(
        sys.executable, ["-m", "accord", *args], encoding="utf-8", timeout=30, dimensions=(40, 200)
    )
    return child


def test_survey_take_interrupt_resume_finish(tmp_path):
    out = tmp_path / "answers.yaml"
    child = spawn("survey", "take", "-o", str(out))
    child.expect("Your organisation")
    child.sendline("Harbourside Community Health NHS Trust")
    child.expect("Your role")
    child.sendline("Clinical lead")
    child.expect(rf"\[1/{TOTAL}\]")
    child.expect("answer> ")
    child.sendline("4")
    child.expect(rf"\[2/{TOTAL}\]")
    child.expect("answer> ")
    child.sendline("7")  # not an answer: asked again, nothing saved
    child.expect("Please type 1-5")
    child.expect("answer> ")
    child.sendline("d")
    child.expect(rf"\[3/{TOTAL}\]")
    child.expect("answer> ")
    child.sendline("2")
    child.expect(rf"\[4/{TOTAL}\]")
    child.expect("answer> ")
    child.sendintr()  # Ctrl-C mid-questionnaire
    child.expect("answers are saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    saved = load_response(out, INST)
    first = [i.id for i in INST.items[:3]]
    assert dict(saved.answers) == {first[0]: 4, first[1]: "dont_know", first[2]: 2}
    assert saved.organisation == "Harbourside Community Health NHS Trust"

    child = spawn("survey", "take", "-o", str(out))
    child.expect(f"Resuming .*: 3 of {TOTAL}")
    for n in range(4, TOTAL + 1):
        child.expect(rf"\[{n}/{TOTAL}\]")
        child.expect("answer> ")
        child.sendline("5")
    child.expect(f"All {TOTAL} statements answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    final = load_response(out, INST)
    answers = dict(final.answers)
    assert len(answers) == TOTAL == len(final.answers)  # nothing lost, nothing twice
    assert answers[first[0]] == 4 and answers[first[1]] == "dont_know" and answers[first[2]] == 2
    assert all(answers[i.id] == 5 for i in INST.items[3:])
    raw = yaml.safe_load(out.read_text())
    assert list(raw["answers"]) == [i.id for i in INST.items]  # instrument order, once each


def test_survey_quit_and_skip(tmp_path):
    out = tmp_path / "a.yaml"
    child = spawn(
        "survey", "take", "-o", str(out), "--organisation", "Upland", "--role", "Director"
    )
    child.expect(rf"\[1/{TOTAL}\]")
    child.expect("answer> ")
    child.sendline("")  # skip for now
    child.expect(rf"\[2/{TOTAL}\] \(0 answered\)")  # the next item; none answered yet
    child.expect("answer> ")
    child.sendline("3")
    child.expect(rf"\[3/{TOTAL}\] \(1 answered\)")
    child.expect("answer> ")
    child.sendline("q")
    child.expect("Saved 1 answers")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert dict(load_response(out, INST).answers) == {INST.items[1].id: 3}


def test_new_interactive_skip_interrupt_resume(tmp_path):
    out = tmp_path / "p.yaml"
    names = list(KB.facts)
    child = spawn("new", "--interactive", "-o", str(out))
    child.expect("Title of the proposed collaboration")
    child.sendline("Harbourside and Upland federation")
    child.expect(rf"\[1/{len(names)}\]")
    child.expect("answer> ")
    child.sendline("federation")  # form, by name
    child.expect(rf"\[2/{len(names)}\]")
    child.expect("answer> ")
    child.sendline("")  # initiation: skipped, stays unknown
    child.expect(rf"\[3/{len(names)}\]")
    child.expect("answer> ")
    child.sendline("1")  # entry point, by number
    child.expect(rf"\[4/{len(names)}\]")
    child.expect("answer> ")
    child.sendintr()
    child.expect("Stopped")
    child.expect(pexpect.EOF)
    child.close()

    prop = load_proposal(out, KB)
    facts = dict(prop.facts)
    assert facts["form"] == "federation"
    assert "initiation" not in facts
    assert facts["entry_point"] == KB.facts["entry_point"].value_names[0]

    child = spawn("new", "--interactive", "-o", str(out))
    child.expect(f"Resuming .*: 3 of {len(names)}")
    for n in range(4, len(names) + 1):
        child.expect(rf"\[{n}/{len(names)}\]")
        child.expect("answer> ")
        child.sendline("")
    child.expect("Done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    final = load_proposal(out, KB)
    assert dict(final.facts) == facts
    assert final.title == "Harbourside and Upland federation"
