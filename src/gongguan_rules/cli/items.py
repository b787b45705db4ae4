"""Reading the command line's input files: items to evaluate, and the history.

读取命令行的输入文件：待判断的各项（YAML、JSON、JSON Lines、CSV）与历史记录。
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import types
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..errors import InputError
from ..inputs.application import Application
from ..law.strict_yaml import read_yaml
from ..records.events import Event
from ..records.history_index import HistoryIndex
from .common import FileFaults, UsageError, err


@dataclass
class InputItem:
    """One item of an input file. 输入文件中的一项。"""

    index: int
    data: Any
    line: int | None = None
    input_id: str | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_event(self) -> bool:
        return isinstance(self.data, Mapping) and "kind" in self.data

    def payload(self) -> Any:
        """The item as evaluated: without its ``id`` (the input id is not a contract field)."""
        if isinstance(self.data, Mapping) and "id" in self.data:
            return {k: v for k, v in self.data.items() if k != "id"}
        return self.data


def input_id_of(data: Any) -> str | None:
    if isinstance(data, Mapping):
        value = data.get("id")
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(f"{path}: 文件既不是 UTF-8 也不是 GB18030 编码", "not UTF-8 or GB18030 text")


def _yaml_items(path: Path, text: str) -> tuple[list[InputItem], bool]:
    located = read_yaml(text)
    if located.faults:
        lines = []
        for fault in located.faults:
            where = f"{path}:{fault.line}:{fault.column}" if fault.line is not None else str(path)
            lines.append(f"{where}: {fault.message}")
        raise FileFaults(lines)
    data = located.data
    if isinstance(data, list):
        return [
            InputItem(i + 1, item, located.positions.get((i,), (None, None))[0], input_id_of(item))
            for i, item in enumerate(data)
        ], False
    if isinstance(data, Mapping):
        return [InputItem(1, data, 1, input_id_of(data))], True
    raise UsageError(
        f"{path}: 应为一个映射（一项）或一个列表（批量）", "expected a mapping (one item) or a list (a batch)"
    )


def _json_items(path: Path, text: str) -> tuple[list[InputItem], bool]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: 无法解析的 JSON", f"invalid JSON: {exc.msg}") from None
    if isinstance(data, list):
        return [InputItem(i + 1, item, None, input_id_of(item)) for i, item in enumerate(data)], False
    if isinstance(data, dict):
        return [InputItem(1, data, 1, input_id_of(data))], True
    raise UsageError(
        f"{path}: 应为一个对象（一项）或一个数组（批量）", "expected an object (one item) or an array (a batch)"
    )


def _jsonl_items(text: str) -> list[InputItem]:
    items: list[InputItem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        item = InputItem(len(items) + 1, None, number)
        try:
            item.data = json.loads(raw)
            item.input_id = input_id_of(item.data)
        except json.JSONDecodeError as exc:
            item.errors.append((f"line {number}", f"无法解析的 JSON / invalid JSON: {exc.msg} (column {exc.colno})"))
        items.append(item)
    return items


# CSV: columns are dotted contract paths, or the Chinese headers of the 2021 附表.
_CSV_ALIASES: dict[str, str] = {
    "申报单位名称": "applicant.name",
    "申报单位名称（与公章一致）": "applicant.name",
    "单位名称": "applicant.name",
    "统一社会信用代码": "applicant.credit_code",
    "所在区": "applicant.district",
    "所属行业": "project.sector",
    "项目名称": "project.name",
    "课题类型": "project.topic_type",
    "课题类型（问题解决型、创新型）": "project.topic_type",
    "序号": "id",
    "编号": "id",
}
# Columns of the 附表 that carry nothing a rule reads.
_CSV_IGNORED = ("企业规模", "企业性质", "项目负责人", "联系方式", "项目负责人及联系方式", "电子邮箱", "备注")
_LIST_SEPARATORS = ("|", "、")


def _header_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _unwrap(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return [a for a in get_args(annotation) if a is not type(None)]
    return [annotation]


def _field_kinds(model: type[BaseModel], prefix: str = "") -> dict[str, str]:
    """Every dotted path of a model: ``scalar``, ``list`` (of values) or ``json`` (of models)."""
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        kinds = _unwrap(info.annotation)
        sub = next((k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)), None)
        if sub is not None:
            out.update(_field_kinds(sub, f"{prefix}{name}."))
            continue
        lists = [k for k in kinds if get_origin(k) is list]
        if lists:
            inner = get_args(lists[0])[0] if get_args(lists[0]) else None
            inner_types = _unwrap(get_args(inner)[0] if get_origin(inner) is not None and get_args(inner) else inner)
            is_model = any(isinstance(t, type) and issubclass(t, BaseModel) for t in inner_types)
            out[f"{prefix}{name}"] = "json" if is_model else "list"
        else:
            out[f"{prefix}{name}"] = "scalar"
    return out


def _csv_columns() -> dict[str, str]:
    kinds = {**_field_kinds(Application), **_field_kinds(Event)}
    kinds["id"] = "scalar"
    return kinds


def _set_path(target: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = target
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return
        node = child
    node[parts[-1]] = value


def _split_list(text: str) -> list[str]:
    parts = [text]
    for sep in _LIST_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def _csv_items(path: Path, text: str) -> list[InputItem]:
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    start = next((i for i, row in enumerate(rows) if sum(1 for c in row if c.strip()) >= 2), None)
    if start is None:
        raise UsageError(f"{path}: 找不到表头", "no header row found")
    kinds = _csv_columns()
    known = {_header_key(k): k for k in kinds}
    aliases = {_header_key(k): v for k, v in _CSV_ALIASES.items()}
    ignored = {_header_key(k) for k in _CSV_IGNORED}
    columns: list[str | None] = []
    for title in rows[start]:
        key = _header_key(title)
        target = known.get(key) or aliases.get(key)
        if target is None and key and key not in ignored:
            close = difflib.get_close_matches(key, [*known, *aliases], n=1, cutoff=0.6)
            hint = f"；是否想写“{close[0]}”？/ did you mean {close[0]!r}?" if close else ""
            err(f"warning: {path}:{start + 1}: 未知的列“{title}”，已忽略 / unknown column {title!r} ignored{hint}")
        columns.append(target)
    items: list[InputItem] = []
    for number, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        data: dict[str, Any] = {}
        item = InputItem(len(items) + 1, data, number)
        for column, cell in zip(columns, row, strict=False):
            value = cell.strip()
            if column is None or not value:
                continue
            kind = kinds.get(column, "scalar")
            if kind == "list":
                _set_path(data, column, _split_list(value))
            elif kind == "json":
                try:
                    _set_path(data, column, json.loads(value))
                except json.JSONDecodeError as exc:
                    item.errors.append((column, f"应为 JSON 数组 / expected a JSON array: {exc.msg}"))
            else:
                _set_path(data, column, value)
        if len(row) > len(columns):
            extra = [c for c in row[len(columns) :] if c.strip()]
            if extra:
                item.errors.append(
                    (f"line {number}", f"多出 {len(extra)} 个单元格 / {len(extra)} cell(s) beyond the header")
                )
        item.input_id = input_id_of(data)
        items.append(item)
    return items


def read_items(path: str | Path) -> tuple[list[InputItem], bool]:
    """The items of an input file, and whether it holds a single item (not a batch).

    读取输入文件：.yaml/.yml（映射为一项，列表为批量）、.json（对象或数组）、.jsonl、.csv。
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json", ".jsonl", ".csv"):
        raise UsageError(
            f"{path}: 不支持的文件类型“{suffix or '（无扩展名）'}”",
            "unsupported file type; expected .yaml, .yml, .json, .jsonl or .csv",
        )
    text = read_text(file)
    if suffix in (".yaml", ".yml"):
        return _yaml_items(file, text)
    if suffix == ".json":
        return _json_items(file, text)
    if suffix == ".jsonl":
        return _jsonl_items(text), False
    return _csv_items(file, text), False


