"""The results workbook: the 汇总表 as given, with each row's decision beside it.

结果表：原样保留表头与申报行（不含标题行与落款行），每行后加 结论、不符合项、需复核项、说明、补正建议。
.xlsx 按结论着色、冻结表头、列宽按中文字宽设置；.csv 为带 BOM 的 UTF-8（Excel 与 WPS 直接打开不乱码）。
"""

from __future__ import annotations

import csv
import importlib
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import InputError
from ..judging.decision import _OUTCOME_ZH, Decision, Finding, curability_label
from .reader import ApplicationTable
from .values import cell_text

#: The columns added to every row, whatever the language (their values follow ``lang``).
RESULT_COLUMNS: tuple[str, ...] = ("结论", "不符合项", "需复核项", "说明", "补正建议")
INPUT_ERROR = {"zh": "输入有误", "en": "input_error"}

#: Row fills by outcome (light, so the text stays readable in print).
FILLS: dict[str, str] = {
    "eligible": "E2EFDA",
    "accepted": "E2EFDA",
    "ineligible": "FCE4D6",
    "rejected": "FCE4D6",
    "needs_review": "FFF2CC",
    "input_error": "E7E6E6",
}
_HEADER_FILL = "D9E1F2"
_SAMPLE = 500  # rows looked at to size the columns before the rest is streamed
_MAX_WIDTH = 60
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def check_lang(lang: str) -> None:
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}; expected 'zh' or 'en'")


def outcome_text(decision: Decision | InputError, lang: str) -> str:
    """结论 as written in the results: 符合申报条件 / eligible …; 输入有误 / input_error."""
    if isinstance(decision, InputError):
        return INPUT_ERROR[lang]
    value = decision.outcome.value
    return _OUTCOME_ZH[value] if lang == "zh" else value


def outcome_key(decision: Decision | InputError) -> str:
    return "input_error" if isinstance(decision, InputError) else decision.outcome.value


def _cited(f: Finding, lang: str) -> str:
    cites = "；".join(c.label() for c in f.citations)
    return f"{f.rule_id}（{cites}）" if lang == "zh" else f"{f.rule_id} ({cites})"


def remedy_text(f: Finding, lang: str) -> str | None:
    """The finding's remedy (core's ``f.remedy``), with whether it can be cured; None without one."""
    if f.remedy is None:
        return None
    return (
        f"{curability_label(f.remedy, lang)}：{f.remedy.message(lang)}"
        if lang == "zh"
        else (f"{curability_label(f.remedy, lang)}: {f.remedy.message(lang)}")
    )


def result_cells(decision: Decision | InputError, lang: str, notes: Sequence[str] = ()) -> list[str]:
    """结论, 不符合项, 需复核项, 说明 and 补正建议 of one row; ``notes``: its cells not understood."""
    warned = "输入提示：" if lang == "zh" else "Input warnings:"
    if isinstance(decision, InputError):
        lines = [f"{loc}: {message}" for loc, message in decision.errors]
        if notes:
            lines += [warned, *notes]
        return [outcome_text(decision, lang), "", "", "\n".join(lines), ""]
    failed, review = decision.by_status("fail"), decision.by_status("review")
    explained = [f"[{f.rule_id}] {f.message(lang)}" for f in failed + review]
    warnings = [*notes, *decision.warnings]
    if warnings:
        explained += [warned, *warnings]
    remedies = [f"[{f.rule_id}] {text}" for f in failed + review if (text := remedy_text(f, lang))]
    return [
        outcome_text(decision, lang),
        "\n".join(_cited(f, lang) for f in failed),
        "\n".join(_cited(f, lang) for f in review),
        "\n".join(explained),
        "\n".join(remedies),
    ]


def _width(value: Any) -> int:
    text = cell_text(value) if value is not None else ""
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.splitlines()),
        default=0,
    )


