"""Register search: every filter, scoping and pagination, without HTTP."""

from __future__ import annotations

import datetime

import pytest

from econwatch.register import search
from econwatch.register.models import UnitName
from tests.register.factories import NIUTANG, unit, uscc


def names(user, **params) -> list[str]:
    query, problems = search.parse(params)
    assert not problems
    return sorted(u.name for u in search.run(user, query).units)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"q": "恒立"},
            ["常州恒立精工齿轮有限公司", "常州恒立精工齿轮有限公司牛塘分厂"],
        ),
        ({"q": uscc(102)}, ["江苏华泰电缆有限公司"]),
        ({"q": uscc(102).lower()[:16]}, ["江苏华泰电缆有限公司"]),
        (
            {"town": NIUTANG},
            ["常州恒立精工齿轮有限公司牛塘分厂", "江苏华泰电缆有限公司"],
        ),
        ({"industry": "C3831"}, ["江苏华泰电缆有限公司"]),
        ({"industry": "38"}, ["江苏华泰电缆有限公司"]),
        ({"industry": "电线"}, ["江苏华泰电缆有限公司"]),
        ({"industry": "F", "kind": "individual"}, ["武进区湖塘镇阿明五金店"]),
        ({"size": "2"}, ["常州恒立精工齿轮有限公司"]),
        ({"tag": "hnte"}, ["常州恒立精工齿轮有限公司"]),
        ({"kind": "activity"}, ["常州恒立精工齿轮有限公司牛塘分厂"]),
        ({"year": "2023"}, ["常州恒立精工齿轮有限公司", "江苏华泰电缆有限公司"]),
        ({"year": "2023", "town": NIUTANG}, ["江苏华泰电缆有限公司"]),
    ],
    ids=lambda v: "-".join(f"{k}" for k in v) if isinstance(v, dict) else "",
)
def test_filters(people, units, params, expected) -> None:
    assert names(people["analyst"], **params) == expected


def test_former_names_are_searched(people, units) -> None:
    UnitName.objects.create(
        unit=units["cable"], name="武进电缆厂", valid_to=datetime.date(2015, 3, 1)
    )
    assert names(people["analyst"], q="武进电缆") == ["江苏华泰电缆有限公司"]


def test_expired_tag_does_not_count(people, units) -> None:
    held = units["gear"].tags.get()
    held.valid_to = datetime.date(2023, 12, 31)
    held.save()
    assert names(people["analyst"], tag="hnte") == []


def test_town_officer_searches_only_their_town(people, units) -> None:
    assert names(people["hutang"]) == [
        "常州恒立精工齿轮有限公司",
        "武进区湖塘镇阿明五金店",
    ]
    assert names(people["hutang"], q=units["cable"].uscc) == []


def test_counts_and_pages(people, units) -> None:
    for n in range(120):
        unit(f"武进示例商贸{n:03d}号有限公司", NIUTANG, code=uscc(1000 + n))
    query, _ = search.parse({"q": "示例商贸", "page": "3"})
    result = search.run(people["analyst"], query)
    assert (result.total, result.pages, result.page) == (120, 3, 3)
    assert len(result.units) == 20
    assert result.counts == {"legal": 120, "activity": 0, "individual": 0}
    query, _ = search.parse({"q": "示例商贸", "page": "99"})
    assert search.run(people["analyst"], query).page == 3


def test_unknown_industry_name_is_reported(people, units) -> None:
    query, _ = search.parse({"industry": "宇宙飞船维修"})
    result = search.run(people["analyst"], query)
    assert [p.code for p in result.problems] == ["industry-not-found"]
    assert result.total == 0


def test_bad_page_number_is_reported_and_ignored() -> None:
    query, problems = search.parse({"page": "abc"})
    assert query.page == 1
    assert [p.code for p in problems] == ["page-not-a-number"]


def test_filter_is_built_without_the_database() -> None:
    query = search.UnitQuery(q="恒立", town=NIUTANG, size="2", tag="hnte", year=2023)
    where = search.build_filter(query, datetime.date(2024, 1, 1), ["3670"])
    lookups = [c[0] for c in where.children if isinstance(c, tuple)]
    assert lookups == [
        "division_id",
        "size_class",
        "industry_id__in",
        "pk__in",
        "pk__in",
    ]


@pytest.mark.parametrize("extra", [{}, {"q": "示例"}], ids=["scope-only", "filtered"])
def test_large_results_are_counted_separately(people, units, monkeypatch, extra):
    monkeypatch.setattr(search, "PROBE_LIMIT", 10)
    for n in range(60):
        unit(f"武进示例{n:03d}号有限公司", NIUTANG, code=uscc(2000 + n))
    query, _ = search.parse({"page": "2", **extra})
    result = search.run(people["analyst"], query)
    expected = 60 if extra else 65
    assert (result.total, result.pages, result.page) == (expected, 2, 2)
    assert result.counts["legal"] == expected - (0 if extra else 2)
    assert len(result.units) == expected - 50
