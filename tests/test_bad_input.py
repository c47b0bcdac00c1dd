"""Every malformed-input class gets a clear message on stderr, exit 2, and no traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from accord.cli import main

CASES = {
    "yaml_syntax": (b"title: x\nfacts:\n  form: [merger\n", ["not valid YAML", ":3"]),
    "unknown_key": (
        b"title: x\nfacts:\n  from: merger\n",
        ["unknown fact 'from'", "did you mean 'form'", ":3"],
    ),
    "unknown_value": (
        b"title: x\nfacts:\n  form: mergre\n",
        ["'mergre' is not an allowed value", "did you mean 'merger'", "'facts.form'"],
    ),
    "wrong_type": (
        b"title: x\nfacts:\n  partners_count: 'three'\n",
        ["not a whole number", "partners_count"],
    ),
    "quoted_number": (
        b"title: x\nfacts:\n  partners_count: '3'\n",
        ["not a whole number", "without quotes"],
    ),
    "bool_as_text": (b"title: x\nfacts:\n  rationale_stated: 'yes'\n", ["not true or false"]),
    "empty_file": (b"", ["empty"]),
    "comments_only": (b"# nothing here\n", ["empty"]),
    "not_utf8": (b"title: caf\xe9\nfacts: {}\n", ["not valid UTF-8", ":1"]),
    "top_level_list": (b"- a\n- b\n", ["must be a mapping"]),
    "unknown_top_key": (
        b"title: x\nfacts: {}\npartner: []\n",
        ["unknown key 'partner'", "did you mean 'partners'"],
    ),
    "duplicate_key": (
        b"title: x\nfacts:\n  form: merger\n  form: alliance\n",
        ["appears twice", ":4"],
    ),
    "bad_sector": (
        b"title: x\npartners:\n  - {name: A, sector: acut}\nfacts: {}\n",
        ["'acut' is not a sector", "did you mean 'acute'"],
    ),
    "python_tag": (
        b"title: !!python/object/apply:os.system ['echo hi']\nfacts: {}\n",
        ["cannot read this value"],
    ),
    "count_below_list": (
        b"title: x\npartners: [A, B, C]\nfacts:\n  partners_count: 2\n",
        ["3 partners are listed"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_proposal_is_reported_with_exit_2(tmp_path, name):
    content, expected = CASES[name]
    path = tmp_path / "proposal.yaml"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["assess", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert str(path) in result.stderr


def test_every_problem_is_reported_at_once(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("title: x\nfacts:\n  form: mergre\n  pace: fast\n  colour: red\n")
    result = CliRunner().invoke(main, ["assess", str(path)])
    assert result.exit_code == 2
    assert "3 problems" in result.stderr
    for line in (":3", ":4", ":5"):
        assert f"{path}{line}" in result.stderr


def test_missing_file_and_folder(tmp_path):
    result = CliRunner().invoke(main, ["assess", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = CliRunner().invoke(
        main, ["assess", str(tmp_path / "x.yaml"), "--kb", str(tmp_path / "nokb")]
    )
    assert result.exit_code == 2


def test_unknown_option_is_usage_error():
    result = CliRunner().invoke(main, ["assess", "--formt", "json", "x.yaml"])
    assert result.exit_code == 2


def test_unwritable_output_folder(tmp_path):
    from tests.conftest import ROOT

    result = CliRunner().invoke(
        main, ["assess", str(ROOT / "examples/buddying.yaml"), "-o", str(tmp_path / "no" / "a.txt")]
    )
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_internal_error_is_reported_as_a_bug(monkeypatch, tmp_path):
    import accord.engine.explain as assess_mod
    from tests.conftest import ROOT

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(assess_mod, "assess", boom)
    monkeypatch.delenv("ACCORD_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["assess", str(ROOT / "examples/buddying.yaml")])
    assert result.exit_code == 3
    assert "bug in Accord" in result.stderr and "Traceback" not in result.output
