"""The command line: ``gongguan-rules`` (also ``python -m gongguan_rules``). 命令行工具。

Commands / 命令::

    gongguan-rules validate FILE|YEAR…          校验方案文件 / check plan files
    gongguan-rules diff A B [--format json]      方案对比 / what changed between two plans
    gongguan-rules evaluate FILE --plan YEAR     判断申报或事件 / judge applications or events
    gongguan-rules explain RULE_ID [--plan Y]    规则说明 / a rule, its citation and its text
    gongguan-rules schema [NAME]                 JSON Schema
    gongguan-rules plans                         随包方案 / the bundled plans

Every error is one line on stderr (Chinese first, English beside), never a traceback; see
:data:`EXIT_CODES` and docs/cli.md. 所有错误均为一行（中文在前、英文在后），不输出回溯。
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import sys
import types
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NoReturn, TextIO, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from ..errors import GongguanError, InputError, PlanError
from ..inputs.application import Application
from ..judging.decision import Decision
from ..judging.schema import SCHEMA_NAMES, json_schemas
from ..law.diff import SECTIONS, PlanChange, diff_plans, not_applicable_reason, unchanged_rules
from ..law.plans import Plan, available_plans, load_plan, validate_plan_file
from ..law.rules import Rule
from ..law.strict_yaml import read_yaml
from ..law.vocab import Outcome
from ..records.events import Event
from ..records.history_index import HistoryIndex, read_event

PROG = "gongguan-rules"

EXIT_OK = 0
EXIT_FAULTS = 1
EXIT_USAGE = 2
EXIT_FAIL_ON = 3
EXIT_INTERNAL = 4

#: Exit codes, shown by ``--help`` and documented in docs/cli.md. 退出码。
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "成功 / success (evaluate: every item was evaluated, whatever its outcome)",
    EXIT_FAULTS: "发现错误 / faults found: validate found a fault; evaluate could not read an "
    "item; explain: unknown rule id",
    EXIT_USAGE: "用法或输入错误 / usage error: bad arguments, or a file (input, plan, history) "
    "that cannot be read at all",
    EXIT_FAIL_ON: "evaluate --fail-on: 有项目的结论达到所设条件 / an outcome met --fail-on",
    EXIT_INTERNAL: "内部错误 / internal error (a bug: please report it)",
}

_EPILOG = "退出码 / exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())


class UsageError(Exception):
    """A usage error: one line, exit 2. 用法错误。"""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")


class FileFaults(Exception):
    """A file that cannot be read: one line per fault, each ``file:line[:col]: message``; exit 2."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class _Parser(argparse.ArgumentParser):
    """argparse with errors as one line (exit 2) instead of usage text on stderr."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"参数有误（见 {self.prog} --help）", message)


def _say(line: str) -> None:
    print(line)


def _err(line: str) -> None:
    print(f"{PROG}: {line}", file=sys.stderr)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _plan_ref(text: str) -> int | str:
    """A bundled year (``2026``) or a plan file's path."""
    stripped = text.strip()
    if stripped.isdigit() and not Path(text).exists():
        return int(stripped)
    return text


def _plan_error_line(exc: PlanError) -> str:
    more = len(exc.faults) - 1
    line = str(exc.faults[0])
    if more:
        line += f"（另有 {more} 处，运行 {PROG} validate 查看 / and {more} more; run `{PROG} validate`）"
    return line


def _load(ref: str) -> Plan:
    """Load a plan for a command; a faulty plan is a usage error (exit 2)."""
    return load_plan(_plan_ref(ref))


# --------------------------------------------------------------------------------------------
# validate


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..law.data_files import plans_dir

    total = 0
    bad_files = 0
    for target in args.files:
        ref = _plan_ref(target)
        label = str(plans_dir() / f"{ref}.yaml") if isinstance(ref, int) else target
        faults, warnings = validate_plan_file(str(ref))
        for fault in faults:
            _say(str(fault))
        for warning in warnings:
            _say(f"warning: {warning}")
        if faults:
            total += len(faults)
            bad_files += 1
        else:
            _say(f"ok: {label}")
    if total:
        _say(f"共 {total} 处错误，涉及 {bad_files} 个文件 / {total} fault(s) in {bad_files} file(s)")
        return EXIT_FAULTS
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# diff


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_show(v)}" for k, v in value.items())
    return str(value)


