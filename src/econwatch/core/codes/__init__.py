"""Code lists and identifier checks, framework-free (never imports Django).

One module per code list, each named after its noun:

* :mod:`~econwatch.core.codes.uscc` — 统一社会信用代码 (GB 32100-2015);
* :mod:`~econwatch.core.codes.personal_id` — 公民身份号码, and how to store it hashed;
* :mod:`~econwatch.core.codes.industry` — 国民经济行业分类 GB/T 4754-2017 (+ 2019
  amendment), with name/pinyin search in :mod:`~econwatch.core.codes.industry_search`;
* :mod:`~econwatch.core.codes.divisions` — 统计用区划代码 of 武进区, 普查区 and
  普查小区;
* :mod:`~econwatch.core.codes.registration` — 登记注册统计类别 (2023) and the crosswalk
  from market-registration types;
* :mod:`~econwatch.core.codes.size` — 统计上大中小微型企业划分办法（2017）.

Every check reports all its findings as :class:`CodeProblem` values with stable
codes. Code lists are read from ``data/`` on first use, never at import time.
"""

from econwatch.core.codes.problems import CodeError, CodeProblem, Severity

__all__ = ["CodeError", "CodeProblem", "Severity"]