class GridWriter:
    """Writes a header and rows to .xlsx or .csv, streaming; rows coloured by an outcome key.

    逐行写出结果表（.xlsx 或 .csv）。The first rows are held back to size the columns, the rest are
    written as they come, so memory stays flat however many rows there are.
    """

    def __init__(self, path: str | os.PathLike[str], header: Sequence[str], wrap_from: int | None = None) -> None:
        self.path = os.fspath(path)
        self.header = list(header)
        self.wrap_from = len(self.header) if wrap_from is None else wrap_from
        suffix = Path(self.path).suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise ValueError(f"{self.path}: 结果表应为 .xlsx 或 .csv / results are written as .xlsx or .csv")
        self.excel = suffix == ".xlsx"
        self._held: list[tuple[list[Any], str]] | None = []
        self._csv: Any = None
        self._handle: Any = None
        self._book: Any = None
        self._sheet: Any = None

    def __enter__(self) -> GridWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        elif self._handle is not None:
            self._handle.close()

    def add(self, cells: Sequence[Any], outcome: str) -> None:
        if self._held is not None:
            self._held.append((list(cells), outcome))
            if len(self._held) >= _SAMPLE:
                self._start()
            return
        self._write(list(cells), outcome)

    def close(self) -> None:
        if self._held is not None:
            self._start()
        if self.excel:
            self._book.save(self.path)
        else:
            self._handle.close()

    def _start(self) -> None:
        held, self._held = self._held or [], None
        if self.excel:
            self._open_excel(held)
        else:
            self._handle = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in close()
            self._csv = csv.writer(self._handle, lineterminator="\r\n")
            self._csv.writerow(self.header)
        for cells, outcome in held:
            self._write(cells, outcome)

    def _open_excel(self, held: list[tuple[list[Any], str]]) -> None:
        try:
            openpyxl = importlib.import_module("openpyxl")
        except ImportError:
            raise ImportError(
                '写出 .xlsx 需要 openpyxl：pip install "gongguan-rules[excel]" / '
                'writing .xlsx needs openpyxl: pip install "gongguan-rules[excel]"'
            ) from None
        get_column_letter = importlib.import_module("openpyxl.utils").get_column_letter

        self._styles = importlib.import_module("openpyxl.styles")
        self._cell_type = importlib.import_module("openpyxl.cell").WriteOnlyCell
        self._book = openpyxl.Workbook(write_only=True)
        self._sheet = self._book.create_sheet("结果")
        self._sheet.freeze_panes = "A2"
        for index, title in enumerate(self.header):
            widths = [_width(title)] + [_width(cells[index]) for cells, _ in held if index < len(cells)]
            limit = _MAX_WIDTH if index < self.wrap_from else _MAX_WIDTH + 20
            self._sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(widths) + 2, limit)
        if self.header:
            self._sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.header))}1"
        fill, font = self._styles.PatternFill, self._styles.Font
        top = self._styles.Alignment(vertical="top", wrap_text=True)
        cells = []
        for title in self.header:
            cell = self._cell_type(self._sheet, _safe(title))
            cell.font = font(bold=True)
            cell.fill = fill("solid", fgColor=_HEADER_FILL)
            cell.alignment = top
            cells.append(cell)
        self._sheet.append(cells)
        self._fills = {key: fill("solid", fgColor=colour) for key, colour in FILLS.items()}
        self._top = self._styles.Alignment(vertical="top")
        self._wrap = top

    def _write(self, cells: list[Any], outcome: str) -> None:
        if not self.excel:
            self._csv.writerow(["" if v is None else cell_text(v) for v in cells])
            return
        row = []
        for index, value in enumerate(cells):
            cell = self._cell_type(self._sheet, _safe(value))
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text as typed, never a formula
            if outcome in self._fills:
                cell.fill = self._fills[outcome]
            cell.alignment = self._wrap if index >= self.wrap_from else self._top
            row.append(cell)
        self._sheet.append(row)


def _safe(value: Any) -> Any:
    """A value a workbook can hold: control characters (which .xlsx cannot store) shown escaped."""
    if isinstance(value, str) and _ILLEGAL.search(value):
        return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    if value is not None and not isinstance(value, str | int | float | bool) and not hasattr(value, "isoformat"):
        return cell_text(value)
    return value


def write_results(
    path: str | os.PathLike[str],
    table: ApplicationTable,
    decisions: Sequence[Decision | InputError],
    lang: str = "zh",
) -> None:
    """Write the results workbook: ``table``'s header and rows as given, plus 结论, 不符合项, 需复核项,
    说明 and 补正建议 per row (product.md, "Tables (汇总表)").

    写出结果表。``decisions`` are in the order of ``table.applications`` (e.g. from
    ``gr.evaluate_many(table.applications, plan, on_error="collect")``); an InputError in place of
    a decision is shown in 说明 with 结论 输入有误 / input_error. ``.xlsx`` (coloured by outcome, the
    header frozen, columns sized for Chinese text) or ``.csv`` (UTF-8 with a BOM).
    """
    check_lang(lang)
    if len(decisions) != len(table.applications):
        raise ValueError(
            f"{len(decisions)} 个决定对应 {len(table.applications)} 行申报 / "
            f"{len(decisions)} decisions for {len(table.applications)} application rows"
        )
    notes = table.row_warnings or [[] for _ in table.applications]
    with GridWriter(path, [*table.header, *RESULT_COLUMNS], wrap_from=len(table.header)) as out:
        for row, cells, decision, row_notes in zip(table.rows, table.cells, decisions, notes, strict=True):
            # The row is the row itself: its notes lose their "file:row:" prefix.
            shown = [note.removeprefix(f"{table.source}:{row}:") for note in row_notes]
            out.add([*cells, *result_cells(decision, lang, shown)], outcome_key(decision))
