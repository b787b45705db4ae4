"""Reading a 汇总表 into applications: ``gr.read_applications`` (product.md, "Tables (汇总表)").

读取汇总表：表头按办公室的写法识别（2019 附件2、2021 附表的各列，合同字段的中文名与点路径），
取值按办公室的填写习惯读取；标题行与落款行不是申报；无法理解的列与单元格逐一报告（文件:行:列），
从不静默丢弃。

- The header is the first row that names at least two known columns; the rows above it (the
  table's name, 推荐单位(公章):) are titles. Under the data, a row opening with 推荐部门负责人:,
  填报人:, 联系人电话:, 日期:, 注: (and the note's further lines) is a signature line.
- A row that fills only 序号 is a template's empty numbered row; one that fills only columns
  without a fact is reported and not read as an application.
- A cell that cannot be understood is reported and left out of its row's application (a default
  for that field is not used either: the row said something, only not readably), so the rule
  that needs the fact says review.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..inputs.application import Application
from ..inputs.files import FileRefused
from ..inputs.reading import input_error
from ..records.events import Event
from . import headers, values
from .fields import Reader, application_fields, drop_path, event_fields, flatten, set_path
from .sources import Sheet, is_dataframe, read_sheet

Subject = Literal["application", "items"]


@dataclass
class ApplicationTable:
    """A 汇总表 read into applications (product.md, "Tables (汇总表)"). 读入的汇总表。

    ``applications``, ``rows``, ``cells`` and ``row_warnings`` are parallel: one entry per
    application row. ``rows`` are spreadsheet row numbers (a DataFrame's header is row 1).
    ``warnings`` are ``file:row:col: what`` (col: the header as written).
    """

    applications: list[dict[str, Any]]
    rows: list[int]
    header: list[str]
    cells: list[list[Any]]
    columns: dict[str, str | None]
    warnings: list[str]
    source: str = ""
    header_row: int = 1
    row_warnings: list[list[str]] = field(default_factory=list)
    #: Headers nobody knows (each also reported in ``warnings``). 未识别的列。
    unknown_columns: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.applications)

    def _repr_html_(self) -> str:
        from .render import table_html

        return table_html(self)


def _letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column (0 → A, 26 → AA)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _vocabulary(subject: Subject) -> tuple[dict[str, str | None], dict[str, Reader], dict[str, str]]:
    """Title key → path, path → reader, and the spellings offered as "did you mean"."""
    readers = dict(application_fields())
    if subject == "items":
        readers.update({p: r for p, r in event_fields().items() if p not in readers})
    titles = headers.application_titles()
    for path in readers:
        titles.setdefault(headers.header_key(path), path)
    known = headers.spellings([*headers.known_titles(), *readers])
    return titles, readers, known


def _find_header(sheet: Sheet, titles: Mapping[str, str | None]) -> int | None:
    if sheet.has_header:
        return 0 if sheet.rows else None
    head = sheet.rows[:60]

    def recognised(cells: list[Any]) -> int:
        return sum(1 for c in cells if isinstance(c, str) and headers.header_key(c) in titles)

    def filled(cells: list[Any]) -> int:
        return sum(1 for c in cells if not values.is_blank(c))

    # Two known titles; else one known title in a row of several; else the first row of several.
    for least, width in ((2, 0), (1, 2)):
        found = next(
            (i for i, (_, cells) in enumerate(head) if recognised(cells) >= least and filled(cells) >= width), None
        )
        if found is not None:
            return found
    return next((i for i, (_, cells) in enumerate(sheet.rows) if filled(cells) >= 2), None)


class _Builder:
    """Reads the rows under the header into applications."""

    def __init__(self, label: str, subject: Subject, defaults: dict[str, Any]) -> None:
        self.label = label
        self.subject = subject
        self.defaults = defaults
        self.titles, self.readers, self.known = _vocabulary(subject)
        self.warnings: list[str] = []
        self.unknown: list[str] = []

    def warn(self, row: int, col: str, message: str) -> str:
        line = f"{self.label}:{row}:{col}: {message}"
        self.warnings.append(line)
        return line

    def map_header(self, row: int, cells: list[Any]) -> tuple[list[str], list[str | None], dict[str, str | None]]:
        header = [values.cell_text(c).strip() if not values.is_blank(c) else "" for c in cells]
        while header and not header[-1]:
            header.pop()
        paths: list[str | None] = []
        columns: dict[str, str | None] = {}
        first: dict[str, str] = {}
        for title in header:
            if not title:
                paths.append(None)
                continue
            key = headers.header_key(title)
            path = self.titles.get(key, "?")
            if path == "?":
                hint = headers.did_you_mean(title, self.known)
                zh = f"；是否想写“{hint}”？" if hint else ""
                en = f"; did you mean {hint!r}?" if hint else ""
                self.warn(row, title, f"未知的列，已忽略{zh} / unknown column {title!r} ignored{en}")
                self.unknown.append(title)
                path = None
            elif path is not None and path in first:
                self.warn(
                    row,
                    title,
                    f"与“{first[path]}”列同为 {path}，已忽略 / gives {path} like column {first[path]!r}; ignored",
                )
                path = None
            elif path is not None:
                first[path] = title
            paths.append(path)
            columns.setdefault(title, path)
        return header, paths, columns

    def read_row(
        self, row: int, cells: list[Any], header: list[str], paths: list[str | None]
    ) -> tuple[dict[str, Any], list[str]]:
        """One row's application and the warnings of its cells."""
        data: dict[str, Any] = copy.deepcopy(self.defaults)
        given: dict[str, str] = {}
        notes: list[str] = []
        for index, (path, cell) in enumerate(zip(paths, cells, strict=False)):
            if path is None or values.is_blank(cell):
                continue
            title = header[index]
            given[path] = title
            try:
                set_path(data, path, self.readers[path](cell))
            except values.CellError as exc:
                drop_path(data, path)
                notes.append(self.warn(row, title, str(exc)))
        for index in range(len(header), len(cells)):
            if not values.is_blank(cells[index]):
                notes.append(
                    self.warn(row, _letter(index), "表头以外的单元格，已忽略 / a cell beyond the header; ignored")
                )
        model: type[BaseModel] = Event if self.subject == "items" and "kind" in data else Application
        for _ in range(len(given) + 1):
            try:
                model.model_validate(data)
                break
            except ValidationError as exc:
                for loc, message in input_error(exc).errors:
                    path = loc.split("[")[0]
                    drop_path(data, path)
                    notes.append(self.warn(row, given.get(path, path), message))
        return data, notes


def read_table(
    source: Any,
    sheet: str | int | None = None,
    defaults: Mapping[str, Any] | Application | None = None,
    subject: Subject = "application",
) -> ApplicationTable:
    """Read a 汇总表 (``subject="items"``: events too, for the command line). 读取汇总表。"""
    base = _defaults(defaults)
    grid = read_sheet(source, sheet)
    label = "DataFrame" if is_dataframe(source) else str(source)
    builder = _Builder(label, subject, base)
    at = _find_header(grid, builder.titles)
    if at is None:
        if is_dataframe(source):
            raise InputError([("source", "DataFrame 没有列 / the DataFrame has no columns")])
        raise FileRefused(label, "找不到表头（至少两列有标题）/ no header row (one that names at least two columns)")
    header_row, header_cells = grid.rows[at]
    header, paths, columns = builder.map_header(header_row, header_cells)
    table = ApplicationTable([], [], header, [], columns, builder.warnings, label, header_row)
    id_column = next((i for i, t in enumerate(header) if headers.header_key(t) == "序号"), None)
    untitled: set[int] = set()
    footer = False
    for number, cells in grid.rows[at + 1 :]:
        filled = [i for i, c in enumerate(cells) if not values.is_blank(c)]
        if not filled:
            continue
        lead = cells[filled[0]]
        if isinstance(lead, str) and headers.is_footer(lead):
            footer = True
            continue
        if footer and len(filled) == 1:
            continue  # a note's further line (注: 1.… 2.…)
        for i in filled:
            if i < len(header) and not header[i] and i not in untitled:
                untitled.add(i)
                builder.warn(
                    header_row,
                    _letter(i),
                    "该列没有标题，其中的值已忽略 / the column has no title; its values are ignored",
                )
        facts = [i for i in filled if i < len(paths) and paths[i] is not None]
        if not facts:
            if filled != [id_column]:
                builder.warn(
                    number,
                    header[filled[0]] if filled[0] < len(header) else _letter(filled[0]),
                    "该行没有可判断的事实，不作为申报 / the row has no fact to judge; not read as an application",
                )
            continue
        application, notes = builder.read_row(number, cells, header, paths)
        table.applications.append(application)
        table.rows.append(number)
        table.cells.append(_padded(cells, len(header)))
        table.row_warnings.append(notes)
    table.unknown_columns = builder.unknown
    return table


def _padded(cells: list[Any], width: int) -> list[Any]:
    row = list(cells[:width])
    return row + [None] * (width - len(row))


def _defaults(defaults: Mapping[str, Any] | Application | None) -> dict[str, Any]:
    """The defaults as nested dicts, checked once (InputError names ``defaults.<field>``)."""
    if defaults is None:
        return {}
    if isinstance(defaults, Application):
        return defaults.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if not isinstance(defaults, Mapping):
        raise InputError([("defaults", f"应为映射（键值对）/ expected a mapping, got {type(defaults).__name__}")])
    try:
        Application.model_validate(dict(defaults))
    except ValidationError as exc:
        raise input_error(exc, "defaults") from None
    plain: dict[str, Any] = {}
    for path, value in flatten(dict(defaults)).items():
        set_path(plain, path, copy.deepcopy(value))
    return plain


def read_applications(
    source: Any,
    sheet: str | int | None = None,
    defaults: Mapping[str, Any] | Application | None = None,
) -> ApplicationTable:
    """Read the applications of a 汇总表 (.xlsx, .xls, .csv or a pandas DataFrame).

    读取汇总表中的申报。``defaults``: facts common to every row (a partial application, e.g. the
    recommender or the declarations made on the 申报书); a value a row gives replaces the default
    (lists too). A file that cannot be read raises :class:`~gongguan_rules.InputError` naming it;
    an unknown column or a cell that cannot be understood is reported in ``warnings`` as
    ``file:row:col: what`` and left out, never dropped silently. See docs/tables.md.
    """
    return read_table(source, sheet, defaults, "application")
