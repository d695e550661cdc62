"""pandera-polars on the 50 benchmark rules, in two forms.

* ``documented``: the form of pandera's docs for multi-column rules — one
  DataFrame-level ``Check`` per rule, ``validate(df, lazy=True)``, failure cases
  from ``SchemaErrors``.
* ``columns``: the same rules attached to columns (built-in checks where one
  exists: ge, le, in_range, isin, str_matches; the others as custom column checks).

Writes (key, rule_id) of every failure to OUT.parquet. pandera has no NA outcome:
a NULL check result passes (``ignore_na``), so only fails are written.

Usage: python pandera_polars.py DATA PREV OUT.parquet [--form documented|columns]
"""

from __future__ import annotations

import argparse

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors
from polars_rules import codes, load, rules

SIMPLE_GE = {
    "R01": "revenue",
    "R02": "main_revenue",
    "R03": "other_revenue",
    "R04": "cost",
    "R05": "taxes",
    "R06": "total_assets",
    "R07": "total_liabilities",
    "R08": "fixed_assets",
    "R09": "employees",
    "R11": "employees_female",
    "R12": "payroll",
    "R13": "rnd_expense",
    "R14": "energy_kwh",
    "R15": "digital_revenue",
    "R16": "sales_expense",
    "R17": "current_assets",
}


def frame_check(rule_id: str, expr: pl.Expr) -> pa.Check:
    return pa.Check(lambda data: data.lazyframe.select(expr), name=rule_id)


def documented_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(checks=[frame_check(r, e) for r, e in rules().items()])


def column_schema(df: pl.DataFrame) -> pa.DataFrameSchema:
    classes, towns = codes()
    exprs = rules()
    checks: dict[str, list[pa.Check]] = {name: [] for name in df.columns}
    for rule_id, column in SIMPLE_GE.items():
        checks[column].append(pa.Check.ge(0, name=rule_id, error=rule_id))
        del exprs[rule_id]
    # error= labels the failure cases with the rule id (else "isin([...])").
    checks["employees"].append(pa.Check.le(100000, name="R10", error="R10"))
    checks["open_year"].append(pa.Check.in_range(1949, 2023, name="R18", error="R18"))
    checks["size_class"].append(pa.Check.isin([1, 2, 3, 4], name="R19", error="R19"))
    checks["status"].append(pa.Check.isin([1, 2, 3], name="R20", error="R20"))
    checks["industry"].append(pa.Check.isin(classes, name="L01", error="L01"))
    checks["town"].append(pa.Check.isin(towns, name="L02", error="L02"))
    checks["phone"].append(
        pa.Check.str_matches("^1[3-9][0-9]{9}$", name="L04", error="L04")
    )
    for rule_id in ("R10", "R18", "R19", "R20", "L01", "L02", "L04"):
        del exprs[rule_id]
    for rule_id, expr in exprs.items():  # multi-column rules: on their first column
        first = expr.meta.root_names()[0]
        checks[first].append(
            pa.Check(lambda data, e=expr: data.lazyframe.select(e), name=rule_id)
        )
    return pa.DataFrameSchema(
        {name: pa.Column(nullable=True, checks=c) for name, c in checks.items()}
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("prev")
    parser.add_argument("out")
    parser.add_argument(
        "--form", choices=["documented", "columns"], default="documented"
    )
    args = parser.parse_args()
    df = load(args.data, args.prev)
    schema = documented_schema() if args.form == "documented" else column_schema(df)
    try:
        schema.validate(df, lazy=True)
        failures = pl.DataFrame(
            {"key": [], "rule_id": []}, schema={"key": pl.String, "rule_id": pl.String}
        )
    except SchemaErrors as err:
        cases = err.failure_cases
        index = cases["index"].cast(pl.Int64)
        failures = pl.DataFrame(
            {"key": df["unit_id"].gather(index), "rule_id": cases["check"]}
        ).unique()
    failures.write_parquet(args.out)


if __name__ == "__main__":
    main()
