"""``econwatch rules check|lint``: exit codes, output files, documented commands."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from econwatch.rules_cli import build_parser, main
from tests.core.rules.conftest import DATA

ROOT = Path(__file__).resolve().parents[3]
RULES = str(DATA / "legal_unit.yaml")
UNITS = str(DATA / "units.csv")
PREV = str(DATA / "units_prev.csv")


def test_check_prints_summary_and_writes_issues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "issues.parquet"
    assert main(["check", RULES, UNITS, "--prev", PREV, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "营业收入不能为负" in printed and "强制性" in printed
    assert pq.read_table(out).num_rows == 18


@pytest.mark.parametrize(
    ("severity", "code"), [("error", 1), ("verify", 1), ("hint", 1)]
)
def test_fail_on(severity: str, code: int) -> None:
    assert main(["check", RULES, UNITS, "--prev", PREV, "--fail-on", severity]) == code


def test_fail_on_passes_when_nothing_of_that_severity_fails(tmp_path: Path) -> None:
    rules = tmp_path / "r.yaml"
    rules.write_text(
        "ruleset: t\nkey: unit_id\nrules:\n"
        "- {id: A, severity: hint, expr: revenue > 1000000}\n"
        "- {id: B, severity: error, expr: revenue > -100}\n",
        encoding="utf-8",
    )
    assert main(["check", str(rules), UNITS, "--fail-on", "error"]) == 0
    assert main(["check", str(rules), UNITS, "--fail-on", "hint"]) == 1


def test_unusable_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "bad_rules.yaml"), UNITS]) == 2
    assert "syntax-error" in capsys.readouterr().err
    assert main(["check", RULES, str(DATA / "missing.csv")]) == 2
    assert "unreadable-file" in capsys.readouterr().err
    assert main(["check", RULES, str(DATA / "units_bad.csv")]) == 2
    assert "bad-value" in capsys.readouterr().err


def test_engine_choice(tmp_path: Path) -> None:
    out = tmp_path / "issues.csv"
    assert main(["check", RULES, UNITS, "--engine", "sqlite", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith('"key","rule_id","outcome"')


def test_lint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", RULES]) == 0
    assert main(["lint", str(DATA / "bad_rules.yaml")]) == 1
    printed = capsys.readouterr().out
    assert "unknown-codelist" in printed and "B07" in printed


def _subcommands() -> dict[str, str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return {name: sub.format_help() for name, sub in action.choices.items()}


@pytest.mark.parametrize("command", ["check", "lint"])
def test_every_command_has_an_example_and_is_documented(command: str) -> None:
    assert "Example:" in _subcommands()[command]
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"econwatch rules {command}" in docs


@pytest.mark.spark
def test_check_on_spark(tmp_path: Path, spark_ready: None) -> None:
    out = tmp_path / "issues.parquet"
    args = ["check", RULES, UNITS, "--prev", PREV, "--engine", "spark", "--out"]
    assert main([*args, str(out), "--threads", "2"]) == 0
    assert pq.read_table(out).num_rows == 18


@pytest.mark.postgres
def test_check_on_postgres_uploads_files(tmp_path: Path, postgres_url: str) -> None:
    out = tmp_path / "issues.parquet"
    args = ["check", RULES, UNITS, "--prev", PREV, "--engine", "postgres"]
    assert main([*args, "--db", postgres_url, "--out", str(out)]) == 0
    assert pq.read_table(out).num_rows == 18
