"""Seed the initial alert rules (version 1), editable afterwards in the admin.

Sources of the numbers: the issue's examples (20 % for two weeks, 30 % of
baseline, three months running, 2000万元 规上 line) and practice in
reference/domain-monitoring.md §3.4 and anchors-monitoring-bi.md §1.2 (岳阳: the
monthly report due on the 8th; 广元: 复工 above 30 % of baseline electricity).
"""

import datetime
from decimal import Decimal

from django.db import migrations

BACKBONE_TAG = "backbone"

RULES = [
    {
        "code": "invoice-drop",
        "name": "骨干企业开票销售连续两周同比下降超过20%",
        "kind": "invoice_yoy_drop",
        "level": "orange",
        "indicator": "invoices",
        "comparison": "yoy_drop_over",
        "threshold": Decimal("20"),
        "persistence": 2,
        "scope": "tag",
        "scope_tag": BACKBONE_TAG,
        "parameters": {"window_days": 7, "alignment": "auto"},
        "description": "近两周（各7日）开票销售均比上年同期下降20%以上。春节前15日至节后30日按春节对齐比较，其余按公历同日比较。",
    },
    {
        "code": "electricity-low",
        "name": "用电量低于基线的30%",
        "kind": "electricity_below_baseline",
        "level": "red",
        "indicator": "electricity",
        "comparison": "below_baseline_share",
        "threshold": Decimal("30"),
        "persistence": 1,
        "scope": "above_scale",
        "scope_tag": "",
        "parameters": {"window_days": 7, "baseline": "last_year", "alignment": "auto", "min_baseline": 1000},
        "description": "近7日用电量不足基线的30%（基本停产）。基线为上年同期对应周及其前后各一周用电量的中位数（春节期间按春节对齐）；基线不足1000千瓦时的企业不判断。",
    },
    {
        "code": "report-missing",
        "name": "规上工业月报逾期未报或迟报",
        "kind": "monthly_report_missing",
        "level": "yellow",
        "indicator": "monthly_report",
        "comparison": "overdue",
        "threshold": Decimal("8"),
        "persistence": 1,
        "scope": "above_scale",
        "scope_tag": "",
        "parameters": {"lookback": 3, "count_late": True},
        "description": "月报应于次月8日前报送。近3期中有已开始汇总（已有企业报送）但本企业未报，或报送日期晚于截止日的，即预警；1月不单独报送。",
    },
    {
        "code": "output-decline",
        "name": "工业总产值连续三个月同比下降",
        "kind": "output_decline_streak",
        "level": "yellow",
        "indicator": "output",
        "comparison": "yoy_below",
        "threshold": Decimal("0"),
        "persistence": 3,
        "scope": "above_scale",
        "scope_tag": "",
        "parameters": {},
        "description": "最近三个统计月（1—2月合并为一期）当月工业总产值均低于上年同期。",
    },
    {
        "code": "below-scale",
        "name": "规上企业营业收入折算全年不足2000万元（退规风险）",
        "kind": "below_scale_risk",
        "level": "orange",
        "indicator": "revenue",
        "comparison": "run_rate_below",
        "threshold": Decimal("2000"),
        "persistence": 1,
        "scope": "above_scale",
        "scope_tag": "",
        "parameters": {"min_months": 3},
        "description": "最新月报的1—N月营业收入×12÷N低于2000万元（规上工业标准）。1—2月受春节影响偏低，自1—3月起判断。",
    },
]


def seed(apps, schema_editor):
    AlertRule = apps.get_model("alerts", "AlertRule")
    for spec in RULES:
        AlertRule.objects.get_or_create(
            code=spec["code"],
            version=1,
            defaults={
                **spec,
                "active": True,
                "valid_from": datetime.date(2015, 1, 1),
                "changed_by": "初始规则",
            },
        )


def unseed(apps, schema_editor):
    AlertRule = apps.get_model("alerts", "AlertRule")
    AlertRule.objects.filter(
        code__in=[r["code"] for r in RULES], version=1, alerts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
