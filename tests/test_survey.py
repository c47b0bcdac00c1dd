"""The readiness survey: scoring rules, aggregation, disagreement flags, and use in assessments."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from accord.cli import main
from accord.errors import InputFileError, KnowledgeBaseError
from accord.inputs.proposal import load_proposal
from accord.kb.load import load_kb
from accord.survey.answers import Response, dump_response, parse_response
from accord.survey.apply import apply_survey, survey_facts
from accord.survey.instrument import DONT_KNOW, load_survey
from accord.survey.scoring import score
from tests.conftest import ROOT

KB = load_kb()
INST = load_survey(KB)
ANSWERS = ROOT / "examples/survey/answers"
PROPOSAL = ROOT / "examples/survey/proposal.yaml"


def respondent(org: str, value_for, name: str = "r") -> Response:
    """A respondent whose raw answer to each item is value_for(item)."""
    answers = {}
    for item in INST.items:
        v = value_for(item)
        if v is not None:
            answers[item.id] = v
    return Response(org, "role", tuple(sorted(answers.items())), f"{name}.yaml")


def agreeing(level: int):
    """Answers expressing `level` on every dimension: negatively worded items answered 6 - level."""
    return lambda item: 6 - level if item.reverse else level


def test_reverse_scored_items_are_reversed():
    trust_items = [i for i in INST.items if i.dimension == "trust"]
    assert any(i.reverse for i in trust_items) and any(not i.reverse for i in trust_items)
    # agree with everything, including the negatively worded item: the negative item pulls down
    naive = score(INST, [respondent("A", lambda item: 5)]).overall.score("trust")
    consistent = score(INST, [respondent("A", agreeing(5))]).overall.score("trust")
    assert consistent == 5.0
    assert naive == pytest.approx((5 + 5 + 1) / 3, abs=0.01)


def test_all_agree_and_all_disagree_give_opposite_extremes():
    high = score(INST, [respondent("A", agreeing(5))]).overall
    low = score(INST, [respondent("A", agreeing(1))]).overall
    assert high.overall == 5.0 and high.level == len(INST.levels)
    assert low.overall == 1.0 and low.level == 1
    assert all(d.score == 5.0 for d in high.dimensions)
    assert all(d.score == 1.0 for d in low.dimensions)
    assert (
        survey_facts(INST, score(INST, [respondent("A", agreeing(5))]))["surveyed_trust"] == "high"
    )
    assert (
        survey_facts(INST, score(INST, [respondent("A", agreeing(1))]))["surveyed_trust"] == "low"
    )


def test_dont_know_and_missing_answers_are_left_out():
    def answers(item):
        if item.dimension == "trust":
            return {"TR1": 4, "TR2": DONT_KNOW, "TR3": 2}[item.id]  # TR3 reversed: 6 - 2 = 4
        if item.dimension == "faith":
            return 5 if item.id == "FA1" else None  # one answer: below the minimum of 2
        return 3

    result = score(INST, [respondent("A", answers)])
    trust = next(d for d in result.overall.dimensions if d.dimension == "trust")
    faith = next(d for d in result.overall.dimensions if d.dimension == "faith")
    assert trust.score == 4.0 and trust.answered == 2
    assert faith.score is None and faith.answered == 1
    assert "surveyed_faith" not in survey_facts(INST, result)


def test_family_without_any_score_leaves_no_level():
    result = score(INST, [respondent("A", lambda item: None if item.dimension == "it_data" else 4)])
    assert result.overall.overall is None and result.overall.level is None


@pytest.mark.parametrize("level", range(len(INST.levels)))
def test_every_level_boundary(level):
    lv = INST.levels[level]
    assert INST.level_for(lv.min).level == lv.level
    if level > 0:
        assert INST.level_for(round(lv.min - 0.01, 2)).level == INST.levels[level - 1].level
    assert INST.level_for(5.0).level == INST.levels[-1].level


def test_organisations_count_equally_and_disagreement_is_flagged():
    a = [respondent("A", agreeing(5), f"a{i}") for i in range(3)]
    b = [respondent("B", agreeing(2), "b")]
    result = score(INST, a + b)
    assert [p.name for p in result.organisations] == ["A", "B"]
    assert result.overall.score("trust") == 3.5  # (5 + 2) / 2, not weighted 3:1
    flagged = {d.dimension for d in result.disagreements}
    assert "trust" in flagged
    trust = next(d for d in result.disagreements if d.dimension == "trust")
    assert "warning sign" in trust.warning and trust.spread == 3.0
    assert survey_facts(INST, result)["trust_views_diverge"] is True


def test_small_differences_are_not_flagged():
    result = score(INST, [respondent("A", agreeing(4)), respondent("B", agreeing(4))])
    assert not result.disagreements
    assert survey_facts(INST, result)["trust_views_diverge"] is False


def test_example_aggregation_flags_only_the_seeded_trust_gap():
    runner = CliRunner()
    out = runner.invoke(main, ["survey", "score", str(ANSWERS), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert len(data["respondents"]) == 6
    assert [o["respondents"] for o in data["organisations"]] == [3, 3]
    assert [d["dimension"] for d in data["disagreements"]] == ["trust"]
    text = runner.invoke(main, ["survey", "score", str(ANSWERS)]).stdout
    assert "Partners see trust differently" in text and "Overall maturity" in text


def test_proposal_facts_take_precedence_and_conflicts_are_reported():
    prop = load_proposal(PROPOSAL, KB)
    result = score(INST, [respondent("A", agreeing(5)), respondent("B", agreeing(5))])
    new, used = apply_survey(prop, INST, result)
    assert dict(prop.facts)["shared_vision"] == "partial"
    assert dict(new.facts)["shared_vision"] == "partial"  # the proposal's own value wins
    assert ("shared_vision", "partial", "agreed") in used.conflicts
    assert dict(new.facts)["surveyed_trust"] == "high" and "surveyed_trust" in new.from_survey
    assert new.input_hash != prop.input_hash


def test_with_and_without_survey_differ_as_expected():
    runner = CliRunner()
    without = json.loads(runner.invoke(main, ["assess", str(PROPOSAL), "--format", "json"]).stdout)
    with_ = json.loads(
        runner.invoke(
            main, ["assess", str(PROPOSAL), "--format", "json", "--survey", str(ANSWERS)]
        ).stdout
    )
    state = lambda d, n: next(m["state"] for m in d["mechanisms"] if m["name"] == n)  # noqa: E731
    assert without["survey"] is None
    assert state(without, "trust") == "no signal" and state(with_, "trust") == "high"
    assert "SURV-13" in {r["id"] for r in with_["risks"]}
    assert "SURV-13" not in {r["id"] for r in without["risks"]}
    origins = {f["fact"]: f["origin"] for f in with_["facts"]}
    assert origins["surveyed_trust"] == "from survey" and origins["shared_vision"] == "stated"
    assert with_["survey"]["result"]["overall"]["level"] == 3


@pytest.mark.parametrize("variant", ["without", "with"])
def test_survey_example_goldens(variant):
    """The CLI's JSON, less its firing trace, is the golden (scripts/regen.py writes it)."""
    args = ["assess", str(PROPOSAL), "--format", "json", "--engine", "reference"]
    if variant == "with":
        args += ["--survey", str(ANSWERS)]
    printed = json.loads(CliRunner().invoke(main, args).stdout)
    printed.pop("trace")
    golden = ROOT / f"tests/golden/survey/{variant}.json"
    assert printed == json.loads(golden.read_text(encoding="utf-8")), (
        f"{golden.relative_to(ROOT)} is out of date: run `.venv/bin/python scripts/regen.py` and review the diff"
    )


