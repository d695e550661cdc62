"""Import of the above-scale industrial monthly report."""

from __future__ import annotations

import pytest

from econwatch.monitoring.imports import import_file
from econwatch.monitoring.imports.checks import (
    PythonMonthlyChecks,
    RuleFileChecks,
    monthly_checks,
)
from econwatch.monitoring.models import ImportBatch, MonthlyReport
from tests.monitoring.test_import_support import (
    DATA,
    A,
    B,
    C,
    counts,
    found,
    make_units,
    read_rows,
    write_csv,
)

pytestmark = pytest.mark.django_db

GOOD = DATA / "monthly_good.csv"


@pytest.fixture
def units():
    return make_units()


def test_good_file_is_imported_with_every_field(units) -> None:
    result = import_file("monthly", GOOD, vintage="2024-04")
    assert result.ok, result.problems
    assert result.problems == []
    assert result.summary["inserted"] == 6
    assert result.summary["periods"] == ["2024-02", "2024-03"]
    report = MonthlyReport.objects.get(unit=units[A], period="2024-03")
    assert (report.output_month, report.output_month_base) == (52000, 48000)
    assert (report.output_ytd, report.output_ytd_base) == (152000, 143000)
    assert (report.revenue_ytd, report.revenue_ytd_base) == (160300, 150100)
    assert (report.profit_ytd, report.profit_ytd_base) == (8200, 7600)
    assert (report.electricity_month, report.employees) == (430000, 238)
    assert (report.vintage, report.is_current) == ("2024-04", True)
    loss = MonthlyReport.objects.get(unit=units[B], period="2024-02")
    assert loss.profit_ytd == -1200
    assert (
        MonthlyReport.objects.get(unit=units[C], period="2024-02").revenue_ytd is None
    )
    batch = result.batch
    assert (batch.status, batch.rows, batch.kind) == ("ok", 6, "monthly")
    assert batch.summary["checks"] == "rules:monthly.yaml"
    assert len(batch.sha256) == 64


def test_every_problem_of_a_bad_file_is_listed_and_nothing_written(units) -> None:
    before = counts()
    result = import_file("monthly", DATA / "monthly_bad.csv")
    assert not result.ok
    assert counts() == before
    errors = {(p.row, p.code, p.field) for p in result.errors}
    assert errors == {
        (2, "unknown-enterprise", "统一社会信用代码"),
        (3, "bad-period", "报告期"),
        (4, "bad-number", "工业总产值本月(千元)"),
        (5, "negative-value", "从业人员期末人数(人)"),
        (6, "ytd-less-than-month", "工业总产值1—本月(千元)"),
        (8, "ytd-chain-broken", "工业总产值1—本月(千元)"),
        (9, "duplicate-row", "报告期"),
        (10, "missing-value", "统一社会信用代码"),
        (11, "bad-period", "报告期"),
        (12, "missing-value", "工业总产值1—本月(千元)"),
        (13, "bad-uscc", "统一社会信用代码"),
    }
    by_row = {p.row: p for p in result.errors}
    assert by_row[4].value == "12万"
    assert by_row[5].value == "-3"
    assert "第7行" in by_row[8].message  # the previous month came from row 7
    assert "第8行" in by_row[9].message
    assert "2024-02" in by_row[11].message  # 1—2月 hint
    assert result.batch.status == "rejected"
    assert result.batch.error_count == len(result.errors)
    assert {p["code"] for p in result.batch.problems} >= {"unknown-enterprise"}


