"""Request bodies: described by the library's own models, read by the library's own readers.

请求体：以本库自己的模型描述（OpenAPI 文档由此生成），以本库自己的读取函数读取。

Each body is a small envelope (``application``, ``plan``, ``history``, ``as_of``; ``event``…).
FastAPI checks only the envelope: a JSON object with known keys. Each value inside is handed *as
the client sent it* to the library (:func:`gongguan_rules.evaluate` and friends), exactly as a
Python caller would hand over a dict, so that

- the decision is the one an in-process call on the same JSON gives, warnings about unknown
  fields included, byte for byte;
- a value that cannot be read is refused with the library's own field path and message
  (``application.project.start_date``), never with a second, different reading.

The OpenAPI schema of each value is nevertheless generated from the library's model
(``json_schema_input_type``), the same source as ``gongguan-rules schema``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from ..errors import InputError
from ..inputs.application import Application
from ..inputs.reading import OptDate
from ..law.plans import Plan, available_plans, load_plan
from ..records.events import Event
from ..records.history_index import HistoryIndex, read_event
from .errors import refuse

__all__ = [
    "BODY_KEYS",
    "EvaluateRequest",
    "EventEvaluateRequest",
    "RawDate",
    "RecordRequest",
    "bundled_plan",
    "event_plan",
    "given_history",
    "no_lone_surrogates",
]


def _as_given(value: Any) -> Any:
    return value


#: Bundled plan years, for the schema's enum. 随包方案年度。
YEARS: list[int] = available_plans()

RawApplication = Annotated[
    Any,
    PlainValidator(_as_given, json_schema_input_type=Application),
    Field(description="申报（见 gongguan-rules schema application）/ the application"),
]
RawEvent = Annotated[
    Any,
    PlainValidator(_as_given, json_schema_input_type=Event),
    Field(description="事件（见 gongguan-rules schema event）/ the event"),
]
RawHistory = Annotated[
    Any,
    PlainValidator(_as_given, json_schema_input_type=list[Event] | None),
    Field(
        description=(
            "历史记录：缺省（或 null）时依据服务保存的记录；给出列表时只依据该列表（[] 即无记录）/ "
            "absent (or null): the server's stored record; a list: exactly that list ([]: none)"
        )
    ),
]


def _blank_is_absent(value: Any) -> Any:
    """An empty or blank date is an absent one, as the document (``OptDate``) says. 空白日期视同缺失。"""
    return None if isinstance(value, str) and not value.strip() else value


RawDate = Annotated[Any, PlainValidator(_blank_is_absent, json_schema_input_type=OptDate)]
RawPlan = Annotated[
    Any,
    PlainValidator(_as_given, json_schema_input_type=int),
    Field(
        description=(
            "随包方案的年度；服务不读取客户端指定的文件 / a bundled plan's year; "
            "the server reads no file a client names"
        ),
        json_schema_extra={"enum": list(YEARS)},
    ),
]
_AS_OF = (
    "判断日期；缺省时为输入中最晚的日期（从不取当前时间）/ the date of the decision; "
    "absent: the latest date in the input"
)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvaluateRequest(_Body):
    """``POST /v1/evaluate``: 判断一份申报 / judge one application."""

    application: RawApplication
    plan: RawPlan
    history: RawHistory = None
    as_of: Annotated[RawDate, Field(description=_AS_OF)] = None


class RecordRequest(_Body):
    """``POST /v1/records``: 判断并保存一个事件 / judge an event against the record and store both."""

    event: RawEvent
    plan: Annotated[
        RawPlan, Field(description="随包方案的年度；缺省时取事件的 year / a bundled year; absent: the event's year")
    ] = None
    as_of: Annotated[RawDate, Field(description=_AS_OF)] = None


class EventEvaluateRequest(RecordRequest):
    """``POST /v1/events/evaluate``: 判断一个事件（不保存）/ judge one lifecycle event (not stored)."""

    history: RawHistory = None


#: Every key a request body knows. 请求体可用的键。
BODY_KEYS: frozenset[str] = frozenset(
    name for model in (EvaluateRequest, EventEvaluateRequest, RecordRequest) for name in model.model_fields
)


def _years_text() -> str:
    return ", ".join(str(y) for y in YEARS)


def bundled_plan(value: Any, where: str = "plan") -> Plan:
    """The bundled plan a body names by its year; a path or anything else is refused (422)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in YEARS:
        years = _years_text()
        raise refuse(
            where, f"应为随包方案的年度（{years}）/ expected a bundled plan's year ({years}), got {value!r}"[:400]
        )
    return load_plan(value)


def event_plan(plan: Any, event: Any) -> Plan:
    """The plan an event body names, else the plan of the event's own ``year``."""
    if plan is not None:
        return bundled_plan(plan)
    year = read_event(event, "event").plan_year()
    if year is None:
        years = _years_text()
        raise refuse(
            "plan", f"缺少方案年度（事件也未给出 year）/ no plan given and the event has no year; one of {years}"
        )
    return bundled_plan(year)


def given_history(value: Any) -> HistoryIndex | None:
    """A history list read by the library (``history[3].date`` on a fault); None when absent."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise refuse("history", f"应为事件列表 / expected a list of events, got {type(value).__name__}")
    return HistoryIndex(value)


def no_lone_surrogates(value: Any, where: str) -> None:
    """Refuse a string holding a lone UTF-16 surrogate (``"\\ud800"``): it is not Unicode text.

    JSON lets a client escape half a character; such a string can be neither stored nor shown,
    so it is refused with its field path. 含孤立代理项的字符串不是 Unicode 文本，予以拒绝。
    """
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                raise InputError(
                    [(path, "含孤立代理项，不是有效的 Unicode 文本 / holds a lone surrogate: not Unicode text")]
                )
        elif isinstance(item, Mapping):
            for key, sub in item.items():
                if isinstance(key, str) and _has_surrogate(key):
                    raise InputError([(path, "键含孤立代理项 / a key holds a lone surrogate")])
                stack.append((sub, f"{path}.{key}" if path else str(key)))
        elif isinstance(item, list):
            stack.extend((sub, f"{path}[{i}]") for i, sub in enumerate(item))


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
