"""Time the register search over a district-sized register (~110,000 units).

Builds (once) a synthetic register in its own database, then requests the
search page and its JSON twin for typical queries, as an analyst (whole
district) and as a town officer, and prints the median time per query.

Example:
    .venv/bin/python benchmarks/register_search/run.py
    .venv/bin/python benchmarks/register_search/run.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/econwatch_bench
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEMS = (
    "恒锐嘉诚泓远瑞丰宏泰晟达鼎盛华展博远和信永嘉科瑞联创盛邦凯普明远德润昊天中研金澄"
)
TRADES = [
    "汽车零部件",
    "电缆",
    "光伏科技",
    "医疗器械",
    "精密机械",
    "新材料",
    "电力设备",
    "金属制品",
    "紧固件",
    "半导体设备",
    "商贸",
    "建设工程",
    "物流",
    "餐饮管理",
]
SHOPS = ["便利店", "五金店", "饭店", "快餐店", "货运部", "理发店", "水果店", "服装店"]


def setup(url: str) -> None:
    """Point Django at the benchmark database and migrate it."""
    os.environ["ECONWATCH_DATABASE_URL"] = url
    os.environ.setdefault("ECONWATCH_VAR", str(HERE / "data"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "econwatch.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build(n_units: int, seed: int = 20240101) -> None:
    """Insert a synthetic register of about ``n_units`` units (once)."""
    from django.db import transaction

    from econwatch.core.codes import divisions, industry
    from econwatch.core.codes.uscc import make_uscc
    from econwatch.register.models import Tag, Unit, UnitName, UnitTag, UnitYear

    if Unit.objects.count() >= n_units:
        return
    rng = random.Random(seed)
    towns = [t.code9 + "000" for t in divisions.towns()]
    classes = [c.code for c in industry.industries(industry.CLASS)]
    makers = [c for c in classes if c[:2] in {"33", "34", "35", "36", "38", "26"}]
    tag = Tag.objects.get_or_create(code="hnte", name="高新技术企业")[0]
    n_legal = n_units * 3 // 10
    started = time.perf_counter()
    with transaction.atomic():
        rows = []
        for i in range(n_units):
            legal = i < n_legal
            stem = "".join(rng.sample(STEMS, 2))
            if legal:
                name = f"常州{stem}{rng.choice(TRADES)}有限公司{i}"
                code = make_uscc("9", "1", "320412", f"MA{i:06d}")
            else:
                name = f"武进区{stem}{rng.choice(SHOPS)}{i}"
                code = make_uscc("9", "2", "320412", f"MB{i:06d}")
            rows.append(
                Unit(
                    kind="legal" if legal else "individual",
                    uscc=code,
                    name=name,
                    division_id=rng.choice(towns),
                    industry_id=rng.choice(makers if legal and i % 3 else classes),
                    size_class=rng.choice("1234" if legal else "4"),
                )
            )
        Unit.objects.bulk_create(rows, batch_size=5000)
        ids = list(Unit.objects.order_by("id").values_list("id", "name"))
        UnitName.objects.bulk_create(
            (UnitName(unit_id=pk, name=name) for pk, name in ids), batch_size=5000
        )
        legal_ids = [pk for pk, _ in ids[:n_legal]]
        above = rng.sample(legal_ids, min(2300, len(legal_ids)))
        UnitYear.objects.bulk_create(
            (
                UnitYear(unit_id=pk, year=year, above_scale=True)
                for pk in above
                for year in (2022, 2023, 2024)
            ),
            batch_size=5000,
        )
        UnitTag.objects.bulk_create(
            UnitTag(unit_id=pk, tag=tag, valid_from="2022-12-01")
            for pk in rng.sample(legal_ids, min(1500, len(legal_ids)))
        )
    print(f"built {n_units} units in {time.perf_counter() - started:.1f} s")


QUERIES = [
    ("no filter (page 1)", ""),
    ("name fragment 汽车零部件", "q=汽车零部件"),
    ("name fragment 恒锐", "q=恒锐"),
    ("USCC, whole", "q={uscc}"),
    ("USCC, first 12", "q={uscc12}"),
    ("town", "town=320412100000"),
    ("industry code C36", "industry=C36"),
    ("industry name 汽车", "industry=汽车"),
    ("tag 高新技术企业", "tag=hnte"),
    ("2023 above scale", "year=2023"),
    ("town + individual", "town=320412102000&kind=individual"),
    ("name + town + size", "q=科技&town=320412411000&size=3"),
    ("page 200", "page=200"),
]


def measure(repeat: int) -> None:
    """Request each query ``repeat`` times as an analyst and a town officer."""
    from django.test import Client

    from econwatch.accounts.services import create_user
    from econwatch.register.models import Unit

    sample = Unit.objects.filter(kind="legal").order_by("id")[500]
    fill = {"uscc": sample.uscc, "uscc12": sample.uscc[:12]}
    users = {
        "analyst": create_user("bench-analyst", "bench-pass-1", "analyst"),
        "town": create_user(
            "bench-town", "bench-pass-1", "town_officer", division_code="320412100000"
        ),
    }
    all_times = []
    print(f"{'query':<26}{'who':<9}{'html ms':>9}{'json ms':>9}{'total':>9}")
    for label, query in QUERIES:
        for who, user in users.items():
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            url = "/register/?" + query.format(**fill)
            times = {"html": [], "json": []}
            for _ in range(repeat):
                for fmt, suffix in (("html", ""), ("json", "&format=json")):
                    started = time.perf_counter()
                    response = client.get(url + suffix)
                    times[fmt].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
            total = client.get(url + "&format=json").json()["total"]
            html, js = (
                statistics.median(times["html"]),
                statistics.median(times["json"]),
            )
            all_times += times["html"]
            print(f"{label:<26}{who:<9}{html:>9.1f}{js:>9.1f}{total:>9}")
    print(f"median over all HTML requests: {statistics.median(all_times):.1f} ms")


def main(argv: list[str] | None = None) -> int:
    """Build the benchmark register if needed and time the searches."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=110_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--database-url",
        default=f"sqlite:///{HERE / 'data' / 'bench.sqlite3'}",
        help="where to build the register (default: a SQLite file in data/)",
    )
    args = parser.parse_args(argv)
    (HERE / "data").mkdir(exist_ok=True)
    setup(args.database_url)
    build(args.units)
    measure(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
