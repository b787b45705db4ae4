"""Reading caller input: field types shared by applications and events.

读取调用方输入的公共字段类型：空字符串视同缺失；枚举去空白、忽略大小写、接受中文名；
日期按北京时间读取；含孤立代理项（lone surrogate）的文本不是 Unicode 文本，拒绝读取。

Each type carries its own JSON Schema (``WithJsonSchema``), written to accept exactly what its
validator accepts (product.md, "The JSON Schema is exactly the accepted input"), and every model
is closed (``additionalProperties: false``): whatever generates the schema from these models
(``gongguan-rules schema``, the service's OpenAPI document) gives the same closed schema. Two
forgivenesses are not spelt out in the schema, which lists each value as written: enum values
(and the words for yes and no) are also matched ignoring case and surrounding blanks.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from functools import lru_cache
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from ..errors import InputError, loc_to_path
from ..law.vocab import accepted_spellings, parse_enum
from ..quoting import quote, shorten
from .dates import API_DATE_PATTERN, BLANK_CLASS, DateParseError, to_beijing_date

#: Every input model is closed in its schema; an unknown key is read past with a warning.
INPUT_CONFIG = ConfigDict(
    extra="ignore", frozen=True, str_strip_whitespace=True, json_schema_extra={"additionalProperties": False}
)

# ----------------------------------------------------------------------------- schema fragments

NULL_SCHEMA: dict[str, Any] = {"type": "null"}
#: An empty or blank string: the same as an absent field.
BLANK_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": f"^{BLANK_CLASS}*$",
    "description": "空字符串（或仅含空白）视同缺失 / an empty (or blank) string is the same as an absent field",
}
#: Unicode text: any string without a lone surrogate (RFC 8259 §8.2).
TEXT_SCHEMA: dict[str, Any] = {"type": "string", "pattern": "^[^\\ud800-\\udfff]*$"}
DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": API_DATE_PATTERN,
    "description": "ISO 日历日期 YYYY-MM-DD，或 RFC 3339 时间（不带时区者按北京时间）/ an ISO calendar date "
    "YYYY-MM-DD, or an RFC 3339 datetime (without an offset: Beijing time)",
}
#: The largest whole number read as text: 2^63, which a double holds exactly, so that a schema whose
#: bounds pass through floats (FastAPI's OpenAPI document) says the same.
_WHOLE_LIMIT = 2**63
_MAX_AMOUNT = sys.float_info.max


def optional(*schemas: dict[str, Any]) -> dict[str, Any]:
    """A field that may also be absent: null or a blank string. 可缺失的字段。"""
    return {"anyOf": [*schemas, BLANK_SCHEMA, NULL_SCHEMA]}


# ----------------------------------------------------------------------------- readers


def is_blank(value: object) -> bool:
    """An empty or blank string, which stands for an absent field. 空字符串视同缺失。"""
    return isinstance(value, str) and not value.strip()


def _unicode(value: str) -> str:
    """``value`` if it is Unicode text; a lone surrogate cannot be stored, shown or sent."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"含孤立代理项（第 {exc.start + 1} 个字符），不是 Unicode 文本 / holds a lone surrogate "
                f"(character {exc.start + 1}): not Unicode text"
            ) from None
    return value


