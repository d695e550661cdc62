"""GB/T 4754-2017 (+ 2019 amendment): counts, lookups, tree, failure kinds."""

from __future__ import annotations

import pytest

from econwatch.core.codes import industry


def test_counts_match_the_standard() -> None:
    assert industry.counts() == {1: 20, 2: 97, 3: 473, 4: 1382}
    assert industry.counts() == dict(industry.EXPECTED_COUNTS)
    assert len(industry.industries()) == 1972
    assert len(industry.industries(industry.CLASS)) == 1382


def test_tree_is_consistent() -> None:
    items = industry.industries()
    codes = {i.code for i in items}
    assert len(codes) == len(items)
    for item in items:
        if item.level == industry.SECTION:
            assert item.parent is None
        else:
            assert item.parent in codes
            parent = industry.get(item.parent)
            assert parent.level == item.level - 1
            if item.level > industry.DIVISION:
                assert item.code.startswith(parent.code)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        pytest.param("0111", "稻谷种植", id="bare"),
        pytest.param("A0111", "稻谷种植", id="with-section"),
        pytest.param("c3670", "汽车零部件及配件制造", id="lower-case-section"),
        pytest.param("C", "制造业", id="section"),
        pytest.param("36", "汽车制造业", id="division"),
        pytest.param("361", "汽车整车制造", id="group"),
        pytest.param(" ３６１１ ", "汽柴油车整车制造", id="full-width"),
        # 第1号修改单 (2019): 923 renamed, 9231 added, 法院/检察院 renumbered.
        pytest.param("923", "监察委员会、人民法院和人民检察院", id="amendment-923"),
        pytest.param("9231", "监察委员会", id="amendment-9231"),
        pytest.param("9232", "人民法院", id="amendment-9232"),
        pytest.param("9233", "人民检察院", id="amendment-9233"),
    ],
)
def test_lookup_by_code(code: str, name: str) -> None:
    assert industry.get(code).name == name
    assert industry.lookup(code) == industry.get(code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("B3670", ["industry-section-mismatch"], id="wrong-section"),
        pytest.param("9999", ["industry-unknown"], id="unknown"),
        pytest.param("U", ["industry-format"], id="no-section-U"),
        pytest.param("36-70-1", ["industry-format"], id="too-long"),
        pytest.param("", ["industry-format"], id="empty"),
        pytest.param("汽车", ["industry-format"], id="a-name"),
    ],
)
def test_each_failure_kind(code: str, expected: list[str]) -> None:
    assert [p.code for p in industry.check(code)] == expected
    assert industry.lookup(code) is None
    with pytest.raises(industry.IndustryError) as raised:
        industry.get(code)
    assert raised.value.codes == expected


def test_level_requirement() -> None:
    (problem,) = industry.check("36", level=industry.CLASS, field="hy")
    assert (problem.code, problem.field) == ("industry-level", "hy")
    assert "大类（汽车制造业）" in problem.message
    assert "小类" in problem.message
    assert industry.check("3670", level=industry.CLASS) == []


def test_wrong_section_and_level_reported_together() -> None:
    codes = [p.code for p in industry.check("B36", level=industry.CLASS)]
    assert codes == ["industry-section-mismatch", "industry-level"]


def test_normalise_strips_the_section() -> None:
    assert industry.normalise("C3670") == "3670"
    assert industry.normalise("c") == "C"


def test_parents_run_up_to_the_section() -> None:
    assert [p.code for p in industry.parents("C3611")] == ["361", "36", "C"]
    assert industry.parents("C") == []


def test_children() -> None:
    assert [c.code for c in industry.children("361")] == ["3611", "3612"]
    assert industry.children("3611") == []
    sections = industry.children(None)
    assert [s.code for s in sections] == list("ABCDEFGHIJKLMNOPQRST")


def test_classes_under() -> None:
    assert [c.code for c in industry.classes_under("361")] == ["3611", "3612"]
    assert [c.code for c in industry.classes_under("3611")] == ["3611"]
    assert len(industry.classes_under("C")) == len(
        [i for i in industry.industries(4) if industry.section_of(i.code).code == "C"]
    )


@pytest.mark.parametrize(
    ("code", "section"),
    [
        pytest.param("0111", "A", id="agriculture"),
        pytest.param("3611", "C", id="manufacturing"),
        pytest.param("9233", "S", id="public-admin"),
        pytest.param("97", "T", id="international"),
        pytest.param("G", "G", id="section-itself"),
    ],
)
def test_section_of(code: str, section: str) -> None:
    assert industry.section_of(code).code == section


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("C3670", True, id="prefixed-class"),
        pytest.param("3670", True, id="class"),
        pytest.param("367", False, id="group"),
        pytest.param("B3670", False, id="wrong-section"),
        pytest.param("3699", False, id="unknown"),
    ],
)
def test_is_valid_class(code: str, expected: bool) -> None:
    assert industry.is_valid_class(code) is expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("0610", True, id="B-mining"),
        pytest.param("C3611", True, id="C-manufacturing"),
        pytest.param("4411", True, id="D-power"),
        pytest.param("D", True, id="D-section"),
        pytest.param("4710", False, id="E-construction"),
        pytest.param("0111", False, id="A-agriculture"),
        pytest.param("5211", False, id="F-retail"),
    ],
)
def test_is_industrial(code: str, expected: bool) -> None:
    assert industry.is_industrial(code) is expected


def test_is_industrial_rejects_bad_codes() -> None:
    with pytest.raises(industry.IndustryError):
        industry.is_industrial("9999")


def test_label_and_level_name() -> None:
    item = industry.get("3611")
    assert item.label == "3611 汽柴油车整车制造"
    assert item.level_name == "小类"
