"""The history, read once and indexed, so that a large record costs little per evaluation.

历史记录的索引：一次读取、校验并建立索引（按单位、按项目名称、按名称相似度），
之后每次判断只取与申报单位或项目名称相关的记录。对大量历史记录，请先建立
``HistoryIndex`` 再反复传入 ``evaluate``。
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import InputError
from ..inputs.reading import input_error, unknown_fields
from ..law.vocab import EventKind
from .events import Event
from .project_names import ProjectNameIndex, normalize_project_name

_DROP = set(" \t\r\n\u3000()（）[]【】《》<>\"'“”‘’·.,，、;；:：")


@functools.lru_cache(maxsize=16384)
def unit_name_key(name: str) -> str:
    """A unit's name reduced to compare: NFKC, no blanks or brackets. 单位名称的比较形式。

    Remembered (bounded): a history passed as a list is read again on every evaluation.
    """
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if ch not in _DROP).lower()


def unit_key(credit_code: str | None, unit: str | None) -> str | None:
    """A unit's identity: its credit code, else ``n:`` and its normalised name.

    单位的身份：以统一社会信用代码为准；没有代码的记录以单位名称识别。
    """
    if credit_code:
        return credit_code.strip().upper()
    if unit:
        key = unit_name_key(unit)
        return f"n:{key}" if key else None
    return None


def read_event(item: Any, where: str) -> Event:
    """Read one event (a model or a JSON-like mapping); InputError names ``where``."""
    if isinstance(item, Event):
        return item
    if not isinstance(item, Mapping):
        raise InputError([(where, f"应为映射（键值对）/ expected a mapping, got {type(item).__name__}")])
    try:
        return Event.model_validate(dict(item))
    except ValidationError as exc:
        raise input_error(exc, where) from None


#: The most unknown-field warnings a history gives one by one; the rest are counted.
WARNINGS_SHOWN = 10
_EVENT_LIST: TypeAdapter[list[Event]] = TypeAdapter(list[Event])
_EVENT_FIELDS = frozenset(Event.model_fields)


def _unknown_fields(items: list[Any], start: int) -> list[str]:
    """The unknown fields of the records given as mappings, as warnings, the first few by name."""
    warnings: list[str] = []
    for number, item in enumerate(items, start=start):
        if isinstance(item, Event) or not isinstance(item, Mapping):
            continue
        nested = isinstance(item.get("recommender"), Mapping) or bool(item.get("experts"))
        if not nested and item.keys() <= _EVENT_FIELDS:
            continue  # nothing unknown, and no nested part to look into
        warnings.extend(unknown_fields(Event, item, f"history[{number}]."))
    if len(warnings) > WARNINGS_SHOWN:
        more = len(warnings) - WARNINGS_SHOWN
        warnings = [*warnings[:WARNINGS_SHOWN], f"history: 另有 {more} 处未识别的字段 / {more} more unknown fields"]
    return warnings


def _read_all(events: Iterable[Event | Mapping[str, Any]], start: int) -> tuple[list[Event], list[str]]:
    """Read every event, reporting every unreadable one with its position (``history[3].date``),
    and the unknown fields of the records given as mappings (warnings: history[3].note).

    A list of dicts and events is validated in one call; only when it fails is it read again
    item by item, to name every fault.
    """
    items = events if isinstance(events, list) else list(events)
    if all(type(item) is dict or isinstance(item, Event) for item in items):
        try:
            read = _EVENT_LIST.validate_python(items)
        except ValidationError:
            pass
        else:
            return read, _unknown_fields(items, start)
    read = []
    errors: list[tuple[str, str]] = []
    for number, item in enumerate(items, start=start):
        try:
            read.append(read_event(item, f"history[{number}]"))
        except InputError as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputError(errors)
    return read, _unknown_fields(items, start)


class HistoryIndex:
    """The whole record, validated and indexed. 全部历史记录（已校验、已索引）。

    Build it once from events (models or dicts) and pass it as ``history=`` to
    :func:`gongguan_rules.evaluate` or :func:`gongguan_rules.evaluate_event`. It is immutable
    and safe to share between threads. ``warnings`` names the unknown fields of the records given
    as mappings (``history[3].note``); every decision judged against the index repeats them.
    """

    def __init__(self, events: Iterable[Event | Mapping[str, Any]] = ()) -> None:
        read, self.warnings = _read_all(events, 0)
        self._build(read)

    def extended(self, events: Iterable[Event | Mapping[str, Any]]) -> HistoryIndex:
        """A new index with ``events`` appended; the records already read are not read again.

        追加记录后的新索引（已读取的记录不再重新校验）。
        """
        new = object.__new__(HistoryIndex)
        read, warnings = _read_all(events, len(self.events))
        new.warnings = [*self.warnings, *warnings]
        new._build([*self.events, *read])
        return new

    def _build(self, read: list[Event]) -> None:
        self.events: tuple[Event, ...] = tuple(read)
        dated = [e.date for e in read if e.date is not None]
        self.latest_date: date | None = max(dated) if dated else None
        self._by_unit: dict[str, list[int]] = {}
        self._by_name: dict[str, list[int]] = {}
        self._by_unit_name: dict[str, list[int]] = {}
        unit_keys: list[str | None] = []
        name_keys: list[str | None] = []
        for i, e in enumerate(read):
            name = unit_name_key(e.unit) if e.unit else ""
            if name:
                self._by_unit_name.setdefault(name, []).append(i)
            if e.credit_code:
                ukey: str | None = e.credit_code.strip().upper()
            else:
                ukey = f"n:{name}" if name else None
            unit_keys.append(ukey)
            if ukey is not None:
                self._by_unit.setdefault(ukey, []).append(i)
            nkey = (normalize_project_name(e.project_name) or None) if e.project_name else None
            name_keys.append(nkey)
            if nkey is not None:
                self._by_name.setdefault(nkey, []).append(i)
        self.unit_keys: tuple[str | None, ...] = tuple(unit_keys)
        self.name_keys: tuple[str | None, ...] = tuple(name_keys)
        self._names: ProjectNameIndex | None = None  # built on the first near-name search

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def of_unit(self, key: str | None) -> list[int]:
        """Indexes of the records of one unit. 某单位的记录。"""
        return self._by_unit.get(key, []) if key else []

    def of_same_unit(self, credit_code: str | None, unit: str | None) -> list[int]:
        """Records of the unit known by this credit code and name, in record order.

        同一单位的记录：双方都有信用代码时以代码为准；任一方没有代码时以单位名称为准
        (docs/interpretations.md#identity).
        """
        code = credit_code.strip().upper() if credit_code else None
        found = set(self._by_unit.get(code, [])) if code else set()
        name = unit_name_key(unit) if unit else ""
        if name:
            for i in self._by_unit_name.get(name, []):
                other = self.events[i].credit_code
                if code is None or not other:
                    found.add(i)
        return sorted(found)

    def with_name(self, name_key: str | None) -> list[int]:
        """Indexes of the records with one normalised project name. 同名项目的记录。"""
        return self._by_name.get(name_key, []) if name_key else []

    def similar_names(self, name: str, threshold: float, limit: int) -> list[tuple[int, float]]:
        """Past projects and results whose names are similar (Dice ≥ threshold), best first.

        The name index is built on the first call (two threads racing build equal indexes).
        """
        names = self._names
        if names is None:
            names = self._names = ProjectNameIndex(
                (i, e.project_name)
                for i, e in enumerate(self.events)
                if e.project_name and e.kind in (EventKind.approved, EventKind.excellent_recognized)
            )
        return names.similar(name, threshold, limit)


def as_history(history: HistoryIndex | Iterable[Event | Mapping[str, Any]] | None) -> HistoryIndex:
    """Accept a HistoryIndex as it is, or read an iterable of events into one."""
    if history is None:
        return _EMPTY
    if isinstance(history, HistoryIndex):
        return history
    if isinstance(history, str | bytes | Mapping):
        raise InputError([("history", "应为事件列表 / expected a list of events")])
    try:
        items = list(history)
    except TypeError:
        raise InputError([("history", "应为事件列表 / expected a list of events")]) from None
    return HistoryIndex(items) if items else _EMPTY


_EMPTY = HistoryIndex()
