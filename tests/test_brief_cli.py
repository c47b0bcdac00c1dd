"""`accord brief` and `accord assess --format markdown|html|pdf`: formats, dates, exit codes."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from accord.cli import main
from tests.brief_support import ROOT

EXAMPLE = str(ROOT / "examples" / "buddying.yaml")


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")

    def invoke(*args):
        return CliRunner().invoke(main, [*args], catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("ext,marker", [(".md", "# Advisory brief"), (".html", "<!DOCTYPE html>")])
def test_format_from_extension(run, tmp_path, ext, marker):
    out = tmp_path / f"brief{ext}"
    result = run("brief", EXAMPLE, "-o", str(out), "--engine", "reference")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith(marker)
    assert "2026-01-01" in text


def test_brief_is_byte_identical_and_matches_assess(run, tmp_path):
    a = run("brief", EXAMPLE, "--format", "markdown", "--engine", "reference").stdout
    b = run("brief", EXAMPLE, "--format", "markdown", "--engine", "reference").stdout
    c = run("assess", EXAMPLE, "--format", "markdown", "--engine", "reference").stdout
    assert a == b == c
    html = run("assess", EXAMPLE, "--format", "html", "--engine", "reference").stdout
    assert html.startswith("<!DOCTYPE html>")


def test_format_option_wins_over_extension(run, tmp_path):
    out = tmp_path / "brief.txt"
    assert run("brief", EXAMPLE, "-o", str(out), "--format", "html").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "args",
    [
        ["brief", EXAMPLE, "--format", "pdf"],
        ["assess", EXAMPLE, "--format", "pdf"],
        ["brief", EXAMPLE, "-o", "brief.docx"],
        ["brief", EXAMPLE, "--date", "yesterday"],
    ],
    ids=["brief-pdf-stdout", "assess-pdf-stdout", "unknown-extension", "bad-date"],
)
def test_usage_errors_exit_2(monkeypatch, tmp_path, args):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_pdf_without_weasyprint_exits_2(run, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    out = tmp_path / "brief.pdf"
    result = run("brief", EXAMPLE, "-o", str(out))
    assert result.exit_code == 2
    assert "accord[pdf]" in result.stderr
    assert not out.exists()


def test_date_option_when_no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = CliRunner().invoke(main, ["brief", EXAMPLE, "--date", "2024-05-06"])
    assert result.exit_code == 0
    assert "2024-05-06" in result.stdout


def test_brief_help_lists_options():
    result = CliRunner().invoke(main, ["brief", "--help"])
    for option in ("--format", "-o", "--kb", "--engine", "--date", "--template-dir"):
        assert option in result.output
