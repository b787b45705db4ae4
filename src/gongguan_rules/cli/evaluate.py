"""``gongguan-rules evaluate``: judge one item or a batch. 判断一项或一批申报、事件。

Items are judged and written one at a time (JSON Lines are read line by line), so memory stays
flat in the number of items; a 汇总表 (.xlsx, .xls, .csv) is read by the table reader.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from ..errors import InputError, PlanError
from ..judging.decision import Decision
from ..law.plans import Plan, load_plan
from ..law.vocab import Outcome
from ..records.history_index import HistoryIndex, read_event
from ..tables.frames import BatchSummary
from .common import (
    EXIT_FAIL_ON,
    EXIT_FAULTS,
    EXIT_OK,
    EXIT_TABLE_COLUMNS,
    UsageError,
    display_width,
    err,
    load,
    pad,
    say,
)
from .items import Input, InputItem, read_history, read_input
from .output import Entries, Progress, output_kind


def summary_lines(summary: BatchSummary) -> list[str]:
    """The batch summary as text: each outcome's count, then per rule the fail and review counts."""
    out = [f"汇总 / summary: {summary.total} 项 / items", ""]
    out.append(f"  {pad('结论 / outcome', 28)}数量 / count")
    for outcome, count in summary.outcome_counts().items():
        label = "无法读取 / unreadable" if outcome == "input_error" else outcome
        out.append(f"  {pad(label, 28)}{count}")
    rules = summary.rule_counts()
    if rules:
        width = max(28, max(display_width(r) for r, _, _ in rules) + 2)
        out.append("")
        out.append(f"  {pad('规则 / rule', width)}{pad('不符合 / fail', 16)}需复核 / review")
        for rule, failed, review in rules:
            out.append(f"  {pad(rule, width)}{pad(str(failed), 16)}{review}")
    return out


_FAIL_ON = {
    "ineligible": {Outcome.ineligible, Outcome.rejected},
    "review": {Outcome.ineligible, Outcome.rejected, Outcome.needs_review},
}


def _event_plan(item: InputItem, cache: dict[int, Plan]) -> Plan:
    event = read_event(item.payload(), "event")
    year = event.plan_year()
    if year is None:
        raise InputError(
            [("year", "没有 --plan，事件也没有 year 或 date / no --plan given and the event has no year or date")]
        )
    if year not in cache:
        try:
            cache[year] = load_plan(year)
        except PlanError as exc:
            raise InputError([("year", exc.faults[0].message)]) from None
    return cache[year]


def _decide(
    item: InputItem, plan: Plan | None, history: HistoryIndex | None, as_of: Any, cache: dict[int, Plan]
) -> tuple[Decision | None, list[tuple[str, str]]]:
    """The item's decision, or the faults that kept it from being judged."""
    from ..judging.evaluate import evaluate, evaluate_event

    if item.errors:
        return None, list(item.errors)
    data = item.payload()
    try:
        if item.is_event:
            return evaluate_event(data, plan or _event_plan(item, cache), history=history, as_of=as_of), []
        if plan is None:
            raise UsageError(
                f"缺少 --plan：第 {item.index} 项是申报，只有带 year 的事件可省略",
                f"--plan is required: item {item.index} is an application (only events with a year may omit it)",
            )
        if not isinstance(data, Mapping):
            return None, [("application", f"应为映射（键值对）/ expected a mapping, got {type(data).__name__}")]
        return evaluate(data, plan, history=history, as_of=as_of), []
    except InputError as exc:
        return None, list(exc.errors)


def add_output_arguments(p: argparse.ArgumentParser) -> None:
    """--output, --allow-unknown-columns and --sheet, shared by evaluate and impact."""
    p.add_argument(
        "--output",
        metavar="FILE",
        help="写入文件 / write to FILE (.xlsx, .csv: the results workbook; .json, .jsonl)",
    )
    p.add_argument(
        "--allow-unknown-columns",
        dest="allow_unknown_columns",
        action="store_true",
        help="汇总表有未识别的列时仍以 0 退出 / accept a table's unknown columns (exit 0, not 5)",
    )
    p.add_argument(
        "--sheet",
        metavar="NAME",
        help="工作簿中的工作表：名称，或从 1 数起的位置（默认第一个可见的）/ "
        "the workbook's sheet: its name, or its place counting from 1 (default: the first visible one)",
    )


