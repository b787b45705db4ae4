"""Reading dates. 日期的读取（期间的计算见 law/counting.py）。

- Every date and datetime is read in Beijing time (Asia/Shanghai, UTC+8; China has kept no
  daylight saving since 1991, so a fixed offset is exact for every date this library meets).
  A naive datetime is taken as Beijing time; an aware one is converted first.
  所有日期、时间均按北京时间读取；带其他时区的时间先换算为北京时间。
- ``X月X日前`` is inclusive: the period ends at 24:00 of that day (民法典 第二百零三条). Only the
  Beijing calendar date therefore matters for a deadline: 23:59 on the day is on time, 00:01
  the next day is late. See docs/interpretations.md.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from dateutil.parser import isoparse

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

_CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_SLASH_DATE = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\s*$")


class DateParseError(ValueError):
    """A value that is not a date. 无法解析的日期。"""


def to_beijing_date(value: object) -> date:
    """The Beijing calendar date of a date, datetime or ISO string.

    返回北京时间的日历日期。接受 ``date``、``datetime``、ISO 8601 字符串、
    ``2026/4/20`` 与 ``2026年4月20日``。
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.date()
        return value.astimezone(BEIJING).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return date.fromisoformat(text)  # the common case, YYYY-MM-DD
            except ValueError:
                pass  # an impossible date: the full reader below says why
        for pattern in (_CHINESE_DATE, _SLASH_DATE):
            match = pattern.match(text)
            if match:
                y, m, d = (int(g) for g in match.groups())
                try:
                    return date(y, m, d)
                except ValueError as exc:
                    raise DateParseError(f"不存在的日期 / impossible date {text!r}") from exc
        try:
            parsed = isoparse(text)
        except (ValueError, OverflowError) as exc:
            raise DateParseError(f"无法解析的日期 / not an ISO date: {text!r}") from exc
        return to_beijing_date(parsed)
    raise DateParseError(f"应为日期，实为 {type(value).__name__} / expected a date")
