"""统一社会信用代码: stdnum's vectors, letter authorities, every failure kind."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc as stdnum_uscc

from econwatch.core.codes import uscc

# Real codes from python-stdnum's tests (module doctest and test_cn_uscc.doctest,
# collected there from public registers), one or two per shape.
STDNUM_VALID = [
    "91110000600037341L",  # module doctest
    "121200004013590816",  # 机构编制 / 事业单位
    "91110000710926094P",
    "9144030071526726XG",  # org-code check digit X
    "91310115MA1K3BTP2B",  # MA… body
    "91620105L015101280",  # L… body
    "92340602MA2PBMEM24",  # 个体工商户
    "92340621MA2UK3PJXE",  # 个体工商户
    "91620105MA73NBBLXE",
    "913101127033980359",
]

# The example printed in GB 32100-2015 (its body and check character both hold).
STANDARD_EXAMPLE = "91350100M000100Y43"


def reference_check_character(first17: str) -> str:
    """Independent MOD 31-3: weights 3^(i-1) mod 31, check = (31 - sum) mod 31."""
    total = sum(uscc.ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return uscc.ALPHABET[(31 - total % 31) % 31]


def with_check(first17: str) -> str:
    return first17 + reference_check_character(first17)


@pytest.mark.parametrize("code", [*STDNUM_VALID, STANDARD_EXAMPLE])
def test_real_codes_are_valid(code: str) -> None:
    assert uscc.check(code) == []
    assert uscc.validate(code, strict=True) == code


@pytest.mark.parametrize(
    ("authority", "category", "name"),
    [
        pytest.param("N", "2", "村级集体经济组织", id="N-village-collective"),
        pytest.param("N", "1", "组级集体经济组织", id="N-group-collective"),
        pytest.param("Y", "1", "其他", id="Y-other"),
        pytest.param("A", "1", "军队事业单位", id="A-army"),
        pytest.param("5", "3", "基金会", id="5-foundation"),
        pytest.param("9", "3", "农民专业合作社", id="9-cooperative"),
    ],
)
def test_letter_and_other_authorities_are_accepted(
    authority: str, category: str, name: str
) -> None:
    code = uscc.make_uscc(authority, category, "320412", "MA1XKQ7N")
    assert code[:8] == f"{authority}{category}320412"
    assert code[-1] == reference_check_character(code[:17])
    assert uscc.check(code) == []
    assert uscc.parse(code).category_name == name


def test_stdnum_alone_rejects_what_we_accept() -> None:
    code = uscc.make_uscc("N", "2", "320412", "MA1XKQ7N")
    assert not stdnum_uscc.is_valid(code)
    assert uscc.is_valid(code)


def test_make_uscc_reproduces_stdnum_doctest_code() -> None:
    assert uscc.make_uscc("9", "1", "110000", "60003734") == "91110000600037341L"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("91110000600037341l", "91110000600037341L", id="lower-case"),
        pytest.param(" 91 110000 600037341L ", "91110000600037341L", id="spaces"),
        pytest.param("91-110000-600037341L", "91110000600037341L", id="hyphens"),
        pytest.param(
            "９１１１００００６０００３７３４１Ｌ",
            "91110000600037341L",
            id="full-width",
        ),
    ],
)
def test_input_is_normalised(raw: str, expected: str) -> None:
    assert uscc.validate(raw) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("12345", ["uscc-length"], id="stdnum-too-short"),
        pytest.param("9111000060003IOZSV", ["uscc-charset"], id="stdnum-IOZSV"),
        pytest.param("91110000600037341N", ["uscc-checksum"], id="stdnum-bad-check"),
        # stdnum calls this a format error; A is a real authority, so only the
        # check character is wrong (it was computed for a leading 9).
        pytest.param("A1110000600037341L", ["uscc-checksum"], id="stdnum-A-prefix"),
        pytest.param(
            "91350100M000100Y4Z", ["uscc-charset", "uscc-checksum"], id="Z-as-check"
        ),
        pytest.param("9111000060003734L", ["uscc-length"], id="17-chars"),
        pytest.param("9111000060003734", ["uscc-length"], id="16-chars"),
        pytest.param(
            with_check("B1320412MA1XKQ7N1"), ["uscc-authority"], id="authority-B"
        ),
        pytest.param(
            with_check("94320412MA1XKQ7N1"), ["uscc-category"], id="category-94"
        ),
        pytest.param(
            with_check("Y2320412MA1XKQ7N1"), ["uscc-category"], id="category-Y2"
        ),
        pytest.param(
            with_check("9132A412MA1XKQ7N1"), ["uscc-division"], id="division-letter"
        ),
        pytest.param(
            with_check("91990000MA1XKQ7N1"), ["uscc-division"], id="province-99"
        ),
        pytest.param(
            with_check("91320412MA1XKQ7N0"), ["uscc-orgcode-check"], id="orgcode-check"
        ),
    ],
)
def test_each_failure_kind(code: str, expected: list[str]) -> None:
    assert [p.code for p in uscc.check(code)] == expected


def test_every_problem_is_reported_at_once() -> None:
    code = with_check("B4320A12MA1XKQ7N0")
    assert [p.code for p in uscc.check(code)] == [
        "uscc-authority",
        "uscc-division",
        "uscc-orgcode-check",
    ]


def test_length_message_names_both_lengths() -> None:
    (problem,) = uscc.check("9111000060003734L", field="credit_code")
    assert problem.message.startswith("统一社会信用代码应为18位，实为17位")
    assert problem.field == "credit_code"
    assert problem.value == "9111000060003734L"


def test_old_registration_number_gets_a_hint() -> None:
    (problem,) = uscc.check("320412000012345")
    assert problem.code == "uscc-length"
    assert "旧的工商注册号" in problem.message


def test_checksum_message_says_what_to_do() -> None:
    (problem,) = uscc.check("91110000600037341N")
    assert "应为“L”" in problem.message
    assert "实为“N”" in problem.message
    assert "核对" in problem.message


def test_category_message_lists_the_allowed_categories() -> None:
    (problem,) = uscc.check(with_check("94320412MA1XKQ7N1"))
    assert "1（企业）、2（个体工商户）、3（农民专业合作社）" in problem.message


def test_orgcode_failure_is_a_warning() -> None:
    code = with_check("92320412MA1XKQ7N0")
    (problem,) = uscc.check(code)
    assert problem.severity == "warning"
    assert not problem.is_error
    assert uscc.validate(code) == code
    assert uscc.is_valid(code)
    assert not uscc.is_valid(code, strict=True)
    with pytest.raises(uscc.UsccError) as raised:
        uscc.validate(code, strict=True)
    assert raised.value.codes == ["uscc-orgcode-check"]


def test_validate_raises_with_every_error() -> None:
    with pytest.raises(uscc.UsccError) as raised:
        uscc.validate("O1110000600037341L")
    assert raised.value.codes == ["uscc-charset", "uscc-authority"]
    assert "第1位“O”" in str(raised.value)


def test_development_zone_division_is_accepted() -> None:
    # 苏州工业园区 registers under 320594, which is not a GB/T 2260 county code.
    assert uscc.check(uscc.make_uscc("9", "1", "320594", "MA1XKQ7N")) == []


def test_parse_names_the_parts() -> None:
    parts = uscc.parse("92340602MA2PBMEM24")
    assert parts.authority_name == "工商（市场监管）"
    assert parts.category_name == "个体工商户"
    assert parts.is_individual_business
    assert (parts.division, parts.body, parts.check) == ("340602", "MA2PBMEM2", "4")


@pytest.mark.parametrize(
    ("body8", "expected"),
    [
        pytest.param("60003734", "1", id="digits"),
        pytest.param("71526726", "X", id="ten-is-X"),
        pytest.param("MA2PBMEM", "2", id="letters"),
        pytest.param("M000100Y", "4", id="standard-example"),
    ],
)
def test_orgcode_check_character(body8: str, expected: str) -> None:
    assert uscc.orgcode_check_character(body8) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ("B", "1", "320412", "MA1XKQ7N"), ["uscc-authority"], id="authority"
        ),
        pytest.param(
            ("9", "4", "320412", "MA1XKQ7N"), ["uscc-category"], id="category"
        ),
        pytest.param(("9", "1", "32041", "MA1XKQ7N"), ["uscc-division"], id="division"),
        pytest.param(
            ("9", "1", "320412", "MA1XKQ7"), ["uscc-charset"], id="short-body"
        ),
        pytest.param(("9", "1", "320412", "MA1XKQ7O"), ["uscc-charset"], id="body-O"),
        pytest.param(
            ("91", "", "320412", "MA1XKQ7N"), ["uscc-authority"], id="two-chars-in-one"
        ),
    ],
)
def test_make_uscc_rejects_bad_parts(
    args: tuple[str, str, str, str], expected: list[str]
) -> None:
    with pytest.raises(uscc.UsccError) as raised:
        uscc.make_uscc(*args)
    assert raised.value.codes == expected


def test_authority_table_has_the_published_codes() -> None:
    assert list(uscc.authorities()) == [*"123456789", "A", "N", "Y"]
    assert dict(uscc.authorities()["Y"].categories) == {"1": "其他"}
