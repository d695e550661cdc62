"""Read one field's raw input into the value the register stores.

Each reader takes what a person typed (or a script sent) and returns the
normalised value and the problems found, judged by the code lists of
:mod:`econwatch.core.codes`; :data:`READERS` maps field names to readers. Rules
between fields live in :mod:`econwatch.register.validation`.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from typing import Any

from econwatch.core.codes import divisions, industry, registration, uscc
from econwatch.core.codes.problems import CodeProblem
from econwatch.core.codes.text import compact
from econwatch.register.fields import SIZE_AUTO, label
from econwatch.register.models import Unit

_PHONE = re.compile(r"[0-9+\-() ]{7,20}")
_MAX_LENGTH = {"name": 200, "address": 200, "operator_name": 64}


def problem(code: str, name: str, value: object, message: str) -> CodeProblem:
    """A problem about one field, with its value as text."""
    return CodeProblem(code, name, "" if value is None else str(value), message)


def named(name: str, raw: object, found: list[CodeProblem]) -> list[CodeProblem]:
    """Re-label core problems with our field name; say the field and value."""
    text = "" if raw is None else str(raw)
    out = []
    for p in found:
        message = (
            p.message
            if text and text in p.message
            else (f"{label(name)}“{text}”：{p.message}")
        )
        out.append(dataclasses.replace(p, field=name, value=text, message=message))
    return out


def text_of(raw: object) -> str:
    return "" if raw is None else str(raw).strip()


def _choice(name: str, raw: object, choices: Any) -> tuple[Any, list[CodeProblem]]:
    text = text_of(raw)
    for value, text_label in choices:
        if text in (value, text_label):
            return value, []
    options = "、".join(f"{v}（{lbl}）" for v, lbl in choices)
    return None, [
        problem(
            f"{name}-unknown",
            name,
            raw,
            f"{label(name)}“{text}”不是可选值，应为{options}之一",
        )
    ]


def _integer(name: str, raw: object) -> tuple[int | None, list[CodeProblem]]:
    if raw is None or raw == "":
        return None, []
    if isinstance(raw, bool):
        raw = str(raw)
    try:
        value = raw if isinstance(raw, int) else int(compact(str(raw), ",，"))
    except ValueError:
        return None, [
            problem(
                f"{name}-not-a-number",
                name,
                raw,
                f"{label(name)}“{raw}”不是整数，请只填数字（不带单位和小数点）",
            )
        ]
    if value < 0:
        return None, [
            problem(
                f"{name}-negative",
                name,
                raw,
                f"{label(name)}不能为负数（填写的是{value}），请核对",
            )
        ]
    return value, []


def _date(name: str, raw: object) -> tuple[datetime.date | None, list[CodeProblem]]:
    if raw is None or raw == "":
        return None, []
    if isinstance(raw, datetime.date):
        value = raw
    else:
        try:
            value = datetime.date.fromisoformat(text_of(raw))
        except ValueError:
            return None, [
                problem(
                    f"{name}-format",
                    name,
                    raw,
                    f"{label(name)}“{raw}”不是有效日期，请按“2024-03-01”的格式填写",
                )
            ]
    if value > datetime.date.today():
        return None, [
            problem(
                f"{name}-future",
                name,
                raw,
                f"{label(name)}“{value.isoformat()}”晚于今天，请核对",
            )
        ]
    return value, []


def _short_text(name: str, raw: object) -> tuple[str, list[CodeProblem]]:
    value = " ".join(text_of(raw).split())
    limit = _MAX_LENGTH.get(name)
    if limit and len(value) > limit:
        return value, [
            problem(
                f"{name}-too-long",
                name,
                raw,
                f"{label(name)}最多{limit}个字，现为{len(value)}个字，请精简",
            )
        ]
    return value, []


def _uscc(raw: object) -> tuple[str | None, list[CodeProblem]]:
    text = text_of(raw)
    if not text:
        return None, []
    errors = [p for p in uscc.check(text, field="uscc") if p.is_error]
    return compact(text), named("uscc", text, errors)


def _division(raw: object) -> tuple[str | None, list[CodeProblem]]:
    text = compact(text_of(raw))
    if not text:
        return None, [
            problem("division-required", "division", raw, "请选择所在镇（街道）")
        ]
    # A 9-digit town code is written as 12 digits in the register.
    padded = text + "000" if len(text) == 9 else text
    try:
        town = divisions.town_of(padded)
    except divisions.DivisionError as error:
        return None, named("division", text, error.problems)
    return town.code9 + "000", []


def _zone(raw: object) -> tuple[str, list[CodeProblem]]:
    text = compact(text_of(raw))
    if not text:
        return "", []
    found = divisions.check_census_zone(text, field="zone_code")
    return text, named("zone_code", text, found)


def _industry(raw: object) -> tuple[str | None, list[CodeProblem]]:
    text = text_of(raw)
    if not text:
        return None, []
    found = industry.check(text, field="industry", level=industry.CLASS)
    if found:
        return None, named("industry", text, found)
    return industry.normalise(text), []


def _reg_category(raw: object) -> tuple[str | None, list[CodeProblem]]:
    text = text_of(raw)
    if not text:
        return None, []
    found = registration.check_category(text, field="reg_category")
    return compact(text), named("reg_category", text, found)


def _size(raw: object) -> tuple[str, list[CodeProblem]]:
    if text_of(raw) in ("", SIZE_AUTO):
        return text_of(raw), []
    value, found = _choice("size_class", raw, Unit.Size.choices)
    return value or "", found


def _phone(raw: object) -> tuple[str, list[CodeProblem]]:
    text = text_of(raw)
    if text and not _PHONE.fullmatch(text):
        return text, [
            problem(
                "phone-format",
                "phone",
                raw,
                f"联系电话“{text}”格式不对：应为7–20位数字（可含区号连字符），"
                "如0519-86310000或13800000000",
            )
        ]
    return text, []


def _legal_unit(raw: object) -> tuple[int | None, list[CodeProblem]]:
    text = text_of(raw)
    if not text:
        return None, []
    query = (
        Unit.objects.filter(pk=int(text))
        if text.isdigit() and len(text) < 18
        else Unit.objects.filter(uscc=compact(text))
    )
    found = query.values_list("pk", "kind").first()
    if found is None:
        return None, [
            problem(
                "legal-unit-unknown",
                "legal_unit",
                raw,
                f"所属法人单位“{text}”在名录库中不存在，"
                "请填写该法人单位的统一社会信用代码，或先登记该法人单位",
            )
        ]
    if found[1] != Unit.Kind.LEGAL:
        return None, [
            problem(
                "legal-unit-not-legal",
                "legal_unit",
                raw,
                f"所属法人单位“{text}”不是法人单位，"
                "产业活动单位只能隶属于法人单位，请核对",
            )
        ]
    return found[0], []


READERS: dict[str, Callable[[object], tuple[Any, list[CodeProblem]]]] = {
    "kind": lambda raw: _choice("kind", raw, Unit.Kind.choices),
    "name": lambda raw: _short_text("name", raw),
    "uscc": _uscc,
    "division": _division,
    "zone_code": _zone,
    "address": lambda raw: _short_text("address", raw),
    "industry": _industry,
    "reg_category": _reg_category,
    "status": lambda raw: _choice("status", raw, Unit.Status.choices),
    "size_class": _size,
    "employees": lambda raw: _integer("employees", raw),
    "revenue": lambda raw: _integer("revenue", raw),
    "founded": lambda raw: _date("founded", raw),
    "legal_unit": _legal_unit,
    "operator_name": lambda raw: _short_text("operator_name", raw),
    "phone": _phone,
}
