"""武进区 division codes, 普查区 and 普查小区."""

from __future__ import annotations

from collections import Counter

import pytest

from econwatch.core.codes import divisions


def test_eighteen_towns_of_three_kinds() -> None:
    towns = divisions.towns()
    assert len(towns) == 18
    assert Counter(t.type for t in towns) == {"街道": 3, "镇": 11, "类似乡级单位": 4}
    assert all(t.parent_code12 == "320412000000" for t in towns)
    assert divisions.district().name == "武进区"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        pytest.param("320412", "武进区", id="district-6"),
        pytest.param("320412000000", "武进区", id="district-12"),
        pytest.param("320412100", "湖塘镇", id="town-9"),
        pytest.param("320412100000", "湖塘镇", id="town-12"),
        pytest.param("320412413", "太湖旅游度假区", id="renamed-2023"),
        pytest.param(" ３２０４１２００１ ", "戚墅堰街道", id="full-width"),
    ],
)
def test_get(code: str, name: str) -> None:
    assert divisions.get(code).name == name


@pytest.mark.parametrize("code", ["320412105007", "320413100", "32041210", "320412101"])
def test_get_rejects_non_towns(code: str) -> None:
    with pytest.raises(divisions.DivisionError) as raised:
        divisions.get(code)
    assert raised.value.codes == ["division-unknown"]


@pytest.mark.parametrize(
    ("name", "code9"),
    [
        pytest.param("湖塘镇", "320412100", id="full-name"),
        pytest.param("湖塘", "320412100", id="without-suffix"),
        pytest.param("高新区", "320412411", id="zone"),
    ],
)
def test_find_town(name: str, code9: str) -> None:
    assert divisions.find_town(name).code9 == code9


@pytest.mark.parametrize("name", ["横", "", "北京"])
def test_find_town_needs_a_unique_match(name: str) -> None:
    with pytest.raises(divisions.DivisionError) as raised:
        divisions.find_town(name)
    assert raised.value.codes == ["division-unknown-town"]


@pytest.mark.parametrize(
    ("code", "town"),
    [
        pytest.param("320412411400", "高新区", id="village-常州科教城"),
        pytest.param("320412105007", "横林镇", id="village-新槐社区"),
        pytest.param("320412105007001", "横林镇", id="census-zone"),
        pytest.param("320412100000", "湖塘镇", id="town-row"),
    ],
)
def test_town_of(code: str, town: str) -> None:
    assert divisions.town_of(code).name == town


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("320412105", ["division-format"], id="nine-digits"),
        pytest.param(
            "320413100001", ["division-outside-district"], id="other-district"
        ),
        pytest.param("320412999001", ["division-unknown-town"], id="no-town-999"),
    ],
)
def test_town_of_failures(code: str, expected: list[str]) -> None:
    with pytest.raises(divisions.DivisionError) as raised:
        divisions.town_of(code)
    assert raised.value.codes == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("320412105007", [], id="valid"),
        pytest.param("32041210500", ["division-format"], id="eleven-digits"),
        pytest.param("3204121050A7", ["division-format"], id="letter"),
        pytest.param("", ["division-format"], id="empty"),
        pytest.param(
            "320413100001", ["division-outside-district"], id="other-district"
        ),
        pytest.param("320412999001", ["division-unknown-town"], id="unknown-town"),
        pytest.param(
            "320412000001", ["division-unknown-town"], id="district-row-prefix"
        ),
        pytest.param("320412105000", ["division-village-code"], id="town-itself"),
    ],
)
def test_check_census_area(code: str, expected: list[str]) -> None:
    assert [p.code for p in divisions.check_census_area(code)] == expected


def test_outside_district_message_is_precise() -> None:
    (problem,) = divisions.check_census_area("320413100001", field="pcq")
    assert problem.field == "pcq"
    assert "前6位应为320412，实为320413" in problem.message


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("320412105007001", [], id="valid"),
        pytest.param("32041210500700", ["division-format"], id="fourteen-digits"),
        pytest.param("320412105007000", ["division-zone-code"], id="zone-000"),
        pytest.param(
            "320412105000000",
            ["division-village-code", "division-zone-code"],
            id="both-000",
        ),
        pytest.param(
            "320482105007001", ["division-outside-district"], id="other-county"
        ),
    ],
)
def test_check_census_zone(code: str, expected: list[str]) -> None:
    assert [p.code for p in divisions.check_census_zone(code)] == expected


def test_parse_census_zone() -> None:
    zone = divisions.parse_census_zone("320412105007001")
    assert zone.number == "001"
    assert zone.area == divisions.CensusArea("320412105007")
    assert zone.area.village_code == "007"
    assert zone.area.town.name == "横林镇"


def test_parse_census_area_raises_with_every_problem() -> None:
    with pytest.raises(divisions.DivisionError) as raised:
        divisions.parse_census_area("320412105000")
    assert raised.value.codes == ["division-village-code"]
    with pytest.raises(divisions.DivisionError):
        divisions.parse_census_zone("320412105007000")
