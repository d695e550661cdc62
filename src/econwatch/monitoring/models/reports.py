"""Monitoring data: enterprises' monthly reports, daily invoices and electricity.

Money on the monthly form is in 千元 as the statistics bureau's forms write it;
invoices are in 元; electricity in 千瓦时 (kWh). Values are integers so sums are
exact; display rounding happens in ``econwatch.core.stats``.
"""

from __future__ import annotations

from django.db import models

from econwatch.register.models import Unit


class MonthlyReport(models.Model):
    """One enterprise's 工业产销总值/财务状况 report for one month, one vintage.

    ``period`` is the month the figures are for (``YYYY-MM``); ``vintage`` the
    month the report was received. Re-importing a month adds a new vintage and
    marks the earlier one not current, so nothing is lost.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="monthly")
    period = models.CharField("报告期", max_length=7)
    vintage = models.CharField("报送批次", max_length=16, default="")
    is_current = models.BooleanField("当前版本", default=True)
    output_month = models.BigIntegerField("工业总产值 本月（千元）")
    output_month_base = models.BigIntegerField("工业总产值 本月上年同期（千元）")
    output_ytd = models.BigIntegerField("工业总产值 1—本月（千元）")
    output_ytd_base = models.BigIntegerField("工业总产值 1—本月上年同期（千元）")
    revenue_ytd = models.BigIntegerField("营业收入 1—本月（千元）", null=True)
    revenue_ytd_base = models.BigIntegerField("营业收入 上年同期（千元）", null=True)
    profit_ytd = models.BigIntegerField("利润总额 1—本月（千元）", null=True)
    profit_ytd_base = models.BigIntegerField("利润总额 上年同期（千元）", null=True)
    electricity_month = models.BigIntegerField("用电量 本月（千瓦时）", null=True)
    employees = models.PositiveIntegerField("从业人员期末人数", null=True)

    class Meta:
        verbose_name = "规上工业月报"
        verbose_name_plural = "规上工业月报"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "vintage"], name="monthly_unique"
            )
        ]
        indexes = [models.Index(fields=["period", "is_current"])]
