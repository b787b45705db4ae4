"""JSON Lines export and import: one stored record per line.

JSON Lines 导出与导入：每行一条记录 ``{"seq", "event", "decision", "outcome", "recorded_plan",
"as_of", "recorded_by"}``.

- **Export** to a path writes a new temporary file with an unpredictable name in the target's
  folder (created exclusively, mode 0600: the record names units and people), ``fsync``s it and
  renames it over the target: a crash never leaves half an export, a path planted in advance is
  never followed or written, and a link at the target is replaced, not followed.
- **Import** reads a file through the library's one file reader (a regular file of at most the
  ``import`` limit, one encoding), checks every line first and reports every fault at once as
  ``file:line: what``. It never loads a plan from a path found in the data.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from ...errors import GongguanError, InputError
from ...inputs.files import decode_text, read_bytes
from ...inputs.reading import input_error
from ...judging.decision import Decision
from ...judging.evaluate import read_as_of
from ...law.plans import Plan
from ...law.vocab import Outcome
from ...quoting import quote
from ..events import Event
from .model import EXPORT_KEYS, HistoryStoreError, StoreFault, dumps, read_recorded_by, store_error
from .rows import NamedPlans, PlanNotNamed, load_ref, normalise_event, plan_for

_EVENT_OUTCOMES = (Outcome.accepted, Outcome.rejected, Outcome.needs_review)
_REQUIRED_AS_IS = ("seq", "event", "decision", "outcome", "recorded_plan")


def export_line(row: tuple[Any, ...]) -> str:
    """One stored row as one JSON Lines line (the stored JSON texts written as they are)."""
    seq, event_text, decision_text, outcome, recorded_plan, as_of, recorded_by = row
    parts = [
        f'"seq": {int(seq)}',
        f'"event": {event_text}',
        f'"decision": {decision_text}',
        f'"outcome": {dumps(outcome)}',
        f'"recorded_plan": {dumps(load_ref(recorded_plan))}',
        f'"as_of": {dumps(as_of)}',
        f'"recorded_by": {dumps(recorded_by)}',
    ]
    return "{" + ", ".join(parts) + "}\n"


def write_atomically(target: str | os.PathLike[str], lines: Iterable[str]) -> None:
    """Write ``lines`` to ``target`` through a new temporary file in its folder, then rename."""
    path = Path(target)
    name = os.fspath(target)
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise store_error(name, f"无法写入导出文件 / cannot write the export: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temp)  # ours: created above, exclusively
        raise store_error(
            name,
            f"无法写入导出文件，目标未改动 / cannot write the export ({exc.strerror or exc}); the target is unchanged",
        ) from None
    with suppress(OSError):  # the rename itself on disk (not every system can open a folder)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def read_lines(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str, list[tuple[int, str]]]:
    """The source's name and its lines numbered from 1, split on ``\\n`` only (U+2028 is text)."""
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        text = decode_text(read_bytes(source, "import"), source)
    else:
        label = getattr(source, "name", None)
        name = label if isinstance(label, str) else "<stream>"
        raw = source.read()
        text = decode_text(raw, name) if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
    return name, [(number, line.removesuffix("\r")) for number, line in enumerate(text.split("\n"), start=1)]


@dataclass(frozen=True)
class Parsed:
    """One line of an import file, read and checked."""

    line: int
    event: Event
    event_text: str
    seq: int | None
    decision: Decision | None
    decision_text: str | None
    outcome: Outcome | None
    recorded_plan: int | str | None
    plan: Plan | None
    as_of: date | None
    recorded_by: str | None


def parse_lines(
    name: str,
    lines: Iterable[tuple[int, str]],
    reevaluate: bool,
    fixed: Plan | None,
    named: NamedPlans | None,
) -> list[Parsed]:
    """Every line read and checked; raises with every fault when any line is wrong.

    :class:`~gongguan_rules.InputError` when only events' fields are wrong (located as
    ``file:line: event.date``), else :class:`HistoryStoreError` with every fault.
    """
    faults: list[StoreFault] = []
    field_faults: list[tuple[int, str, str]] = []
    parsed: list[Parsed] = []
    plans: dict[str, Plan] = {}
    previous_seq: int | None = None
    for number, text in lines:
        if not text.strip():
            continue
        before = len(faults) + len(field_faults)
        item = _parse_line(name, number, text, reevaluate, fixed, named, plans, faults, field_faults)
        if item is None:
            continue
        if item.seq is not None:
            if previous_seq is not None and item.seq <= previous_seq:
                faults.append(
                    StoreFault(
                        name,
                        number,
                        f"seq {item.seq} 未大于上一行的 {previous_seq} / "
                        f"seq {item.seq} does not rise above {previous_seq}",
                    )
                )
            previous_seq = item.seq
        if len(faults) + len(field_faults) == before:
            parsed.append(item)
    if faults:
        merged = faults + [StoreFault(name, line, f"{loc}: {msg}") for line, loc, msg in field_faults]
        merged.sort(key=lambda f: f.line or 0)
        raise HistoryStoreError(merged)
    if field_faults:
        raise InputError([(f"{name}:{line}: {loc}", msg) for line, loc, msg in field_faults])
    return parsed


