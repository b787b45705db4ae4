"""The rows of a 汇总表 as a spreadsheet shows them: from .xlsx/.xls, CSV or a pandas DataFrame.

汇总表的各行（按电子表格中的行号）：Excel（python-calamine）、CSV（UTF-8、带 BOM 的 UTF-8、GB18030）
或 pandas DataFrame。文件一律经 inputs/files.py 读取（只读普通文件、有大小上限、全文同一编码）。
"""

from __future__ import annotations

import csv
import importlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..inputs.files import FileRefused, read_bytes, read_text

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
CSV_SUFFIXES = (".csv", ".tsv")
TABLE_SUFFIXES = EXCEL_SUFFIXES + CSV_SUFFIXES


@dataclass
class Sheet:
    """A grid of cells with the spreadsheet row number of each row. 一个工作表的单元格。

    ``has_header``: the first row is the header for certain (a DataFrame's columns); otherwise the
    header is found among the first rows, under any title rows.
    """

    name: str
    rows: list[tuple[int, list[Any]]]
    has_header: bool = False


def is_dataframe(source: object) -> bool:
    """A pandas DataFrame, recognised without importing pandas. 是否为 pandas DataFrame。"""
    return type(source).__module__.startswith("pandas") and hasattr(source, "columns")


def read_sheet(source: Any, sheet: str | int | None) -> Sheet:
    """The rows of a file (by its suffix) or of a DataFrame; InputError when it cannot be read."""
    if is_dataframe(source):
        return _dataframe(source)
    if not isinstance(source, str | os.PathLike):
        got = type(source).__name__
        raise InputError(
            [("source", f"应为文件路径或 pandas DataFrame / expected a file path or a DataFrame, got {got}")]
        )
    name = os.fspath(source)
    suffix = Path(name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise FileRefused(name, "CSV 文件没有工作表，不能指定 sheet / a CSV file has no sheets")
        return _csv(name)
    if suffix in EXCEL_SUFFIXES:
        return _excel(name, sheet)
    raise FileRefused(
        name,
        f"不支持的文件类型“{suffix or '（无扩展名）'}”，应为 .xlsx、.xls 或 .csv / "
        "unsupported file type; expected .xlsx, .xls or .csv",
    )


def _csv(name: str) -> Sheet:
    text = read_text(name, "table")
    head = [line for line in text.splitlines() if line.strip()][:5]
    delimiter = "\t" if sum(s.count("\t") for s in head) > sum(s.count(",") for s in head) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            rows.append((number, list(row)))
    except csv.Error as exc:
        raise FileRefused(name, f"CSV 格式有误 / malformed CSV: {exc}", reader.line_num) from None
    return Sheet(Path(name).name, rows)


def _calamine() -> Any:
    try:
        return importlib.import_module("python_calamine")
    except ImportError:
        raise ImportError(
            '读取 Excel 需要 python-calamine：pip install "gongguan-rules[excel]" / '
            'reading Excel needs python-calamine: pip install "gongguan-rules[excel]"'
        ) from None


def _workbook(name: str) -> Any:
    calamine = _calamine()
    data = read_bytes(name, "table")
    try:
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own errors, and ValueError for a non-workbook
        raise FileRefused(name, f"无法读取的工作簿 / not a readable workbook: {type(exc).__name__}: {exc}") from None


def sheet_names(source: str | os.PathLike[str]) -> list[str]:
    """The names of a workbook's sheets in tab order ([] for a CSV file). 工作簿中各工作表的名称。"""
    name = os.fspath(source)
    if Path(name).suffix.lower() in CSV_SUFFIXES:
        return []
    return list(_workbook(name).sheet_names)


def _excel(name: str, sheet: str | int | None) -> Sheet:
    book = _workbook(name)
    names: list[str] = list(book.sheet_names)
    try:
        if sheet is None:
            visible = [
                m.name
                for m in book.sheets_metadata
                if str(m.typ).endswith("WorkSheet") and str(m.visible).endswith(".Visible")
            ]
            chosen = visible[0] if visible else names[0]
            grid = book.get_sheet_by_name(chosen)
        elif isinstance(sheet, int) and not isinstance(sheet, bool):
            grid = book.get_sheet_by_index(sheet)
        else:
            grid = book.get_sheet_by_name(str(sheet))
        cells = grid.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's own errors (no such sheet, a damaged part)
        if sheet is not None and not (isinstance(sheet, str) and sheet in names) and not _index_ok(sheet, names):
            raise FileRefused(
                name, f"没有工作表 {sheet!r}，现有：{'、'.join(names)} / no sheet {sheet!r}; the workbook has {names}"
            ) from None
        raise FileRefused(name, f"无法读取工作表 / cannot read the sheet: {type(exc).__name__}: {exc}") from None
    return Sheet(str(grid.name), [(number, [_whole(v) for v in row]) for number, row in enumerate(cells, start=1)])


def _whole(value: Any) -> Any:
    """Excel keeps every number as a float: a whole one is shown as the integer it is (1, not 1.0)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _index_ok(sheet: object, names: list[str]) -> bool:
    return isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names)


def _dataframe(frame: Any) -> Sheet:
    columns = list(frame.columns)
    rows = _frame_rows(frame)
    if all(isinstance(c, int) and not isinstance(c, bool) for c in columns):
        # Read without a header (header=None): the header is found among the rows, as in a file.
        return Sheet("DataFrame", [(number, row) for number, row in enumerate(rows, start=1)])
    header = [_title(c) for c in columns]
    numbered = [(1, header)] + [(number, row) for number, row in enumerate(rows, start=2)]
    return Sheet("DataFrame", numbered, has_header=True)


def _frame_rows(frame: Any) -> Iterator[list[Any]]:
    for row in frame.itertuples(index=False, name=None):
        yield [_plain(value) for value in row]


def _title(column: object) -> str:
    if isinstance(column, tuple):
        return " ".join(str(part) for part in column if str(part).strip())
    return str(column)


def _plain(value: Any) -> Any:
    """pandas' and numpy's scalars as plain Python values (Timestamp → datetime, NaN → None)."""
    try:
        if value != value:  # NaN, NaT, NA
            return None
    except (TypeError, ValueError):
        return None
    to_python = getattr(value, "to_pydatetime", None)
    if callable(to_python):
        return to_python()
    item = getattr(value, "item", None)
    if callable(item) and type(value).__module__ == "numpy":
        return item()
    return value
