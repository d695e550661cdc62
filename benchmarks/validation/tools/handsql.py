"""The hand-tuned DuckDB query: the practical ceiling for the 50 benchmark rules.

One scan of a materialised CTE, group statistics as GROUP BY CTEs joined back, the
reference data left-joined, every rule a column, then UNPIVOT INCLUDE NULLS and
COPY of the fail and NA rows to Parquet (``--count`` only counts). The semantics
are written out by hand to match docs/rules.md exactly (NULLIF, CASE for if,
tolerant equality, NULL counts), so the counts can be compared with econwatch.

Usage: python handsql.py DATA PREV OUT.parquet [--count] [--threads N]
"""

from __future__ import annotations

import argparse
import csv
from importlib import resources

import duckdb

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def eq(a: str, b: str) -> str:
    return f"(abs(({a}) - ({b})) <= 1e-9::DOUBLE * (1 + abs({a}) + abs({b})))"


def implies(p: str, q: str) -> str:
    return f"(CASE WHEN {p} THEN {q} WHEN NOT ({p}) THEN TRUE END)"


def uscc(col: str) -> str:
    terms = " + ".join(
        f"(strpos('{ALPHABET}', substr({col}, {i + 1}, 1)) - 1) * {w}"
        for i, w in enumerate(WEIGHTS)
    )
    return (
        f"(length({col}) = 18 AND regexp_matches({col}, "
        f"'^[0-9A-HJ-NP-RTUW-Y]{{2}}[0-9]{{6}}[0-9A-HJ-NP-RTUW-Y]{{10}}$') AND "
        f"strpos('{ALPHABET}', substr({col}, 18, 1)) - 1 = (31 - ({terms}) % 31) % 31)"
    )


RULES = {
    "R01": "revenue >= 0",
    "R02": "main_revenue >= 0",
    "R03": "other_revenue >= 0",
    "R04": "cost >= 0",
    "R05": "taxes >= 0",
    "R06": "total_assets >= 0",
    "R07": "total_liabilities >= 0",
    "R08": "fixed_assets >= 0",
    "R09": "employees >= 0",
    "R10": "employees <= 100000",
    "R11": "employees_female >= 0",
    "R12": "payroll >= 0",
    "R13": "rnd_expense >= 0",
    "R14": "energy_kwh >= 0",
    "R15": "digital_revenue >= 0",
    "R16": "sales_expense >= 0",
    "R17": "current_assets >= 0",
    "R18": "open_year BETWEEN 1949 AND 2023",
    "R19": "size_class IN (1, 2, 3, 4)",
    "R20": "status IN (1, 2, 3)",
    "C01": implies("employees > 0", "payroll > 0"),
    "C02": implies("payroll > 0", "employees >= 1"),
    "C03": implies("revenue > 0", "employees >= 1"),
    "C04": implies("rnd_expense > 0", "revenue > 0"),
    "C05": implies("size_class = 1", "employees >= 1000 OR revenue >= 400000"),
    "C06": implies("digital_revenue > 0", "digital_revenue <= revenue"),
    "C07": implies("employees_female > 0", "employees_female <= employees"),
    "C08": implies("fixed_assets > 0", "fixed_assets <= total_assets"),
    "B01": eq("revenue", "main_revenue + other_revenue"),
    "B02": eq("gross_profit", "revenue - cost"),
    "B03": eq("profit", "gross_profit - taxes - sales_expense"),
    "B04": eq("total_assets", "total_liabilities + owners_equity"),
    "B05": eq("total_assets", "current_assets + noncurrent_assets"),
    "B06": "abs(revenue - main_revenue - other_revenue) <= 1",
    "L01": "industry IN (SELECT code FROM class_codes)",
    "L02": "town IN (SELECT code FROM town_codes)",
    "L03": uscc("uscc"),
    "L04": "regexp_matches(phone, '^1[3-9][0-9]{9}$')",
    "G01": "revenue <= 10 * med_revenue",
    "G02": "payroll / NULLIF(employees, 0) <= 5 * mean_wage",
    "G03": "sum_revenue > 0",
    "G04": "employees <= 20 * med_employees",
    "G05": "total_assets >= 0.01 * med_assets",
    "G06": "n_units >= 3",
    "P01": "revenue / NULLIF(p_revenue, 0) BETWEEN 0.2 AND 5",
    "P02": "employees / NULLIF(p_employees, 0) BETWEEN 0.2 AND 5",
    "P03": "total_assets / NULLIF(p_total_assets, 0) BETWEEN 0.1 AND 10",
    "U01": "n_uscc = 1",
    "U02": "n_id = 1",
    "H01": "main_revenue <= revenue",
}


