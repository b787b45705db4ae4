"""Counting periods as the law counts them. 期间的计算。

- A number of years counted from an act does not count the day of the act and ends on the
  corresponding date (民法典 第二百零一条、第二百零二条); a 2月29日 with no counterpart ends on
  2月28日. See docs/counting.md.
- A period that would end after 9999-12-31 runs past every date the calendar has: its last day
  is given as 9999-12-31 (``date.max``), so that every comparison with a real date still holds
  (a revocation dated 9999-06-01 bars every later application the calendar can name). Any number
  of years is counted, so that no record, however extreme, can make a later evaluation fail.
  期间届满日晚于 9999-12-31 的，以 9999-12-31 为其最后一日（日历上没有更晚的日期）。
"""

from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta


def years_after(start: date, years: int) -> date:
    """The last day of a period of ``years`` years counted from ``start``.

    从 ``start`` 起算 ``years`` 年的期间的最后一日：起算日不计入（第二百零一条），
    期间在对应日届满（第二百零二条）；无对应日（2月29日）的，以该月末日为期间的最后一日。
    """
    end_year = start.year + years
    if end_year > date.max.year:
        return date.max
    if end_year < date.min.year:
        return date.min
    return start + relativedelta(years=years)


def month_end(year: int, month: int) -> date:
    """The last day of a month. 当月最后一日。"""
    return date(year, month, calendar.monthrange(year, month)[1])
