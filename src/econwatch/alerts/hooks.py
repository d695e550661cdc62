"""Evaluate the alerts after each import.

The import module offers a small registry of subscribers
(``econwatch.monitoring.imports.hooks``): each is called with the finished
``ImportBatch`` after the data is committed. This app subscribes
:func:`after_import` when the app registry is ready, so an accepted import of
invoices, electricity or monthly reports re-runs the rules that read them.
``econwatch alerts run`` (e.g. daily from cron) does the same for every rule.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

log = logging.getLogger(__name__)

HOOKS_MODULE = "econwatch.monitoring.imports.hooks"

KINDS_BY_IMPORT = {
    "invoices": ["invoice_yoy_drop"],
    "electricity": ["electricity_below_baseline"],
    "monthly": ["monthly_report_missing", "output_decline_streak", "below_scale_risk"],
}
"""Which rule kinds an import of each data kind can change."""


def after_import(batch: Any) -> None:
    """Re-run the rules that read the imported data (accepted batches only).

    Args:
        batch: The finished ``ImportBatch`` (``kind``, ``status``).
    """
    from econwatch.alerts.evaluation import evaluate
    from econwatch.alerts.models import AlertRule

    if getattr(batch, "status", None) != "ok":
        return
    summary = getattr(batch, "summary", None) or {}
    changed = ("inserted", "revised", "updated", "withdrawn")
    if summary and not any(summary.get(key) for key in changed):
        return  # the same file again: nothing an alert reads has moved
    kinds = KINDS_BY_IMPORT.get(str(getattr(batch, "kind", "")))
    if not kinds:
        return
    codes = list(
        AlertRule.objects.filter(kind__in=kinds, active=True).values_list(
            "code", flat=True
        )
    )
    if codes:
        evaluate(codes=codes)


def register_import_hook() -> bool:
    """Subscribe :func:`after_import` to the import module's hooks, if it exists.

    Returns:
        Whether the hooks module was found.
    """
    try:
        hooks = importlib.import_module(HOOKS_MODULE)
    except ImportError:
        log.info("%s 不存在：预警只由 econwatch alerts run 评估", HOOKS_MODULE)
        return False
    hooks.subscribe(after_import)
    return True
