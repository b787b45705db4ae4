"""``gongguan-rules evaluate``: judge one item or a batch. 判断一项或一批申报、事件。"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..errors import InputError, PlanError
from ..judging.decision import Decision
from ..law.plans import Plan, load_plan
from ..law.vocab import Outcome
from ..records.history_index import read_event
from .common import EXIT_FAIL_ON, EXIT_FAULTS, EXIT_OK, UsageError, display_width, load, pad, say, to_json
from .items import InputItem, read_history, read_items


class _Progress:
    """``\\r[#####.....] 12/40`` on stderr, only when it is a terminal. 进度条。"""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 1
        self.shown = 0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        filled = round(20 * done / self.total)
        text = f"\r[{'#' * filled}{'.' * (20 - filled)}] {done}/{self.total}"
        self.shown = len(text)
        self.stream.write(text)
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


@dataclass
class _Summary:
    outcomes: Counter[str] = field(default_factory=Counter)
    failing: Counter[str] = field(default_factory=Counter)
    reviewing: Counter[str] = field(default_factory=Counter)
    unreadable: int = 0

    def add(self, decision: Decision) -> None:
        self.outcomes[decision.outcome.value] += 1
        for f in decision.findings:
            if f.status.value == "fail":
                self.failing[f.rule_id] += 1
            elif f.status.value == "review":
                self.reviewing[f.rule_id] += 1

    def lines(self, total: int) -> list[str]:
        out = [f"汇总 / summary: {total} 项 / items", ""]
        out.append(f"  {pad('结论 / outcome', 28)}数量 / count")
        for outcome in Outcome:
            if self.outcomes[outcome.value]:
                out.append(f"  {pad(outcome.value, 28)}{self.outcomes[outcome.value]}")
        if self.unreadable:
            out.append(f"  {pad('无法读取 / unreadable', 28)}{self.unreadable}")
        rules = sorted(
            set(self.failing) | set(self.reviewing), key=lambda r: (-(self.failing[r] + self.reviewing[r]), r)
        )
        if rules:
            width = max(28, max(display_width(r) for r in rules) + 2)
            out.append("")
            out.append(f"  {pad('规则 / rule', width)}{pad('不符合 / fail', 16)}需复核 / review")
            for rule in rules:
                out.append(f"  {pad(rule, width)}{pad(str(self.failing[rule]), 16)}{self.reviewing[rule]}")
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


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from ..judging.evaluate import evaluate, evaluate_event, read_as_of

    try:
        as_of = read_as_of(args.as_of)
    except InputError as exc:
        raise UsageError("--as-of 不是有效日期", str(exc)) from None
    plan = load(args.plan) if args.plan else None
    history = read_history(args.history) if args.history else None
    items, single = read_items(args.file)
    if plan is None:
        needs = next((i for i in items if isinstance(i.data, Mapping) and not i.is_event), None)
        if needs is not None:
            raise UsageError(
                f"缺少 --plan：第 {needs.index} 项是申报，只有带 year 的事件可省略",
                f"--plan is required: item {needs.index} is an application (only events with a year may omit it)",
            )
    if not items:
        raise UsageError(f"{args.file}: 没有可判断的项目", "no items to evaluate")
    progress = _Progress(len(items), sys.stderr, not single and sys.stderr.isatty())
    summary = _Summary()
    results: list[dict[str, Any]] = []
    texts: list[str] = []
    event_plans: dict[int, Plan] = {}
    for n, item in enumerate(items, start=1):
        errors = list(item.errors)
        decision: Decision | None = None
        if not errors:
            data = item.payload()
            try:
                if item.is_event:
                    the_plan = plan or _event_plan(item, event_plans)
                    decision = evaluate_event(data, the_plan, history=history, as_of=as_of)
                elif plan is not None:
                    decision = evaluate(data, plan, history=history, as_of=as_of)
                else:
                    errors.append(("application", "应为映射（键值对）/ expected a mapping"))
            except InputError as exc:
                errors.extend(exc.errors)
        entry: dict[str, Any] = {"index": item.index}
        if item.input_id is not None:
            entry["input_id"] = item.input_id
        if decision is not None:
            summary.add(decision)
            entry["decision"] = decision.model_dump(mode="json")
            if args.format == "text":
                if not single:
                    label = f"  {item.input_id}" if item.input_id else ""
                    where = f"  ({args.file}:{item.line})" if item.line else ""
                    texts.append(f"── {item.index}/{len(items)}{label}{where} ──")
                texts.append(decision.explain(args.lang))
                if not single:
                    texts.append("")
        else:
            summary.unreadable += 1
            entry["error"] = [{"field": loc, "message": msg} for loc, msg in errors]
            progress.clear()
            for loc, msg in errors:
                print(f"{args.file}:item {item.index}: {loc}: {msg}", file=sys.stderr)
        results.append(entry)
        progress.update(n)
    progress.clear()
    if args.format == "json":
        say(to_json(results[0] if single else results))
    else:
        for text in texts:
            say(text)
        if not single:
            for line in summary.lines(len(items)):
                say(line)
    if summary.unreadable:
        return EXIT_FAULTS
    if args.fail_on and any(Outcome(o) in _FAIL_ON[args.fail_on] for o in summary.outcomes):
        return EXIT_FAIL_ON
    return EXIT_OK
