"""Daily series from the tax bureau (invoices) and the grid company (electricity)."""

from __future__ import annotations

from django.db import models

from econwatch.register.models import Unit


class DailyInvoice(models.Model):
    """VAT-invoice sales (开票销售) of one enterprise on one day, in 元."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField("日期")
    amount = models.BigIntegerField("开票金额（元）")

    class Meta:
        verbose_name = "每日开票"
        verbose_name_plural = "每日开票销售"
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="invoice_unique")
        ]
        indexes = [models.Index(fields=["day"])]


class DailyElectricity(models.Model):
    """Electricity use of one enterprise on one day, in kWh (grid metering)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField("日期")
    kwh = models.BigIntegerField("用电量（千瓦时）")

    class Meta:
        verbose_name = "每日用电"
        verbose_name_plural = "每日用电量"
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="electricity_unique")
        ]
        indexes = [models.Index(fields=["day"])]
