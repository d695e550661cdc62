"""The statistics bureau's arithmetic, exact and framework-free.

Periods (当月/累计 with the combined 1–2月), comparable-basis growth
(同口径), 贡献率 and 拉动 with their parent, 增长面, 位次, 两年平均增速,
序时进度, the profit sign cases and display as the bureaus print it. Every
rate is a ``Fraction`` in percent (or 个百分点) and exact; only
:mod:`.display` and :mod:`.phrasing` round, half-up. Formulas and their
sources: docs/indicators.md, section "Arithmetic".
"""

from econwatch.core.stats.aggregate import Breakdown, Group, aggregate
from econwatch.core.stats.amount import Amount, to_fraction
from econwatch.core.stats.breadth import Breadth, growth_breadth
from econwatch.core.stats.change import ChangeLabel, classify_change
from econwatch.core.stats.contribution import (
    Contribution,
    contribution,
    share_from_pull_pct,
)
from econwatch.core.stats.display import (
    DASH,
    Unit,
    convert,
    format_amount,
    format_number,
    format_percent,
    format_points,
)
from econwatch.core.stats.errors import AmountTypeError, PeriodError, StatsError
from econwatch.core.stats.growth import (
    ZERO,
    Comparison,
    base_from_published,
    comparable_growth,
    gap_pp,
    increment_from_published,
    two_year_average_from_growth_pct,
    two_year_average_pct,
)
from econwatch.core.stats.periods import Period
from econwatch.core.stats.phrasing import (
    change_phrase,
    chinese_number,
    gap_phrase,
    growth_phrase,
    progress_phrase,
    pull_phrase,
    rank_phrase,
    share_phrase,
)
from econwatch.core.stats.progress import (
    completion_pct,
    progress_gap_pp,
    time_elapsed_pct,
)
from econwatch.core.stats.ranking import Rank, rank_values
from econwatch.core.stats.rounding import round_half_up

__all__ = [
    "DASH",
    "ZERO",
    "Amount",
    "AmountTypeError",
    "Breadth",
    "Breakdown",
    "ChangeLabel",
    "Comparison",
    "Contribution",
    "Group",
    "Period",
    "PeriodError",
    "Rank",
    "StatsError",
    "Unit",
    "aggregate",
    "base_from_published",
    "change_phrase",
    "chinese_number",
    "classify_change",
    "comparable_growth",
    "completion_pct",
    "contribution",
    "convert",
    "format_amount",
    "format_number",
    "format_percent",
    "format_points",
    "gap_phrase",
    "gap_pp",
    "growth_breadth",
    "growth_phrase",
    "increment_from_published",
    "progress_gap_pp",
    "progress_phrase",
    "pull_phrase",
    "rank_phrase",
    "rank_values",
    "round_half_up",
    "share_from_pull_pct",
    "share_phrase",
    "time_elapsed_pct",
    "to_fraction",
    "two_year_average_from_growth_pct",
    "two_year_average_pct",
]
