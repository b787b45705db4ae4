"""One record of a history file, whatever its format: the faults collected while reading
(:class:`HistoryFileError` reports them all at once), the mapping of a record's keys to fields,
and the checks that turn its values into an event dict.

各格式共用的记录构造：收集错误（:class:`HistoryFileError` 一次列出全部）、把键对应到字段、检查取值
并生成事件。
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...quoting import quote
from ...tables.headers import header_key
from .fields import (
    COLUMN_LOOKUP,
    FIELDS,
    IGNORED_LOOKUP,
    NEEDS_PROJECT_NAME,
    SECTIONS,
    date_value,
    kind_value,
    reason_value,
    text_value,
    unknown_column,
    year_value,
)


class HistoryFileError(ValueError):
    """A history file that cannot be read; lists every fault of the file at once.

    历史记录文件有误：一次列出全部错误，每行形如 ``file:line: 说明``。

    Attributes:
        path: The file, as given.
        line: The line of the first fault (1-based), or None for a fault of the whole file.
        field: The field of the first fault (``"year"``, ``"project_name"``, …), or None.
        errors: Every fault as ``(line, message)``, in the order of the file.
        fields: The field of each fault, parallel to ``errors``.
    """

    def __init__(
        self,
        path: str,
        errors: Sequence[tuple[int | None, str]],
        fields: Sequence[str | None] | None = None,
    ) -> None:
        if not errors:
            raise ValueError("HistoryFileError needs at least one error")
        self.path = path
        self.errors: list[tuple[int | None, str]] = list(errors)
        self.fields: list[str | None] = list(fields) if fields is not None else [None] * len(self.errors)
        if len(self.fields) != len(self.errors):
            raise ValueError("fields must be parallel to errors")
        self.line = self.errors[0][0]
        self.field = self.fields[0]
        self._args = (path, self.errors, self.fields)
        super().__init__(
            "\n".join(
                f"{path}:{line}: {message}" if line is not None else f"{path}: {message}"
                for line, message in self.errors
            )
        )

    def __reduce__(self) -> tuple[type[HistoryFileError], tuple[object, ...]]:
        # Rebuild from the data, not the text, so the error survives pickling (multiprocessing).
        return (type(self), self._args)


@dataclass(frozen=True)
class _Fault:
    line: int | None
    field: str | None
    message: str


@dataclass(frozen=True)
class Value:
    """One raw value of a record: the field it fills, what was written, and where."""

    field: str
    raw: object
    line: int | None


class Faults:
    def __init__(self) -> None:
        self.items: list[_Fault] = []

    def add(self, line: int | None, message: str, field: str | None = None) -> None:
        self.items.append(_Fault(line, field, message))

    def error(self, path: str) -> HistoryFileError:
        return HistoryFileError(
            path,
            [(fault.line, fault.message) for fault in self.items],
            [fault.field for fault in self.items],
        )


def build_event(
    values: Sequence[Value],
    line: int | None,
    default_kind: str | None,
    faults: Faults,
    section: str | None = None,
    *,
    keys_known: bool = True,
) -> dict[str, object] | None:
    """Check one record and turn it into an event dict (None when it has faults).

    ``keys_known`` is False when some key or column of the record was not recognised; the
    checks for required fields are then skipped, since the misspelt key has been reported and
    a "missing" field would only repeat it.
    """
    before = len(faults.items)
    parsed: dict[str, object] = {}
    raw_kind: Value | None = None
    for value in values:
        if value.field == "kind":
            raw_kind = value
            result: tuple[object, str | None] = kind_value(value.raw)
        elif value.field == "year":
            result = year_value(value.raw)
        elif value.field == "date":
            result = date_value(value.raw)
        elif value.field == "reason":
            result = reason_value(value.raw)
        else:
            text, error = text_value(value.raw, value.field)
            if value.field == "credit_code" and text is not None:
                text = "".join(text.split()).upper()
            result = (text, error)
        converted, error = result
        if error is not None:
            faults.add(value.line, error, value.field)
        elif converted is not None:
            parsed[value.field] = converted

    # Fields written at all (a bad value has its own fault; it is not also "missing").
    written = {
        value.field
        for value in values
        if value.raw is not None and not (isinstance(value.raw, str) and not value.raw.strip())
    }
    kind = parsed.get("kind")
    kind_written = "kind" in written
    if section is not None:
        if kind is not None and kind != SECTIONS[section]:
            where = raw_kind.line if raw_kind is not None else line
            faults.add(
                where,
                f"kind {kind!r} contradicts the section {section!r} ({SECTIONS[section]})",
                "kind",
            )
        kind = SECTIONS[section]
    elif not kind_written:
        kind = default_kind
        if kind is None and keys_known:
            faults.add(line, "no kind: give a kind column/key or pass kind= for the file", "kind")

    if kind is not None:
        parsed["kind"] = kind
        if kind in NEEDS_PROJECT_NAME and "project_name" not in written and keys_known:
            faults.add(line, f"project_name (项目名称) is required for kind {kind}", "project_name")
        if kind != "recognition_revoked" and "reason" in parsed:
            faults.add(line, f"reason applies only to recognition_revoked, not to {kind}", "reason")
    if not written & {"credit_code", "unit"} and keys_known:
        faults.add(
            line,
            "neither credit_code (统一社会信用代码) nor unit (申报单位名称) is given",
            "credit_code",
        )
    if len(faults.items) != before:
        return None
    return {field: parsed[field] for field in FIELDS if field in parsed}


def mapping_values(
    entries: Sequence[tuple[object, object, int | None, int | None]],
    faults: Faults,
) -> tuple[list[Value], bool]:
    """Map the keys of one record to fields; entries are (key, value, key line, value line).

    Returns the values and whether every key was recognised.
    """
    values: list[Value] = []
    first: dict[str, tuple[str, int | None]] = {}
    known = True
    for key, raw, key_line, value_line in entries:
        if not isinstance(key, str):
            faults.add(key_line, f"a key must be text, not {quote(key)}")
            known = False
            continue
        field = COLUMN_LOOKUP.get(header_key(key))
        if field is None:
            if header_key(key) not in IGNORED_LOOKUP:
                faults.add(key_line, unknown_column(key, "key"), key)
                known = False
            continue
        if field in first:
            seen_key, seen_line = first[field]
            where = f" (first at line {seen_line})" if seen_line is not None and seen_line != key_line else ""
            if seen_key == key:
                message = f"duplicate key {quote(key)}{where}"
            else:
                message = f"keys {quote(seen_key)} and {quote(key)} both give {field}{where}"
            faults.add(key_line, message, field)
            continue
        first[field] = (key, key_line)
        if isinstance(raw, list | dict):
            faults.add(value_line, f"{field} must be a single value, not a list or mapping", field)
            continue
        values.append(Value(field, raw, value_line))
    return values, known
