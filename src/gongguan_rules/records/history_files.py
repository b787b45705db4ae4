"""Past records from files: the projects, excellent results and revocations already on record.

历史记录文件：把历年项目、优秀成果认定和撤销认定的记录读成事件，供 ``history`` 使用。

The duplication clauses (管理办法 第八条（三）; 2019 七（三）; 2021 三（一）;
2025 二（三）, 六（三）; 2026 一（三）) compare an application with past projects or past
excellent results, and 第二十五条 bars a unit for five years after a revocation. Those
records usually live in the summary tables (汇总表) the organisers keep, so this module reads
them from YAML, JSON Lines or CSV into plain event dicts of the library's shape::

    {"kind": "approved" | "excellent_recognized" | "recognition_revoked",
     "year": int, "date": "YYYY-MM-DD", "credit_code": str, "unit": str,
     "project_name": str, "district": str,
     "reason": "false_materials" | "improper_means"}     # revocations only

Keys whose value is absent are omitted. Of the library only the header vocabulary is imported
(tables/headers.py, a leaf module shared with the 汇总表 reader and the command line): the dicts
are validated again by the library's own models when they are used as ``history``.

Formats, chosen by the file's extension:

* ``.yaml`` / ``.yml``: a list of records, or a mapping whose sections set the kind:
  ``past_projects`` (approved), ``excellent_results`` (excellent_recognized) and
  ``revocations`` (recognition_revoked). Safe YAML only; duplicate keys are errors.
* ``.jsonl``: one JSON object per line; blank lines are skipped.
* ``.csv``: UTF-8 with or without BOM (UTF-16 with a BOM too); GB18030 when the bytes are not
  UTF-8, as spreadsheets on Chinese Windows save them. The whole file is in one encoding: UTF-8
  rows with one GB18030 row pasted in are refused naming that row's line, never decoded whole as
  GB18030 (inputs/files.py ``decode_text``). Comma- or tab-separated. The header may
  use the English keys or the Chinese column titles of the official application tables
  (2019 附件2, 2021 附表): 申报单位名称（与公章一致）, 统一社会信用代码, 所在区, 项目名称, … The
  other columns of those tables (序号, 行业, 企业规模, 课题类型, 项目负责人, 联系方式, 电子邮箱,
  备注, …) are ignored. Title rows above the header (a single filled cell, such as
  ``附件2`` or ``推荐单位(公章):``) are skipped, and so are rows that fill only ignored columns
  (a template's pre-numbered empty rows, a signature line under 序号).

Column and key names are matched after NFKC, case folding and the removal of all whitespace,
so ``统一社会信用 代码`` and ``申报单位名称 (与公章一致)`` are recognised as printed. Kinds and
reasons accept the Chinese names (立项, 优秀成果, 撤销认定, 提供虚假材料, 不正当手段, …). Text
values are trimmed and an empty one is absent; a credit code loses its inner spaces and is
upper-cased; dates become ISO dates (a datetime counts on its Beijing calendar day); a year is
a whole number from 1990 to 2100 (``2021``, ``2021年``, ``2021年度``). These files are office
files like the 汇总表, so dates may be written as offices type them (``2026-04-18``, ``2026/4/18``,
``2026.4.18``, ``2026年4月18日``, an RFC 3339 datetime: ``tables.values.read_date``); the dicts
this module returns carry ISO dates, the only text dates the API reads.

Every fault of a file is collected and reported at once by one :class:`HistoryFileError`,
each as ``file:line: what is wrong``. A file that cannot be read at all (missing, a directory, a
FIFO or device, larger than ``LIMITS["history"]``, 256 MiB) raises
:class:`~gongguan_rules.inputs.files.FileRefused`, an InputError naming the file, at once.
YAML is read by the one bounded YAML reader (law/strict_yaml.py): alias bombs, self-referencing
aliases and nesting deeper than 32 levels are faults of the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..inputs.dates import DateParseError, to_beijing_date
from ..inputs.files import FileRefused, decode_text, read_bytes
from ..law.strict_yaml import compose
from ..quoting import quote
from ..tables.headers import COLUMNS, NO_FACT_TITLES, header_key
from ..tables.values import CellError, read_date

__all__ = [
    "COLUMN_ALIASES",
    "IGNORED_COLUMNS",
    "KIND_ALIASES",
    "REASON_ALIASES",
    "HistoryFileError",
    "load_history_file",
]

_FIELDS = ("kind", "year", "date", "credit_code", "unit", "project_name", "district", "reason")

#: Column titles and keys accepted for each field: the field names themselves and the one header
#: vocabulary the 汇总表 reader shares (tables/headers.py), matched after NFKC and whitespace removal.
COLUMN_ALIASES: Mapping[str, str] = {
    **{name: name for name in _FIELDS},
    **{title: column.record for column in COLUMNS if column.record is not None for title in column.titles},
}

#: Known columns that carry nothing a history record holds: the official tables' columns without
#: a fact (序号, 企业规模, 联系方式, …) and the application's own (行业, 课题类型, 推荐单位, …).
IGNORED_COLUMNS: tuple[str, ...] = (
    *(title for column in COLUMNS if column.record is None for title in column.titles),
    *NO_FACT_TITLES,
)

#: Record kinds and their accepted spellings.
KIND_ALIASES: Mapping[str, str] = {
    "approved": "approved",
    "excellent_recognized": "excellent_recognized",
    "recognition_revoked": "recognition_revoked",
    "立项": "approved",
    "历年项目": "approved",
    "项目": "approved",
    "优秀成果": "excellent_recognized",
    "认定优秀成果": "excellent_recognized",
    "撤销认定": "recognition_revoked",
    "撤销": "recognition_revoked",
}

#: Grounds of revocation (第二十五条) and their accepted spellings.
REASON_ALIASES: Mapping[str, str] = {
    "false_materials": "false_materials",
    "improper_means": "improper_means",
    "提供虚假材料": "false_materials",
    "虚假材料": "false_materials",
    "不正当手段": "improper_means",
    "采取不正当手段": "improper_means",
}

# YAML sections and the kind each one sets.
_SECTIONS: Mapping[str, str] = {
    "past_projects": "approved",
    "excellent_results": "excellent_recognized",
    "revocations": "recognition_revoked",
}

_NEEDS_PROJECT_NAME = frozenset({"approved", "excellent_recognized"})
_YEAR_RANGE = (1990, 2100)
_YEAR_TEXT = re.compile(r"(\d{4})(?:年度|年)?")


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
class _Value:
    """One raw value of a record: the field it fills, what was written, and where."""

    field: str
    raw: object
    line: int | None


class _Faults:
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


def _key(text: str) -> str:
    """How column titles, keys and enum spellings are compared."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace())


