"""JSON Schemas of the contract, for other systems. 供其他系统使用的 JSON Schema。

The application and the event are input: their schemas describe what is read (validation
mode). The decision is output: its schema describes what ``Decision.model_dump(mode="json")``
writes (serialization mode). Input is read leniently beyond what a schema can say: enum values
are matched after trimming and ignoring case, their Chinese names are accepted, an empty string
is an absent field, and dates may be datetimes (read in Asia/Shanghai).

申报与事件是输入（按读取方式生成），决定是输出（按序列化方式生成）。
"""

from __future__ import annotations

from typing import Any

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