def _cite_labels(side: Mapping[str, Any] | None) -> str:
    from ..law.citations import Citation

    if not side:
        return ""
    return "；".join(Citation.model_validate(c).label() for c in side.get("citations", []))


_CHANGE_MARK = {"added": "+ 新增 added", "removed": "- 删除 removed", "changed": "~ 变更 changed"}


def _render_change(change: PlanChange) -> list[str]:
    title = f"  {change.title['zh']} / {change.title['en']}" if change.title else ""
    head = f"{_CHANGE_MARK[change.change]}  {change.id}"
    side = change.after or change.before or {}
    if change.part == "rule" and "check" in side:
        head += f"  [{side['check']}]"
    elif change.part == "step":
        head += f"  [工作程序 step: {side.get('stage')}]"
    lines = [head + title]
    if change.matched_by == "stage" and change.before:
        lines.append(f"    按阶段对应 / matched by stage: {change.before.get('stage')}")
    for f in change.fields:
        extra = []
        if f.added:
            extra.append("+ " + ", ".join(_show(x) for x in f.added))
        if f.removed:
            extra.append("- " + ", ".join(_show(x) for x in f.removed))
        if extra:
            lines.append(f"    {f.field}: {'; '.join(extra)}")
        else:
            lines.append(f"    {f.field}: {_show(f.before)} → {_show(f.after)}")
    if change.change != "changed":
        for key in ("params", "timing", "territory", "procedure", "value"):
            if side.get(key):
                lines.append(f"    {key}: {_show(side[key])}")
        if "step" in side:
            lines.append(f"    step: {side['step']['id']} ({_show(side['step']['timing'])})")
    for label, data in (("before", change.before), ("after", change.after)):
        if data is None:
            continue
        cites = _cite_labels(data)
        if cites:
            lines.append(f"    出处 {label}: {cites}")
        reason = data.get("not_applicable")
        if isinstance(reason, Mapping):
            lines.append(f"    不适用 {label}: {reason.get('zh')} / {reason.get('en')}")
        if change.part == "document":
            lines.append(f"    文件 {label}: {data.get('cite_as')}（{data.get('issued_on')}）")
    if change.change == "added" and change.after and change.after.get("quote"):
        lines.append(f"    原文 quote: {change.after['quote']}")
    return lines


def _cmd_diff(args: argparse.Namespace) -> int:
    a, b = _load(args.a), _load(args.b)
    changes = diff_plans(a, b)
    if args.format == "json":
        _say(_json([c.model_dump(mode="json") for c in changes]))
        return EXIT_OK
    _say(f"方案对比 / plan diff: {a.year} {a.document} → {b.year} {b.document}")
    _say(f"{len(changes)} 处变化 / changes")
    for section, (zh, en) in SECTIONS.items():
        group = [c for c in changes if c.section == section]
        _say("")
        _say(f"== {zh} / {en} ==")
        if not group:
            _say("  （无变化 / no change）")
        for change in group:
            for line in _render_change(change):
                _say(line)
    same = unchanged_rules(a, b)
    _say("")
    _say(f"未变化的规则 / unchanged rules ({len(same)}): {', '.join(same) if same else '—'}")
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# evaluate: reading the input file


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


def _input_id(data: Any) -> str | None:
    if isinstance(data, Mapping):
        value = data.get("id")
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _read_text(path: Path) -> str:
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
            InputItem(i + 1, item, located.positions.get((i,), (None, None))[0], _input_id(item))
            for i, item in enumerate(data)
        ], False
    if isinstance(data, Mapping):
        return [InputItem(1, data, 1, _input_id(data))], True
    raise UsageError(
        f"{path}: 应为一个映射（一项）或一个列表（批量）", "expected a mapping (one item) or a list (a batch)"
    )