_COLUMN_LOOKUP: Mapping[str, str] = {header_key(title): field for title, field in COLUMN_ALIASES.items()}
_IGNORED_LOOKUP = frozenset(header_key(title) for title in IGNORED_COLUMNS) - set(_COLUMN_LOOKUP)
_KIND_LOOKUP: Mapping[str, str] = {_key(name): kind for name, kind in KIND_ALIASES.items()}
_REASON_LOOKUP: Mapping[str, str] = {_key(name): value for name, value in REASON_ALIASES.items()}
_SECTION_LOOKUP: Mapping[str, str] = {_key(name): name for name in _SECTIONS}
# Spellings offered in "did you mean": normalised form -> as written here.
_KNOWN_COLUMNS: Mapping[str, str] = {header_key(title): title for title in (*COLUMN_ALIASES, *IGNORED_COLUMNS)}


def _suggest(written: str, known: Mapping[str, str]) -> str:
    if len(written) > 64:  # no known name is that long; difflib would only spend time on it
        return ""
    close = difflib.get_close_matches(_key(written), list(known), n=1, cutoff=0.6)
    return f" (did you mean {known[close[0]]!r}?)" if close else ""


def _unknown_column(title: str, noun: str = "column") -> str:
    return (
        f"unknown {noun} {quote(title)}{_suggest(title, _KNOWN_COLUMNS)}; "
        f"known {noun}s: {', '.join(_FIELDS)} or the titles of the official tables"
    )


# --------------------------------------------------------------------------- values


