"""Reading the command line's input: items to evaluate, and the history.

读取命令行的输入：待判断的各项（YAML、JSON、JSON Lines、标准输入、汇总表 CSV/Excel）与历史记录。
JSON Lines are read line by line as they are judged, so memory stays flat in the number of items.
"""

from __future__ import annotations

import io
import itertools
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..inputs.files import is_regular_file, open_regular, read_text
from ..law.strict_yaml import read_yaml
from ..records.history_index import HistoryIndex
from ..tables.headers import header_key
from ..tables.reader import ApplicationTable, read_table
from ..tables.sources import sheet_names
from ..tables.values import cell_text, is_blank
from .common import FileFaults, UsageError


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


def _yaml_items(path: str, text: str) -> tuple[list[InputItem], bool]:
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


def _json_items(path: str, text: str) -> tuple[list[InputItem], bool]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: 无法解析的 JSON", f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise UsageError(f"{path}: 无法解析的 JSON：嵌套过深", "invalid JSON: nested too deeply") from None
    if isinstance(data, list):
        return [InputItem(i + 1, item, None, input_id_of(item)) for i, item in enumerate(data)], False
    if isinstance(data, dict):
        return [InputItem(1, data, 1, input_id_of(data))], True
    raise UsageError(
        f"{path}: 应为一个对象（一项）或一个数组（批量）", "expected an object (one item) or an array (a batch)"
    )


def _jsonl_item(index: int, number: int, raw: bytes) -> InputItem:
    """One line of JSON Lines: split on ``\n`` only (U+2028 inside a line is no line break)."""
    item = InputItem(index, None, number)
    try:
        item.data = json.loads(raw.decode("utf-8"))
        item.input_id = input_id_of(item.data)
    except UnicodeDecodeError:
        item.errors.append((f"line {number}", "不是 UTF-8 编码 / not UTF-8 text (JSON Lines are UTF-8)"))
    except json.JSONDecodeError as exc:
        item.errors.append((f"line {number}", f"无法解析的 JSON / invalid JSON: {exc.msg} (column {exc.colno})"))
    except RecursionError:
        item.errors.append((f"line {number}", "无法解析的 JSON：嵌套过深 / invalid JSON: nested too deeply"))
    return item


def _jsonl_items(lines: Iterable[bytes], start: int = 1, first: int = 1) -> Iterator[InputItem]:
    """Items of JSON Lines, read as they come; blank lines skipped; one bad line is one bad item."""
    index = first
    for number, raw in enumerate(lines, start=start):
        body = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
        if not body.strip():
            continue
        yield _jsonl_item(index, number, body.rstrip(b"\r\n"))
        index += 1


@dataclass
class Input:
    """What ``FILE`` holds: its items (read as they are needed), and how to name them.

    ``single``: one item, not a batch; ``total``: how many, when known before reading them all;
    ``table``: the 汇总表 it was read from (rows, header and cells), for tables.
    """

    label: str
    items: Iterable[InputItem]
    single: bool = False
    total: int | None = None
    table: ApplicationTable | None = None
    handle: BinaryIO | None = None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()

    def where(self, item: InputItem) -> str:
        """How an error line names the item: ``file:row`` for a table, else ``file:item N``."""
        if self.table is not None and item.line is not None:
            return f"{self.label}:{item.line}"
        return f"{self.label}:item {item.index}"


def _to_filled(lines: Iterator[bytes]) -> list[bytes]:
    """The lines up to and including the next one that is not blank (all of them at the end)."""
    taken: list[bytes] = []
    for raw in lines:
        taken.append(raw)
        if raw.strip():
            break
    return taken