def _json_items(path: Path, text: str) -> tuple[list[InputItem], bool]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: 无法解析的 JSON", f"invalid JSON: {exc.msg}") from None
    if isinstance(data, list):
        return [InputItem(i + 1, item, None, _input_id(item)) for i, item in enumerate(data)], False
    if isinstance(data, dict):
        return [InputItem(1, data, 1, _input_id(data))], True
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
            item.input_id = _input_id(item.data)
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
            _err(f"warning: {path}:{start + 1}: 未知的列“{title}”，已忽略 / unknown column {title!r} ignored{hint}")
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
        item.input_id = _input_id(data)
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
    text = _read_text(file)
    if suffix in (".yaml", ".yml"):
        return _yaml_items(file, text)
    if suffix == ".json":
        return _json_items(file, text)
    if suffix == ".jsonl":
        return _jsonl_items(text), False
    return _csv_items(file, text), False


# --------------------------------------------------------------------------------------------
# evaluate: history, progress, summary


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
        out.append(f"  {_pad('结论 / outcome', 28)}数量 / count")
        for outcome in Outcome:
            if self.outcomes[outcome.value]:
                out.append(f"  {_pad(outcome.value, 28)}{self.outcomes[outcome.value]}")
        if self.unreadable:
            out.append(f"  {_pad('无法读取 / unreadable', 28)}{self.unreadable}")
        rules = sorted(
            set(self.failing) | set(self.reviewing), key=lambda r: (-(self.failing[r] + self.reviewing[r]), r)
        )
        if rules:
            width = max(28, max(_width(r) for r in rules) + 2)
            out.append("")
            out.append(f"  {_pad('规则 / rule', width)}{_pad('不符合 / fail', 16)}需复核 / review")
            for rule in rules:
                out.append(f"  {_pad(rule, width)}{_pad(str(self.failing[rule]), 16)}{self.reviewing[rule]}")
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
    plan = _load(args.plan) if args.plan else None
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
        _say(_json(results[0] if single else results))
    else:
        for text in texts:
            _say(text)
        if not single:
            for line in summary.lines(len(items)):
                _say(line)
    if summary.unreadable:
        return EXIT_FAULTS
    if args.fail_on and any(Outcome(o) in _FAIL_ON[args.fail_on] for o in summary.outcomes):
        return EXIT_FAIL_ON
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# explain


def _bundled() -> list[Plan]:
    plans = []
    for year in available_plans():
        try:
            plans.append(load_plan(year))
        except PlanError as exc:
            _err(f"warning: {_plan_error_line(exc)}")
    return plans


def _find_rule(plan: Plan, rule_id: str) -> Rule | None:
    return next((r for r in plan.rules if r.id == rule_id), None)


def _rule_json(plan: Plan, rule: Rule, appears: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": rule.id,
        "check": rule.check.name,
        "title": {"zh": rule.messages.title.zh, "en": rule.messages.title.en},
        "source": "regulation" if rule.source == "regulation" else plan.path,
        "plan": plan.year,
        "citations": [c.model_dump(mode="json", exclude_none=True) for c in rule.citations],
        "quote": rule.quote,
        "params": rule.params.model_dump(mode="json"),
        "applies_to": list(rule.applies_to),
        "inference": rule.inference,
        "note": rule.note,
        "not_applicable": not_applicable_reason(plan, rule),
        "plans": appears,
    }