def _text(raw: object, field: str) -> tuple[str | None, str | None]:
    """A text value, trimmed; ``""`` is absent. Returns (value, error)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, f"{field} must be text, not {quote(raw)}"
    if isinstance(raw, int) and field == "credit_code":
        raw = str(raw)
    if not isinstance(raw, str):
        return None, f"{field} must be text, not {type(raw).__name__} {quote(raw)}"
    if not raw.isascii():
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:  # a JSON escape such as "\ud800": no record could hold it
            return None, f"{field} holds a lone surrogate {quote(raw)}: not Unicode text"
    value = raw.strip()
    return (value or None), None


def _kind(raw: object) -> tuple[str | None, str | None]:
    text, error = _text(raw, "kind")
    if error or text is None:
        return None, error
    kind = _KIND_LOOKUP.get(_key(text))
    if kind is None:
        known = {_key(name): name for name in KIND_ALIASES}
        return None, (
            f"unknown kind {quote(text)}{_suggest(text, known)}; expected approved (立项), "
            "excellent_recognized (优秀成果) or recognition_revoked (撤销认定)"
        )
    return kind, None


def _reason(raw: object) -> tuple[str | None, str | None]:
    text, error = _text(raw, "reason")
    if error or text is None:
        return None, error
    reason = _REASON_LOOKUP.get(_key(text))
    if reason is None:
        known = {_key(name): name for name in REASON_ALIASES}
        return None, (
            f"unknown reason {quote(text)}{_suggest(text, known)}; expected false_materials "
            "(提供虚假材料) or improper_means (不正当手段)"
        )
    return reason, None


def _year(raw: object) -> tuple[int | None, str | None]:
    low, high = _YEAR_RANGE
    bad = f"bad year {quote(raw)}: expected a whole year from {low} to {high}"
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, bad
    if isinstance(raw, int):
        year = raw
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip()
        if not text:
            return None, None
        match = _YEAR_TEXT.fullmatch(text)
        if match is None:
            return None, bad
        year = int(match.group(1))
    else:
        return None, bad
    if not low <= year <= high:
        return None, bad
    return year, None


def _date(raw: object) -> tuple[str | None, str | None]:
    """A date as an office types it (``tables.values.read_date``), as the ISO text of its Beijing day."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    bad = f"unparseable date {quote(raw)}: expected YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日 (a real calendar day)"
    if not isinstance(raw, str | dt.date):
        return None, bad
    try:
        return to_beijing_date(read_date(raw)).isoformat(), None
    except (CellError, DateParseError):
        return None, bad


