"""``gongguan-rules impact``: the same applications under two plans; whose outcome changes, and why.

方案影响：同一批申报（汇总表）分别按两个方案判断，输出结论变化的统计与变化的各行及原因。
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import InputError
from ..tables.impact import ImpactItem, ImpactReport, compare_plans
from ..tables.results import GridWriter, outcome_text
from .common import EXIT_FAULTS, EXIT_OK, EXIT_TABLE_COLUMNS, UsageError, err, load, pad, say, to_json
from .items import Input, read_history, read_input
from .output import output_kind


def _report(args: argparse.Namespace, source: Input) -> ImpactReport:
    items = list(source.items)
    if not items:
        raise UsageError(f"{source.label}: 没有可判断的申报", "no applications to compare")
    plan_a, plan_b = load(args.plan_from), load(args.plan_to)
    history = read_history(args.history) if args.history else None
    payloads: list[Any] = [None if item.errors or item.is_event else item.payload() for item in items]
    report = compare_plans(
        payloads, plan_a, plan_b, history=history, shift_years=not args.no_shift, as_of=args.as_of, on_error="collect"
    )
    for item, result in zip(items, report.items, strict=True):
        result.row = item.line if source.table is not None else None
        if item.errors or item.is_event:
            errors = item.errors or [
                ("kind", "impact 只比较申报，不比较事件 / impact compares applications, not events")
            ]
            result.before = result.after = InputError(errors)
    return report


def _item_json(item: ImpactItem, input_id: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"index": item.index + 1, "row": item.label}
    if input_id is not None:
        out["input_id"] = input_id
    out |= {
        "before": item.outcome_before,
        "after": item.outcome_after,
        "changed": item.changed,
        "rules": item.rules,
        "only_before": item.only_before,
        "only_after": item.only_after,
        "why": item.reasons(),
    }
    return out


def _text(report: ImpactReport, args: argparse.Namespace, source: Input, ids: list[str | None]) -> list[str]:
    moved = f"（程序日期顺延 {report.years_moved} 年 / dates moved by {report.years_moved} year(s)）"
    lines = [f"方案影响 / plan impact: {report.year_before} → {report.year_after}{moved if report.years_moved else ''}"]
    lines += ["", f"  {pad('之前 / before', 20)}{pad('之后 / after', 20)}数量 / count"]
    for (before, after), count in report.summary().items():
        lines.append(f"  {pad(before, 20)}{pad(after, 20)}{count}")
    changed = report.changed
    lines += ["", f"结论变化 / changed: {len(changed)} / {len(report.items)}"]
    for item in changed:
        where = (
            f"行 {item.label} / row {item.label}"
            if source.table is not None
            else f"第 {item.label} 项 / item {item.label}"
        )
        label = f"  {ids[item.index]}" if ids[item.index] else ""
        lines += ["", f"── {where}{label}: {item.outcome_before} → {item.outcome_after} ──"]
        lines += [f"  {reason}" for reason in item.reasons(args.lang)]
        for error in (item.before, item.after):
            if isinstance(error, InputError):
                lines += [f"  {loc}: {message}" for loc, message in error.errors]
                break
    return lines


def _write(path: str, report: ImpactReport, source: Input, ids: list[str | None], lang: str) -> None:
    kind = output_kind(path)
    if kind in ("json", "jsonl"):
        entries = [_item_json(item, ids[item.index]) for item in report.items]
        with open(path, "w", encoding="utf-8") as handle:
            if kind == "json":
                handle.write(to_json(entries) + "\n")
            else:
                handle.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
        return
    table = source.table
    header = list(table.header) if table is not None else ["序号", "编号"]
    added = [f"结论（{report.year_before}）", f"结论（{report.year_after}）", "变化", "变化的规则", "原因"]
    with GridWriter(path, [*header, *added], wrap_from=len(header)) as out:
        for item in report.items:
            cells = table.cells[item.index] if table is not None else [item.index + 1, ids[item.index]]
            out.add(
                [
                    *cells,
                    outcome_text(item.before, lang),
                    outcome_text(item.after, lang),
                    ("是" if item.changed else "否") if lang == "zh" else ("yes" if item.changed else "no"),
                    "\n".join(item.moved()),
                    "\n".join(item.reasons(lang)),
                ],
                item.outcome_after,
            )


def _cmd_impact(args: argparse.Namespace) -> int:
    if args.output:
        output_kind(args.output)
    source = read_input(args.file, sheet=args.sheet)
    try:
        if source.table is not None:
            for line in source.table.warnings:
                err(f"warning: {line}")
        items = list(source.items)
        source.items = items
        ids = [item.input_id for item in items]
        report = _report(args, source)
    finally:
        source.close()
    if args.output:
        _write(args.output, report, source, ids, args.lang)
    if args.format == "json":
        say(
            to_json(
                {
                    "from": report.year_before,
                    "to": report.year_after,
                    "years_moved": report.years_moved,
                    "summary": [{"before": a, "after": b, "count": n} for (a, b), n in report.summary().items()],
                    "items": [_item_json(item, ids[item.index]) for item in report.items],
                }
            )
        )
    else:
        for line in _text(report, args, source, ids):
            say(line)
    if any(isinstance(item.before, InputError) for item in report.items):
        for item in report.items:
            if isinstance(item.before, InputError):
                for loc, message in item.before.errors:
                    field = loc.split(".", 1)[1] if loc.startswith("[") and "." in loc else loc
                    err(f"{source.where(items[item.index])}: {field}: {message}")
        return EXIT_FAULTS
    if source.table is not None and source.table.unknown_columns and not args.allow_unknown_columns:
        return EXIT_TABLE_COLUMNS
    return EXIT_OK