def _cmd_explain(args: argparse.Namespace) -> int:
    chosen = _load(args.plan) if args.plan else None
    bundled = _bundled()
    candidates = ([chosen] if chosen else []) + sorted(bundled, key=lambda p: -p.year)
    found = next(((p, r) for p in candidates if (r := _find_rule(p, args.rule_id)) is not None), None)
    if found is None:
        ids = sorted({r.id for p in candidates for r in p.rules})
        close = difflib.get_close_matches(args.rule_id, ids, n=3, cutoff=0.5)
        hint = f"；是否想写 {'、'.join(close)}？/ did you mean {', '.join(close)}?" if close else ""
        _err(f"未知的规则编号“{args.rule_id}”/ unknown rule id {args.rule_id!r}{hint}")
        return EXIT_FAULTS
    plan, rule = found
    appears: list[dict[str, Any]] = []
    for other in sorted(bundled, key=lambda p: p.year):
        there = _find_rule(other, rule.id)
        if there is not None:
            appears.append(
                {
                    "year": other.year,
                    "document": other.document,
                    "citations": [c.label() for c in there.citations],
                    "applies": there.not_applicable is None,
                    "not_applicable": not_applicable_reason(other, there),
                }
            )
    if args.format == "json":
        _say(_json(_rule_json(plan, rule, appears)))
        return EXIT_OK
    source = "管理办法 rules/regulation.yaml" if rule.source == "regulation" else f"方案 plan {plan.year} ({plan.path})"
    params = rule.params.model_dump(mode="json")
    rows = [
        ("规则 / rule", rule.id),
        ("检查 / check", rule.check.name),
        ("标题 / title", f"{rule.messages.title.zh} / {rule.messages.title.en}"),
        ("来源 / source", source),
        ("出处 / citations", "；".join(c.label() for c in rule.citations)),
        ("原文 / text", rule.quote or "—"),
        ("参数 / params", _show(params) if params else "（无 / none）"),
        ("判断对象 / judges", ", ".join(rule.applies_to)),
        ("推定 / inference", "是 / yes" if rule.inference else "否 / no"),
    ]
    if rule.note:
        rows.append(("说明 / note", rule.note))
    reason = not_applicable_reason(plan, rule)
    if reason is not None:
        rows.append((f"{plan.year} 不适用 / n/a", f"{reason['zh']} / {reason['en']}"))
    width = max(_width(label) for label, _ in rows) + 2
    for label, value in rows:
        _say(f"{_pad(label, width)}{value}")
    _say("所在方案 / plans:")
    for entry in appears:
        line = f"  {entry['year']}  {entry['document']}"
        if rule.source != "regulation":
            line += f"  〔{'；'.join(entry['citations'])}〕"
        reason = entry.get("not_applicable")
        line += f"  不适用 / not applicable: {reason['zh'].removeprefix('不适用：')}" if reason else "  适用 / binds"
        _say(line)
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# schema, plans


def _cmd_schema(args: argparse.Namespace) -> int:
    schemas = json_schemas()
    _say(_json(schemas if args.name == "all" else schemas[args.name]))
    return EXIT_OK


def _cmd_plans(args: argparse.Namespace) -> int:
    rows = []
    for plan in _bundled():
        doc = plan.governing_document
        rows.append(
            {
                "year": plan.year,
                "document": plan.document,
                "title": doc.title,
                "level": doc.level,
                "territory": plan.spec.territory,
                "issued_on": doc.issued_on.isoformat(),
                "path": plan.path,
            }
        )
    if args.format == "json":
        _say(_json(rows))
        return EXIT_OK
    for row in rows:
        _say(
            f"{row['year']}  {_pad(str(row['document']), 34)}{_pad(str(row['level']), 10)}"
            f"{_pad(str(row['territory']), 10)}{row['issued_on']}  {row['title']}"
        )
    return EXIT_OK if len(rows) == len(available_plans()) else EXIT_FAULTS


