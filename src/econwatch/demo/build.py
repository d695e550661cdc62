"""Build, reuse or delete the demo district: what ``econwatch demo`` calls.

Library first: the command is a thin shell over :func:`ensure_demo`. The state
of the demo lives in ``SiteSetting`` (``demo`` = ``"1"`` turns on the 示例数据
banner; ``demo_seed``, ``demo_size`` and ``demo_units`` — the id range of the
demo's units — say what was built).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction

from econwatch.accounts.models import SiteSetting
from econwatch.alerts.evaluation import evaluate
from econwatch.demo.accounts import ACCOUNTS, create_accounts
from econwatch.demo.firms import CONT
from econwatch.demo.geography import SCOPES, TOWNS
from econwatch.demo.plan import District, plan_district
from econwatch.demo.store import Progress, StoreError, write_district
from econwatch.demo.tags import TAGS
from econwatch.demo.taxonomy import TAXONOMIES
from econwatch.monitoring import rollup
from econwatch.register.models import (
    ReportingScope,
    Tag,
    Taxonomy,
    Unit,
    UnitTag,
)

DEFAULT_SEED = 320412
_KEYS = ("demo", "demo_seed", "demo_size", "demo_units")


@dataclass(frozen=True)
class DemoState:
    """What the database holds: the demo's seed, size and unit id range."""

    seed: int
    size: str
    first_id: int
    last_id: int


@dataclass
class BuildResult:
    """What :func:`ensure_demo` did."""

    state: DemoState
    reused: bool
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def demo_state() -> DemoState | None:
    """The demo in the database, or ``None`` when none is built."""
    values = dict(SiteSetting.objects.filter(key__in=_KEYS).values_list("key", "value"))
    if values.get("demo") != "1" or "demo_units" not in values:
        return None
    first, last = values["demo_units"].split("-")
    return DemoState(
        int(values.get("demo_seed", DEFAULT_SEED)),
        values.get("demo_size", "full"),
        int(first),
        int(last),
    )


def ensure_demo(
    seed: int = DEFAULT_SEED,
    size: str = "full",
    *,
    rebuild: bool = False,
    accounts: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the demo district unless it is already built (then reuse it).

    Args:
        seed: the generator's seed.
        size: ``"full"``, ``"small"`` or ``"province"`` (see ``profiles``).
        rebuild: delete the demo first and build afresh.
        accounts: create the demo accounts (one per role).
        progress: called as ``progress(task, rows_done, task_total)``.
    """
    state = demo_state()
    if state is not None and not rebuild:
        return BuildResult(state, reused=True)
    started = time.perf_counter()
    district = plan_district(seed, size)
    if progress:
        progress("生成示例数据", 1, 1)
    with _fast_writes(), transaction.atomic():
        if state is not None or rebuild:
            delete_demo()
        counts = write_district(district, progress)
        SiteSetting.objects.update_or_create(key="demo", defaults={"value": "1"})
        SiteSetting.objects.update_or_create(
            key="demo_seed", defaults={"value": str(seed)}
        )
        SiteSetting.objects.update_or_create(key="demo_size", defaults={"value": size})
        state = demo_state()
        if state is None:  # pragma: no cover - written just above
            raise StoreError("示例区状态未能写入站点设置")
        if accounts:
            create_accounts(state.first_id + enterprise_account_unit(district))
        # Pages open on the period the published figures are for.
        SiteSetting.objects.update_or_create(
            key="monitoring_period", defaults={"value": "2023-12"}
        )
        if progress:
            progress("月度汇总", 0, 1)
        _roomy_aggregates()
        rollup.refresh()
        if progress:
            progress("月度汇总", 1, 1)
    _analyze()
    if progress:
        progress("预警评估", 0, 1)
    evaluate(as_of=LAST_DAY)
    if progress:
        progress("预警评估", 1, 1)
    return BuildResult(state, False, time.perf_counter() - started, counts)


LAST_DAY = dt.date(2024, 12, 31)
"""The last day of the demo's daily series: alerts are evaluated as of it."""


def _roomy_aggregates() -> None:
    """On PostgreSQL, let this transaction's GROUP BY hash in memory.

    The roll-up groups every daily row by enterprise and month (148 million
    rows into 2.4 million groups for the province size); with the default 4 MB
    it spills to disk.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET LOCAL work_mem = '512MB'")


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load.

    Without them PostgreSQL plans the cockpit's queries for empty tables and a
    first request can run for minutes; SQLite's planner also needs them.
    """
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def enterprise_account_unit(district: District) -> int:
    """Position of the enterprise the demo's 企业填报员 answers for.

    The largest continuing 规上 enterprise of 湖塘镇 that is not planted with an
    anomaly.
    """
    firms = district.firms
    planted = set(district.picks.values())
    hutang = [t.code12 for t in TOWNS].index("320412100000")
    candidates = [
        i
        for i in range(firms.n)
        if firms.town[i] == hutang and firms.role[i] == CONT and i not in planted
    ]
    size = district.levels.year(2023)
    return max(candidates, key=lambda i: (size[i], -i))


@contextlib.contextmanager
def _fast_writes() -> Iterator[None]:
    """On SQLite, skip fsync while the build writes (only for this connection)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MB for the build
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={int(previous)}")
            cursor.execute("PRAGMA cache_size=-2000")


def _references() -> list[Any]:
    """Every relation pointing at units, hidden ones (``related_name="+"``) too."""
    return [
        f
        for f in Unit._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.many_to_many)
    ]


def delete_demo() -> None:
    """Delete everything the demo wrote: its units and every row that refers to
    them, its accounts, taxonomies, scopes, tags and settings."""
    state = demo_state()
    with transaction.atomic():
        User.objects.filter(username__in=[a.username for a in ACCOUNTS]).delete()
        if state is not None:
            span = (state.first_id, state.last_id)
            for rel in _references():
                model = rel.related_model
                if model is Unit:
                    continue
                if rel.many_to_many:
                    model, name = rel.through, "unit"
                else:
                    name = rel.field.name
                bounds = {f"{name}__gte": span[0], f"{name}__lte": span[1]}
                model._base_manager.filter(**bounds).delete()
            table = connection.ops.quote_name(Unit._meta.db_table)
            with connection.cursor() as cursor:
                for kinds in (("activity",), ("legal", "individual")):
                    cursor.execute(
                        f"DELETE FROM {table} WHERE id BETWEEN %s AND %s "
                        f"AND kind IN ({', '.join(['%s'] * len(kinds))})",
                        [*span, *kinds],
                    )
        Taxonomy.objects.filter(code__in=[t.code for t in TAXONOMIES]).delete()
        ReportingScope.objects.filter(code__in=[s.code for s in SCOPES]).delete()
        codes = [t.code for t in TAGS]
        held = set(
            UnitTag.objects.filter(tag__code__in=codes).values_list(
                "tag__code", flat=True
            )
        )
        Tag.objects.filter(code__in=codes).exclude(code__in=held).delete()
        SiteSetting.objects.filter(key__in=[*_KEYS, "monitoring_period"]).delete()