def _kind_of(value: object) -> str:
    """What a wrong value is, without its repr (a nested list's repr can exhaust the stack)."""
    return (
        quote(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else type(value).__name__
    )


def _enum_reader(enum: type[StrEnum], optional: bool = True) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if value is None or isinstance(value, enum):
            return value
        if optional and is_blank(value):
            return None
        if not isinstance(value, str):
            raise ValueError(f"应为文本 / expected text, got {type(value).__name__}")
        parsed = parse_enum(enum, _unicode(value))
        if parsed is None:
            options = ", ".join(m.value for m in enum)
            raise ValueError(
                f"未知的取值 {quote(value)}，可选：{options}（或其中文名）/ unknown value {quote(value)}; "
                f"expected one of {options} (or its Chinese name)"
            )
        return enum(parsed)

    read.__name__ = f"read_{enum.__name__}"
    return read


def enum_reader(enum: type[StrEnum]) -> BeforeValidator:
    """A validator reading an optional enum leniently (Chinese names, case, blanks). 宽松读取枚举。"""
    return BeforeValidator(_enum_reader(enum))


def enum_item_reader(enum: type[StrEnum]) -> BeforeValidator:
    """A validator reading an enum that must be given (a list item, an event's kind)."""
    return BeforeValidator(_enum_reader(enum, optional=False))


def enum_schema(enum: type[StrEnum], optional_field: bool = True) -> WithJsonSchema:
    """The schema of an enum: its values and their Chinese names (law/vocab.py) as written."""
    spellings = sorted(set(accepted_spellings(enum)) | {m.value for m in enum})
    values = {
        "enum": spellings,
        "description": f"{enum.__doc__ or enum.__name__}（英文值或中文名 / value or Chinese name）",
    }
    return WithJsonSchema(optional(values) if optional_field else values, mode="validation")


def _read_date(value: Any) -> Any:
    if value is None or is_blank(value):
        return None
    try:
        return to_beijing_date(value)
    except DateParseError as exc:
        raise ValueError(str(exc)) from None


_TRUE = {"true", "yes", "y", "1", "是", "有", "对", "真"}
_FALSE = {"false", "no", "n", "0", "否", "无", "不", "假"}
BOOL_SCHEMA = optional(
    {"type": "boolean"},
    {
        "enum": [*sorted(_TRUE), *sorted(_FALSE), 0, 1],
        "description": "是/否的其他写法 / other ways of writing yes and no",
    },
)


def _read_bool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        key = value.strip().lower()
        if not key:
            return None
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    elif isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    raise ValueError(f"应为是/否（true/false），实为 {_kind_of(value)} / expected true or false, got {_kind_of(value)}")


def _read_text(value: Any) -> Any:
    """Text; a whole number (an all-digit credit code or a row number written unquoted in YAML or
    JSON) is read as its digits. 文本；整数（未加引号的全数字代码、行号）按其数字读取。"""
    if value is None or is_blank(value):
        return None
    if isinstance(value, str):
        return _unicode(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"应为文本或整数 / expected text or a whole number, got {_kind_of(value)}")
        if abs(value) > _WHOLE_LIMIT:
            raise ValueError(f"整数超出范围（±2⁶³）/ a whole number beyond ±2^63, got {_kind_of(value)}")
        return str(int(value))
    raise ValueError(f"应为文本，实为 {type(value).__name__} / expected text, got {type(value).__name__}")


_YEAR_TEXT = re.compile(f"^{BLANK_CLASS}*([0-9]{{4}}){BLANK_CLASS}*$")
YEAR_SCHEMA = optional(
    {"type": "integer", "minimum": 1990, "maximum": 2100},
    {"type": "string", "pattern": f"^{BLANK_CLASS}*(?:199[0-9]|20[0-9][0-9]|2100){BLANK_CLASS}*$"},
)


def _read_year(value: Any) -> Any:
    """A plan year: a whole number, or its four digits as text (range checked by the field)."""
    if value is None or is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("应为年份 / expected a year")
    if isinstance(value, str):
        match = _YEAR_TEXT.match(value)
        if match is None:
            raise ValueError(f"应为四位数字的年份 / expected a year of four digits, got {quote(value)}")
        return int(match.group(1))
    return value


AMOUNT_SCHEMA = optional({"type": "number", "minimum": 0, "maximum": _MAX_AMOUNT})


def _read_amount(value: Any) -> Any:
    """An amount of money: a number from 0 up (a JSON number; text is not an amount)."""
    if value is None or is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"应为金额（数字）/ expected an amount (a number), got {_kind_of(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("应为有限的金额 / expected a finite amount")
    if not 0 <= value <= _MAX_AMOUNT:
        raise ValueError(f"金额应在 0 与 {_MAX_AMOUNT} 之间 / an amount from 0 to {_MAX_AMOUNT}, got {_kind_of(value)}")
    return float(value)


def absent_part(value: object) -> object:
    """A nested part given as null or a blank string is the same as an absent part. 缺失的部分视同空。"""
    return {} if value is None or is_blank(value) else value


def absent_value(value: object) -> object:
    """A blank string is an absent value (a list, a nested part). 空字符串视同缺失。"""
    return None if is_blank(value) else value


def part_schema(schema: dict[str, Any]) -> None:
    """Field-level schema of a nested part or list that may also be null or blank (mutates)."""
    given = dict(schema)
    schema.clear()
    for key in ("title", "description", "default"):
        if key in given:
            schema[key] = given.pop(key)
    alternatives = given.pop("anyOf", None) or [given]
    alternatives = [a for a in alternatives if a != NULL_SCHEMA]
    schema["anyOf"] = [*alternatives, BLANK_SCHEMA, NULL_SCHEMA]


OptDate = Annotated[date | None, BeforeValidator(_read_date), WithJsonSchema(optional(DATE_SCHEMA), mode="validation")]
OptBool = Annotated[bool | None, BeforeValidator(_read_bool), WithJsonSchema(BOOL_SCHEMA, mode="validation")]
OptText = Annotated[
    str | None,
    BeforeValidator(_read_text),
    WithJsonSchema(
        optional(TEXT_SCHEMA, {"type": "integer", "minimum": -_WHOLE_LIMIT, "maximum": _WHOLE_LIMIT}), mode="validation"
    ),
]
#: A plan year, 1990 to 2100 (the range a history record's year may take). 方案年度。
OptYear = Annotated[
    Annotated[int, Field(ge=1990, le=2100)] | None,
    BeforeValidator(_read_year),
    WithJsonSchema(YEAR_SCHEMA, mode="validation"),
]
OptAmount = Annotated[float | None, BeforeValidator(_read_amount), WithJsonSchema(AMOUNT_SCHEMA, mode="validation")]


#: The most faults an InputError lists one by one (a list of a million bad items is one line more).
ERRORS_LISTED = 20


def input_error(exc: ValidationError, prefix: str = "") -> InputError:
    """Turn a pydantic ValidationError into an InputError naming every field path."""
    errors: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False, include_input=False, include_context=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        message = str(err.get("msg", "invalid"))
        message = message.removeprefix("Value error, ")
        kind = err.get("type")
        if kind in ("model_type", "dict_type", "model_attributes_type"):
            message = "应为映射（键值对）/ expected a mapping"
        elif kind == "list_type":
            message = "应为列表 / expected a list"
        elif kind == "missing":
            message = "缺少必填字段 / required field missing"
        errors.append((loc_to_path(loc, prefix), shorten(message, 600)))
    if len(errors) > ERRORS_LISTED:
        more = len(errors) - ERRORS_LISTED
        errors = [*errors[:ERRORS_LISTED], (errors[ERRORS_LISTED][0], f"另有 {more} 处错误未列出 / {more} more errors")]
    return InputError(errors)


__all__ = [
    "INPUT_CONFIG",
    "OptAmount",
    "OptBool",
    "OptDate",
    "OptText",
    "OptYear",
    "absent_part",
    "absent_value",
    "accepted_spellings",
    "enum_item_reader",
    "enum_reader",
    "enum_schema",
    "input_error",
    "is_blank",
    "loc_to_path",
    "part_schema",
    "unknown_fields",
]


def unknown_fields(model: type[BaseModel], data: Any, prefix: str = "") -> list[str]:
    """Keys of ``data`` that ``model`` does not know, as field paths with a "did you mean".

    未识别的字段：不会引发错误（其他系统可能附带更多信息），但在决定中提示，以免拼写错误被忽略。
    A key that is not Unicode text (a lone surrogate) cannot be shown in a warning, nor stored:
    it raises InputError naming where it stands.
    """
    if not isinstance(data, Mapping):
        return []
    fields = _nested_models(model)
    out: list[str] = []
    for key, value in data.items():
        if key not in fields:
            name = key if isinstance(key, str) else quote(key)
            try:
                _unicode(name)
            except ValueError as exc:
                raise InputError([(f"{prefix}{quote(name)}", f"字段名{exc}")]) from None
            close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6) if len(name) <= 64 else []
            hint = f"（是否想写“{prefix}{close[0]}”？/ did you mean '{prefix}{close[0]}'?）" if close else ""
            out.append(f"未识别的字段 / unknown field: {prefix}{shorten(name)}{hint}")
            continue
        nested = fields[key]
        if nested is None:
            continue
        sub, is_list = nested
        if is_list and isinstance(value, list):
            for i, item in enumerate(value):
                out.extend(unknown_fields(sub, item, f"{prefix}{key}[{i}]."))
        elif not is_list and isinstance(value, Mapping):
            out.extend(unknown_fields(sub, value, f"{prefix}{key}."))
    return out


@lru_cache(maxsize=64)
def _nested_models(model: type[BaseModel]) -> dict[str, tuple[type[BaseModel], bool] | None]:
    """Each field of ``model`` with the model it holds (and whether in a list), if it holds one."""
    out: dict[str, tuple[type[BaseModel], bool] | None] = {}
    for name, info in model.model_fields.items():
        out[name] = _held_model(info.annotation)
    return out


def _held_model(annotation: Any) -> tuple[type[BaseModel], bool] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = get_origin(annotation)
    if origin is Union or origin is UnionType:
        for arg in get_args(annotation):
            if arg is not NoneType and (held := _held_model(arg)) is not None:
                return held
    if origin is list:
        args = get_args(annotation)
        held = _held_model(args[0]) if args else None
        if held is not None:
            return held[0], True
    if origin is Annotated:
        return _held_model(get_args(annotation)[0])
    return None
