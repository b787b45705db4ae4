"""The contract's fields as a table fills them: each dotted path and how its cell is read.

合同字段（点路径）及其单元格的读法，由申报与事件的模型得出，不另写一份。
"""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..inputs.application import Application
from ..records.events import Event
from . import values

Reader = Callable[[Any], Any]


def _unwrap(annotation: Any) -> list[Any]:
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return [a for a in get_args(annotation) if a is not type(None)]
    return [annotation]


def _enum(kinds: list[Any]) -> type[StrEnum] | None:
    return next((k for k in kinds if isinstance(k, type) and issubclass(k, StrEnum)), None)


def _reader(kinds: list[Any]) -> Reader:
    enum = _enum(kinds)
    if enum is not None:
        return lambda value: values.read_enum(enum, value)
    lists = [k for k in kinds if get_origin(k) is list]
    if lists:
        inner = _unwrap(get_args(lists[0])[0])
        item_enum = _enum(inner)
        if item_enum is not None:
            return lambda value: values.read_enum_list(item_enum, value)
        if any(isinstance(k, type) and issubclass(k, BaseModel) for k in inner):
            return values.read_json_list
        return values.split_list
    if bool in kinds:
        return values.read_bool
    if date in kinds:
        return values.read_date
    if int in kinds:
        return lambda value: values.read_number(value, whole=True)
    if float in kinds:
        return lambda value: values.read_number(value, whole=False)
    return values.read_text


def _paths(model: type[BaseModel], prefix: str = "") -> dict[str, Reader]:
    out: dict[str, Reader] = {}
    for name, info in model.model_fields.items():
        kinds = _unwrap(info.annotation)
        sub = next((k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)), None)
        if sub is not None:
            out.update(_paths(sub, f"{prefix}{name}."))
        else:
            out[f"{prefix}{name}"] = _reader(kinds)
    return out


@cache
def application_fields() -> dict[str, Reader]:
    """Every dotted path of the application (``applicant.name``, ``materials``…) → its reader."""
    return _paths(Application)


@cache
def event_fields() -> dict[str, Reader]:
    """Every dotted path of an event (``kind``, ``date``, ``recommender.name``…) → its reader."""
    return _paths(Event)


def set_path(target: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path in nested dicts. 按点路径写入。"""
    parts = path.split(".")
    node = target
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def drop_path(target: dict[str, Any], path: str) -> None:
    """Remove a dotted path (and parents left empty). 按点路径删除。"""
    parts = path.split(".")
    trail: list[dict[str, Any]] = [target]
    for part in parts[:-1]:
        child = trail[-1].get(part)
        if not isinstance(child, dict):
            return
        trail.append(child)
    trail[-1].pop(parts[-1], None)
    for depth in range(len(parts) - 1, 0, -1):
        if not trail[depth]:
            trail[depth - 1].pop(parts[depth - 1], None)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts as dotted paths (lists and scalars are leaves). 展开为点路径。"""
    if not isinstance(data, dict):
        return {prefix: data} if prefix else {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.update(flatten(value, path))
        else:
            out[path] = value
    return out
