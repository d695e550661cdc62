"""What the demo plants on purpose, for tests and for the alert module.

* :func:`injected_errors`: the monthly reports whose 上月止累计 + 本月 = 本月止累计
  identity is broken on purpose (and every other report keeps it).
* :func:`planted_anomalies`: the enterprises built to trip each seeded alert rule
  (``econwatch.demo.anomalies`` says how).

Both identify enterprises by 统一社会信用代码 (ids depend on the database). They
re-plan the district for the seed and size (no database needed; the full size
takes some seconds, cached per process); without arguments they use the seed and
size of the demo built in the current database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from econwatch.demo.anomalies import CASES
from econwatch.demo.plan import plan_district
from econwatch.demo.reports import ERROR_KINDS


@dataclass(frozen=True)
class InjectedError:
    """A deliberately wrong figure in one monthly report.

    Attributes:
        uscc: the enterprise.
        name: its name.
        period: the report's month, ``YYYY-MM``.
        field: the wrong field (``output_month`` or ``output_month_base``).
        correct: the value the identity needs.
        reported: the value in the report.
        kind: the kind of mistake (a key of ``reports.ERROR_KINDS``).
        description: the mistake in words.
    """

    uscc: str
    name: str
    period: str
    field: str
    correct: int
    reported: int
    kind: str
    description: str


@dataclass(frozen=True)
class PlantedAnomaly:
    """An enterprise planted with an anomaly.

    Attributes:
        code: the case (``invoice-drop``, ``electricity-low``, ``output-decline``,
            ``below-scale``, ``report-missing``, ``report-late``).
        rule: the seeded alert rule it should trip.
        uscc: the enterprise.
        name: its name.
        start: when the anomaly starts (or the report was due).
        description: what happens, in Chinese.
        also: other rules it is expected to trip as well.
    """

    code: str
    rule: str
    uscc: str
    name: str
    start: dt.date
    description: str
    also: tuple[str, ...]


def _resolve(seed: int | None, size: str | None) -> tuple[int, str]:
    if seed is not None and size is not None:
        return seed, size
    from econwatch.demo.build import demo_state

    state = demo_state()
    if state is None:
        raise LookupError("数据库中没有示例区：请先运行 econwatch demo --no-serve")
    return (state.seed if seed is None else seed, state.size if size is None else size)


@cache
def _facts(
    seed: int, size: str
) -> tuple[tuple[InjectedError, ...], tuple[PlantedAnomaly, ...]]:
    d = plan_district(seed, size)
    codes, names = d.table.uscc, d.table.name
    errors = tuple(
        InjectedError(
            uscc=str(codes[e.firm]),
            name=names[e.firm],
            period=f"{e.year:04d}-{e.month:02d}",
            field=e.field,
            correct=e.correct,
            reported=e.reported,
            kind=e.kind,
            description=ERROR_KINDS[e.kind],
        )
        for e in d.errors
    )
    planted = tuple(
        PlantedAnomaly(
            code=c.code,
            rule=c.rule,
            uscc=str(codes[d.picks[c.code]]),
            name=names[d.picks[c.code]],
            start=c.start,
            description=c.description,
            also=c.also,
        )
        for c in CASES
    )
    return errors, planted


def injected_errors(
    seed: int | None = None, size: str | None = None
) -> list[InjectedError]:
    """The monthly reports with a deliberate 累计 error, sorted by USCC and period."""
    errors, _ = _facts(*_resolve(seed, size))
    return sorted(errors, key=lambda e: (e.uscc, e.period))


def planted_anomalies(
    seed: int | None = None, size: str | None = None
) -> list[PlantedAnomaly]:
    """The enterprises planted with anomalies, one per case."""
    _, planted = _facts(*_resolve(seed, size))
    return list(planted)
