"""The demo's register: valid, unique codes, known code lists, personal data hashed."""

from __future__ import annotations

import pytest
from django.db.models import Count, F

from econwatch.core.codes import uscc
from econwatch.core.codes.personal_id import check_personal_id
from econwatch.demo.build import BuildResult
from econwatch.demo.geography import TOWNS
from econwatch.demo.plan import plan_district
from econwatch.demo.profiles import SMALL
from econwatch.register.models import (
    Industry,
    RegistrationCategory,
    Unit,
    UnitName,
)

from .conftest import SEED

pytestmark = pytest.mark.django_db


def test_counts_are_what_the_size_promises(demo: BuildResult) -> None:
    kinds = dict(Unit.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds["legal"] == SMALL.firms + SMALL.other_legal
    assert kinds["individual"] == SMALL.individuals
    assert kinds["activity"] == SMALL.activity_units


def test_usccs_are_valid_and_unique(demo: BuildResult) -> None:
    codes = list(Unit.objects.exclude(uscc=None).values_list("uscc", flat=True))
    assert len(codes) == len(set(codes)) > SMALL.individuals
    bad = [c for c in codes if not uscc.is_valid(c, strict=True)]
    assert bad == []
    individuals = Unit.objects.filter(kind="individual")
    assert not individuals.exclude(uscc__startswith="92").exists()
    assert not individuals.filter(uscc=None).exists()


def test_every_code_is_in_the_code_lists(demo: BuildResult) -> None:
    industries = set(Unit.objects.values_list("industry_id", flat=True))
    classes = set(Industry.objects.filter(level=4).values_list("code", flat=True))
    assert industries <= classes
    divisions = set(Unit.objects.values_list("division_id", flat=True))
    assert divisions <= {t.code12 for t in TOWNS}
    leaves = set(
        RegistrationCategory.objects.filter(
            registrationcategory__isnull=True
        ).values_list("code", flat=True)
    )
    categories = set(
        Unit.objects.exclude(reg_category=None).values_list(
            "reg_category_id", flat=True
        )
    )
    assert categories <= leaves


def test_operator_ids_are_never_stored_in_clear(demo: BuildResult) -> None:
    district = plan_district(SEED, "small")
    numbers = [n for n in district.table.operator_id if n]
    assert len(numbers) == SMALL.individuals
    assert all(check_personal_id(n) == [] for n in numbers)
    rows = list(
        Unit.objects.filter(kind="individual").values_list(
            "uscc", "operator_id_hash", "operator_id_last4"
        )
    )
    planned = {
        code: number
        for code, number in zip(
            district.table.uscc, district.table.operator_id, strict=True
        )
        if number
    }
    for code, digest, last4 in rows:
        assert len(digest) == 64 and int(digest, 16) >= 0
        assert last4 == planned[code][-4:]
    stored = " ".join(
        str(v)
        for row in Unit.objects.values_list(
            *[
                f.name
                for f in Unit._meta.concrete_fields
                if f.get_internal_type() in ("CharField", "TextField")
            ]
        )
        for v in row
    )
    assert not any(n in stored for n in numbers)


def test_activity_units_belong_to_legal_units_some_elsewhere(demo: BuildResult) -> None:
    activity = Unit.objects.filter(kind="activity")
    assert not activity.filter(legal_unit=None).exists()
    assert not activity.exclude(legal_unit__kind="legal").exists()
    assert activity.exclude(division=F("legal_unit__division")).exists()


def test_names_have_history_and_towns_in_addresses(demo: BuildResult) -> None:
    assert UnitName.objects.filter(valid_to__isnull=False).exists()
    for name, address, town in Unit.objects.values_list(
        "name", "address", "division__name"
    )[:200]:
        assert town in address
        assert name


def test_units_spread_over_all_towns(demo: BuildResult) -> None:
    assert Unit.objects.values("division").distinct().count() == len(TOWNS)
