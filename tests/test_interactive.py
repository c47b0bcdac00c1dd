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
    child.expect("Saved 1 answer in")
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
    child.expect("Partner 1 name")
    child.sendline("")  # no partners listed
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
    child.expect(f"Resuming .*: 0 partners, 3 of {len(names)}")
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


def _answer(child, text):
    child.expect("answer> ")
    child.sendline(text)


def test_new_interactive_asks_for_partners_and_their_facts(tmp_path):
    out = tmp_path / "p.yaml"
    child = spawn("new", "--interactive", "-o", str(out))
    child.expect("Title of the proposed collaboration")
    child.sendline("Kingsbridge takes over Upland")
    child.expect("Partner 1 name")
    child.sendline("Kingsbridge Hospitals NHS Trust")
    child.expect("Its role")
    _answer(child, "acquirer")
    child.expect("Its sectors")
    _answer(child, "acute, community")
    child.expect("Its financial position")
    _answer(child, "deficit")
    child.expect("Its performance")
    _answer(child, "")  # left unknown
    child.expect("Its leadership")
    _answer(child, "1")  # by number
    child.expect("Its capacity")
    _answer(child, "")
    child.expect("Partner 2 name")
    child.sendline("Upland Hospital NHS Trust")
    child.expect("Its role")
    _answer(child, "nonsense")  # not a role: asked again
    child.expect("Not an allowed answer")
    _answer(child, "target")
    child.expect("Its sectors")
    _answer(child, "acute")
    child.expect("Its financial position")
    _answer(child, "sustainable")
    child.expect("Its performance")
    _answer(child, "special_measures")
    child.expect("Its leadership")
    _answer(child, "")
    child.expect("Its capacity")
    _answer(child, "")
    child.expect("Partner 3 name")
    child.sendline("Half-entered Trust")
    child.expect("Its role")
    child.expect("answer> ")
    child.sendintr()  # the partner being entered is not saved; the two complete ones are
    child.expect("Stopped")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert [p.name for p in load_proposal(out, KB).partners] == [
        "Kingsbridge Hospitals NHS Trust",
        "Upland Hospital NHS Trust",
    ]

    child = spawn("new", "--interactive", "-o", str(out))
    child.expect("Resuming .*: 2 partners, 0 of")
    child.expect("Partner 3 name")
    child.sendline("")  # the list is complete
    child.expect(r"\[1/(\d+)\] ")
    total = int(child.match.group(1))
    _answer(child, "acquisition")
    child.expect(r"\[2/")
    _answer(child, "q")
    child.expect("Saved in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    prop = load_proposal(out, KB)
    acq, tgt = prop.partners
    assert (acq.role_kind, acq.sectors, acq.fact("financial_position")) == (
        "acquirer",
        ("acute", "community"),
        "deficit",
    )
    assert acq.fact("leadership") == KB.facts["lead_partner_leadership"].value_names[0]
    assert acq.fact("performance") is None
    assert (tgt.role_kind, tgt.fact("performance")) == ("target", "special_measures")
    facts = prop.fact_map()
    assert facts["form"] == "acquisition"
    assert facts["partners_count"] == 2 and facts["sectors"] == ("acute", "community")
    assert facts["lead_partner_financial_position"] == "deficit"
    # the facts the partner list fills in were not asked
    assert {"partners_count", "sectors"} <= set(prop.derived_from_partners)
    assert total == len(KB.facts) - len(prop.derived_from_partners)
    raw = yaml.safe_load(out.read_text())
    assert "partners_count" not in raw["facts"] and "sectors" not in raw["facts"]

    from accord.engine.explain import assess

    assert "RISK-36" in {r.id for r in assess(prop, KB, "reference").risks}


def test_new_interactive_resume_counts_only_the_questions_it_asks(tmp_path):
    """With partners listed, the facts they fill in are not asked; a resumed interview keeps
    numbering each question by its place among the questions asked, and says how many of
    those are done."""
    from accord.inputs.proposal import proposal_from_dict
    from accord.inputs.template import interview_text

    partners = [
        {"name": "Kingsbridge Hospitals NHS Trust", "sector": "acute"},
        {"name": "Upland Community NHS Trust", "sector": "community"},
    ]
    data = {"title": "Kingsbridge and Upland", "partners": partners, "facts": {}}
    filled = proposal_from_dict(data, KB, "<test>").derived_from_partners
    assert filled  # the partner list fills some facts in, or this test proves nothing
    questions = [n for n in KB.facts if n not in filled]
    first, second = questions[0], questions[1]
    out = tmp_path / "p.yaml"
    out.write_text(interview_text(KB, data["title"], {}, {first, second}, partners), "utf-8")

    child = spawn("new", "--interactive", "-o", str(out))
    child.expect(f"Resuming .*: 2 partners, 2 of {len(questions)} questions")
    child.expect(rf"\[3/{len(questions)}\] ")
    child.expect("answer> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
