"""Monitoring models, one module per noun."""

from econwatch.monitoring.models.daily import DailyElectricity, DailyInvoice
from econwatch.monitoring.models.reports import MonthlyReport

__all__ = ["DailyElectricity", "DailyInvoice", "MonthlyReport"]