def _stdin(streaming: bool = False) -> Input:
    """``-``: JSON (an object or an array) or JSON Lines, told apart by the first line.

    ``streaming``: the answer is the same for one object and for JSON Lines (``--format jsonl``), so a
    first line holding an object is answered at once, before the next line is read: a script that writes
    one line and waits for its answer is not kept waiting (product.md: "writes, as each is decided").
    """
    stream: BinaryIO = sys.stdin.buffer
    lines = iter(stream)
    head = _to_filled(lines)
    if not head or not head[-1].strip():
        raise UsageError("标准输入为空 / standard input is empty", "nothing to evaluate")
    first = head[-1]
    try:
        parsed = json.loads(first.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        parsed = _NOT_ONE_LINE
    if streaming and isinstance(parsed, dict):
        return Input("<stdin>", _jsonl_items(itertools.chain([first], lines), start=len(head)))
    if parsed is not _NOT_ONE_LINE and not isinstance(parsed, list):
        gap = _to_filled(lines)
        if not gap or not gap[-1].strip():
            if isinstance(parsed, dict):
                return Input("<stdin>", [InputItem(1, parsed, len(head), input_id_of(parsed))], single=True)
            raise UsageError(
                "<stdin>: 应为 JSON 对象、数组或 JSON Lines", "expected a JSON object, an array or JSON Lines"
            )
        return Input("<stdin>", _jsonl_items(itertools.chain([first, *gap], lines), start=len(head)))
    data = b"".join([*head, *lines])
    try:
        items, single = _json_items("<stdin>", data.decode("utf-8-sig"))
    except (UsageError, UnicodeDecodeError):
        if parsed is _NOT_ONE_LINE and len(data.strip().split(b"\n")) > 1:
            # Not one JSON document: JSON Lines whose first line is bad (reported on its own).
            return Input("<stdin>", list(_jsonl_items(io.BytesIO(data))))
        raise UsageError(
            "<stdin>: 无法解析的 JSON", "invalid JSON: expected an object, an array or JSON Lines"
        ) from None
    return Input("<stdin>", items, single=single, total=len(items))


_NOT_ONE_LINE = object()
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TABLE_SUFFIXES = (".csv", ".tsv", *WORKBOOK_SUFFIXES)
_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", *TABLE_SUFFIXES)


def _sheet(path: str, sheet: str | None) -> str | int | None:
    """``--sheet``: a sheet's name, or else its place among the tabs counting from 1 (``--sheet 2``)."""
    if sheet is None:
        return None
    names = sheet_names(path)
    if sheet in names:
        return sheet
    if sheet.isascii() and sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return int(sheet) - 1
    raise UsageError(
        f"{path}: 没有工作表“{sheet}”，现有：{'、'.join(names)}（或按位置 1–{len(names)}）",
        f"no sheet {sheet!r}; the workbook has {names} (or give its place, 1–{len(names)})",
    )


def _table_input(path: str, sheet: str | None = None) -> Input:
    table = read_table(path, _sheet(path, sheet), subject="items")
    id_column = next((i for i, t in enumerate(table.header) if header_key(t) == "序号"), None)
    items: list[InputItem] = []
    for number, (data, row, cells) in enumerate(zip(table.applications, table.rows, table.cells, strict=True), 1):
        input_id = input_id_of(data)
        if input_id is None and id_column is not None and not is_blank(cells[id_column]):
            input_id = cell_text(cells[id_column]).strip()
        items.append(InputItem(number, data, row, input_id))
    return Input(path, items, total=len(items), table=table)


def read_input(path: str, streaming: bool = False, sheet: str | None = None) -> Input:
    """The items of ``FILE`` (``-``: standard input), read as they are needed. 读取输入。

    .yaml/.yml (a mapping is one item, a list a batch), .json (an object or an array), .jsonl
    (one item per line, streamed), and tables (.csv, .xlsx, .xls: the 汇总表 reader).
    ``streaming``: the caller writes one line per item whether one or many (``--format jsonl``),
    so standard input's first object is answered before the next line arrives. ``sheet``
    (``--sheet``): which sheet of a workbook, by name or by place counting from 1; given with any
    other kind of file it is a usage error.
    """
    if path == "-":
        if sheet is not None:
            raise UsageError(
                "-: 标准输入不是工作簿，不能用 --sheet", "--sheet applies to a workbook, not standard input"
            )
        return _stdin(streaming)
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UsageError(
            f"{path}: 不支持的文件类型“{suffix or '（无扩展名）'}”",
            "unsupported file type; expected .yaml, .yml, .json, .jsonl, .csv, .xlsx or .xls (or - for stdin)",
        )
    if sheet is not None and suffix not in WORKBOOK_SUFFIXES:
        raise UsageError(f"{path}: 只有工作簿有工作表，不能用 --sheet", "--sheet applies to a workbook (.xlsx, .xls)")
    if suffix in TABLE_SUFFIXES:
        return _table_input(path, sheet)
    if suffix == ".jsonl":
        handle = open_regular(path, "input")
        return Input(path, _jsonl_items(handle), handle=handle)
    text = read_text(path, "input")
    items, single = _yaml_items(path, text) if suffix in (".yaml", ".yml") else _json_items(path, text)
    return Input(path, items, single=single, total=len(items))


def read_items(path: str | Path) -> tuple[list[InputItem], bool]:
    """Every item of a file at once, and whether it holds a single item (for small files)."""
    source = read_input(str(path))
    try:
        return list(source.items), source.single
    finally:
        source.close()


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
    if suffix in TABLE_SUFFIXES:
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
    if not is_regular_file(file):
        raise UsageError(f"{path}: 历史记录文件不存在或不是普通文件", "history file not found, or not a regular file")
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