def test_brief_shows_maturity_radar_and_disagreement(tmp_path):
    out = tmp_path / "b.html"
    res = CliRunner().invoke(
        main,
        ["brief", str(PROPOSAL), "--survey", str(ANSWERS), "-o", str(out), "--date", "2026-01-01"],
    )
    assert res.exit_code == 0, res.output
    html = out.read_text()
    assert 'id="survey"' in html and "Maturity: level 3 Developing" in html
    assert html.count('<polygon class="outline') == 2
    assert "Partners see trust differently" in html
    md = CliRunner().invoke(
        main,
        [
            "brief",
            str(PROPOSAL),
            "--survey",
            str(ANSWERS),
            "--format",
            "markdown",
            "--date",
            "2026-01-01",
        ],
    )
    assert "## Readiness survey and maturity index" in md.stdout


def test_bad_answers_are_reported_with_lines(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(
        "instrument: accord-readiness\nrespondent: {organisation: A}\nanswers:\n  TR1: 6\n  tr2: 3\n"
    )
    with pytest.raises(InputFileError) as info:
        parse_response(path.read_text(), str(path), INST)
    text = info.value.render()
    assert ":4" in text and "not an answer" in text and "did you mean 'TR2'" in text
    res = CliRunner().invoke(main, ["survey", "score", str(path)])
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_dump_and_parse_round_trip():
    text = dump_response(INST, "Org", "Role", {"TR2": 3, "TR1": DONT_KNOW})
    resp = parse_response(text, "x.yaml", INST)
    assert dict(resp.answers) == {"TR1": DONT_KNOW, "TR2": 3}
    assert text.index("TR1") < text.index("TR2")  # instrument order


def test_instrument_is_validated_with_the_kb(tmp_path):
    kb_dir = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", kb_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    survey = kb_dir / "survey.yaml"
    survey.write_text(
        survey.read_text()
        .replace("dimension: trust, text", "dimension: trsut, text", 1)
        .replace("fact: surveyed_faith", "fact: surveyed_fath")
    )
    from accord.curate.validate import validate_kb

    report = validate_kb(kb_dir)  # full validation covers the survey
    text = "\n".join(f"{p.file}:{p.line} {p.message} {p.hint}" for p in report.errors)
    assert (
        "survey.yaml:" in text
        and "did you mean 'trust'" in text
        and "did you mean 'surveyed_faith'" in text
    )
    with pytest.raises(KnowledgeBaseError) as info:  # and so does loading it for use
        load_survey(load_kb(kb_dir, cases=False))
    assert "did you mean 'trust'" in info.value.render()


def test_kb_without_survey_says_so(tmp_path):
    kb = replace(KB, root=str(tmp_path), content_hash="no-survey")
    with pytest.raises(KnowledgeBaseError, match="no survey.yaml"):
        load_survey(kb)


# Survey dimensions that measure a mechanism of derived.yaml, and that mechanism. The family of
# each mechanism is decided once, in derived.yaml; the survey must place the dimension alike.
MEASURES = {
    "trust": "trust",
    "confidence": "confidence",
    "faith": "faith",
    "conflict": "conflict",
    "conflict_resolution": "conflict_management",
    "accountability": "conflict_management",
    "perceived_progress": "perceived_progress",
    "risk_threshold": "risk_threshold",
    "leadership": "leadership",
    "communication": "interpersonal_communication",
    "it_data": "information_flow",
}


def test_survey_families_agree_with_derived_mechanisms():
    assert set(MEASURES) <= set(INST.dimensions)
    for dim, mechanism in MEASURES.items():
        assert INST.dimensions[dim].family == KB.derived[mechanism].family, (
            f"survey dimension '{dim}' is placed in '{INST.dimensions[dim].family}' but "
            f"derived.yaml places '{mechanism}' in '{KB.derived[mechanism].family}'"
        )


def test_score_table_names_every_organisation_in_full():
    from click.testing import CliRunner

    from accord.cli import main

    result = CliRunner().invoke(main, ["survey", "score", str(ROOT / "examples/survey/answers")])
    assert result.exit_code == 0
    for name in ("Harbourside Community Health NHS Trust", "Upland Community Services NHS Trust"):
        assert name in result.stdout
