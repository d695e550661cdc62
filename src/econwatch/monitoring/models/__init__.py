"""Monitoring models, one module per noun."""

from econwatch.monitoring.models.batches import ImportBatch, ImportChange
from econwatch.monitoring.models.daily import DailyElectricity, DailyInvoice
from econwatch.monitoring.models.official import OfficialFigure
from econwatch.monitoring.models.reports import MonthlyReport
from econwatch.monitoring.models.rollup import DailyMonthTotal

__all__ = [
    "DailyElectricity",
    "DailyInvoice",
    "DailyMonthTotal",
    "ImportBatch",
    "ImportChange",
    "MonthlyReport",
    "OfficialFigure",
]
