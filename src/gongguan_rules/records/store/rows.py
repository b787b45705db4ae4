"""A record and its row: what the store writes for an event, and how it reads a row back.

记录与数据行之间的转换：为事件写入什么、如何读回一行。
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

from ...errors import InputError
from ...judging.decision import Decision
from ...law.data_files import plans_dir
from ...law.plans import Plan, resolve_plan
from ...law.vocab import Outcome
from ...quoting import quote
from ..events import Event
from ..history_index import read_event, unit_key, unit_name_key
from ..project_names import normalize_project_name
from .backend import COLUMNS, INSERT_COLUMNS
from .model import HistoryRecord, HistoryStoreError, dumps, unencodable

_CREDIT_CODE: Final = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")

PlanChoice = Plan | int | str


class PlanNotNamed(Exception):
    """A record judged under a plan file that the caller has not named (the message says so)."""


NamedPlans = Mapping[int | str, PlanChoice]


def _surrogate_at(data: Any, where: str) -> str | None:
    """The path of the first text in ``data`` (keys included) that holds a lone surrogate.

    Walked with a stack, not recursion, so that input nested ever so deep is walked too.
    """
    stack: list[tuple[Any, str]] = [(data, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if unencodable(item):
                return path
        elif isinstance(item, Mapping):
            for key, value in reversed(list(item.items())):
                if isinstance(key, str) and unencodable(key):
                    return f"{path}.{quote(key)}"
                stack.append((value, f"{path}.{key}"))
        elif isinstance(item, list | tuple):
            stack.extend((value, f"{path}[{i}]") for i, value in reversed(list(enumerate(item))))
    return None


def normalise_event(event: Any, where: str) -> tuple[Event, str]:
    """The event read, in the normalised form the store keeps (and its JSON text).

    Text no UTF-8 store can hold (a lone surrogate) is refused first, naming its field.
    """
    raw = event.model_dump(mode="python") if isinstance(event, Event) else event
    bad = _surrogate_at(raw, where)
    if bad is not None:
        raise InputError(
            [(bad, "含无法以 UTF-8 保存的字符（孤立代理项）/ holds a lone surrogate, which UTF-8 cannot hold")]
        )
    read = read_event(event, where)
    data = read.model_dump(mode="json", exclude_none=True)
    try:
        text = dumps(data)
    except ValueError:
        message = "含无法存为 JSON 的数值（如无穷大）/ holds a value JSON cannot hold (such as infinity)"
        raise InputError([(where, message)]) from None
    return read_event(data, where), text


def plan_ref(plan: Plan) -> int | str:
    """How a plan is recorded: its year when it is the bundled plan, else its file's path."""
    bundled = plans_dir() / f"{plan.year}.yaml"
    try:
        here = Path(plan.path).resolve()
        if here == bundled.resolve():
            return plan.year
        return str(here) if here.is_file() else plan.path
    except (OSError, RuntimeError, ValueError):
        return plan.path


def plan_key(ref: int | str) -> str:
    return dumps(ref)


def load_ref(text: str) -> int | str:
    value = json.loads(text)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"recorded_plan {quote(text)}")
    return value


def plan_for(ref: int | str, named: NamedPlans | None, loaded: dict[str, Plan]) -> Plan:
    """The plan to judge a record under again: a bundled year, or a plan the caller named.

    A plan file is never loaded from a path found in the data (an import file or a store written by
    others): such a record is judged again only under a plan the caller names, in ``plan=`` or
    ``plans={recorded_plan: plan}``.
    """
    key = plan_key(ref)
    if key in loaded:
        return loaded[key]
    if named is not None and ref in named:
        plan = resolve_plan(named[ref])
    elif isinstance(ref, int) and not isinstance(ref, bool):
        plan = resolve_plan(ref)  # a year: always a bundled plan
    else:
        raise PlanNotNamed(
            f"记录所依据的方案文件 {quote(ref)} 不会按数据中的路径加载；请以 plan= 或 plans={{…}} 指定方案 / "
            "the record "
            f"was judged under the plan file {quote(ref)}; a plan is never loaded from a path found in the data: "
            "name it with plan= or plans={recorded_plan: plan}"
        )
    loaded[key] = plan
    return plan


def insert_sql(table: str) -> str:
    return f"INSERT INTO {table} ({INSERT_COLUMNS}) VALUES ({', '.join('?' * (INSERT_COLUMNS.count(',') + 1))})"


def insert_args(
    seq: int,
    event: Event,
    event_text: str,
    decision_text: str,
    outcome: Outcome,
    plan_year: int,
    recorded_plan: int | str,
    as_of: date | None,
    recorded_by: str | None,
) -> tuple[Any, ...]:
    """The values of one row, in the order of INSERT_COLUMNS."""
    return (
        seq,
        event.kind.value,
        outcome.value,
        plan_year,
        plan_key(recorded_plan),
        event.plan_year(),
        event.date.isoformat() if event.date else None,
        event.credit_code.strip().upper() if event.credit_code else None,
        event.unit,
        unit_key(event.credit_code, event.unit),
        unit_name_key(event.unit) if event.unit else None,
        event.project_name,
        (normalize_project_name(event.project_name) or None) if event.project_name else None,
        as_of.isoformat() if as_of else None,
        event_text,
        decision_text,
        recorded_by,
    )


def select_sql(table: str) -> str:
    return f"SELECT {COLUMNS} FROM {table}"


Fault = Callable[[str], HistoryStoreError]


def unreadable(fault: Fault, seq: int, exc: Exception) -> HistoryStoreError:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return fault(
        f"第 {seq} 条记录无法读取（{detail}）；请从备份或导出文件恢复该记录 / record {seq} cannot be read ({detail}): "
        "restore it from a backup or an export"
    )


def stored_event(seq: int, text: str, fault: Fault) -> Event:
    try:
        return Event.model_validate_json(text)
    except ValueError as exc:
        raise unreadable(fault, seq, exc) from None


def stored_outcome(seq: int, value: Any, fault: Fault) -> Outcome:
    try:
        return Outcome(value)
    except ValueError as exc:
        raise unreadable(fault, seq, exc) from None


def row_record(row: tuple[Any, ...], fault: Fault) -> HistoryRecord:
    seq, event_text, decision_text, outcome, recorded_plan, as_of, recorded_by = row
    try:
        return HistoryRecord(
            seq=seq,
            event=Event.model_validate_json(event_text),
            decision=Decision.model_validate_json(decision_text),
            outcome=Outcome(outcome),
            recorded_plan=load_ref(recorded_plan),
            as_of=date.fromisoformat(as_of) if as_of else None,
            recorded_by=recorded_by,
        )
    except ValueError as exc:
        raise unreadable(fault, int(seq), exc) from None


def unit_filter(unit: str) -> tuple[str, str]:
    """The SQL condition and argument that select a unit's records (credit code, else name)."""
    text = unit.strip()
    code = text.upper()
    if _CREDIT_CODE.match(code):
        return "credit_code = ?", code
    return "unit_name_key = ?", unit_name_key(text)
