"""How the demo's daily rows reach PostgreSQL: the old path against the new one.

Loads the daily invoices of the first ``--units`` enterprises of the province
plan into an empty ``monitoring_dailyinvoice`` (a scratch database, migrated
by this script; every variant runs in a transaction that is rolled back):

* ``text COPY, UNIQUE kept`` — before: a Python tuple per row
  (``BulkWriter.insert``), text ``COPY``, the ``(unit, day)`` UNIQUE index
  maintained row by row, the other indexes built afterwards;
* ``binary COPY, UNIQUE kept`` — the rows made by numpy in binary ``COPY``
  format (``BulkWriter.insert_daily``), indexes as before;
* ``binary COPY, UNIQUE deferred`` — now: the UNIQUE constraint dropped during
  the load and re-added afterwards with the other indexes.

Foreign keys are dropped in every variant and not re-added (the enterprises
are not in the scratch database); the rebuild times are the indexes and the
UNIQUE check only.

Example:
    createdb -h 127.0.0.1 -U postgres econwatch_province_scratch
    .venv/bin/python benchmarks/province/copy_paths.py --units 7000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/econwatch_province_scratch"


def variant(name: str, daily: Any, text: bool, keep_unique: bool) -> dict[str, Any]:
    """Load the rows one way; time the load and the index rebuild."""
    from django.db import connection, transaction

    from econwatch.demo.bulk import BulkWriter
    from econwatch.monitoring.models import DailyInvoice

    fields = ("unit", "day", "amount")
    with transaction.atomic():
        w = BulkWriter(connection)
        drop, create = w._postgres_ddl([DailyInvoice._meta.db_table])
        if keep_unique:
            drop = [s for s in drop if "invoice_unique" not in s]
            create = [s for s in create if "invoice_unique" not in s]
        create = [s for s in create if "FOREIGN KEY" not in s]
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in drop:
                cursor.execute(sql)
        started = time.perf_counter()
        if text:
            rows = (
                (unit, first + dt.timedelta(days=k), value)
                for unit, first, values in daily.series()
                for k, value in enumerate(values)
            )
            count = w.insert(DailyInvoice, fields, rows)
        else:
            count = w.insert_daily(DailyInvoice, fields, daily)
        loaded = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for sql in create:
                cursor.execute(sql)
        rebuilt = time.perf_counter() - started - loaded
        transaction.set_rollback(True)
    return {
        "variant": name,
        "rows": count,
        "load_s": loaded,
        "indexes_s": rebuilt,
        "total_s": loaded + rebuilt,
        "rows_per_s": count / (loaded + rebuilt),
    }


def main(argv: list[str] | None = None) -> int:
    """Plan the province, then load a slice of its invoices each way."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--units", type=int, default=7000)
    parser.add_argument("--seed", type=int, default=320412)
    args = parser.parse_args(argv)
    os.environ["ECONWATCH_DATABASE_URL"] = args.database_url
    os.environ.setdefault("ECONWATCH_VAR", "/tmp/econwatch-province/var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "econwatch.settings"
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command

    from econwatch.demo.bulk import DailyRows
    from econwatch.demo.plan import plan_series

    call_command("migrate", verbosity=0)
    s = plan_series(args.seed, "province")
    k = args.units
    daily = DailyRows(
        np.arange(10**9, 10**9 + k, dtype=np.int64),
        s.calendar.days[0].item(),
        s.daily.invoices[:k],
        s.daily.first[:k],
        s.daily.stop[:k],
    )
    results = [
        variant("text COPY, UNIQUE kept (before)", daily, True, True),
        variant("binary COPY, UNIQUE kept", daily, False, True),
        variant("binary COPY, UNIQUE deferred (now)", daily, False, False),
    ]
    print(json.dumps(results, indent=2, ensure_ascii=False))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / f"copy-paths-{stamp}.json").write_text(
        json.dumps(
            {"units": k, "load_average": os.getloadavg(), "variants": results},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
