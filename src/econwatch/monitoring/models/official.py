"""Figures published by the statistics bureau, stored exactly as published.

Some numbers cannot be computed bottom-up by a district: 规上工业增加值 growth is
deflated and fed back by the provincial bureau, and published totals include the
bureau's own adjustments. They are kept here, beside the figures computed from the
enterprises' reports; for display the published figure wins and the gap is shown.
"""

from __future__ import annotations

from django.db import models


class OfficialFigure(models.Model):
    """One published figure: indicator × scope × period, value and/or growth.

    ``period`` uses the notation of :class:`econwatch.core.stats.periods.Period`:
    ``2023-05`` (当月), ``2023-01..12`` (1—12月累计), ``2023-01..02`` (1—2月).
    """

    indicator = models.CharField("指标", max_length=64)
    scope = models.CharField("口径", max_length=64)
    period = models.CharField("报告期", max_length=16)
    value = models.DecimalField(
        "数值", max_digits=20, decimal_places=4, null=True, blank=True
    )
    growth = models.DecimalField(
        "增速（%）", max_digits=9, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField("计量单位", max_length=16, blank=True)
    source = models.CharField("来源", max_length=128, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    batch = models.ForeignKey(
        "monitoring.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="导入批次",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "统计部门发布数"
        verbose_name_plural = "统计部门发布数"
        ordering = ["-period", "indicator", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "scope", "period"], name="official_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.scope} {self.period}"

    def clean(self) -> None:
        """Check what a form (the admin) cannot: the period and value-or-growth."""
        from django.core.exceptions import ValidationError

        from econwatch.core.stats.errors import PeriodError
        from econwatch.core.stats.periods import Period

        errors = {}
        try:
            self.period = str(Period.parse(self.period.strip()))
        except PeriodError:
            errors["period"] = (
                "报告期应写成2024-05（当月）或2024-01..05（1—5月累计）；1—2月为2024-01..02"
            )
        if self.value is None and self.growth is None:
            errors["value"] = "数值和增速至少要填一项"
        if errors:
            raise ValidationError(errors)