def query(data: str, prev: str) -> str:
    rules = ",\n    ".join(f"{expr} AS {rid}" for rid, expr in RULES.items())
    return f"""
WITH c AS MATERIALIZED (SELECT * FROM read_parquet('{data}')),
p AS (SELECT unit_id, revenue AS p_revenue, employees AS p_employees,
             total_assets AS p_total_assets FROM read_parquet('{prev}')),
g_ind AS (SELECT industry, median(revenue) AS med_revenue,
                 median(employees) AS med_employees,
                 NULLIF(count(unit_id), 0) AS n_units
          FROM c WHERE industry IS NOT NULL GROUP BY industry),
g_town AS (SELECT town, avg(payroll / NULLIF(employees, 0)) AS mean_wage
           FROM c WHERE town IS NOT NULL GROUP BY town),
g_it AS (SELECT industry, town, sum(revenue) AS sum_revenue FROM c
         WHERE industry IS NOT NULL AND town IS NOT NULL GROUP BY industry, town),
g_size AS (SELECT size_class, median(total_assets) AS med_assets FROM c
           WHERE size_class IS NOT NULL GROUP BY size_class),
d_uscc AS (SELECT uscc, count(*) AS n_uscc FROM c WHERE uscc IS NOT NULL GROUP BY uscc),
d_id AS (SELECT unit_id, count(*) AS n_id FROM c GROUP BY unit_id),
res AS (
  SELECT c.unit_id,
    {rules}
  FROM c
  LEFT JOIN p USING (unit_id)
  LEFT JOIN g_ind USING (industry)
  LEFT JOIN g_town USING (town)
  LEFT JOIN g_it USING (industry, town)
  LEFT JOIN g_size USING (size_class)
  LEFT JOIN d_uscc USING (uscc)
  LEFT JOIN d_id USING (unit_id)
)"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("prev")
    parser.add_argument("out")
    parser.add_argument("--count", action="store_true")
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    codes = resources.files("econwatch.core.codes") / "data"
    with (codes / "gbt4754_2017.csv").open(encoding="utf-8") as f:
        classes = [r["code"] for r in csv.DictReader(f) if r["level"] == "4"]
    with (codes / "wujin_divisions.csv").open(encoding="utf-8") as f:
        towns = [r["code12"] for r in csv.DictReader(f) if r["level"] == "town"]
    con.execute("CREATE TABLE class_codes (code VARCHAR PRIMARY KEY)")
    con.executemany("INSERT INTO class_codes VALUES (?)", [[c] for c in classes])
    con.execute("CREATE TABLE town_codes (code VARCHAR PRIMARY KEY)")
    con.executemany("INSERT INTO town_codes VALUES (?)", [[c] for c in towns])
    base = query(args.data, args.prev)
    names = ", ".join(RULES)
    if args.count:
        counts = ", ".join(
            f"count_if(NOT {r}) AS f_{r}, count_if({r} IS NULL) AS n_{r}" for r in RULES
        )
        con.execute(
            f"COPY ({base} SELECT count(*) AS checked, {counts} FROM res) "
            f"TO '{args.out}' (FORMAT parquet)"
        )
    else:
        con.execute(
            f"COPY ({base} SELECT unit_id AS key, rule AS rule_id, "
            "CASE WHEN ok IS NULL THEN 'na' ELSE 'fail' END AS outcome "
            f"FROM res UNPIVOT INCLUDE NULLS (ok FOR rule IN ({names})) "
            f"WHERE ok IS NOT TRUE) TO '{args.out}' (FORMAT parquet)"
        )


if __name__ == "__main__":
    main()
