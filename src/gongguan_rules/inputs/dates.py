"""Reading dates. 日期的读取（期间的计算见 law/counting.py）。

- Every date and datetime is read in Beijing time (Asia/Shanghai, UTC+8; China has kept no
  daylight saving since 1991, so a fixed offset is exact for every date this library meets).
  A naive datetime is taken as Beijing time; an aware one is converted first.
  所有日期、时间均按北京时间读取；带其他时区的时间先换算为北京时间。
- ``X月X日前`` is inclusive: the period ends at 24:00 of that day (民法典 第二百零三条). Only the
  Beijing calendar date therefore matters for a deadline: 23:59 on the day is on time, 00:01
  the next day is late. See docs/interpretations.md.
- The API (``gr.evaluate``, ``gr.evaluate_event``, the history passed to them, ``gr.History``)
  reads exactly two forms of text, so that its JSON Schema can say exactly what it accepts
  (product.md, "The JSON Schema is exactly the accepted input"): an ISO calendar date
  ``YYYY-MM-DD`` and an RFC 3339 datetime ``YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm]`` (no offset: Beijing
  time), with blanks around them allowed. ``2026-04``, ``20260418``, week dates, ``2026/4/18`` and
  ``2026年4月18日`` are not dates there. :data:`API_DATE_PATTERN` is that rule, used both here and
  in the schema. Office files (tables, and the history files of records/history_files/) also
  take what offices type: ``tables.values.read_date``.
  接口只接受 ISO 日历日期与 RFC 3339 时间；办公文件（历史记录文件）另可使用 2026/4/18、2026年4月18日。
- In the calendar's first and last year (0001, 9999), a datetime must be in Beijing time (no
  offset, or ``+08:00``): another offset could carry it off the calendar, which has no day before
  0001-01-01 or after 9999-12-31. 日历首尾两年（0001、9999）中的时间须为北京时间。
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, timedelta, timezone

from ..errors import InputError
from ..quoting import quote

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

#: Every character Python's ``str.strip()`` removes, as a regular-expression class written with
#: escapes only, so that the schema (ECMA-262) and the library (Python) trim the same characters.
BLANK_CLASS = "[" + "".join(f"\\u{c:04x}" for c in range(sys.maxunicode + 1) if chr(c).isspace()) + "]"

_DIGIT = "[0-9]"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE = f"(?:(?!0000){_DIGIT}{{4}}-{_MONTH_DAY}|(?!0000){_LEAP_YEAR}-02-29)"
_TIME = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:[.][0-9]+)?"
_OFFSET = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
_DATETIME = (
    f"(?:(?!0001|9999){_DATE}[Tt ]{_TIME}{_OFFSET}?"  # any offset, or none (Beijing time)
    f"|(?=0001|9999){_DATE}[Tt ]{_TIME}(?:[+]08:00)?)"  # the calendar's ends: Beijing time only
)

#: The dates the API reads, as a regular expression valid in Python and ECMA-262 alike (no ``\d``
#: or ``\s``, whose meaning differs). The JSON Schema uses it as ``pattern``.
API_DATE_PATTERN = f"^{BLANK_CLASS}*(?:{_DATE}|{_DATETIME}){BLANK_CLASS}*$"
_API_DATE = re.compile(API_DATE_PATTERN)
_DATETIME_PARTS = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):[0-9]{2}(?:[.][0-9]+)?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))?"
)


class DateParseError(ValueError):
    """A value that is not a date. 无法解析的日期。"""


def _beyond_calendar(text: str) -> DateParseError:
    return DateParseError(
        f"{text} 换算为北京时间后超出日历（0001-01-01 至 9999-12-31）/ "
        f"{text} falls outside the calendar (0001-01-01 to 9999-12-31) in Beijing time"
    )


def beijing_date_of(moment: datetime) -> date:
    """The Beijing calendar date of a datetime (naive: Beijing time already).

    Computed on the calendar day itself, so that a moment near the calendar's ends never
    overflows on the way; a moment whose Beijing date is not on the calendar is a
    :class:`DateParseError`.
    """
    offset = moment.utcoffset()
    if offset is None:
        return moment.date()
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second - int(offset.total_seconds()) + 8 * 3600
    ordinal = moment.toordinal() + seconds // 86400
    if not 1 <= ordinal <= date.max.toordinal():
        raise _beyond_calendar(moment.isoformat())
    return date.fromordinal(ordinal)


def to_beijing_date(value: object) -> date:
    """The Beijing calendar date of a ``date``, a ``datetime`` or API date text.

    返回北京时间的日历日期。文本只接受 ISO 日历日期 ``YYYY-MM-DD`` 与 RFC 3339 时间
    （带时区，或不带时区按北京时间）；前后空白忽略。
    """
    if isinstance(value, datetime):
        return beijing_date_of(value)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if _API_DATE.match(value) is None:
            raise _why_not(value)
        text = value.strip()
        if len(text) == 10:
            return date(int(text[:4]), int(text[5:7]), int(text[8:10]))
        return _datetime_date(text)
    raise DateParseError(f"应为日期，实为 {type(value).__name__} / expected a date, got {type(value).__name__}")


_SHAPE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.][0-9]+)?(.*))?")


def _why_not(value: str) -> DateParseError:
    """Why text is not an API date: an impossible day, a calendar end, or not the form at all."""
    shape = _SHAPE.fullmatch(value.strip())
    if shape is not None:
        y, mo, d, h, mi, s, zone = shape.groups()
        try:
            date(int(y), int(mo), int(d))
        except ValueError:
            return DateParseError(f"不存在的日期 {quote(value)} / impossible date {quote(value)} (not a calendar day)")
        if h is not None and int(h) < 24 and int(mi) < 60 and int(s) < 60 and y in ("0001", "9999") and zone:
            return DateParseError(
                f"0001、9999 两年中的时间须为北京时间（不带时区或 +08:00）：{quote(value)} / a datetime in the "
                f"calendar's first or last year must be in Beijing time (no offset, or +08:00): {quote(value)}"
            )
    return DateParseError(f"无法解析的日期 / not an ISO date (YYYY-MM-DD) or RFC 3339 datetime: {quote(value)}")


def _datetime_date(text: str) -> date:
    """The Beijing date of datetime text already matched by :data:`API_DATE_PATTERN`."""
    parts = _DATETIME_PARTS.fullmatch(text)
    assert parts is not None
    y, mo, d, h, mi, zulu, sign, oh, om = parts.groups()
    day = date(int(y), int(mo), int(d))
    if zulu is None and sign is None:
        return day  # naive: Beijing time
    offset = 0 if zulu else (1 if sign == "+" else -1) * (int(oh) * 60 + int(om))
    minutes = int(h) * 60 + int(mi) - offset + 8 * 60
    ordinal = day.toordinal() + minutes // 1440
    if not 1 <= ordinal <= date.max.toordinal():  # unreachable through the pattern; kept as a guard
        raise _beyond_calendar(text)
    return date.fromordinal(ordinal)


def read_date_argument(value: object, where: str) -> date | None:
    """A date given as an argument (``as_of``, ``since``): None stays None; anything
    :func:`to_beijing_date` refuses is an :class:`~gongguan_rules.InputError` naming ``where``.

    参数中的日期：None 仍为 None；无法解析时抛出指明参数名的输入错误。
    """
    if value is None:
        return None
    try:
        return to_beijing_date(value)
    except DateParseError as exc:
        raise InputError([(where, str(exc))]) from None
