"""登记注册统计类别 (2023) and the registration-type crosswalk."""

from __future__ import annotations

import pytest

from econwatch.core.codes import registration


def test_category_counts() -> None:
    assert len(registration.categories()) == 29
    leaves = registration.leaf_categories()
    assert len(leaves) == 23
    assert [c.code for c in leaves][:3] == ["111", "112", "119"]
    assert {"400", "500", "900", "140"} <= {c.code for c in leaves}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("112", [], id="leaf"),
        pytest.param("500", [], id="top-level-leaf-个体工商户"),
        pytest.param("110", ["registration-category-not-leaf"], id="group"),
        pytest.param("100", ["registration-category-not-leaf"], id="top"),
        pytest.param("171", ["registration-category-unknown"], id="2011-code"),
        pytest.param("11", ["registration-category-format"], id="two-digits"),
        pytest.param("1a2", ["registration-category-format"], id="letter"),
    ],
)
def test_check_category(code: str, expected: list[str]) -> None:
    assert [p.code for p in registration.check_category(code)] == expected
    assert registration.is_valid_category(code) is (expected == [])


def test_not_leaf_message_lists_the_choices() -> None:
    (problem,) = registration.check_category("130")
    assert "131全民所有制企业（国有企业）" in problem.message
    assert "134联营企业" in problem.message


def test_get_category_accepts_groups() -> None:
    assert registration.get_category("110").name == "有限责任公司"
    with pytest.raises(registration.RegistrationError):
        registration.get_category("999")


def test_crosswalk_targets_are_leaf_categories() -> None:
    types = registration.registration_types()
    assert len(types) == 172
    leaves = {c.code: c for c in registration.leaf_categories()}
    mapped = [t for t in types if t.stat_category is not None]
    assert mapped
    for reg_type in mapped:
        assert reg_type.stat_category in leaves
        assert registration.category_for_registration_type(reg_type.code).is_leaf


@pytest.mark.parametrize(
    ("reg_type", "category", "name"),
    [
        pytest.param("1110", "111", "国有独资公司", id="国有独资"),
        pytest.param("1130", "112", "私营有限责任公司", id="自然人投资或控股"),
        pytest.param("1151", "112", "私营有限责任公司", id="自然人独资"),
        pytest.param("1153", "119", "其他有限责任公司", id="非自然人法人独资"),
        pytest.param("1212", "121", "私营股份有限公司", id="上市-自然人控股"),
        pytest.param("3100", "131", "全民所有制企业（国有企业）", id="全民所有制"),
        pytest.param("4531", "150", "合伙企业", id="普通合伙"),
        pytest.param("4540", "140", "个人独资企业", id="个人独资"),
        pytest.param("5110", "310", "外商投资有限责任公司", id="中外合资"),
        pytest.param("6110", "210", "港澳台投资有限责任公司", id="港澳台合资"),
        pytest.param("7200", "390", "其他外商投资企业", id="常驻代表机构"),
        pytest.param("9100", "400", "农民专业合作社（联合社）", id="合作社"),
        pytest.param("9500", "500", "个体工商户", id="个体工商户"),
        pytest.param("9600", "900", "其他市场主体", id="自然人"),
    ],
)
def test_category_for_registration_type(
    reg_type: str, category: str, name: str
) -> None:
    found = registration.category_for_registration_type(reg_type)
    assert (found.code, found.name) == (category, name)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("1100", ["registration-type-not-leaf"], id="header"),
        pytest.param("1111", ["registration-type-unknown"], id="unknown"),
        pytest.param("11A0", ["registration-type-format"], id="letter"),
        pytest.param("110", ["registration-type-format"], id="three-digits"),
    ],
)
def test_crosswalk_failures(code: str, expected: list[str]) -> None:
    assert [p.code for p in registration.check_registration_type(code)] == expected
    with pytest.raises(registration.RegistrationError) as raised:
        registration.category_for_registration_type(code)
    assert raised.value.codes == expected


def test_header_message_suggests_specific_types() -> None:
    (problem,) = registration.check_registration_type("1120")
    assert "1121" in problem.message
    assert "1123" in problem.message


def test_header_rows_can_still_be_looked_up() -> None:
    header = registration.get_registration_type("1100")
    assert (header.name, header.stat_category) == ("有限责任公司", None)
