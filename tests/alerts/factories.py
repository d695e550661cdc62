"""Builders for a small hand-made district with one planted case per rule kind.

Evaluation day 2024-06-14 (outside the festival season: calendar 同比). Each unit's
role is in its name; ``expected`` lists which rule each planted unit must fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User

from econwatch.accounts.services import create_user
from econwatch.monitoring.models import DailyElectricity, DailyInvoice, MonthlyReport
from econwatch.register.models import Tag, Unit, UnitTag, UnitYear

HUTANG, NIUTANG = "320412100000", "320412102000"
AS_OF = date(2024, 6, 14)
PERIODS = ["2024-02", "2024-03", "2024-04", "2024-05"]


def days(start: date, end: date) -> list[date]:
    """Every day from start to end."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def unit(name: str, town: str = HUTANG, *, backbone: bool = False) -> Unit:
    """A legal unit, 规上 in 2024, optionally on the backbone list."""
    u = Unit.objects.create(kind="legal", name=name, division_id=town)
    UnitYear.objects.create(unit=u, year=2024, above_scale=True)
    if backbone:
        tag, _ = Tag.objects.get_or_create(
            code="backbone", defaults={"name": "骨干企业"}
        )
        UnitTag.objects.create(unit=u, tag=tag, valid_from=date(2020, 1, 1))
    return u


def invoices(u: Unit, per_day, start=date(2023, 5, 1), end=AS_OF) -> None:
    """Daily invoices from ``per_day(day)`` (skipping the summer of 2023's tail)."""
    DailyInvoice.objects.bulk_create(
        DailyInvoice(unit=u, day=d, amount=per_day(d))
        for d in days(start, end)
        if d.year == 2024 or d <= date(2023, 7, 31)
    )


def electricity(u: Unit, per_day, start=date(2023, 5, 1), end=AS_OF) -> None:
    """Daily kWh from ``per_day(day)``."""
    DailyElectricity.objects.bulk_create(
        DailyElectricity(unit=u, day=d, kwh=per_day(d))
        for d in days(start, end)
        if d.year == 2024 or d <= date(2023, 7, 31)
    )


def report(
    u: Unit,
    period: str,
    *,
    month=10_000,
    base=9_000,
    revenue_month=3_000,
    vintage: str | None = None,
) -> None:
    """A monthly report in 千元 (revenue_ytd = months × revenue_month)."""
    months = int(period[5:7])
    MonthlyReport.objects.create(
        unit=u,
        period=period,
        vintage=vintage or f"{period}-28",
        output_month=month,
        output_month_base=base,
        output_ytd=month * months,
        output_ytd_base=base * months,
        revenue_ytd=revenue_month * months,
        revenue_ytd_base=revenue_month * months,
    )


@dataclass
class District:
    """The units, by role."""

    normal: Unit
    invoice_drop: Unit
    invoice_drop_not_backbone: Unit
    power_cut: Unit
    missing: Unit
    late: Unit
    declining: Unit
    small: Unit
    other_town: Unit

    def expected(self) -> dict[str, set[int]]:
        """Rule code → the units that must fire."""
        return {
            "invoice-drop": {self.invoice_drop.pk},
            "electricity-low": {self.power_cut.pk},
            "report-missing": {self.missing.pk, self.late.pk},
            "output-decline": {self.declining.pk},
            "below-scale": {self.small.pk},
        }


def _due_vintage(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7]) + 1
    return f"{year}-{month:02d}-05"


def build_district() -> District:
    """The district: every unit reports; only the planted ones are abnormal."""
    d = District(
        normal=unit("正常骨干", backbone=True),
        invoice_drop=unit("开票下滑骨干", backbone=True),
        invoice_drop_not_backbone=unit("开票下滑非骨干"),
        power_cut=unit("停电企业"),
        missing=unit("漏报企业"),
        late=unit("迟报企业"),
        declining=unit("产值连降企业"),
        small=unit("退规风险企业", NIUTANG),
        other_town=unit("牛塘正常企业", NIUTANG, backbone=True),
    )
    for u in (d.normal, d.other_town, d.power_cut):
        invoices(u, lambda day: 1000)
    for u in (d.invoice_drop, d.invoice_drop_not_backbone):
        invoices(u, lambda day: 500 if day >= date(2024, 6, 1) else 1000)
    for u in (d.normal, d.invoice_drop, d.other_town):
        electricity(u, lambda day: 5000)
    electricity(d.power_cut, lambda day: 500 if day >= date(2024, 6, 8) else 5000)
    for u in (
        d.normal,
        d.invoice_drop,
        d.invoice_drop_not_backbone,
        d.power_cut,
        d.other_town,
        d.missing,
        d.late,
        d.declining,
        d.small,
    ):
        for period in PERIODS:
            if u == d.missing and period == "2024-05":
                continue
            kwargs = {"vintage": _due_vintage(period)}
            if u == d.late and period == "2024-05":
                kwargs["vintage"] = "2024-06-12"
            if u == d.declining and period != "2024-02":
                kwargs.update(month=8_000, base=9_000)
            if u == d.small:
                kwargs["revenue_month"] = 1_000
            report(u, period, **kwargs)
    return d


PASSWORD = "alerts-test-2024"


def people(d: District) -> dict[str, User]:
    """A user per role: who works alerts, who only reads them, who sees none."""
    return {
        "officer": create_user("li", PASSWORD, "industry_officer", full_name="李科长"),
        "hutang": create_user(
            "zhao", PASSWORD, "town_officer", full_name="赵干事", division_code=HUTANG
        ),
        "niutang": create_user(
            "qian", PASSWORD, "town_officer", full_name="钱干事", division_code=NIUTANG
        ),
        "leader": create_user("boss", PASSWORD, "leader", full_name="周主任"),
        "analyst": create_user("tong", PASSWORD, "analyst", full_name="孙统计"),
        "enterprise": create_user(
            "firm", PASSWORD, "enterprise", unit_id=d.power_cut.pk
        ),
        "enumerator": create_user("pu", PASSWORD, "enumerator", division_code=HUTANG),
    }