def _parse_line(
    name: str,
    number: int,
    text: str,
    reevaluate: bool,
    fixed: Plan | None,
    named: NamedPlans | None,
    plans: dict[str, Plan],
    faults: list[StoreFault],
    field_faults: list[tuple[int, str, str]],
) -> Parsed | None:
    """One line read; its faults are appended to ``faults`` (``field_faults`` for the event)."""

    def fault(message: str) -> None:
        faults.append(StoreFault(name, number, message))

    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        fault(f"不是有效的 JSON（第 {exc.colno} 列：{exc.msg}）/ not valid JSON (column {exc.colno}: {exc.msg})")
        return None
    except RecursionError:
        fault("不是可读的 JSON（嵌套过深）/ not readable JSON (nested too deeply)")
        return None
    if not isinstance(obj, dict):
        fault(f"应为 JSON 对象 / expected a JSON object, got {type(obj).__name__}")
        return None
    unknown = sorted(set(obj) - set(EXPORT_KEYS))
    if unknown:
        keys, known = ", ".join(quote(k) for k in unknown[:5]), ", ".join(EXPORT_KEYS)
        fault(f"未知的键 {keys}；可用：{known} / unknown keys {keys}; expected {known}")
    if reevaluate:
        required: tuple[str, ...] = ("event",) if fixed is not None else ("event", "recorded_plan")
    else:
        required = _REQUIRED_AS_IS
    missing = [k for k in required if obj.get(k) is None]
    if missing:
        fault(f"缺少 {', '.join(missing)} / missing {', '.join(missing)}")
        return None

    event: Event | None = None
    event_text = ""
    try:
        event, event_text = normalise_event(obj["event"], "event")
    except InputError as exc:
        field_faults.extend((number, loc, msg) for loc, msg in exc.errors)

    as_of: date | None = None
    try:
        as_of = read_as_of(obj.get("as_of"))
    except InputError as exc:
        fault(f"as_of: {exc.errors[0][1]}")

    recorded_by: str | None = None
    try:
        recorded_by = read_recorded_by(obj.get("recorded_by"))
    except InputError as exc:
        fault(f"recorded_by: {exc.errors[0][1]}")

    seq: int | None = None
    if not reevaluate:
        raw_seq = obj["seq"]
        if isinstance(raw_seq, bool) or not isinstance(raw_seq, int) or not 1 <= raw_seq < 2**63:
            fault(f"seq 应为正整数 / seq must be a positive integer, got {quote(raw_seq)}")
        else:
            seq = raw_seq

    ref = obj.get("recorded_plan")
    recorded_plan: int | str | None = None
    the_plan: Plan | None = fixed
    if ref is not None:
        if isinstance(ref, bool) or not isinstance(ref, int | str) or (isinstance(ref, str) and not ref.strip()):
            fault(
                "recorded_plan 应为年度或方案文件路径 / recorded_plan must be a year or a plan file's "
                f"path, got {quote(ref)}"
            )
        elif isinstance(ref, str) and (len(ref) > 4096 or "\x00" in ref or any(0xD800 <= ord(c) < 0xE000 for c in ref)):
            fault("recorded_plan 不是可用的方案路径 / recorded_plan is not a usable plan path")
        else:
            recorded_plan = ref
            if reevaluate and fixed is None:
                try:
                    the_plan = plan_for(ref, named, plans)
                except PlanNotNamed as exc:
                    fault(f"recorded_plan: {exc}")
                except GongguanError as exc:
                    fault(f"recorded_plan: {str(exc).splitlines()[0]}")

    decision: Decision | None = None
    decision_text: str | None = None
    outcome: Outcome | None = None
    if not reevaluate:
        try:
            decision = Decision.model_validate(obj["decision"])
        except ValidationError as exc:
            for loc, msg in input_error(exc, "decision").errors[:5]:
                fault(f"{loc}: {msg}")
        if decision is not None:
            if decision.subject != "event":
                fault("decision.subject 应为 event / decision.subject must be 'event'")
            try:
                decision_text = dumps(decision.model_dump(mode="json"))
                decision_text.encode("utf-8")
            except (ValueError, UnicodeEncodeError):
                fault("decision 含无法保存的值 / decision holds a value that cannot be stored")
        raw_outcome = obj["outcome"]
        if isinstance(raw_outcome, str) and raw_outcome in {o.value for o in _EVENT_OUTCOMES}:
            outcome = Outcome(raw_outcome)
            if decision is not None and decision.outcome is not outcome:
                fault(
                    f"outcome {outcome.value} 与 decision.outcome {decision.outcome.value} 不一致 / "
                    "outcome disagrees with decision.outcome"
                )
        else:
            fault(
                "outcome 应为 accepted、rejected 或 needs_review / outcome must be accepted, "
                f"rejected or needs_review, got {quote(raw_outcome)}"
            )

    if event is None:
        return None
    return Parsed(
        line=number,
        event=event,
        event_text=event_text,
        seq=seq,
        decision=decision,
        decision_text=decision_text,
        outcome=outcome,
        recorded_plan=recorded_plan,
        plan=the_plan,
        as_of=as_of,
        recorded_by=recorded_by,
    )