def _entries(args: argparse.Namespace, source: Input) -> Entries:
    if args.output:
        kind = output_kind(args.output)
        header: list[str] = []
        if kind == "table":
            header = list(source.table.header) if source.table is not None else ["序号", "编号"]
        return Entries(kind, path=args.output, header=header, lang=args.lang, single=source.single)
    if args.format in ("json", "jsonl"):
        return Entries(args.format, stream=sys.stdout, single=source.single and args.format == "json")
    return Entries("text")


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from ..judging.evaluate import read_as_of

    try:
        as_of = read_as_of(args.as_of)
    except InputError as exc:
        raise UsageError("--as-of 不是有效日期", str(exc)) from None
    if args.output:
        output_kind(args.output)
    plan = load(args.plan) if args.plan else None
    history = read_history(args.history) if args.history else None
    source = read_input(args.file, streaming=args.format == "jsonl" and not args.output, sheet=args.sheet)
    try:
        return _run(args, source, plan, history, as_of)
    finally:
        source.close()


def _run(args: argparse.Namespace, source: Input, plan: Plan | None, history: HistoryIndex | None, as_of: Any) -> int:
    table = source.table
    if table is not None:
        for line in table.warnings:
            err(f"warning: {line}")
    progress = Progress(source.total, not source.single and sys.stderr.isatty())
    summary = BatchSummary()
    cache: dict[int, Plan] = {}
    seen = 0
    try:
        with _entries(args, source) as out:
            for item in source.items:
                seen += 1
                decision, errors = _decide(item, plan, history, as_of, cache)
                entry: dict[str, Any] = {"index": item.index}
                if table is not None and item.line is not None:
                    entry["row"] = item.line
                if item.input_id is not None:
                    entry["input_id"] = item.input_id
                notes: list[str] = []
                if table is not None:
                    notes = [n.removeprefix(f"{source.label}:{item.line}:") for n in table.row_warnings[item.index - 1]]
                if decision is not None:
                    summary.add(decision)
                    entry["decision"] = decision.model_dump(mode="json")
                    if out.kind == "text":
                        _say_text(args, source, item, decision)
                    cells = table.cells[item.index - 1] if table is not None else [item.index, item.input_id]
                    out.add(entry, cells, decision, notes)
                else:
                    failure = InputError(errors)
                    summary.add(failure)
                    entry["error"] = [{"field": loc, "message": msg} for loc, msg in errors]
                    for loc, msg in errors:
                        progress.say(f"{source.where(item)}: {loc}: {msg}")
                    cells = table.cells[item.index - 1] if table is not None else [item.index, item.input_id]
                    out.add(entry, cells, failure, notes)
                progress.advance()
    finally:
        progress.stop()
    if seen == 0:
        raise UsageError(f"{source.label}: 没有可判断的项目", "no items to evaluate")
    if not source.single and (args.format == "text" or args.output):
        for line in summary_lines(summary):
            say(line)
    if summary.unreadable:
        return EXIT_FAULTS
    if table is not None and table.unknown_columns and not args.allow_unknown_columns:
        return EXIT_TABLE_COLUMNS
    if args.fail_on and any(Outcome(o) in _FAIL_ON[args.fail_on] for o in summary.outcomes):
        return EXIT_FAIL_ON
    return EXIT_OK


def _say_text(args: argparse.Namespace, source: Input, item: InputItem, decision: Decision) -> None:
    if not source.single:
        label = f"  {item.input_id}" if item.input_id else ""
        where = f"  ({source.label}:{item.line})" if item.line else ""
        total = f"/{source.total}" if source.total is not None else ""
        say(f"── {item.index}{total}{label}{where} ──")
    say(decision.explain(args.lang))
    if not source.single:
        say("")
