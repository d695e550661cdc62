"""The demo's user accounts: one per role, printed by ``econwatch demo``."""

from __future__ import annotations

from dataclasses import dataclass

from econwatch.accounts.services import create_user

PASSWORD = "demo2023"
HUTANG = "320412100000"  # 湖塘镇
HITECH = "320412411000"  # 高新区


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: who it is and what it sees."""

    username: str
    role: str
    full_name: str
    sees: str
    division: str | None = None
    enterprise: bool = False
    department: str = ""


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "admin", "系统管理员（示例）", "全部数据与管理后台"),
    DemoAccount(
        "analyst", "analyst", "统计局分析员（示例）", "全区全部单位，可维护名录"
    ),
    DemoAccount(
        "industry", "industry_officer", "工信局业务员（示例）", "全区监测、预警与调度"
    ),
    DemoAccount("leader", "leader", "区领导（示例）", "全区驾驶舱与报告，只读"),
    DemoAccount(
        "hutang", "town_officer", "湖塘镇业务员（示例）", "仅湖塘镇的单位", HUTANG
    ),
    DemoAccount(
        "gaoxin", "town_officer", "高新区业务员（示例）", "仅高新区的单位", HITECH
    ),
    DemoAccount(
        "supervisor", "supervisor", "普查指导员（示例）", "湖塘镇所辖普查区", HUTANG
    ),
    DemoAccount(
        "enumerator", "enumerator", "普查员（示例）", "分配给本人的普查小区", HUTANG
    ),
    DemoAccount(
        "enterprise", "enterprise", "企业填报员（示例）", "仅本企业", enterprise=True
    ),
    DemoAccount(
        "handler",
        "handler",
        "部门办理人（示例）",
        "交办给本部门的问题",
        department="区供电公司",
    ),
)


def create_accounts(enterprise_unit_id: int) -> None:
    """Create (or reset) every demo account with the demo password."""
    for a in ACCOUNTS:
        create_user(
            a.username,
            PASSWORD,
            a.role,
            full_name=a.full_name,
            division_code=a.division,
            unit_id=enterprise_unit_id if a.enterprise else None,
            department=a.department,
        )