BAD_CELLS = [
    # (id, column index, value, code)
    ("unknown-enterprise", 0, "91320412MA1M00041P", "unknown-enterprise"),
    ("bad-uscc", 0, "91320412MA1M000178", "bad-uscc"),
    ("bad-period", 2, "2024-3-x", "bad-period"),
    ("january-alone", 2, "2024-01", "bad-period"),
    ("future-period", 2, "2999-03", "bad-period"),
    ("bad-number", 3, "五万", "bad-number"),
    ("decimal-in-thousands", 3, "52000.5", "bad-number"),
    ("negative-value", 7, "-160300", "negative-value"),
    ("ytd-less-than-month", 5, "50000", "ytd-less-than-month"),
    ("ytd-chain-broken", 5, "152001", "ytd-chain-broken"),
    ("missing-value", 4, "", "missing-value"),
]


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [case[1:] for case in BAD_CELLS],
    ids=[case[0] for case in BAD_CELLS],
)
def test_each_bad_cell_gives_its_code_row_field_and_value(
    units, tmp_path, column, value, code
) -> None:
    header, rows = read_rows(GOOD)
    rows[3][column] = value  # row 5 in Excel: A, 2024-03
    path = write_csv(tmp_path / "bad.csv", header, rows)
    before = counts()
    result = import_file("monthly", path)
    assert counts() == before
    assert result.batch.status == "rejected"
    errors = [(p.row, p.code, p.field, p.value) for p in result.errors]
    assert (5, code, header[column], value) in errors
    assert all(p.message for p in result.problems)


def test_chain_is_checked_against_the_previous_month_in_the_database(
    units, tmp_path
) -> None:
    header, rows = read_rows(GOOD)
    february = write_csv(tmp_path / "feb.csv", header, rows[:3])
    assert import_file("monthly", february).ok
    march = [list(r) for r in rows[3:]]
    march[1][5] = "60000"  # B: 40000 (February, in the database) + 21000 ≠ 60000
    result = import_file("monthly", write_csv(tmp_path / "mar.csv", header, march))
    assert found(result) == {(3, "ytd-chain-broken", "工业总产值1—本月(千元)")}
    assert "已导入的2024-02月报" in result.errors[0].message
    assert MonthlyReport.objects.filter(period="2024-03").count() == 0


def test_reimport_keeps_the_previous_vintage(units, tmp_path) -> None:
    assert import_file("monthly", GOOD, vintage="2024-04").ok
    header, rows = read_rows(GOOD)
    rows[3][3], rows[3][5] = "53000", "153000"  # A revises March
    again = import_file(
        "monthly", write_csv(tmp_path / "rev.csv", header, rows), vintage="2024-05"
    )
    assert again.ok, again.problems
    summary = again.summary
    assert (summary["inserted"], summary["revised"], summary["unchanged"]) == (0, 1, 5)
    versions = MonthlyReport.objects.filter(unit=units[A], period="2024-03")
    assert sorted(versions.values_list("vintage", "is_current", "output_month")) == [
        ("2024-04", False, 52000),
        ("2024-05", True, 53000),
    ]
    assert MonthlyReport.objects.filter(is_current=True).count() == 6


def test_same_file_twice_changes_nothing(units) -> None:
    assert import_file("monthly", GOOD, vintage="2024-04").ok
    before = counts()
    again = import_file("monthly", GOOD, vintage="2024-04")
    assert again.ok
    assert counts() == before
    assert again.summary["unchanged"] == 6
    assert again.summary["same_file_as"] == [
        ImportBatch.objects.filter(status="ok").order_by("pk").first().pk
    ]


def test_a_revision_with_the_same_vintage_gets_a_suffix(units, tmp_path) -> None:
    assert import_file("monthly", GOOD, vintage="2024-04").ok
    header, rows = read_rows(GOOD)
    rows[0][3] = rows[0][5] = "100500"  # A revises 1—2月 (本月 = 累计)
    rows[3][5] = "152500"  # and keeps the March chain
    result = import_file(
        "monthly", write_csv(tmp_path / "r.csv", header, rows), vintage="2024-04"
    )
    assert result.ok, result.problems
    current = MonthlyReport.objects.get(
        unit=units[A], period="2024-02", is_current=True
    )
    assert current.vintage == "2024-04~2"


def test_replace_period_withdraws_enterprises_missing_from_the_file(
    units, tmp_path
) -> None:
    assert import_file("monthly", GOOD).ok
    header, rows = read_rows(GOOD)
    only_a = write_csv(tmp_path / "a.csv", header, [rows[0], rows[3]])
    result = import_file("monthly", only_a, replace_period=True)
    assert result.ok
    assert result.summary["withdrawn"] == 4
    assert MonthlyReport.objects.filter(is_current=True).count() == 2
    assert MonthlyReport.objects.count() == 6  # nothing deleted