def _build_event(
    values: Sequence[_Value],
    line: int | None,
    default_kind: str | None,
    faults: _Faults,
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
    raw_kind: _Value | None = None
    for value in values:
        if value.field == "kind":
            raw_kind = value
            result: tuple[object, str | None] = _kind(value.raw)
        elif value.field == "year":
            result = _year(value.raw)
        elif value.field == "date":
            result = _date(value.raw)
        elif value.field == "reason":
            result = _reason(value.raw)
        else:
            text, error = _text(value.raw, value.field)
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
        if kind is not None and kind != _SECTIONS[section]:
            where = raw_kind.line if raw_kind is not None else line
            faults.add(
                where,
                f"kind {kind!r} contradicts the section {section!r} ({_SECTIONS[section]})",
                "kind",
            )
        kind = _SECTIONS[section]
    elif not kind_written:
        kind = default_kind
        if kind is None and keys_known:
            faults.add(line, "no kind: give a kind column/key or pass kind= for the file", "kind")

    if kind is not None:
        parsed["kind"] = kind
        if kind in _NEEDS_PROJECT_NAME and "project_name" not in written and keys_known:
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
    return {field: parsed[field] for field in _FIELDS if field in parsed}


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes, name: str, faults: _Faults) -> str | None:
    """The text of a file in one encoding: UTF-16 with its BOM, else UTF-8 or GB18030 whole
    (a file mixing them is a fault naming its first line that is not in the file's encoding)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            faults.add(data[: exc.start].count(b"\n\x00") + 1, "not UTF-16 text past this line's start")
            return None
    try:
        return decode_text(data, name)
    except FileRefused as exc:
        faults.add(exc.line, exc.errors[0][1])
        return None


# --------------------------------------------------------------------------- CSV


def _load_csv(text: str, default_kind: str | None, faults: _Faults) -> list[dict[str, object]]:
    head = [line for line in text.splitlines() if line.strip()][:5]
    delimiter = "\t" if sum(s.count("\t") for s in head) > sum(s.count(",") for s in head) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            rows.append((previous + 1, row))
            previous = reader.line_num
    except csv.Error as exc:
        faults.add(reader.line_num, f"malformed CSV: {exc}")

    header_at = next(
        (i for i, (_, row) in enumerate(rows) if sum(1 for cell in row if cell.strip()) >= 2),
        None,
    )
    if header_at is None:
        faults.add(None, "no header row (a header names at least two columns)")
        return []
    header_line, header = rows[header_at]

    columns: list[str | None] = []
    first_title: dict[str, str] = {}
    header_faults = len(faults.items)
    for title in header:
        key = header_key(title)
        field = _COLUMN_LOOKUP.get(key)
        if not key or key in _IGNORED_LOOKUP:
            columns.append(None)
        elif field is None:
            faults.add(header_line, _unknown_column(title.strip()), title.strip())
            columns.append(None)
        elif field in first_title:
            faults.add(
                header_line,
                f"columns {quote(first_title[field])} and {quote(title.strip())} both give {field}",
                field,
            )
            columns.append(None)
        else:
            first_title[field] = title.strip()
            columns.append(field)

    columns_known = len(faults.items) == header_faults
    events: list[dict[str, object]] = []
    for line, row in rows[header_at + 1 :]:
        if not any(cell.strip() for cell in row):
            continue
        extra = [cell for cell in row[len(header) :] if cell.strip()]
        if extra:
            faults.add(line, f"row has {len(row)} cells but the header names {len(header)}")
        blank_titles = [i for i, cell in enumerate(row[: len(header)]) if cell.strip() and not header_key(header[i])]
        if blank_titles:
            faults.add(line, f"a value in column {blank_titles[0] + 1}, which has no title")
        values = [_Value(field, cell, line) for field, cell in zip(columns, row, strict=False) if field is not None]
        if not any(value.raw.strip() for value in values if isinstance(value.raw, str)):
            # Only ignored columns are filled: a template's numbered empty row or a footer.
            continue
        event = _build_event(values, line, default_kind, faults, keys_known=columns_known)
        if event is not None:
            events.append(event)
    return events


# --------------------------------------------------------------------------- JSON Lines


class _Pairs(list[tuple[str, object]]):
    """A JSON object as its key/value pairs in order, so duplicate keys can be seen."""


def _load_jsonl(text: str, default_kind: str | None, faults: _Faults) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, object_pairs_hook=_Pairs)
        except json.JSONDecodeError as exc:
            faults.add(number, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            faults.add(number, "malformed JSON: nested too deeply")
            continue
        if not isinstance(obj, _Pairs):
            faults.add(number, f"expected a JSON object, not {type(obj).__name__}")
            continue
        values, keys_known = _mapping_values([(key, value, number, number) for key, value in obj], faults)
        event = _build_event(values, number, default_kind, faults, keys_known=keys_known)
        if event is not None:
            events.append(event)
    return events


def _mapping_values(
    entries: Sequence[tuple[object, object, int | None, int | None]],
    faults: _Faults,
) -> tuple[list[_Value], bool]:
    """Map the keys of one record to fields; entries are (key, value, key line, value line).

    Returns the values and whether every key was recognised.
    """
    values: list[_Value] = []
    first: dict[str, tuple[str, int | None]] = {}
    known = True
    for key, raw, key_line, value_line in entries:
        if not isinstance(key, str):
            faults.add(key_line, f"a key must be text, not {quote(key)}")
            known = False
            continue
        field = _COLUMN_LOOKUP.get(header_key(key))
        if field is None:
            if header_key(key) not in _IGNORED_LOOKUP:
                faults.add(key_line, _unknown_column(key, "key"), key)
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
        values.append(_Value(field, raw, value_line))
    return values, known


# --------------------------------------------------------------------------- YAML


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


_PLAIN_COLLECTIONS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


def _foreign_tag(node: yaml.Node, faults: _Faults) -> bool:
    """Report a list or mapping carrying a tag of its own (``!!python/object``, ``!foo``)."""
    if isinstance(node, yaml.ScalarNode) or node.tag in _PLAIN_COLLECTIONS:
        return False
    faults.add(_line(node), f"invalid YAML: the tag {quote(node.tag)} is not allowed (safe YAML only)")
    return True


def _load_yaml(text: str, default_kind: str | None, faults: _Faults) -> list[dict[str, object]]:
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        faults.add(line, f"invalid YAML: {problem}")
        return []
    except yaml.YAMLError as exc:
        faults.add(None, f"invalid YAML: {exc}")
        return []
    constructor = yaml.constructor.SafeConstructor()
    shape = "expected a list of records, or a mapping with the sections " + ", ".join(_SECTIONS)
    if root is None:
        faults.add(None, f"the file is empty; {shape} (write [] for no records)")
        return []
    if _foreign_tag(root, faults):
        return []
    if isinstance(root, yaml.SequenceNode):
        return _yaml_records(root, default_kind, None, constructor, faults)
    if not isinstance(root, yaml.MappingNode):
        faults.add(_line(root), f"{shape}, not a single value")
        return []
    events: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        key = _scalar(key_node, constructor)
        section = _SECTION_LOOKUP.get(_key(key)) if isinstance(key, str) else None
        if section is None:
            known = {_key(name): name for name in _SECTIONS}
            hint = _suggest(key, known) if isinstance(key, str) else ""
            faults.add(
                _line(key_node),
                f"unknown section {quote(key)}{hint}; expected {', '.join(_SECTIONS)}",
            )
            continue
        if section in seen:
            faults.add(
                _line(key_node),
                f"duplicate key {section!r} (first at line {seen[section]})",
            )
            continue
        seen[section] = _line(key_node)
        if isinstance(value_node, yaml.ScalarNode) and _scalar(value_node, constructor) is None:
            continue
        if _foreign_tag(value_node, faults):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            faults.add(_line(value_node), f"section {section!r} must be a list of records")
            continue
        events.extend(_yaml_records(value_node, default_kind, section, constructor, faults))
    return events


def _scalar(node: yaml.Node, constructor: yaml.constructor.SafeConstructor) -> object:
    if not isinstance(node, yaml.ScalarNode):
        return _Nested()
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Dates stay text and are read by _date, which reports a bad one like any other.
        return node.value
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        return _Invalid(str(exc).splitlines()[0] if str(exc) else "invalid value")


class _Nested:
    """Stands for a list or mapping where a single value was expected."""

    def __repr__(self) -> str:
        return "a list or mapping"


@dataclass(frozen=True)
class _Invalid:
    """A scalar YAML could not construct (a malformed timestamp, say)."""

    problem: str


def _yaml_records(
    sequence: yaml.SequenceNode,
    default_kind: str | None,
    section: str | None,
    constructor: yaml.constructor.SafeConstructor,
    faults: _Faults,
) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for item in sequence.value:
        line = _line(item)
        if _foreign_tag(item, faults):
            continue
        if not isinstance(item, yaml.MappingNode):
            faults.add(line, "a record must be a mapping of keys to values")
            continue
        entries: list[tuple[object, object, int | None, int | None]] = []
        merged = False
        for key_node, value_node in item.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                faults.add(_line(key_node), "merge keys (<<) are not supported in history files")
                merged = True
                continue
            raw = _scalar(value_node, constructor)
            if isinstance(raw, _Nested):
                raw = []
            entries.append((_scalar(key_node, constructor), raw, _line(key_node), _line(value_node)))
        values, keys_known = _mapping_values(entries, faults)
        clean: list[_Value] = []
        for value in values:
            if isinstance(value.raw, _Invalid):
                problem = value.raw.problem
                faults.add(value.line, f"invalid YAML value for {value.field}: {problem}", value.field)
                keys_known = False
            else:
                clean.append(value)
        event = _build_event(clean, line, default_kind, faults, section, keys_known=keys_known and not merged)
        if event is not None:
            events.append(event)
    return events


# --------------------------------------------------------------------------- entry point

_LOADERS = {
    ".yaml": _load_yaml,
    ".yml": _load_yaml,
    ".jsonl": _load_jsonl,
    ".csv": _load_csv,
}


def load_history_file(path: str | os.PathLike[str], kind: str | None = None) -> list[dict[str, object]]:
    """Read past records from a YAML, JSON Lines or CSV file into event dicts.

    Args:
        path: The file; its extension (``.yaml``, ``.yml``, ``.jsonl``, ``.csv``) decides
            the format.
        kind: The kind of records that do not state one, e.g. ``"approved"`` for a table of
            past projects; Chinese names accepted (立项, 优秀成果, 撤销认定). YAML sections
            set their own kind.

    Returns:
        One dict per record, in the order of the file, with the keys ``kind``, ``year``,
        ``date`` (ISO), ``credit_code``, ``unit``, ``project_name``, ``district`` and
        ``reason`` (those that are present).

    Raises:
        HistoryFileError: the file has faults; all of them are listed, each with its line.
        FileRefused: the file cannot be read at all (an InputError naming it).
    """
    name = os.fspath(path)
    data = read_bytes(name, "history")  # a FIFO, a device, a directory, a huge file: refused at once
    faults = _Faults()
    default_kind: str | None = None
    if kind is not None:
        default_kind, error = _kind(kind)
        if error is not None:
            faults.add(None, f"the default {error}", "kind")
    loader = _LOADERS.get(Path(name).suffix.lower())
    if loader is None:
        faults.add(
            None,
            f"unsupported file type {Path(name).suffix or '(no extension)'!r}; expected .yaml, .yml, .jsonl or .csv",
        )
    if loader is None or faults.items:
        raise faults.error(name)

    text = _decode(data, name, faults)
    if text is None:
        raise faults.error(name)
    events = loader(text, default_kind, faults)
    if faults.items:
        raise faults.error(name)
    return events
