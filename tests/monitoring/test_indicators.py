"""The indicator layer over a hand-made district: growth is computed on the same set."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from econwatch.core.codes.uscc import make_uscc
from econwatch.monitoring import rollup
from econwatch.monitoring.indicators import IndicatorError, compute, parse_period
from econwatch.monitoring.models import DailyInvoice, MonthlyReport
from econwatch.register.models import (
    Division,
    ReportingScope,
    Taxonomy,
    TaxonomyNode,
    TaxonomyVersion,
    Unit,
    UnitYear,
)

HUTANG, NIUTANG, GAOXIN = "320412100000", "320412102000", "320412411000"


def _unit(name: str, town: str, industry: str = "3670") -> Unit:
    body = f"MA{Unit.objects.count() + 1:06d}"
    return Unit.objects.create(
        kind="legal",
        name=name,
        uscc=make_uscc("9", "1", "320412", body),
        division_id=town,
        industry_id=industry,
        size_class="3",
    )


def _report(unit: Unit, period: str, ytd: int, ytd_base: int, **extra: int) -> None:
    MonthlyReport.objects.create(
        unit=unit,
        period=period,
        output_month=extra.pop("month", ytd // 12),
        output_month_base=extra.pop("month_base", ytd_base // 12),
        output_ytd=ytd,
        output_ytd_base=ytd_base,
        profit_ytd=extra.pop("profit", None),
        profit_ytd_base=extra.pop("profit_base", None),
    )


@pytest.fixture
def district(db):
    everywhere = ReportingScope.objects.create(code="all", name="全区")
    everywhere.divisions.set(Division.objects.filter(level="town"))
    park = ReportingScope.objects.create(code="gx", name="武进国家高新区")
    park.divisions.set([GAOXIN])
    a = _unit("常州甲汽车零部件有限公司", HUTANG)
    b = _unit("常州乙机械有限公司", NIUTANG, "3311")
    c = _unit("常州丙新能源有限公司", GAOXIN, "3841")
    gone = _unit("常州丁纺织有限公司", HUTANG, "1711")
    # 2023: a, b, c report (c entered in 2023); 2022: a, b, gone reported.
    _report(a, "2023-12", 130_000, 100_000, profit=5_000, profit_base=-1_000)
    _report(b, "2023-12", 50_000, 60_000, profit=2_000, profit_base=1_000)
    _report(c, "2023-12", 40_000, 20_000, profit=-500, profit_base=-800)
    _report(a, "2022-12", 101_000, 90_000)
    _report(b, "2022-12", 60_000, 55_000)
    _report(gone, "2022-12", 80_000, 85_000)
    for unit in (a, b, c):
        UnitYear.objects.create(unit=unit, year=2023, above_scale=True)
    for day, amount in ((dt.date(2023, 3, 1), 1_200), (dt.date(2022, 3, 1), 1_000)):
        DailyInvoice.objects.create(unit=a, day=day, amount=amount)
    DailyInvoice.objects.create(unit=gone, day=dt.date(2023, 3, 1), amount=999_999)
    rollup.refresh()  # written directly, not through an import
    tax = Taxonomy.objects.create(code="95x", name="武进95X")
    version = TaxonomyVersion.objects.create(
        taxonomy=tax, label="2023", valid_from=dt.date(2023, 1, 1)
    )
    nev = TaxonomyNode.objects.create(version=version, code="nev", name="新能源汽车")
    nev.units.set([a, c])
    return {"a": a, "b": b, "c": c}


def _indicator(data: dict, code: str) -> dict:
    return next(i for i in data["indicators"] if i["code"] == code)


def test_output_growth_is_comparable_not_ratio_of_totals(district) -> None:
    data = compute("2023-12", "全区")
    output = _indicator(data, "output_ytd")
    assert output["value"] == "220000" and output["base"] == "180000"
    assert output["growth_text"] == "22.2%"  # 220/180 − 1
    assert output["enterprises"] == 3 and output["grown"] == 2
    change = data["scope_change"]
    # Published-style: 220 000 / 241 000 − 1 = −8.7 %, a gap of 30.9 pp.
    assert change["naive_growth_pct"].startswith("-8.71")
    assert (change["entered"], change["left"]) == (1, 1)
    assert "30.9个百分点" in change["text"]


def test_profits_with_negative_base_get_a_label(district) -> None:
    profit = _indicator(compute("2023-12", "全区"), "profit_ytd")
    assert profit["value"] == "6500" and profit["base"] == "-800"
    assert profit["growth_pct"] is None
    assert profit["growth_text"] == "扭亏为盈"


def test_invoices_compare_the_same_enterprises_same_days(district) -> None:
    invoices = _indicator(compute("2023-12", "全区"), "invoices_ytd")
    # The exited enterprise's invoices are not in the 2023 above-scale set.
    assert (invoices["value"], invoices["base"]) == ("1200", "1000")
    assert invoices["growth_text"] == "20.0%"


def test_breakdown_by_town_partitions_the_total(district) -> None:
    b = compute("2023-12", "全区", by="town")["breakdown"]
    shares = {g["name"]: g for g in b["groups"]}
    assert set(shares) == {"湖塘镇", "牛塘镇", "高新区"}
    # ΔX = 40 000 total; 湖塘 +30 000 → 贡献率 75 %, 拉动 30 000/180 000 = 16.67 pp.
    assert shares["湖塘镇"]["share_text"] == "75.0%"
    assert shares["湖塘镇"]["pull_text"] == "16.67"
    pulls = sum(float(g["pull_pp"]) for g in b["groups"])
    assert pulls == pytest.approx(40_000 / 180_000 * 100)


def test_cluster_breakdown_in_a_park_scope(district) -> None:
    data = compute("2023-12", "武进国家高新区", by="cluster:95X")
    output = _indicator(data, "output_ytd")
    assert output["value"] == "40000" and output["growth_text"] == "100.0%"
    (group,) = data["breakdown"]["groups"]
    assert group["name"] == "新能源汽车" and group["growth_text"] == "100.0%"


@pytest.mark.parametrize(
    ("period", "code"),
    [("2023-01", "january-alone"), ("2023-13", "bad-period"), ("x", "bad-period")],
    ids=["january", "month-13", "garbage"],
)
def test_bad_periods_are_refused(period: str, code: str) -> None:
    with pytest.raises(IndicatorError) as err:
        parse_period(period)
    assert err.value.code == code


def test_unknown_scope_lists_the_known_ones(district) -> None:
    with pytest.raises(IndicatorError, match="全区"):
        compute("2023-12", "全市")


def test_cli_prints_the_figures_and_json(district) -> None:
    out = StringIO()
    call_command("indicators", period="2023-12", scope="全区", stdout=out)
    assert "0.0亿元" in out.getvalue() or "亿元" in out.getvalue()
    assert "22.2%" in out.getvalue()
    out = StringIO()
    call_command(
        "indicators", period="2023-12", scope="全区", format="json", stdout=out
    )
    assert _indicator(json.loads(out.getvalue()), "output_ytd")["value"] == "220000"
    with pytest.raises(CommandError, match="1—2月"):
        call_command("indicators", period="2023-01", stdout=StringIO())


def test_rollup_equals_the_daily_sums_and_follows_imports(district, tmp_path) -> None:
    from econwatch.monitoring.imports import import_file
    from econwatch.monitoring.models import DailyMonthTotal

    a = district["a"]
    march = DailyMonthTotal.objects.get(unit=a, month="2023-03")
    assert march.invoices == 1_200 and march.kwh is None
    path = tmp_path / "inv.csv"
    path.write_text(
        f"统一社会信用代码,单位名称,日期,开票金额(元)\n{a.uscc},{a.name},2023-03-02,800\n",
        encoding="utf-8",
    )
    assert import_file("invoices", path).ok
    march = DailyMonthTotal.objects.get(unit=a, month="2023-03")
    assert march.invoices == 2_000


def test_cluster_kinds_are_kept_apart(district) -> None:
    with pytest.raises(IndicatorError) as err:
        compute("2023-12", "全区", by="cluster:95x/card")
    assert err.value.code == "unknown-node-kind"
