"""Load the shipped code lists into the database tables the admin shows.

Runs after every ``migrate`` (idempotent upsert), so a fresh database always
holds GB/T 4754-2017, the district's divisions and the registration categories.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources

from django.db import transaction


def _rows(name: str) -> Iterator[dict[str, str]]:
    data = resources.files("econwatch.core.codes") / "data" / name
    with data.open(encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def sync_code_lists(using: str = "default") -> None:
    """Insert the code lists that are missing; leave existing rows as they are."""
    from econwatch.register.models import Division, Industry, RegistrationCategory

    with transaction.atomic(using=using):
        if Industry.objects.using(using).count() < 1972:
            have = set(Industry.objects.using(using).values_list("code", flat=True))
            # Parents precede children in the file, so one pass keeps FKs valid.
            Industry.objects.using(using).bulk_create(
                [
                    Industry(
                        code=r["code"],
                        level=int(r["level"]),
                        name=r["name"],
                        parent_id=r["parent"] or None,
                    )
                    for r in _rows("gbt4754_2017.csv")
                    if r["code"] not in have
                ]
            )
        if not Division.objects.using(using).exists():
            Division.objects.using(using).bulk_create(
                [
                    Division(
                        code12=r["code12"],
                        code9=r["code9"],
                        name=r["name"],
                        level=r["level"],
                        type=r["type"],
                        parent_code12=r["parent_code12"],
                    )
                    for r in _rows("wujin_divisions.csv")
                ]
            )
        if not RegistrationCategory.objects.using(using).exists():
            RegistrationCategory.objects.using(using).bulk_create(
                [
                    RegistrationCategory(
                        code=r["code"],
                        level=int(r["level"]),
                        name=r["name"],
                        parent_id=r["parent"] or None,
                    )
                    for r in _rows("market_entity_stat_category_2023.csv")
                ]
            )
