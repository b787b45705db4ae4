"""The filters of ``History.records()``, as SQL conditions. 记录查询的筛选条件。"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...errors import InputError
from ...inputs.dates import DateParseError, to_beijing_date
from ...law.vocab import EventKind, Outcome, parse_enum
from ...quoting import quote
from ..project_names import normalize_project_name
from .model import read_count, unencodable
from .rows import unit_filter

UNIT_MESSAGE = "应为统一社会信用代码或单位名称 / expected a credit code or a unit name"


@dataclass(frozen=True)
class Filters:
    """What ``records()`` (and ``events()``, ``decisions()``) select."""

    kind: EventKind | str | None = None
    unit: str | None = None
    project_name: str | None = None
    outcome: Outcome | str | None = None
    include_rejected: bool = True
    credit_code: str | None = None
    since: date | str | None = None
    after: int | None = None
    limit: int | None = None


def read_choice(enum: type[EventKind] | type[Outcome], value: Any, where: str) -> str:
    if isinstance(value, enum):
        return value.value
    parsed = parse_enum(enum, value) if isinstance(value, str) else None
    if parsed is None:
        options = ", ".join(m.value for m in enum)
        raise InputError(
            [(where, f"未知的取值 {quote(value)}，可选：{options} / unknown value; expected one of {options}")]
        )
    return parsed


def read_text(value: Any, where: str, message: str, blank_ok: bool = False) -> str:
    """A text argument: a str (not blank unless ``blank_ok``) that a UTF-8 store can compare."""
    if not isinstance(value, str) or (not blank_ok and not value.strip()):
        raise InputError([(where, message)])
    if unencodable(value):
        raise InputError([(where, "含无法以 UTF-8 表示的字符（孤立代理项）/ holds a lone surrogate")])
    return value


def read_day(value: Any, where: str) -> date:
    """A date argument (``since``, ``on``), read as dates are read everywhere; InputError names it."""
    try:
        return to_beijing_date(value)
    except DateParseError as exc:
        raise InputError([(where, str(exc))]) from None
    except (OverflowError, ValueError):  # an offset that moves a datetime off the calendar
        raise InputError([(where, f"超出日历范围 / outside the calendar: {quote(value)}")]) from None


def select(f: Filters) -> tuple[list[str], list[Any], str]:
    """The conditions, their arguments, and the ORDER BY / LIMIT tail; InputError names a bad filter."""
    where: list[str] = []
    args: list[Any] = []
    if f.kind is not None:
        where.append("kind = ?")
        args.append(read_choice(EventKind, f.kind, "kind"))
    if f.outcome is not None:
        where.append("outcome = ?")
        args.append(read_choice(Outcome, f.outcome, "outcome"))
    if not f.include_rejected:
        where.append("outcome != 'rejected'")
    if f.unit is not None:
        condition, value = unit_filter(read_text(f.unit, "unit", UNIT_MESSAGE))
        where.append(condition)
        args.append(value)
    if f.credit_code is not None:
        code = read_text(f.credit_code, "credit_code", "应为统一社会信用代码 / expected a credit code")
        where.append("credit_code = ?")
        args.append(code.strip().upper())
    if f.project_name is not None:
        where.append("project_key = ?")
        args.append(normalize_project_name(read_text(f.project_name, "project_name", "应为文本 / expected text", True)))
    if f.since is not None:
        where.append("event_date >= ?")
        args.append(read_day(f.since, "since").isoformat())
    if f.after is not None:
        where.append("seq > ?")
        args.append(read_count(f.after, "after"))
    tail = " ORDER BY seq"
    if f.limit is not None:
        tail += " LIMIT ?"
        args.append(read_count(f.limit, "limit"))
    return where, args, tail
