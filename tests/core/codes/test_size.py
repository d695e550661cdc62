"""统计上大中小微型企业划分办法（2017）: groups, boundaries, failure kinds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from econwatch.core.codes import industry, size
from econwatch.core.codes.size import SizeClass

L, M, S, XS = SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL, SizeClass.MICRO


def test_sixteen_groups_with_decreasing_bounds() -> None:
    assert len(size.GROUPS) == 16
    for group in size.GROUPS.values():
        for threshold in group.thresholds:
            assert threshold.large > threshold.medium > threshold.small > 0


@pytest.mark.parametrize(
    ("code", "group"),
    [
        pytest.param("0111", "agriculture", id="A"),
        pytest.param("0511", "agriculture", id="A-05-services"),
        pytest.param("0610", "industry", id="B"),
        pytest.param("C3670", "industry", id="C"),
        pytest.param("4411", "industry", id="D"),
        pytest.param("E", "construction", id="E-section"),
        pytest.param("51", "wholesale", id="51"),
        pytest.param("5211", "retail", id="52"),
        pytest.param("54", "transport", id="54-road"),
        pytest.param("5810", "transport", id="58-multimodal"),
        pytest.param("5910", "transport", id="591-loading"),
        pytest.param("5920", "warehousing", id="592-general"),
        pytest.param("5990", "warehousing", id="599-other"),
        pytest.param("60", "postal", id="60"),
        pytest.param("61", "accommodation", id="61"),
        pytest.param("62", "catering", id="62"),
        pytest.param("63", "telecom", id="63"),
        pytest.param("6421", "telecom", id="64"),
        pytest.param("6511", "software", id="65"),
        pytest.param("7010", "real_estate_development", id="7010"),
        pytest.param("7020", "property_management", id="702"),
        pytest.param("7030", "other", id="703-agency"),
        pytest.param("7090", "other", id="709"),
        pytest.param("L", "leasing_business", id="L"),
        pytest.param("M", "other", id="M"),
        pytest.param("N", "other", id="N"),
        pytest.param("O", "other", id="O"),
        pytest.param("R", "other", id="R"),
        pytest.param("85", "other", id="85-social-work"),
    ],
)
def test_group_of_industry(code: str, group: str) -> None:
    found = size.size_group_for(code)
    assert found is not None
    assert found.key == group


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("J", id="finance"),
        pytest.param("53", id="railway"),
        pytest.param("7040", id="own-property-leasing"),
        pytest.param("P", id="education"),
        pytest.param("84", id="health"),
        pytest.param("S", id="public-admin"),
        pytest.param("T", id="international"),
    ],
)
def test_out_of_scope(code: str) -> None:
    assert size.size_group_for(code) is None
    with pytest.raises(size.SizeError) as raised:
        size.classify_size(code, employees=10, revenue=10, assets=10)
    assert raised.value.codes == ["size-industry-out-of-scope"]


@pytest.mark.parametrize("code", ["F", "G", "H", "I", "K", "Q", "59", "70"])
def test_ambiguous_codes_are_refused(code: str) -> None:
    (problem,) = size.check_size(code, employees=1, revenue=1, assets=1)
    assert problem.code == "size-industry-ambiguous"


def test_every_class_has_a_definite_answer() -> None:
    for item in industry.industries(industry.CLASS):
        size.size_group_for(item.code)  # never ambiguous at class level


@pytest.mark.parametrize(
    ("employees", "revenue", "expected"),
    [
        pytest.param(1000, 40000, L, id="large-at-bounds"),
        pytest.param(999, 40000, M, id="one-short-drops-to-medium"),
        pytest.param(1000, Decimal("39999.99"), M, id="revenue-short"),
        pytest.param(300, 2000, M, id="medium-at-bounds"),
        pytest.param(299, 1_000_000, S, id="employees-short-of-medium"),
        pytest.param(20, 300, S, id="small-at-bounds"),
        pytest.param(19, 1_000_000, XS, id="micro-by-employees"),
        pytest.param(5000, 299.99, XS, id="micro-by-revenue"),
        pytest.param(0, 0, XS, id="zero"),
    ],
)
def test_industry_boundaries(
    employees: int, revenue: float, expected: SizeClass
) -> None:
    assert size.classify_size("C3670", employees=employees, revenue=revenue) is expected


@pytest.mark.parametrize(
    ("employees", "revenue", "expected"),
    [
        pytest.param(300, 20000, L, id="large-at-bounds"),
        pytest.param(299, 20000, M, id="employees-short"),
        pytest.param(50, 500, M, id="medium-at-bounds"),
        pytest.param(49, 500, S, id="drops-to-small"),
        pytest.param(10, 100, S, id="small-at-bounds"),
        pytest.param(9, 100, XS, id="micro-by-employees"),
        pytest.param(10, 99, XS, id="micro-by-revenue"),
    ],
)
def test_retail_boundaries(employees: int, revenue: int, expected: SizeClass) -> None:
    assert size.classify_size("F5211", employees=employees, revenue=revenue) is expected


@pytest.mark.parametrize(
    ("revenue", "assets", "expected"),
    [
        pytest.param(80000, 80000, L, id="large-at-bounds"),
        pytest.param(80000, 79999, M, id="assets-short"),
        pytest.param(6000, 5000, M, id="medium-at-bounds"),
        pytest.param(5999, 5000, S, id="revenue-short"),
        pytest.param(300, 300, S, id="small-at-bounds"),
        pytest.param(299, 300, XS, id="micro-by-revenue"),
        pytest.param(1_000_000, 299, XS, id="micro-by-assets"),
    ],
)
def test_construction_boundaries(
    revenue: int, assets: int, expected: SizeClass
) -> None:
    # 从业人员 is not an indicator for 建筑业: it is ignored, even when tiny.
    got = size.classify_size("4710", employees=1, revenue=revenue, assets=assets)
    assert got is expected


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        pytest.param(300, L, id="large"),
        pytest.param(299, M, id="medium-top"),
        pytest.param(100, M, id="medium-bottom"),
        pytest.param(99, S, id="small-top"),
        pytest.param(10, S, id="small-bottom"),
        pytest.param(9, XS, id="micro"),
    ],
)
def test_other_industries_use_employees_only(
    employees: int, expected: SizeClass
) -> None:
    assert size.classify_size("M7320", employees=employees) is expected


@pytest.mark.parametrize(
    ("code", "values", "expected"),
    [
        pytest.param("0111", {"revenue": 20000}, L, id="agriculture-large"),
        pytest.param("0111", {"revenue": 49.9}, XS, id="agriculture-micro"),
        pytest.param(
            "5111", {"employees": 20, "revenue": 5000}, M, id="wholesale-medium"
        ),
        pytest.param(
            "5111", {"employees": 4, "revenue": 5000}, XS, id="wholesale-micro"
        ),
        pytest.param(
            "5910", {"employees": 300, "revenue": 3000}, M, id="loading-medium"
        ),
        pytest.param(
            "5920", {"employees": 200, "revenue": 30000}, L, id="storage-large"
        ),
        pytest.param("6010", {"employees": 20, "revenue": 100}, S, id="postal-small"),
        pytest.param("6110", {"employees": 100, "revenue": 2000}, M, id="hotel-medium"),
        pytest.param("6311", {"employees": 2000, "revenue": 99999}, M, id="telecom"),
        pytest.param("6511", {"employees": 10, "revenue": 50}, S, id="software-small"),
        pytest.param("6511", {"employees": 10, "revenue": 49}, XS, id="software-micro"),
        pytest.param(
            "7010", {"revenue": 200000, "assets": 10000}, L, id="developer-large"
        ),
        pytest.param(
            "7010", {"revenue": 200000, "assets": 9999}, M, id="developer-assets-short"
        ),
        pytest.param(
            "7020", {"employees": 100, "revenue": 500}, S, id="property-small"
        ),
        pytest.param(
            "7111", {"employees": 300, "assets": 120000}, L, id="leasing-large-assets"
        ),
        pytest.param("7111", {"employees": 300, "assets": 99}, XS, id="leasing-micro"),
        pytest.param("8512", {"employees": 10}, S, id="social-work"),
    ],
)
def test_other_groups(code: str, values: dict[str, int], expected: SizeClass) -> None:
    assert size.classify_size(code, **values) is expected


def test_missing_and_negative_indicators_reported_together() -> None:
    problems = size.check_size("4710", revenue=-1)
    assert [(p.code, p.field) for p in problems] == [
        ("size-indicator-negative", "revenue"),
        ("size-indicator-missing", "assets"),
    ]
    assert "建筑业划分规模需要资产总额（万元）" in problems[1].message
    with pytest.raises(size.SizeError) as raised:
        size.classify_size("4710", revenue=-1)
    assert raised.value.codes == ["size-indicator-negative", "size-indicator-missing"]


def test_bad_industry_code_passes_the_industry_problem_through() -> None:
    with pytest.raises(size.SizeError) as raised:
        size.classify_size("9999", employees=1)
    assert raised.value.codes == ["industry-unknown"]


def test_codes_and_labels() -> None:
    assert [(int(s), s.label) for s in SizeClass] == [
        (1, "大型"),
        (2, "中型"),
        (3, "小型"),
        (4, "微型"),
    ]
    group = size.size_group_for("4710")
    assert group is not None
    assert [i.label for i in group.indicators] == [
        "营业收入（万元）",
        "资产总额（万元）",
    ]
