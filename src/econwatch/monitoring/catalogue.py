"""The indicator catalogue: what the monthly analysis computes, declared as data.

Each indicator names its source (the monthly report's fields or a daily series),
its stored unit, how the bureau prints it (display unit and decimals) and whether
a negative base turns the percentage into a label (profits). docs/indicators.md
lists them for readers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One indicator of the monthly analysis.

    Attributes:
        code: Stable identifier used in JSON and CSV output.
        name: The bureau's name for it.
        source: ``monthly`` (the enterprise form) or ``invoices`` / ``electricity``
            (daily series summed over the period's days).
        current: Field holding the current figure (monthly source only).
        base: Field holding the enterprise's own 上年同期 (monthly source only).
        unit: Unit the figure is stored in (千元 on the form, 元 for invoices,
            千瓦时 for electricity).
        display: Unit it is printed in.
        per_display: How many stored units make one display unit.
        places: Decimals in print (Wujin prints 产值 to 0.1亿, 开票 to 0.01亿).
        cumulative: True for 1—本月累计, False for 当月.
        signed_base: Bases can be ≤ 0 (profits): show 扭亏为盈 etc. instead of a rate.
    """

    code: str
    name: str
    source: str
    current: str = ""
    base: str = ""
    unit: str = "千元"
    display: str = "亿元"
    per_display: int = 100_000
    places: int = 2
    cumulative: bool = True
    signed_base: bool = False


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "output_ytd",
        "规上工业总产值",
        "monthly",
        "output_ytd",
        "output_ytd_base",
        places=1,
    ),
    Indicator(
        "output_month",
        "规上工业总产值（当月）",
        "monthly",
        "output_month",
        "output_month_base",
        places=1,
        cumulative=False,
    ),
    Indicator(
        "invoices_ytd",
        "工业开票销售",
        "invoices",
        unit="元",
        per_display=100_000_000,
        places=2,
    ),
    Indicator(
        "revenue_ytd",
        "营业收入",
        "monthly",
        "revenue_ytd",
        "revenue_ytd_base",
        places=2,
    ),
    Indicator(
        "profit_ytd",
        "利润总额",
        "monthly",
        "profit_ytd",
        "profit_ytd_base",
        places=2,
        signed_base=True,
    ),
    Indicator(
        "electricity_ytd",
        "工业用电量",
        "electricity",
        unit="千瓦时",
        display="亿千瓦时",
        per_display=100_000_000,
        places=2,
    ),
)

BY_CODE = {i.code: i for i in CATALOGUE}
