"""`accord robustness`: sampled worlds, exact per world, same seed same bytes, Dask = local."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from click.testing import CliRunner

import accord
from accord.analysis.robustness import MAX_SAMPLES, make_plan
from accord.analysis.worlds import outcome, world_proposal
from accord.cli import main
from accord.engine import get_engine
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "voluntary-alliance.yaml"  # a low-concern call as stated


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def proposal(kb):
    return accord.load_proposal(EXAMPLE, kb)


def keep_unknown_priors(kb, proposal, path, weight=30):
    """A priors file under which each unknown fact mostly stays unknown: the call then varies."""
    lines = ["priors:"]
    for name, f in kb.facts.items():
        if name in proposal.fact_map() or f.type in ("int", "set"):
            continue
        values = ['"true"', '"false"'] if f.type == "bool" else list(f.value_names)
        lines.append(
            f"  {name}: {{unknown: {weight}, " + ", ".join(f"{v}: 1" for v in values) + "}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_world_equals_a_full_assessment(kb, proposal, engine_name, tmp_path):
    priors = keep_unknown_priors(kb, proposal, tmp_path / "p.yaml", weight=2)
    for table in (None, priors):
        plan, _ = make_plan(proposal, kb, 11, table, engine_name)
        eng = get_engine(kb, engine_name)
        for i in range(12):
            world = world_proposal(proposal, plan, i)
            full = accord.assess(world, kb, engine_name)
            level, risks = outcome(kb, eng, plan, world.facts)
            assert level == full.overall.level
            assert risks == tuple(sorted((r.id, r.severity, r.likelihood) for r in full.risks))


def test_shares_count_the_worlds(kb, proposal, tmp_path):
    priors = keep_unknown_priors(kb, proposal, tmp_path / "p.yaml")
    result = accord.robustness(proposal, kb, 40, seed=2, priors=priors, engine="reference")
    plan, _ = make_plan(proposal, kb, 2, priors, "reference")
    calls = Counter(
        accord.assess(world_proposal(proposal, plan, i), kb, "reference").overall.level
        for i in range(40)
    )
    assert {c.what: c.worlds for c in result.calls if c.worlds} == dict(calls)
    assert sum(c.share for c in result.calls) == pytest.approx(1.0)
    assert len(calls) > 1 and result.spread > 0  # the call does vary here
    top = result.drivers[0]
    assert 0 < top.information <= result.spread + 1e-9 and 0 < top.share <= 1
    assert sum(v.worlds for v in top.values) == 40


def test_information_is_the_documented_measure(kb):
    from accord.analysis.robust_result import summarise

    bare = accord.proposal_from_dict({"title": "Bare", "facts": {}}, kb)
    plan, _ = make_plan(bare, kb, 0, None, "reference")
    tally = Counter({("level", "high concern"): 50, ("level", "low concern"): 50})
    tally.update(
        {
            ("joint", "form", "merger", "high concern"): 50,
            ("joint", "form", "network", "low concern"): 50,
            ("joint", "area", "place", "high concern"): 25,
            ("joint", "area", "place", "low concern"): 25,
            ("joint", "area", "region", "high concern"): 25,
            ("joint", "area", "region", "low concern"): 25,
            ("risk", "RISK-01", "high", "likely"): 50,
            ("jrisk", "form", "merger", "RISK-01"): 50,
            ("jrisk", "area", "place", "RISK-01"): 25,
            ("jrisk", "area", "region", "RISK-01"): 25,
        }
    )
    result = summarise(bare, kb, plan, tally, 100, ())
    assert result.spread == 1.0  # two calls, half each: one bit
    drivers = {d.fact: d for d in result.drivers}
    bias = 1 / (2 * 100 * math.log(2))  # Miller-Madow, 2 groups and 2 outcomes, 100 worlds
    assert drivers["form"].information == round(1 - bias, 6)
    assert drivers["form"].share == round(1 - bias, 6)
    assert drivers["form"].risk_information == round(1 - bias, 6)  # form decides RISK-01 too
    assert drivers["area"].information == 0 and drivers["area"].risk_information == 0
    assert result.drivers[0].fact == "form"


def test_same_seed_same_bytes_and_parallel_equals_serial(tmp_path):
    args = ["robustness", str(EXAMPLE), "--samples", "300", "--format", "json"]
    one = run(*args, "--seed", "7")
    two = run(*args, "--seed", "7", "--jobs", "2")
    other = run(*args, "--seed", "8")
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert one.stdout_bytes == two.stdout_bytes
    assert other.stdout_bytes != one.stdout_bytes
    data = json.loads(one.stdout)
    assert data["schema"] == "accord.robustness/1" and data["worlds"] == 300
    assert data["unknown"] and data["drivers"][0]["risk_information"] > 0


def test_no_unknowns_is_one_world_at_100_percent(kb, tmp_path):
    facts = {}
    for name, f in kb.facts.items():
        if f.type == "enum":
            facts[name] = f.value_names[0]
        elif f.type == "set":
            facts[name] = [f.value_names[0]]
        elif f.type == "bool":
            facts[name] = False
        else:
            facts[name] = f.minimum or 2
    p = accord.proposal_from_dict({"title": "All stated", "facts": facts}, kb)
    result = accord.robustness(p, kb, 500, seed=3)
    level = accord.assess(p, kb).overall.level
    assert result.worlds == 1 and result.unknown == () and result.drivers == ()
    assert [(c.what, c.worlds, c.share) for c in result.calls if c.worlds] == [(level, 1, 1.0)]
    assert "one world" in result.to_text()


def test_priors_file_sets_the_draws(kb, proposal, tmp_path):
    priors = tmp_path / "priors.yaml"
    priors.write_text(
        'priors:\n  key_partner_opposes: {"true": 1}\n  form: {merger: 1}\n'
        "  partners_count: {3: 1, 9: 3}\n"
        "  legacy_liabilities: {pfi: 1, historic_debt: 0, estates_backlog: 0, none: 0}\n",
        encoding="utf-8",
    )
    result = accord.robustness(proposal, kb, 50, seed=1, priors=priors)
    driver = next(d for d in result.drivers if d.fact == "key_partner_opposes")
    assert [(v.value, v.worlds) for v in driver.values] == [("true", 50)]
    assert driver.source == "priors file" and driver.information == 0
    drivers = {d.fact: d for d in result.drivers}
    assert [(v.value, v.worlds) for v in drivers["legacy_liabilities:pfi"].values] == [("yes", 50)]
    assert [(v.value, v.worlds) for v in drivers["legacy_liabilities:none"].values] == [("no", 50)]
    assert drivers["legacy_liabilities:pfi"].label == "Legacy liabilities: includes pfi"
    # the proposal states its form, and the partner list gives partners_count
    assert result.priors_ignored == ("form", "partners_count")
    text = result.to_text()
    assert "Priors not used (the proposal states these facts): form, partners_count" in text
    bare = accord.proposal_from_dict({"title": "Bare", "facts": {"form": "merger"}}, kb)
    result = accord.robustness(bare, kb, 40, seed=1, priors=priors)
    count = next(d for d in result.drivers if d.fact == "partners_count")
    three, nine = (v.worlds for v in count.values)
    assert three + nine == 40 and three < nine  # weights 1 and 3
    assert {v.value for v in count.values} == {"3", "9"}


def test_whole_numbers_are_drawn_by_the_ranges_the_rules_tell_apart(kb):
    bare = accord.proposal_from_dict({"title": "Bare", "facts": {"form": "merger"}}, kb)
    result = accord.robustness(bare, kb, 400, seed=2, engine="reference")
    count = next(d for d in result.drivers if d.fact == "partners_count")
    # the rules test partners_count at_least 4, at_most 4 and at_least 5: three ranges, alike
    assert [v.value for v in count.values] == ["2-3", "4", "5-500"]
    assert all(100 < v.worlds < 170 for v in count.values)


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ('priors:\n  key_partner_opose: {"true": 1}\n', "unknown fact", "key_partner_opposes"),
        ('priors:\n  key_partner_opposes: {"ture": 1}\n', "is not a value", "true"),
        ("priors:\n  partners_count: {1: 1}\n", "is not a value", None),
        ("priors:\n  form: {mergr: 1}\n", "is not a value of 'form'", "merger"),
        ("priors:\n  form: {merger: -1}\n", "is not a weight", None),
        ("priors:\n  form: {merger: 0}\n", "add up to 0", None),
        ("priors:\n  legacy_liabilities: {pfi: 2}\n", "is not a chance from 0 to 1", None),
        ("prior:\n  form: {merger: 1}\n", "unknown key 'prior'", "priors"),
        ("priors:\n  form: [merger]\n", "must be a mapping", None),
    ],
)
def test_priors_file_errors(tmp_path, text, message, hint):
    priors = tmp_path / "priors.yaml"
    priors.write_text(text, encoding="utf-8")
    result = run("robustness", str(EXAMPLE), "--priors", str(priors), "-n", "5")
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "priors.yaml:" in result.stderr
    if hint:
        assert f"did you mean '{hint}'" in result.stderr


def test_samples_limit_needs_force_and_bad_counts_are_refused(kb, proposal):
    result = run("robustness", str(EXAMPLE), "--samples", str(MAX_SAMPLES + 1))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert run("robustness", str(EXAMPLE), "--samples", "0").exit_code == 2
    with pytest.raises(accord.UsageError):
        accord.robustness(proposal, kb, 10, engine="clips")
    assert run("robustness", str(EXAMPLE), "--jobs", "0").exit_code == 2


def test_survey_answers_are_known_not_drawn(kb):
    folder = ROOT / "examples" / "survey"
    result = run(
        "robustness", str(folder / "proposal.yaml"), "--survey", str(folder / "answers"),
        "-n", "20", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plain = run("robustness", str(folder / "proposal.yaml"), "-n", "20", "--format", "json")
    with_survey, without = json.loads(result.stdout), json.loads(plain.stdout)
    assert set(with_survey["unknown"]) < set(without["unknown"])


def test_dask_local_cluster_gives_the_local_result(kb, proposal, tmp_path):
    distributed = pytest.importorskip("distributed")
    priors = keep_unknown_priors(kb, proposal, tmp_path / "p.yaml")
    local = accord.robustness(proposal, kb, 600, seed=5, priors=priors)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = accord.robustness(
            proposal, kb, 600, seed=5, priors=priors, scheduler=cluster.scheduler_address
        )
        cli = run(
            "robustness", str(EXAMPLE), "-n", "600", "--seed", "5", "--priors", str(priors),
            "--scheduler", cluster.scheduler_address, "--format", "json",
        )  # fmt: skip
    assert on_dask.to_json() == local.to_json()
    assert cli.exit_code == 0 and cli.stdout == local.to_json()


def test_unreachable_scheduler_is_a_usage_error(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("accord.analysis.robustness.CONNECT_SECONDS", 1)
    result = run("robustness", str(EXAMPLE), "-n", "5", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2 and "Dask scheduler" in result.stderr


def test_malformed_scheduler_address_is_a_usage_error():
    pytest.importorskip("distributed")
    result = run("robustness", str(EXAMPLE), "-n", "5", "--scheduler", "bogus")
    assert result.exit_code == 2 and "Dask scheduler at bogus" in result.stderr
    assert "internal error" not in result.stderr


def test_ctrl_c_stops_cleanly(tmp_path):
    out, err = tmp_path / "r.json", tmp_path / "stderr"
    with open(err, "wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "accord", "robustness", str(EXAMPLE), "-n", "100000",
             "--jobs", "2", "-o", str(out)],
            stdout=subprocess.DEVNULL, stderr=fh, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
    time.sleep(4)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C in a terminal: the whole process group
    proc.wait(timeout=60)
    text = err.read_text(encoding="utf-8")
    assert proc.returncode == 130, text
    assert "Traceback" not in text and "interrupted" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stderr"]  # no output, no temp file


def test_api_takes_a_path_as_assess_many_does(kb, proposal):
    by_path = accord.robustness(EXAMPLE, kb, 20, seed=3)
    by_text = accord.robustness(str(EXAMPLE), kb, 20, seed=3)
    assert (
        by_path.to_json()
        == by_text.to_json()
        == accord.robustness(proposal, kb, 20, seed=3).to_json()
    )


def test_the_readme_priors_example_is_a_valid_priors_file(kb, tmp_path):
    from accord.analysis.priors import read_priors

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("\n    priors:\n", 1)[1].split("\n\n", 1)[0]
    path = tmp_path / "priors.yaml"
    path.write_text("priors:\n" + "\n".join(ln[4:] for ln in block.splitlines()) + "\n", "utf-8")
    assert sorted(read_priors(path, kb)) == ["decision_rights", "failure_diagnosed", "legacy_liabilities"]


def test_text_says_how_the_shares_may_be_read(kb, proposal, tmp_path):
    text = " ".join(accord.robustness(proposal, kb, 20, seed=1).to_text().split())
    assert "not the chance that the call is right" in text and "no priors given" in text
    with_priors = accord.robustness(
        proposal, kb, 20, seed=1, priors=keep_unknown_priors(kb, proposal, tmp_path / "p.yaml")
    ).to_text()
    with_priors = " ".join(with_priors.split())  # the caveat is wrapped at 100 columns
    assert "the chances of the priors given" in with_priors
