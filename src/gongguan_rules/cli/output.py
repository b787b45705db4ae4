"""Where the command line writes what it decides: standard output or ``--output FILE``, as each
item is decided (memory stays flat in the number of items), with a progress bar on a terminal.

输出：逐项写出（JSON、JSON Lines、文字，或 --output 的 .xlsx/.csv/.json/.jsonl 文件），终端上显示进度条。
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from ..errors import InputError
from ..judging.decision import Decision
from ..tables.results import RESULT_COLUMNS, GridWriter, outcome_key, result_cells
from .common import UsageError

OUTPUT_SUFFIXES = (".xlsx", ".csv", ".json", ".jsonl")


class Entries:
    """Entries ``{"index", "input_id", "decision"}`` (or ``"error"``) written one by one.

    ``jsonl``: one line each; ``json``: an array written as it grows (one object for a single
    item); ``table``: the results workbook (.xlsx or .csv) with the input's columns when it was a
    汇总表. 逐项写出的条目。
    """

    def __init__(
        self,
        kind: str,
        stream: TextIO | None = None,
        path: str | None = None,
        header: Sequence[str] = (),
        lang: str = "zh",
        single: bool = False,
    ) -> None:
        self.kind = kind
        self.single = single
        self.lang = lang
        self.count = 0
        self._own = stream is None and path is not None and kind != "table"
        self.stream: TextIO | None = open(path, "w", encoding="utf-8") if self._own and path else stream  # noqa: SIM115
        self.grid = (
            GridWriter(path, [*header, *RESULT_COLUMNS], wrap_from=len(header)) if kind == "table" and path else None
        )

    def __enter__(self) -> Entries:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        elif self._own and self.stream is not None:
            self.stream.close()  # stopped by an error: no closing bracket, no workbook

    def add(
        self,
        entry: dict[str, Any],
        cells: Sequence[Any] = (),
        decision: Decision | InputError | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        """Write one entry (and, for a table, its row with the decision beside it)."""
        if self.grid is not None and decision is not None:
            self.grid.add([*cells, *result_cells(decision, self.lang, notes)], outcome_key(decision))
        elif self.stream is not None:
            text = json.dumps(entry, ensure_ascii=False, indent=None if self.kind == "jsonl" else 2)
            if self.kind == "jsonl" or self.single:
                self.stream.write(text + "\n")
            else:
                self.stream.write(("[\n" if self.count == 0 else ",\n") + text)
            self.stream.flush()
        self.count += 1

    def close(self) -> None:
        if self.grid is not None:
            self.grid.close()
            self.grid = None
        elif self.stream is not None:
            if self.kind == "json" and not self.single:
                self.stream.write("[]\n" if self.count == 0 else "\n]\n")
            self.stream.flush()
            if self._own:
                self.stream.close()
            self.stream = None


def output_kind(path: str) -> str:
    """``json``, ``jsonl`` or ``table`` by the file's suffix; a usage error for any other."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise UsageError(
            f"--output {path}: 不支持的输出类型“{suffix or '（无扩展名）'}”",
            "unsupported output type; expected .xlsx, .csv, .json or .jsonl",
        )
    return {".json": "json", ".jsonl": "jsonl"}.get(suffix, "table")


class Progress:
    """A rich progress bar on standard error, only when it is a terminal (never in a pipe).

    终端上的进度条（rich）；输出到管道时不显示。Lines written through :meth:`say` appear above it.
    """

    def __init__(self, total: int | None, enabled: bool, label: str = "判断 / judging") -> None:
        self._bar: Any = None
        if not enabled:
            return
        try:
            progress = importlib.import_module("rich.progress")
            console = importlib.import_module("rich.console").Console(stderr=True)
        except ImportError:  # the cli extra is not installed: no bar
            return
        self._bar = progress.Progress(
            progress.TextColumn("{task.description}"),
            progress.BarColumn(),
            progress.MofNCompleteColumn(),
            progress.TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task(label, total=total)
        self._bar.start()

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def say(self, line: str) -> None:
        """A line on standard error, above the bar when there is one."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
