"""Monitoring data imports: monthly reports, daily invoices and electricity, and
figures published by the statistics bureau, from CSV or Excel.

The whole file is validated first and every problem is reported with its row, field,
value and a stable code; a file with any error writes nothing. See
docs/import-formats.md for the templates and :func:`import_file` for the API.

Example:
    >>> from econwatch.monitoring.imports import import_file  # doctest: +SKIP
    >>> result = import_file("invoices", "invoices-2024-03.csv")  # doctest: +SKIP
    >>> result.ok, result.batch.status, result.summary["inserted"]  # doctest: +SKIP
    (True, 'ok', 83700)
"""

from econwatch.monitoring.imports.hooks import after_import, subscribe, unsubscribe
from econwatch.monitoring.imports.kinds import KINDS, get_kind
from econwatch.monitoring.imports.problems import CODES, Problem
from econwatch.monitoring.imports.progress import Progress, RichProgress
from econwatch.monitoring.imports.report import (
    default_report_path,
    problems_table,
    write_report,
)
from econwatch.monitoring.imports.runner import ImportResult, import_file
from econwatch.monitoring.imports.template import default_template_path, write_template

__all__ = [
    "CODES",
    "KINDS",
    "ImportResult",
    "Problem",
    "Progress",
    "RichProgress",
    "after_import",
    "default_report_path",
    "default_template_path",
    "get_kind",
    "import_file",
    "problems_table",
    "subscribe",
    "unsubscribe",
    "write_report",
    "write_template",
]
