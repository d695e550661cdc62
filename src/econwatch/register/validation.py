"""Check a unit's data with the code lists, reporting every problem at once.

:func:`prepare` turns raw input (from a form, JSON or a script) into the values
the database stores, and collects every problem with a stable code, the field,
the value and a Chinese message. Each field is read by
:mod:`econwatch.register.values` (USCC check characters, GB/T 4754-2017, the
district's divisions, registration categories, identity numbers); the rules
between fields (an activity unit needs its legal unit, a 普查小区 lies in the
unit's town, a USCC is registered once, the 2017 size rules) are here.

Only the fields that change are judged, so a legacy value elsewhere in the
record does not block an unrelated edit; rules that tie fields together run
whenever one of their fields changes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from econwatch.core.codes import size
from econwatch.core.codes.personal_id import check_personal_id
from econwatch.core.codes.problems import CodeProblem
from econwatch.register.fields import BY_NAME, SIZE_AUTO, label
from econwatch.register.identity import protect_personal_id
from econwatch.register.models import Unit
from econwatch.register.values import READERS, problem, text_of

__all__ = ["Prepared", "prepare", "problem"]


@dataclass
class Prepared:
    """The outcome of :func:`prepare`.

    Attributes:
        values: Field name → value to store, for the fields that change.
        problems: Every problem found; nothing may be saved when not empty.
        operator_last4: Last four characters of a new identity number.
    """

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[CodeProblem] = field(default_factory=list)
    operator_last4: str = ""


def prepare(
    data: Mapping[str, Any],
    current: Mapping[str, Any] | None,
    unit_id: int | None,
    can_see: Callable[[Unit], bool] | None = None,
) -> Prepared:
    """Normalise and check input; keep the fields whose value changes.

    Args:
        data: Raw input keyed by field name (see :mod:`econwatch.register.fields`).
        current: The unit's stored values (:func:`fields.stored`), or ``None``
            for a new unit.
        unit_id: The unit's id (to skip it in the duplicate-USCC check).
        can_see: Whether the user may see another unit; a duplicate USCC held
            by a unit the user may not see is reported without its name.

    Returns:
        The values to store and every problem found.
    """
    out = Prepared()
    is_new = current is None
    old: Mapping[str, Any] = current or {}
    for name, raw in data.items():
        spec = BY_NAME.get(name)
        if spec is None:
            out.problems.append(
                problem("field-unknown", name, raw, f"没有名为“{name}”的字段")
            )
        elif spec.create_only and not is_new:
            if raw not in (None, "") and text_of(raw) != old.get(name):
                out.problems.append(
                    problem(
                        f"{name}-fixed",
                        name,
                        raw,
                        f"{spec.label}登记后不能修改；如需变更请注销后重新登记",
                    )
                )
        elif name == "operator_id":
            _prepare_operator_id(raw, old, out)
        else:
            value, found = READERS[name](raw)
            out.problems.extend(found)
            if not found and (is_new or value != old.get(name)):
                out.values[name] = value
    merged = {**old, **out.values}
    if is_new:
        merged.setdefault("status", Unit.Status.OPERATING)
        out.values.setdefault("status", merged["status"])
        out.problems.extend(_required(data))
    if (is_new or "name" in out.values) and not merged.get("name"):
        out.problems.append(problem("name-required", "name", "", "单位名称不能为空"))
    # A field that already failed is not judged again by the rules between fields.
    failed = {p.field for p in out.problems}
    for name in failed:
        merged.pop(name, None)
    out.problems.extend(_cross_field(merged, set(out.values), failed, unit_id, can_see))
    if merged.get("size_class") == SIZE_AUTO:
        _classify(merged, old, out)
    return out


def _prepare_operator_id(raw: object, old: Mapping[str, Any], out: Prepared) -> None:
    text = text_of(raw)
    if not text:  # blank means "keep": the number itself is never shown
        return
    found = check_personal_id(text, field="operator_id")
    if found:
        # Never echo a personal number back in full: keep only its last four.
        masked = "*" * max(len(text) - 4, 0) + text[-4:]
        out.problems.extend(
            dataclasses.replace(
                p,
                value=masked,
                message=f"经营者身份证号（尾号{text[-4:]}）：{p.message}",
            )
            for p in found
        )
        return
    digest, last4 = protect_personal_id(text)
    if digest != old.get("operator_id"):
        out.values["operator_id"] = digest
        out.operator_last4 = last4


def _required(data: Mapping[str, Any]) -> list[CodeProblem]:
    found = []
    if "kind" not in data:
        found.append(problem("kind-required", "kind", "", "请选择单位类型"))
    if "division" not in data:
        found.append(
            problem("division-required", "division", "", "请选择所在镇（街道）")
        )
    return found


def _cross_field(
    merged: Mapping[str, Any],
    changed: set[str],
    failed: set[str],
    unit_id: int | None,
    can_see: Callable[[Unit], bool] | None,
) -> list[CodeProblem]:
    """Rules that tie fields together; each runs when one of its fields changed."""
    found: list[CodeProblem] = []
    kind, code = merged.get("kind"), merged.get("uscc")
    if changed & {"kind", "uscc"}:
        found.extend(_uscc_rules(kind, code, unit_id, can_see, "uscc" in failed))
    if changed & {"kind", "legal_unit"} and "legal_unit" not in failed:
        found.extend(_legal_unit_rules(kind, merged.get("legal_unit"), unit_id))
    if changed & {"kind", "operator_name", "operator_id"} and kind != "individual":
        for name in ("operator_name", "operator_id"):
            if name in changed and merged.get(name):
                found.append(
                    problem(
                        "operator-not-allowed",
                        name,
                        "",
                        f"{label(name)}只有个体经营户填写；"
                        f"{Unit.Kind(kind).label if kind else '该单位'}请留空",
                    )
                )
    zone, town = merged.get("zone_code"), merged.get("division")
    if changed & {"zone_code", "division"} and zone and town and zone[:9] != town[:9]:
        found.append(
            problem(
                "zone-outside-division",
                "zone_code",
                zone,
                f"普查小区代码“{zone}”的前9位（{zone[:9]}）与所在镇（街道）"
                f"代码（{town[:9]}）不一致，请核对普查小区或所在镇（街道）",
            )
        )
    return found


def _uscc_rules(
    kind: str | None,
    code: str | None,
    unit_id: int | None,
    can_see: Callable[[Unit], bool] | None,
    failed: bool,
) -> list[CodeProblem]:
    found = []
    if kind == "legal" and not code and not failed:
        found.append(
            problem(
                "uscc-required",
                "uscc",
                "",
                "法人单位必须填写统一社会信用代码（见营业执照或登记证书）",
            )
        )
    if code and kind == "individual" and not code.startswith("92"):
        found.append(
            problem(
                "uscc-kind-mismatch",
                "uscc",
                code,
                f"统一社会信用代码“{code}”不以92开头，不是个体工商户的代码；"
                "请核对代码或单位类型",
            )
        )
    if code and kind in ("legal", "activity") and code.startswith("92"):
        found.append(
            problem(
                "uscc-kind-mismatch",
                "uscc",
                code,
                f"统一社会信用代码“{code}”以92开头，是个体工商户的代码，"
                f"不能登记为{Unit.Kind(kind).label}；请核对代码或单位类型",
            )
        )
    if code:
        other = Unit.objects.filter(uscc=code).exclude(pk=unit_id).first()
        if other is not None:
            holder = (
                f"单位“{other.name}”（编号 {other.pk}）"
                if can_see is None or can_see(other)
                else "您查看范围以外的一个单位"
            )
            found.append(
                problem(
                    "uscc-duplicate",
                    "uscc",
                    code,
                    f"统一社会信用代码“{code}”已登记为{holder}，同一代码不能登记两次；"
                    "请核对代码，或到该单位的页面修改",
                )
            )
    return found


def _legal_unit_rules(
    kind: str | None, legal_unit: int | None, unit_id: int | None
) -> list[CodeProblem]:
    if kind == "activity" and not legal_unit:
        return [
            problem(
                "legal-unit-required",
                "legal_unit",
                "",
                "产业活动单位必须填写所属法人单位（法人单位的统一社会信用代码）",
            )
        ]
    if kind != "activity" and legal_unit:
        return [
            problem(
                "legal-unit-not-allowed",
                "legal_unit",
                legal_unit,
                "只有产业活动单位隶属于法人单位；法人单位和个体经营户此项请留空",
            )
        ]
    if legal_unit is not None and legal_unit == unit_id:
        return [
            problem(
                "legal-unit-self",
                "legal_unit",
                legal_unit,
                "所属法人单位不能是该单位自己，请核对",
            )
        ]
    return []


def _classify(merged: Mapping[str, Any], old: Mapping[str, Any], out: Prepared) -> None:
    """Set the size class from industry, employees and revenue (2017 rules)."""
    code = merged.get("industry")
    if not code:
        out.problems.append(
            problem(
                "size-industry-missing",
                "size_class",
                SIZE_AUTO,
                "自动判定企业规模需要行业代码，请先填写行业代码或直接选择规模",
            )
        )
        return
    revenue = merged.get("revenue")
    given = {
        "employees": merged.get("employees"),
        # The register keeps 千元; the 2017 rules are written in 万元.
        "revenue": None if revenue is None else revenue / 10,
    }
    found = size.check_size(code, **given)
    for p in found:
        if p.field == "assets":  # the register keeps no 资产总额
            out.problems.append(
                problem(
                    "size-needs-assets",
                    "size_class",
                    SIZE_AUTO,
                    f"{p.message}；名录库不登记资产总额，请直接选择企业规模",
                )
            )
        else:
            rename = {"industry_code": "industry"}
            out.problems.append(
                dataclasses.replace(p, field=rename.get(p.field, p.field))
            )
    if found:
        return
    value = str(int(size.classify_size(code, **given)))
    if value == old.get("size_class"):
        out.values.pop("size_class", None)
    else:
        out.values["size_class"] = value
