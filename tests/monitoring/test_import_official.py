"""Import of figures published by the statistics bureau."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from econwatch.monitoring.imports import import_file
from econwatch.monitoring.models import ImportChange, OfficialFigure
from econwatch.register.models import ReportingScope
from tests.monitoring.test_import_support import (
    DATA,
    counts,
    found,
    read_rows,
    write_csv,
)

pytestmark = pytest.mark.django_db

GOOD = DATA / "official_good.csv"


@pytest.fixture
def scopes():
    ReportingScope.objects.create(code="all", name="全区")
    ReportingScope.objects.create(code="excl", name="不含经开区")


def test_published_figures_are_stored_as_published(scopes) -> None:
    result = import_file("official", GOOD)
    assert result.ok, result.problems
    assert result.problems == []
    value_added = OfficialFigure.objects.get(indicator="规上工业增加值")
    assert (value_added.scope, value_added.period) == ("全区", "2024-01..05")
    assert (value_added.value, value_added.growth) == (None, Decimal("8.1"))
    assert value_added.source == "省统计局反馈"
    assert value_added.published_on == dt.date(2024, 6, 18)
    assert value_added.batch_id == result.batch.pk
    output = OfficialFigure.objects.get(indicator="规上工业总产值", scope="全区")
    assert (output.value, output.growth, output.unit) == (
        Decimal("1270.52"),
        Decimal("11.0"),
        "亿元",
    )
    assert OfficialFigure.objects.get(scope="不含经开区").period == "2024-05"


def test_reimport_replaces_and_keeps_the_old_values(scopes, tmp_path) -> None:
    assert import_file("official", GOOD).ok
    header, rows = read_rows(GOOD)
    rows[0][4] = "8.3"  # the province revises its feedback
    again = import_file("official", write_csv(tmp_path / "o.csv", header, rows))
    assert again.ok
    assert (again.summary["updated"], again.summary["unchanged"]) == (1, 2)
    assert OfficialFigure.objects.count() == 3
    assert OfficialFigure.objects.get(indicator="规上工业增加值").growth == Decimal(
        "8.3"
    )
    change = ImportChange.objects.get()
    assert change.key == "规上工业增加值|全区|2024-01..05"
    assert '"growth": "8.1"' in change.old and '"growth": "8.3"' in change.new


BAD = [
    ("bad-period", 2, "2024-01", "bad-period", "报告期"),
    ("bad-number", 4, "约8%", "bad-number", "增速(%)"),
    ("missing-indicator", 0, "", "missing-value", "指标"),
    ("bad-date", 7, "2024-13-01", "bad-date", "发布日期"),
]


@pytest.mark.parametrize(
    ("column", "value", "code", "field"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_bad_rows_block_the_file(scopes, tmp_path, column, value, code, field) -> None:
    header, rows = read_rows(GOOD)
    rows[0][column] = value
    before = counts()
    result = import_file("official", write_csv(tmp_path / "b.csv", header, rows))
    assert not result.ok
    assert counts() == before
    assert (2, code, field) in found(result)


def test_value_or_growth_is_required_and_duplicates_are_refused(
    scopes, tmp_path
) -> None:
    header, rows = read_rows(GOOD)
    rows[2][3] = rows[2][4] = ""
    rows.append(list(rows[1]))
    result = import_file("official", write_csv(tmp_path / "v.csv", header, rows))
    assert found(result) == {(4, "missing-value", "数值"), (5, "duplicate-row", "指标")}


def test_an_unknown_scope_is_a_warning(tmp_path) -> None:
    result = import_file("official", GOOD)  # no scopes registered: nothing to check
    assert result.ok and not result.problems
    ReportingScope.objects.create(code="all", name="全区")
    header, rows = read_rows(GOOD)
    rows[0][1] = "常州市"
    result = import_file("official", write_csv(tmp_path / "s.csv", header, rows))
    assert result.ok
    assert (2, "unknown-scope", "口径") in found(result)