_LIFECYCLE_ONLY = {
    "application_submitted",
    "recommended",
    "results_submitted",
    "results_recommended",
    "evaluated",
    "fee_charged",
}


def _raw_records(path: Path) -> list[Any] | None:
    """The records of a YAML/JSON/JSONL list, or None when the file is not such a list."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return None
    try:
        items, single = read_items(path)
    except (UsageError, FileFaults):
        return None
    if single or any(i.errors for i in items):
        return None
    return [i.data for i in items]


def _is_lifecycle(record: Any) -> bool:
    from ..law.vocab import EventKind, parse_enum

    if not isinstance(record, Mapping) or not isinstance(record.get("kind"), str):
        return False
    kind = parse_enum(EventKind, record["kind"])
    return kind in _LIFECYCLE_ONLY


def read_history(path: str) -> HistoryIndex:
    """The history for ``--history``: a records file (load_history_file) or a list of events.

    历史记录：历年项目、优秀成果与撤销认定的记录文件（YAML、CSV、JSON Lines），或事件列表。
    """
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path}: 历史记录文件不存在", "history file not found")
    records = _raw_records(file)
    if records is not None and (file.suffix.lower() == ".json" or any(_is_lifecycle(r) for r in records)):
        events: Iterable[Any] = records
    else:
        from ..records.history_files import HistoryFileError, load_history_file

        try:
            events = load_history_file(file)
        except HistoryFileError as exc:
            raise FileFaults(
                [
                    f"{path}:{line}: {message}" if line is not None else f"{path}: {message}"
                    for line, message in exc.errors
                ]
            ) from None
    try:
        return HistoryIndex(events)
    except InputError as exc:
        raise FileFaults([f"{path}: {loc}: {message}" for loc, message in exc.errors]) from None
