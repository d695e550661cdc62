"""The indicator set on a warehouse equals the one on the platform's database.

The small demo district is built, exported with ``econwatch warehouse`` and read
back on DuckDB (and Spark); every scope × breakdown × period must give the same
JSON, to the last digit and the last word of the explanations.
"""

from __future__ import annotations

import json
import os
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from econwatch.demo.build import ensure_demo
from econwatch.monitoring.indicators import IndicatorError, compute
from econwatch.monitoring.warehouse import FIELDS, Warehouse, WarehouseError
from econwatch.register.models import Unit

SEED = 20240101
SCOPES = ("全区", "武进国家高新区", "不含经开区")
BREAKDOWNS = (
    None,
    "town",
    "division",
    "size",
    "ownership",
    "cluster:95x",
    "cluster:95x/card",
    "cluster:jiangsu",
    "tag:hnte",
    "tag:backbone",
)
PERIODS = ("2022-02", "2023-12", "2024-06")
"""Every breakdown in 2023-12; the other periods (2022: 95X not valid yet) by town."""


@pytest.fixture
def exported(db, tmp_path: Path) -> Path:
    """The small demo district, exported."""
    ensure_demo(SEED, "small", accounts=False)
    folder = tmp_path / "warehouse"
    out = StringIO()
    call_command("warehouse", str(folder), stdout=out)
    assert f"已导出 {len(FIELDS)} 张表" in out.getvalue()
    return folder


def outcome(*args: Any, **kwargs: Any) -> tuple[str, Any]:
    """compute()'s answer, or its refusal (a taxonomy not valid yet, say)."""
    try:
        return "ok", compute(*args, **kwargs)
    except IndicatorError as error:
        return error.code, error.message


def test_every_scope_breakdown_and_period_equals_the_database(exported: Path) -> None:
    asks = [(by, "2023-12") for by in BREAKDOWNS] + [
        (by, period)
        for by in ("town", "cluster:95x")
        for period in PERIODS
        if period != "2023-12"
    ]
    compared = refused = 0
    with Warehouse.open(exported) as warehouse:
        for scope in SCOPES:
            for by, period in asks:
                on_db = outcome(period, scope, by=by)
                on_duckdb = outcome(period, scope, by=by, source=warehouse)
                assert on_duckdb == on_db, (scope, by, period)
                compared += 1
                refused += on_db[0] != "ok"
        for of in ("invoices_ytd", "electricity_ytd", "profit_ytd", "output_month"):
            on_db = compute("2023-12", "全区", by="town", breakdown_of=of)
            assert (
                compute("2023-12", "全区", by="town", breakdown_of=of, source=warehouse)
                == on_db
            )
    assert compared == len(SCOPES) * (len(BREAKDOWNS) + 4)
    assert refused == len(SCOPES)  # 95X is not valid in 2022: refused alike


def test_the_export_leaves_personal_fields_behind(exported: Path) -> None:
    columns = set(pq.read_schema(exported / "register_unit.parquet").names)
    assert columns == {
        "id",
        "kind",
        "division_id",
        "industry_id",
        "reg_category_id",
        "size_class",
    }
    assert pq.read_metadata(exported / "register_unit.parquet").num_rows == (
        Unit.objects.count()
    )


def test_errors_are_the_databases(exported: Path) -> None:
    asks = [
        ("2023-12", "全市", None),
        ("2023-12", "全区", "cluster:nosuch"),
        ("2023-12", "全区", "cluster:95x/nosuch"),
        ("2023-12", "全区", "tag:nosuch"),
        ("2023-12", "全区", "colour"),
    ]
    with Warehouse.open(exported) as warehouse:
        for period, scope, by in asks:
            with pytest.raises(IndicatorError) as on_db:
                compute(period, scope, by=by)
            with pytest.raises(IndicatorError) as on_duckdb:
                compute(period, scope, by=by, source=warehouse)
            assert (on_duckdb.value.code, on_duckdb.value.message) == (
                on_db.value.code,
                on_db.value.message,
            )


def test_missing_tables_are_all_named(tmp_path: Path, exported: Path) -> None:
    (exported / "register_unit.parquet").unlink()
    (exported / "monitoring_dailymonthtotal.parquet").unlink()
    with pytest.raises(WarehouseError) as error:
        Warehouse.open(exported)
    assert "register_unit" in str(error.value)
    assert "monitoring_dailymonthtotal" in str(error.value)


def test_stacked_exports_are_read_and_clashing_ids_refused(exported: Path) -> None:
    """A province folder: one file per district in a folder per table."""
    one = exported / "register_unit.parquet"
    stacked = exported / "register_unit"
    stacked.mkdir()
    shutil.move(one, stacked / "wujin.parquet")
    with Warehouse.open(exported) as warehouse:
        assert compute("2023-12", "全区", source=warehouse) == compute(
            "2023-12", "全区"
        )
    shutil.copy(stacked / "wujin.parquet", stacked / "wujin-again.parquet")
    with pytest.raises(WarehouseError, match="重复"):
        Warehouse.open(exported)


def test_the_command_reads_a_warehouse(exported: Path) -> None:
    on_db, on_duckdb = StringIO(), StringIO()
    args = ["--period", "2023-12", "--by", "town", "--format", "json"]
    call_command("indicators", *args, stdout=on_db)
    call_command("indicators", *args, "--warehouse", str(exported), stdout=on_duckdb)
    assert json.loads(on_duckdb.getvalue()) == json.loads(on_db.getvalue())
    with pytest.raises(CommandError, match="缺少数据表"):
        call_command("indicators", *args, "--warehouse", str(exported / "nowhere"))


def test_spark_gives_the_same_set(exported: Path) -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        if os.environ.get("ECONWATCH_REQUIRE_ALL") == "1":
            pytest.fail("PySpark is not installed (ECONWATCH_REQUIRE_ALL=1)")
        pytest.skip("PySpark is not installed (pip install 'econwatch[spark]')")
    with Warehouse.open(exported, "spark", threads=2) as warehouse:
        on_spark = compute(
            "2023-12", "武进国家高新区", by="cluster:95x", source=warehouse
        )
        assert on_spark == compute("2023-12", "武进国家高新区", by="cluster:95x")