# --------------------------------------------------------------------------------------------
# the parser and main


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by docs/cli.md's examples). 参数解析器。"""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG,
        description="天津市质量攻关规则库命令行 / Tianjin quality-tackling rules (质量攻关) on the command line",
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "validate",
        help="校验方案文件 / check plan files (every fault, file:line:col)",
        description="校验方案文件，一次列出全部错误 / check plan files, every fault at once",
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="方案文件或随包年度 / a plan file or a bundled year")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "diff",
        help="方案对比 / what changed between two plans",
        description="逐条比较两个方案，列出两边出处 / compare two plans clause by clause, citing both sides",
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    p.add_argument("a", metavar="A", help="旧方案：年度或文件 / the earlier plan: year or file")
    p.add_argument("b", metavar="B", help="新方案：年度或文件 / the later plan: year or file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_diff)

    p = sub.add_parser(
        "evaluate",
        help="判断申报或事件 / judge an application, an event, or a batch",
        description=(
            "判断一项或一批申报/事件 / judge one application or event, or a batch.\n"
            "输入 / input: .yaml/.yml (mapping = one, list = batch), .json (object or array), .jsonl, .csv\n"
            "带 kind 键的项为事件 / an item with a `kind` key is an event.\n"
            "--fail-on ineligible: 有 ineligible/rejected 时退出码 3 / exit 3 when any outcome is ineligible\n"
            "  or rejected;\n"
            "--fail-on review: 有 needs_review 亦退出码 3 / also when any is needs_review."
        ),
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--plan", help="方案年度或文件（事件带 year 时可省略）/ plan year or file (optional for events with a year)"
    )
    p.add_argument(
        "--history", metavar="FILE", help="历史记录 / past records (YAML, CSV, JSON Lines) or a list of events"
    )
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="判断日期 / the date of the decision")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--fail-on",
        dest="fail_on",
        choices=("ineligible", "review"),
        help="按结论设置退出码 3 / exit 3 on these outcomes",
    )
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser(
        "explain",
        help="规则说明 / a rule, its citation and its text",
        description="显示规则、出处、原文与参数 / show a rule, its citations, its text and parameters",
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    p.add_argument("rule_id", metavar="RULE_ID")
    p.add_argument("--plan", help="方案年度或文件（默认最新随包方案）/ plan year or file (default: the newest bundled)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_explain)

    p = sub.add_parser(
        "schema",
        help="JSON Schema（申报、事件、决定）/ of the application, event and decision",
        description="输出 JSON Schema / print the JSON Schema",
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    p.add_argument("name", nargs="?", choices=(*SCHEMA_NAMES, "all"), default="all")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser(
        "plans",
        help="随包方案 / the bundled plans and their documents",
        description="列出随包方案 / list the bundled plans",
        epilog=_EPILOG,
        formatter_class=formatter,
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_plans)
    return parser


def _safe_streams(streams: Sequence[IO[str]]) -> None:
    """Never fail on a console that cannot show Chinese: replace what it cannot encode."""
    for stream in streams:
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
        reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
        if encoding not in ("utf8", "utf8sig") and reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code. 运行命令行，返回退出码。"""
    _safe_streams([sys.stdout, sys.stderr])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "func", None) is None:
            raise UsageError(
                "缺少命令（validate、diff、evaluate、explain、schema、plans）",
                f"no command given; run `{PROG} --help`",
            )
        code: int = args.func(args)
        return code
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        _err(str(exc))
    except FileFaults as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
    except PlanError as exc:
        _err(_plan_error_line(exc))
    except InputError as exc:
        _err(f"输入有误 / bad input: {exc}")
    except GongguanError as exc:
        _err(str(exc).splitlines()[0])
    except BrokenPipeError:
        return EXIT_FAULTS
    except UnicodeDecodeError as exc:
        _err(f"无法解码的文本 / text that cannot be decoded: {exc.reason}")
    except OSError as exc:
        _err(f"无法读取文件 / cannot read a file: {exc.filename or ''}: {exc.strerror or exc}")
    except (yaml.YAMLError, ValueError) as exc:
        _err(f"输入有误 / bad input: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    except KeyboardInterrupt:
        _err("已中断 / interrupted")
        return 130
    except Exception as exc:  # one line instead of a traceback, by design
        _err(f"内部错误，请报告 / internal error, please report it: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL
    return EXIT_USAGE
