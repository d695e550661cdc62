"""The 50 benchmark rules as Polars expressions, with econwatch's NULL semantics.

Shared by the two pandera-polars variants. A NULL result is what econwatch calls
NA; pandera counts it as passing (``ignore_na``), so fail counts are comparable.
"""

from __future__ import annotations

import csv
from importlib import resources

import polars as pl

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
col = pl.col


def codes() -> tuple[list[str], list[str]]:
    data = resources.files("econwatch.core.codes") / "data"
    with (data / "gbt4754_2017.csv").open(encoding="utf-8") as f:
        classes = [r["code"] for r in csv.DictReader(f) if r["level"] == "4"]
    with (data / "wujin_divisions.csv").open(encoding="utf-8") as f:
        towns = [r["code12"] for r in csv.DictReader(f) if r["level"] == "town"]
    return classes, towns


def eq(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    return (a - b).abs() <= 1e-9 * (1 + a.abs() + b.abs())


def implies(p: pl.Expr, q: pl.Expr) -> pl.Expr:
    return pl.when(p).then(q).when(~p).then(pl.lit(True))


def div(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    return a / pl.when(b != 0).then(b)


def by(stat: pl.Expr, *keys: str) -> pl.Expr:
    """A group statistic; NULL for records whose group key is NULL."""
    known = pl.all_horizontal([col(k).is_not_null() for k in keys])
    return pl.when(known).then(stat.over(list(keys)))


def uscc_valid(name: str) -> pl.Expr:
    x = col(name)
    index = {c: i for i, c in enumerate(ALPHABET)}
    values = [
        x.str.slice(i, 1).replace_strict(index, default=-1000, return_dtype=pl.Int64)
        for i in range(18)
    ]
    total = sum(v * w for v, w in zip(values, WEIGHTS, strict=False))
    pattern = "^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$"
    valid = (
        (x.str.len_chars() == 18)
        & x.str.contains(pattern)
        & (values[17] == (31 - total % 31) % 31)
    )
    return pl.when(x.is_not_null()).then(valid)  # replace_strict maps NULL to -1000


def rules() -> dict[str, pl.Expr]:
    classes, towns = codes()
    wage = div(col("payroll"), col("employees"))
    return {
        "R01": col("revenue") >= 0,
        "R02": col("main_revenue") >= 0,
        "R03": col("other_revenue") >= 0,
        "R04": col("cost") >= 0,
        "R05": col("taxes") >= 0,
        "R06": col("total_assets") >= 0,
        "R07": col("total_liabilities") >= 0,
        "R08": col("fixed_assets") >= 0,
        "R09": col("employees") >= 0,
        "R10": col("employees") <= 100000,
        "R11": col("employees_female") >= 0,
        "R12": col("payroll") >= 0,
        "R13": col("rnd_expense") >= 0,
        "R14": col("energy_kwh") >= 0,
        "R15": col("digital_revenue") >= 0,
        "R16": col("sales_expense") >= 0,
        "R17": col("current_assets") >= 0,
        "R18": col("open_year").is_between(1949, 2023),
        "R19": col("size_class").is_in([1, 2, 3, 4]),
        "R20": col("status").is_in([1, 2, 3]),
        "C01": implies(col("employees") > 0, col("payroll") > 0),
        "C02": implies(col("payroll") > 0, col("employees") >= 1),
        "C03": implies(col("revenue") > 0, col("employees") >= 1),
        "C04": implies(col("rnd_expense") > 0, col("revenue") > 0),
        "C05": implies(
            col("size_class") == 1,
            (col("employees") >= 1000) | (col("revenue") >= 400000),
        ),
        "C06": implies(
            col("digital_revenue") > 0, col("digital_revenue") <= col("revenue")
        ),
        "C07": implies(
            col("employees_female") > 0, col("employees_female") <= col("employees")
        ),
        "C08": implies(
            col("fixed_assets") > 0, col("fixed_assets") <= col("total_assets")
        ),
        "B01": eq(col("revenue"), col("main_revenue") + col("other_revenue")),
        "B02": eq(col("gross_profit"), col("revenue") - col("cost")),
        "B03": eq(
            col("profit"), col("gross_profit") - col("taxes") - col("sales_expense")
        ),
        "B04": eq(col("total_assets"), col("total_liabilities") + col("owners_equity")),
        "B05": eq(
            col("total_assets"), col("current_assets") + col("noncurrent_assets")
        ),
        "B06": (col("revenue") - col("main_revenue") - col("other_revenue")).abs() <= 1,
        "L01": col("industry").is_in(classes),
        "L02": col("town").is_in(towns),
        "L03": uscc_valid("uscc"),
        "L04": col("phone").str.contains("^1[3-9][0-9]{9}$"),
        "G01": col("revenue") <= 10 * by(col("revenue").median(), "industry"),
        "G02": wage <= 5 * by(wage.mean(), "town"),
        "G03": by(
            pl.when(col("revenue").count() > 0).then(col("revenue").sum()),
            "industry",
            "town",
        )
        > 0,
        "G04": col("employees") <= 20 * by(col("employees").median(), "industry"),
        "G05": col("total_assets")
        >= 0.01 * by(col("total_assets").median(), "size_class"),
        "G06": by(col("unit_id").count(), "industry") >= 3,
        "P01": div(col("revenue"), col("p_revenue")).is_between(0.2, 5),
        "P02": div(col("employees"), col("p_employees")).is_between(0.2, 5),
        "P03": div(col("total_assets"), col("p_total_assets")).is_between(0.1, 10),
        "U01": pl.when(col("uscc").is_not_null()).then(~col("uscc").is_duplicated()),
        "U02": ~col("unit_id").is_duplicated(),
        "H01": col("main_revenue") <= col("revenue"),
    }


def load(data: str, prev: str) -> pl.DataFrame:
    """The data with last year's values joined on the key (pandera cannot join)."""
    p = pl.read_parquet(prev).rename(
        {
            "revenue": "p_revenue",
            "employees": "p_employees",
            "total_assets": "p_total_assets",
        }
    )
    return pl.read_parquet(data).join(p, on="unit_id", how="left")
