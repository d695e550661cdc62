"""The unit fields people may set, declared once as data.

Each :class:`FieldSpec` says what a field is called (its Chinese label, used by
forms, error messages and the audit trail), which model attribute stores it, and
how a stored value is shown to people. The service, the edit form, the JSON API
and the audit trail all read this table, so a new field is added here once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from econwatch.register.models import Unit


@dataclass(frozen=True)
class FieldSpec:
    """One settable field of a unit.

    Attributes:
        name: Key in data dicts, forms, JSON and ``AuditEntry.field``.
        label: Chinese label shown to people.
        attr: Model attribute holding the stored value.
        hint: What to type, shown under the form field.
        create_only: Set when the unit is registered, never changed afterwards.
    """

    name: str
    label: str
    attr: str
    hint: str = ""
    create_only: bool = False


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "单位类型", "kind", create_only=True),
    FieldSpec("name", "单位名称", "name", "与营业执照或登记证书一致的全称"),
    FieldSpec("uscc", "统一社会信用代码", "uscc", "18位；法人单位必填，个体户以92开头"),
    FieldSpec("division", "所在镇（街道）", "division_id", "9位或12位统计用区划代码"),
    FieldSpec("zone_code", "普查小区代码", "zone_code", "15位，前9位须为所在镇"),
    FieldSpec("address", "详细地址", "address"),
    FieldSpec(
        "industry",
        "行业代码",
        "industry_id",
        "GB/T 4754-2017 四位小类代码，如3670或C3670",
    ),
    FieldSpec("reg_category", "登记注册统计类别", "reg_category_id", "3位代码，如112"),
    FieldSpec("status", "运营状态", "status"),
    FieldSpec(
        "size_class",
        "企业规模",
        "size_class",
        "选“自动判定”则按行业、从业人员和营业收入依2017年办法划分",
    ),
    FieldSpec("employees", "从业人员（人）", "employees"),
    FieldSpec("revenue", "营业收入（千元）", "revenue"),
    FieldSpec("founded", "成立日期", "founded"),
    FieldSpec(
        "legal_unit", "所属法人单位", "legal_unit_id", "法人单位的统一社会信用代码"
    ),
    FieldSpec("operator_name", "经营者姓名", "operator_name", "仅个体经营户填写"),
    FieldSpec(
        "operator_id",
        "经营者身份证号",
        "operator_id_hash",
        "仅个体经营户填写；只保存加密摘要和后4位，留空表示不修改",
    ),
    FieldSpec("phone", "联系电话", "phone"),
)

BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
EDITABLE: tuple[str, ...] = tuple(f.name for f in FIELDS if not f.create_only)
SIZE_AUTO = "auto"


def label(name: str) -> str:
    """The Chinese label of a field (the name itself for unknown fields)."""
    spec = BY_NAME.get(name)
    return spec.label if spec else name


def stored(unit: Unit) -> dict[str, Any]:
    """A unit's current values, keyed by field name, as the service compares them."""
    return {f.name: getattr(unit, f.attr) for f in FIELDS}


def as_text(value: Any) -> str:
    """A stored value as the audit trail writes it: codes, numbers, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
