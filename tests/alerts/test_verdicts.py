"""The pure decisions: fire, clear or cannot tell, with the words."""

from __future__ import annotations

from decimal import Decimal

from econwatch.alerts.verdicts import (
    below_baseline,
    decline_streak,
    overdue_reports,
    run_rate_below,
    yoy_drop,
)

L2 = ["w1", "w2"]


def test_yoy_drop() -> None:
    fired = yoy_drop([70, 75], [100, 100], Decimal(20), L2)
    assert fired.state == "fire"
    assert "下降" in fired.text and "30.0%、25.0%" in fired.text
    assert fired.numbers["periods"][0]["growth_pct"] == -30.0
    assert yoy_drop([70, 85], [100, 100], Decimal(20), L2).state == "clear"
    assert yoy_drop([70, 0], [100, 0], Decimal(20), L2).state == "na"
    assert (
        yoy_drop([80, 70], [100, 100], Decimal(20), L2).state == "clear"
    )  # −20 % is not more


def test_below_baseline_uses_the_median() -> None:
    fired = below_baseline([100], [[1000, 1000, 0]], Decimal(30), ["w"])
    assert fired.text == "用电量近一周（w）仅为基线的10.0%，低于30.0%的预警线"
    assert below_baseline([400], [[1000, 1000, 0]], Decimal(30), ["w"]).state == "clear"
    assert below_baseline([0], [[0, 0, 50]], Decimal(30), ["w"], 1000).state == "na"


def test_overdue_reports() -> None:
    due = [("2024-05", "2024-06-08"), ("2024-04", "2024-05-08")]
    missing = overdue_reports(due, {"2024-04": "2024-05-05"})
    assert missing.state == "fire" and "2024-05月报逾期未报" in missing.text
    late = overdue_reports(due, {"2024-05": "2024-06-12", "2024-04": None})
    assert late.state == "fire" and "迟报" in late.text and "2024-06-12" in late.text
    on_time = overdue_reports(due, {"2024-05": "2024-06-08", "2024-04": "2024-05-01"})
    assert on_time.state == "clear"


def test_decline_streak() -> None:
    down = [("2024-05", 8, 9), ("2024-04", 8, 9), ("2024-03", 8, 9)]
    fired = decline_streak(down, 3, Decimal(0))
    assert fired.text == (
        "工业总产值当月同比下降已连续3个月："
        "2024-05下降11.1%、2024-04下降11.1%、2024-03下降11.1%"
    )
    assert (
        decline_streak([("2024-05", 10, 9), *down[1:]], 3, Decimal(0)).state == "clear"
    )
    assert (
        decline_streak([("2024-05", None, None), *down[1:]], 3, Decimal(0)).state
        == "na"
    )
    assert decline_streak(down[:2], 3, Decimal(0)).state == "na"
    assert (
        decline_streak([("2024-05", 5, 0), *down[1:]], 3, Decimal(0)).state == "clear"
    )


def test_run_rate_below() -> None:
    fired = run_rate_below("2024-05", 5_000, 5, Decimal(2000), 3)
    assert fired.state == "fire"
    assert "1—5月营业收入500.0万元" in fired.text and "1200.0万元" in fired.text
    assert run_rate_below("2024-05", 9_000, 5, Decimal(2000), 3).state == "clear"
    assert run_rate_below("2024-02", 100, 2, Decimal(2000), 3).state == "na"
    assert run_rate_below("2024-05", None, 5, Decimal(2000), 3).state == "na"
