"""Reading caller input: field types shared by applications and events.

读取调用方输入的公共字段类型：空字符串视同缺失；枚举去空白、忽略大小写、接受中文名；
日期按北京时间读取。
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from ..errors import InputError, loc_to_path
from ..law.vocab import accepted_spellings, parse_enum
from .dates import DateParseError, to_beijing_date

INPUT_CONFIG = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)


def _empty_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _enum_reader(enum: type[StrEnum]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        value = _empty_to_none(value)
        if value is None or isinstance(value, enum):
            return value
        if not isinstance(value, str):
            raise ValueError(f"应为文本 / expected text, got {type(value).__name__}")
        parsed = parse_enum(enum, value)
        if parsed is None:
            options = ", ".join(m.value for m in enum)
            raise ValueError(
                f"未知的取值“{value}”，可选：{options}（或其中文名）/ unknown value {value!r}; "
                f"expected one of {options} (or its Chinese name)"
            )
        return enum(parsed)

    read.__name__ = f"read_{enum.__name__}"
    return read


def _read_date(value: Any) -> Any:
    value = _empty_to_none(value)
    if value is None:
        return None
    try:
        return to_beijing_date(value)
    except DateParseError as exc:
        raise ValueError(str(exc)) from None


_TRUE = {"true", "yes", "y", "1", "是", "有", "对", "真"}
_FALSE = {"false", "no", "n", "0", "否", "无", "不", "假"}


def _read_bool(value: Any) -> Any:
    value = _empty_to_none(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(f"应为是/否（true/false），实为 {value!r} / expected true or false")


def _read_text(value: Any) -> Any:
    value = _empty_to_none(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"应为文本，实为 {type(value).__name__} / expected text")


def enum_reader(enum: type[StrEnum]) -> BeforeValidator:
    """A validator reading an enum leniently (Chinese names, case, blanks). 宽松读取枚举。"""
    return BeforeValidator(_enum_reader(enum))


OptDate = Annotated[date | None, BeforeValidator(_read_date)]
OptBool = Annotated[bool | None, BeforeValidator(_read_bool)]
OptText = Annotated[str | None, BeforeValidator(_read_text)]


def input_error(exc: ValidationError, prefix: str = "") -> InputError:
    """Turn a pydantic ValidationError into an InputError naming every field path."""
    errors: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        message = str(err.get("msg", "invalid"))
        message = message.removeprefix("Value error, ")
        if err.get("type") == "model_type" or err.get("type") == "dict_type":
            message = f"应为映射（键值对）/ expected a mapping, got {type(err.get('input')).__name__}"
        elif err.get("type") == "list_type":
            message = f"应为列表 / expected a list, got {type(err.get('input')).__name__}"
        elif err.get("type") == "missing":
            message = "缺少必填字段 / required field missing"
        errors.append((loc_to_path(loc, prefix), message))
    return InputError(errors)


__all__ = [
    "INPUT_CONFIG",
    "OptBool",
    "OptDate",
    "OptText",
    "accepted_spellings",
    "enum_reader",
    "input_error",
    "loc_to_path",
    "unknown_fields",
]


def unknown_fields(model: type[BaseModel], data: Any, prefix: str = "") -> list[str]:
    """Keys of ``data`` that ``model`` does not know, as field paths with a "did you mean".

    未识别的字段：不会引发错误（其他系统可能附带更多信息），但在决定中提示，以免拼写错误被忽略。
    """
    if not isinstance(data, Mapping):
        return []
    fields = _nested_models(model)
    out: list[str] = []
    for key, value in data.items():
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
            hint = f"（是否想写“{prefix}{close[0]}”？/ did you mean '{prefix}{close[0]}'?）" if close else ""
            out.append(f"未识别的字段 / unknown field: {prefix}{key}{hint}")
            continue
        nested = fields[key]
        if nested is not None and isinstance(value, Mapping):
            out.extend(unknown_fields(nested, value, f"{prefix}{key}."))
    return out


@lru_cache(maxsize=64)
def _nested_models(model: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """Each field of ``model`` with the model it holds, if it holds one."""
    out: dict[str, type[BaseModel] | None] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        out[name] = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return out
