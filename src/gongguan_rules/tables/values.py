"""Reading one cell the way an office types it. 按办公室的填写习惯读取单元格。

The API reads only ISO dates and the contract's own spellings (product.md, "The JSON Schema is
exactly the accepted input"); a 汇总表 is typed by people, so this module alone also takes:

- dates: Excel date cells, ``2026-04-18``, ``2026/4/18``, ``2026.4.18``, ``2026年4月18日``
  (full-width digits too), and a date with a time (``2026-04-18 10:30``);
- yes/no: 是/否, √/×, ✓/✗, 对/错, 有/无, Y/N, yes/no, true/false, 1/0 and Excel's TRUE/FALSE;
- lists: items separated by 、，,;； | or line breaks (``提质增效、节能降耗``);
- enum values: the contract's ids or their Chinese names, in any case, blanks trimmed.

Each reader returns the value in the contract's shape (an ISO string for a date) or raises
:class:`CellError` saying, in Chinese and English, what the cell should hold.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from ..law.vocab import CHINESE_NAMES, accepted_spellings, parse_enum
from ..quoting import shorten
from .headers import did_you_mean, spellings


class CellError(ValueError):
    """A cell that cannot be understood; the message says what it should hold. 无法理解的单元格。"""


_DATE = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T.+")

_TRUE = frozenset({"是", "√", "✓", "✔", "对", "有", "y", "yes", "true", "1", "已承诺", "承诺"})
_FALSE = frozenset({"否", "×", "✗", "✘", "x", "错", "无", "n", "no", "false", "0", "不", "未承诺"})
LIST_SEPARATORS = re.compile(r"[、，,;；|\n\r]+")


def _shown(value: Any) -> str:
    """A cell's text as quoted in a message: shortened when long (quoting.shorten)."""
    return shorten(cell_text(value).strip())


def is_blank(value: Any) -> bool:
    """An empty cell: None, an empty or blank string, or a missing number (NaN, pandas NA)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    try:  # pandas.NA, pandas.NaT
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def cell_text(value: Any) -> str:
    """A cell as text: a whole number without ``.0``, a date in ISO form. 单元格的文本形式。"""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_text(value: Any) -> str:
    """A text fact (a name, a credit code, a district): numbers without ``.0``, trimmed."""
    if isinstance(value, bool):
        raise CellError(f"应为文字，而不是 {_shown(value)} / expected text, not {_shown(value)}")
    return cell_text(value).strip()


def read_date(value: Any) -> str:
    """A date as an office types it, as an ISO date (or datetime, when a time is given)."""
    if isinstance(value, datetime):
        return value.isoformat() if value.time() != time(0, 0) or value.tzinfo else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    bad = (
        f"“{_shown(value)}”不是日期，应写作 2026-04-18、2026/4/18 或 2026年4月18日 / "
        f"{_shown(value)!r} is not a date: write 2026-04-18, 2026/4/18 or 2026年4月18日"
    )
    if not isinstance(value, str):
        raise CellError(bad)
    text = unicodedata.normalize("NFKC", value).strip()
    if _ISO_DATETIME.fullmatch(text):
        try:
            return datetime.fromisoformat(text).isoformat()
        except ValueError:
            raise CellError(bad) from None
    match = _DATE.match(text)
    if match is None:
        raise CellError(bad)
    year, month, day = match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)
    try:
        day_value = date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"不存在的日期“{text}”/ no such day {text!r}") from None
    rest = text[match.end() :].strip()
    if not rest:
        return day_value.isoformat()
    clock = _TIME.fullmatch(rest)
    if clock is None:
        raise CellError(bad)
    try:
        moment = time(int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0))
    except ValueError:
        raise CellError(bad) from None
    return datetime.combine(day_value, moment).isoformat()


def read_bool(value: Any) -> bool:
    """是/否, √/×, Y/N and the like. 是否。"""
    if isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value)).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"“{_shown(value)}”应为 是/否（√/×、Y/N）/ {_shown(value)!r}: expected 是/否, √/× or Y/N")


def read_enum(enum: type[StrEnum], value: Any) -> str:
    """An enum value from its id or Chinese name. 枚举值（英文或中文名）。"""
    if not isinstance(value, str):
        raise CellError(f"应为文字，而不是 {_shown(value)} / expected text, not {_shown(value)}")
    parsed = parse_enum(enum, unicodedata.normalize("NFKC", value).strip())
    if parsed is None:
        parsed = parse_enum(enum, value)
    if parsed is not None:
        return parsed
    names = CHINESE_NAMES.get(enum, {})
    options = "、".join(f"{zh}（{en}）" for en, zh in names.items()) or ", ".join(m.value for m in enum)
    hint = did_you_mean(value, spellings(accepted_spellings(enum)))
    shown = _shown(value)
    zh = f"；是否想写“{hint}”？" if hint else ""
    en = f"; did you mean {hint!r}?" if hint else ""
    raise CellError(f"未知的取值“{shown}”，可选：{options}{zh} / unknown value {shown!r}{en}")


def split_list(value: Any) -> list[str]:
    """The items of a list cell (提质增效、节能降耗). 列表单元格的各项。"""
    return [part.strip() for part in LIST_SEPARATORS.split(cell_text(value)) if part.strip()]


def read_enum_list(enum: type[StrEnum], value: Any) -> list[str]:
    """A list of enum values; one unknown item makes the whole cell not understood."""
    return [read_enum(enum, item) for item in split_list(value)]


def read_json_list(value: Any) -> list[Any]:
    """A list of records written as a JSON array (an evaluation panel's experts)."""
    try:
        data = json.loads(cell_text(value))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise CellError(f"应为 JSON 数组 / expected a JSON array: {exc}") from None
    if not isinstance(data, list):
        raise CellError("应为 JSON 数组 / expected a JSON array")
    return data


def read_number(value: Any, whole: bool) -> int | float:
    """A year (whole) or an amount. 年份或金额。"""
    if isinstance(value, bool):
        raise CellError("应为数字 / expected a number")
    if isinstance(value, int | float) and not (isinstance(value, float) and not math.isfinite(value)):
        number: int | float = value
    else:
        text = unicodedata.normalize("NFKC", cell_text(value)).strip().removesuffix("年度").removesuffix("年")
        try:
            number = int(text) if whole else float(text)
        except ValueError:
            raise CellError(f"“{_shown(value)}”应为数字 / {_shown(value)!r}: expected a number") from None
    if whole:
        if float(number) != int(number):
            raise CellError(f"“{_shown(value)}”应为整数 / expected a whole number")
        return int(number)
    return float(number)
