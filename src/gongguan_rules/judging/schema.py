"""JSON Schemas of the contract, for other systems. 供其他系统使用的 JSON Schema。

The application and the event are input: their schemas say exactly what ``gr.evaluate`` and
``gr.evaluate_event`` read without a warning (product.md, "The JSON Schema is exactly the accepted
input"). Every object is closed (``additionalProperties: false``); enums list their values and
Chinese names; dates are ISO calendar dates or RFC 3339 datetimes; a blank string or null is an
absent field where the library reads it so. The library forgives one thing more, which the schema
does not spell out: enum values (and the words for yes and no) are also matched ignoring case and
surrounding blanks. The schema describes JSON text (RFC 8259), which has no NaN or Infinity.

The decision is output: its schema describes what ``Decision.model_dump(mode="json")`` writes
(serialization mode), and grows with the Decision's fields.

The customisation lives on the models (inputs/reading.py: each field type carries its schema, and
every input model is closed), so any generator built on them (FastAPI's OpenAPI document included)
gives the same schemas; this module only assembles them.

申报与事件是输入：其 Schema 恰好描述本库无警告地接受的输入（对象封闭、枚举含中文名、日期为 ISO 日期或
RFC 3339 时间）；此外本库还忽略枚举值的大小写与首尾空白。决定是输出（按序列化方式生成）。
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from ..inputs.application import Application
from ..records.events import Event
from .decision import Decision

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The names :func:`json_schemas` returns, in order.
SCHEMA_NAMES: tuple[str, ...] = ("application", "event", "decision")


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of the application, the event and the decision, by name.

    申报（application）、事件（event）与决定（decision）的 JSON Schema。
    """
    schemas = {
        "application": Application.model_json_schema(mode="validation"),
        "event": Event.model_json_schema(mode="validation"),
        "decision": Decision.model_json_schema(mode="serialization"),
    }
    return {name: {"$schema": SCHEMA_DIALECT, **schema} for name, schema in schemas.items()}


def history_schema() -> dict[str, Any]:
    """The JSON Schema of ``history``: a list of events, each as :func:`json_schemas` ``["event"]``,
    or null (no history).

    历史记录（事件列表，或 null 表示没有记录）的 JSON Schema。
    """
    return {"$schema": SCHEMA_DIALECT, **TypeAdapter(list[Event] | None).json_schema(mode="validation")}