def test_warnings_are_reported_but_do_not_block(units, tmp_path) -> None:
    header, rows = read_rows(GOOD)
    rows[2][3] = rows[2][5] = "16000"  # C: 1—2月 doubles (+102.5%)
    rows[5][5] = "20100"  # keep C's March chain
    rows[1][8] = ""  # B: 营业收入 without 上年同期
    result = import_file("monthly", write_csv(tmp_path / "w.csv", header, rows))
    assert result.ok
    assert found(result) == {
        (4, "growth-out-of-range", "工业总产值本月(千元)"),
        (4, "growth-out-of-range", "工业总产值1—本月(千元)"),
        (7, "growth-out-of-range", "工业总产值1—本月(千元)"),
        (3, "base-missing", "营业收入1—本月上年同期(千元)"),
    }
    assert result.batch.warning_count == 4
    assert MonthlyReport.objects.count() == 6


def test_unit_id_column_identifies_enterprises_without_uscc(units, tmp_path) -> None:
    header, rows = read_rows(GOOD)
    header = ["单位ID", *header[1:]]
    rows = [[str(units[r[0]].pk), *r[1:]] for r in rows]
    result = import_file("monthly", write_csv(tmp_path / "id.csv", header, rows))
    assert result.ok, result.problems
    assert MonthlyReport.objects.filter(unit=units[B]).count() == 2


def test_period_notations_for_the_first_period(units, tmp_path) -> None:
    header, rows = read_rows(GOOD)
    rows[0][2], rows[1][2], rows[2][2] = "2024-01..02", "2024年1-2月", "2024年2月"
    result = import_file("monthly", write_csv(tmp_path / "p.csv", header, rows))
    assert result.ok, result.problems
    assert MonthlyReport.objects.filter(period="2024-02").count() == 3


def test_rule_file_is_used_and_agrees_with_the_python_checks(units) -> None:
    rules = monthly_checks()
    assert isinstance(rules, RuleFileChecks)
    python = PythonMonthlyChecks()
    _, rows = read_rows(DATA / "monthly_bad.csv")
    _, good = read_rows(GOOD)
    keys = [
        "output_month",
        "output_month_base",
        "output_ytd",
        "output_ytd_base",
        "revenue_ytd",
        "revenue_ytd_base",
        "profit_ytd",
        "profit_ytd_base",
        "electricity_month",
        "employees",
    ]
    samples = []
    for row in [*good, *rows]:
        values = [int(v) if v.lstrip("-").isdigit() else None for v in row[3:]]
        record = {
            "unit_id": 1,
            "period": row[2],
            "month": int(row[2][5:7]),
            **dict(zip(keys, values, strict=True)),
        }
        samples.append(record)
    prev = samples[0]
    for record in samples:
        for reference in (None, prev):
            expected = {
                (f.code, f.field, f.severity) for f in python.check(record, reference)
            }
            got = {
                (f.code, f.field, f.severity) for f in rules.check(record, reference)
            }
            assert got == expected, record


def test_a_row_of_an_unknown_enterprise_is_still_checked(units, tmp_path) -> None:
    header, rows = read_rows(GOOD)
    rows[3][0] = "91320412MA1M00041P"
    rows[3][7] = "-1"
    result = import_file("monthly", write_csv(tmp_path / "u.csv", header, rows))
    assert {(5, "unknown-enterprise"), (5, "negative-value")} <= {
        (p.row, p.code) for p in result.errors
    }


def test_absurdly_large_numbers_are_refused(units, tmp_path) -> None:
    header, rows = read_rows(GOOD)
    rows[3][12] = "300000000"  # 从业人员
    rows[4][3] = "9" * 19  # beyond a 64-bit integer
    result = import_file("monthly", write_csv(tmp_path / "l.csv", header, rows))
    assert {(5, "bad-number"), (6, "bad-number")} <= {
        (p.row, p.code) for p in result.errors
    }
    assert MonthlyReport.objects.count() == 0
