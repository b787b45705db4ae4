"""A durable history of lifecycle events, kept in SQLite from the standard library.

持久的历史记录：以标准库的 SQLite 保存生命周期事件及对每个事件的决定。

:class:`History` judges every event it records against the record before it
(:func:`gongguan_rules.evaluate_event`) and stores the event and its decision together in one
transaction. 每记录一个事件，先依据已有记录判断，再把事件与决定在同一事务中写入。

- **What survives a crash / 崩溃后保留什么.** A file store runs in WAL mode with
  ``synchronous=FULL`` and writes each record in one transaction: once :meth:`History.record`
  has returned, the event and its decision are on disk and survive a killed process (and a power
  failure); a record interrupted before its commit leaves nothing behind. 返回即已落盘；
  提交前中断的记录不留痕迹。
- **Rejected events / 不予接受的事件.** Every event is stored, rejected ones too, with their
  outcome: nothing is dropped. But a rejected event did not take effect (a results submission with
  no approval on record, a fee that may not be charged), so :meth:`History.history` — what later
  decisions are judged against — leaves rejected events out by default. Events that
  ``needs_review`` are kept in: they are on record and may well have happened; the review decides
  them, not the store. 不予接受的事件照样保存（不丢弃），但未发生效力，默认不计入此后判断所依据的
  历史；需复核的事件计入。
- **Import and export / 导入导出** use JSON Lines, one stored record per line:
  ``{"seq", "event", "decision", "outcome", "recorded_plan", "as_of"}``.

See docs/history.md. 详见 docs/history.md。
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import GongguanError, InputError
from ..inputs.application import Application
from ..inputs.dates import DateParseError, to_beijing_date
from ..inputs.reading import input_error, unicode_text
from ..judging.correlate import bar_end
from ..judging.decision import Decision
from ..judging.evaluate import evaluate as _evaluate_application
from ..judging.evaluate import evaluate_event, read_as_of
from ..law.data_files import plans_dir
from ..law.plans import Plan, regulation, resolve_plan
from ..law.vocab import EventKind, Outcome, parse_enum
from .events import Event
from .history_index import HistoryIndex, read_event, unit_key, unit_name_key
from .project_names import normalize_project_name

__all__ = [
    "APPLICATION_ID",
    "BAR_YEARS",
    "SCHEMA_VERSION",
    "History",
    "HistoryRecord",
    "HistoryStoreError",
    "StoreFault",
    "UnitStatus",
]

#: The schema this module writes (``PRAGMA user_version``). 本模块写入的库结构版本。
SCHEMA_VERSION: Final = 1
#: ``PRAGMA application_id`` of our files ("GGHS"): a file with another id is not ours.
APPLICATION_ID: Final = 0x47474853
#: 第二十五条: 5年内不接受其再次申报 — the bar when no plan states its own reading.
BAR_YEARS: Final = 5

_MEMORY = ":memory:"
_EVENT_OUTCOMES = (Outcome.accepted, Outcome.rejected, Outcome.needs_review)
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_EXPORT_KEYS = ("seq", "event", "decision", "outcome", "recorded_plan", "as_of")
_REQUIRED_AS_IS = ("seq", "event", "decision", "outcome", "recorded_plan")

_SCHEMA = """
CREATE TABLE records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'needs_review')),
    plan_year INTEGER NOT NULL,
    recorded_plan TEXT NOT NULL,
    event_year INTEGER,
    event_date TEXT,
    credit_code TEXT,
    unit TEXT,
    unit_key TEXT,
    unit_name_key TEXT,
    project_name TEXT,
    project_key TEXT,
    as_of TEXT,
    event_json TEXT NOT NULL,
    decision_json TEXT NOT NULL
);
CREATE INDEX records_unit_key ON records (unit_key);
CREATE INDEX records_credit_code ON records (credit_code);
CREATE INDEX records_unit_name_key ON records (unit_name_key);
CREATE INDEX records_outcome ON records (outcome, seq);
"""

_COLUMNS = "seq, event_json, decision_json, outcome, recorded_plan, as_of"


@dataclass(frozen=True)
class StoreFault:
    """One fault of a store or of an import file: where and what. 存储或导入文件中的一处错误。"""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class HistoryStoreError(GongguanError, ValueError):
    """The store cannot be used, or an import file is malformed; lists every fault at once.

    历史库无法使用（不是本库的文件、版本更新、已关闭、数据库出错），或导入文件有误：一次列出
    全部错误，每条形如 ``file:line: 说明``。Attributes: ``faults``, ``path``, ``line``.
    """

    code = "history_store_invalid"

    def __init__(self, faults: Sequence[StoreFault]) -> None:
        if not faults:
            raise ValueError("HistoryStoreError needs at least one fault")
        self.faults = list(faults)
        self.path = self.faults[0].path
        self.line = self.faults[0].line
        super().__init__("\n".join(str(f) for f in self.faults))


class HistoryRecord(BaseModel):
    """One stored record: the event, the decision taken on it, and how. 一条已保存的记录。

    ``recorded_plan`` is the plan the event was judged under: its year for a bundled plan, else
    the path of its file. ``as_of`` is the decision date the caller asked for (None: the latest
    date in the input, as :func:`gongguan_rules.evaluate_event` reads it).
    """

    model_config = ConfigDict(frozen=True)

    seq: int
    event: Event
    decision: Decision
    outcome: Outcome
    recorded_plan: int | str
    as_of: date | None = None

    def to_json(self) -> dict[str, Any]:
        """The record as one JSON Lines object. 以 JSON Lines 的一行表示本记录。"""
        return {
            "seq": self.seq,
            "event": self.event.model_dump(mode="json", exclude_none=True),
            "decision": self.decision.model_dump(mode="json"),
            "outcome": self.outcome.value,
            "recorded_plan": self.recorded_plan,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }


class UnitStatus(BaseModel):
    """A unit's standing on a date, from the events on record (rejected ones left out).

    某单位在某日的状况：是否处于第二十五条的五年限制之内、历年立项项目、未被撤销的优秀成果、
    撤销认定记录。Records count when dated on or before ``on`` (an undated record when its plan
    year is earlier than ``on``'s year).
    """

    model_config = ConfigDict(frozen=True)

    unit: str
    on: date
    debarred: bool
    debarred_until: date | None = None
    past_projects: list[Event]
    excellent_results: list[Event]
    revocations: list[Event]


@dataclass(frozen=True)
class _Parsed:
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


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


def _normalise_event(event: Any, where: str) -> tuple[Event, str]:
    """The event read, in the normalised form the store keeps (and its JSON text)."""
    read = read_event(event, where)
    data = read.model_dump(mode="json", exclude_none=True)
    try:
        text = _dumps(data)
    except ValueError:
        message = "含无法存为 JSON 的数值（如无穷大）/ holds a value JSON cannot hold (such as infinity)"
        raise InputError([(where, message)]) from None
    return read_event(data, where), text


def _plan_ref(plan: Plan) -> int | str:
    """How a plan is recorded: its year when it is the bundled plan, else its file's path."""
    bundled = plans_dir() / f"{plan.year}.yaml"
    try:
        here = Path(plan.path).resolve()
        if here == bundled.resolve():
            return plan.year
        return str(here) if here.is_file() else plan.path
    except (OSError, RuntimeError):
        return plan.path


def _plan_key(ref: int | str) -> str:
    return _dumps(ref)


def _load_ref(text: str) -> int | str:
    value = json.loads(text)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"recorded_plan {text!r}")
    return value


def _unit_filter(unit: str) -> tuple[str, str]:
    """The SQL condition and argument that select a unit's records (credit code, else name)."""
    text = unit.strip()
    code = text.upper()
    if _CREDIT_CODE.match(code):
        return "credit_code = ?", code
    return "unit_name_key = ?", unit_name_key(text)


def _on_record(event: Event, on: date) -> bool:
    """Whether a record had happened by the end of ``on``."""
    if event.date is not None:
        return event.date <= on
    year = event.plan_year()
    return year is not None and year < on.year


class History:
    """A durable history: every event recorded with its decision, in SQLite. 持久的历史记录。

    ``History()`` or ``History(":memory:")`` keeps the record in memory; ``History(path)``
    creates or opens a database file (WAL, ``synchronous=FULL``). One instance may be shared by
    threads; several processes may open the same file (each record is judged inside the write
    transaction, against the record as committed by all of them). Use it as a context manager,
    or call :meth:`close`::

        with History("gongguan.sqlite") as store:
            decision = store.record(event, 2026)        # judged, then stored with its decision
            store.evaluate(application, 2026)           # judged against what is on record
            store.unit_status("91120224064012553U", "2026-04-10").debarred
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path: str = _MEMORY if path is None else os.fspath(path)
        self._lock = threading.RLock()
        self._events: dict[bool, list[Event]] = {}
        self._indexes: dict[bool, HistoryIndex] = {}
        self._data_version: int | None = None
        try:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._fault(f"无法打开历史库 / cannot open the store: {exc}") from None
        self._conn: sqlite3.Connection | None = conn
        try:
            self._open(conn)
        except BaseException:
            self._conn = None
            conn.close()
            raise

    # ------------------------------------------------------------------ opening and closing

    def _fault(self, message: str) -> HistoryStoreError:
        return HistoryStoreError([StoreFault(self.path, None, message)])

    def _open(self, conn: sqlite3.Connection) -> None:
        try:
            self._check_ours(conn)
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                if self._check_ours(conn):
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise self._fault(f"不是可用的 SQLite 数据库 / not a usable SQLite database: {exc}") from None

    def _check_ours(self, conn: sqlite3.Connection) -> bool:
        """Whether the file is new (True) or ours (False); raises when it is neither."""
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and version == 0 and tables == 0:
            return True
        if app_id != APPLICATION_ID:
            raise self._fault(
                "不是质量攻关历史库（application_id 不符）/ not a gongguan history store "
                f"(application_id {app_id:#x}, expected {APPLICATION_ID:#x})"
            )
        if version > SCHEMA_VERSION:
            raise self._fault(
                f"历史库由更新的版本写入（库结构 {version}，本版本支持 {SCHEMA_VERSION}），"
                "请升级 gongguan-rules / written by a newer version "
                f"(schema {version}; this version reads {SCHEMA_VERSION}): upgrade gongguan-rules"
            )
        if version < 1:
            raise self._fault(f"历史库结构版本无效（{version}）/ invalid schema version {version}")
        return False

    def close(self) -> None:
        """Close the database; later calls raise HistoryStoreError. 关闭历史库。"""
        with self._lock:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                self._events.clear()
                self._indexes.clear()
                conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else "open"
        return f"<History {self.path} ({state})>"

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise self._fault("历史库已关闭 / the store is closed")
        return self._conn

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """The lock held and the connection at hand; SQLite errors become HistoryStoreError."""
        with self._lock:
            conn = self._connection()
            try:
                yield conn
            except sqlite3.Error as exc:
                raise self._fault(f"数据库出错 / database error: {exc}") from None

    @contextmanager
    def _write(self, conn: sqlite3.Connection) -> Iterator[None]:
        """One write transaction: committed whole, or rolled back whole."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            self._drop_cache()
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ the cache of the record

    def _drop_cache(self) -> None:
        self._events.clear()
        self._indexes.clear()

    def _sync_cache(self, conn: sqlite3.Connection) -> None:
        """Drop the cache when another connection has committed since it was read."""
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        if version != self._data_version:
            self._data_version = version
            self._drop_cache()

    def _cached_events(self, conn: sqlite3.Connection, include_rejected: bool) -> list[Event]:
        events = self._events.get(include_rejected)
        if events is None:
            sql = "SELECT seq, event_json FROM records"
            if not include_rejected:
                sql += " WHERE outcome != 'rejected'"
            events = [self._stored_event(seq, text) for seq, text in conn.execute(sql + " ORDER BY seq")]
            self._events[include_rejected] = events
        return events

    def _cached_index(self, conn: sqlite3.Connection, include_rejected: bool) -> HistoryIndex:
        index = self._indexes.get(include_rejected)
        if index is None:
            index = HistoryIndex(self._cached_events(conn, include_rejected))
            self._indexes[include_rejected] = index
        return index

    def _remember(self, event: Event, outcome: Outcome) -> None:
        """Add a record just committed by this connection to the cache."""
        for include_rejected, events in self._events.items():
            if include_rejected or outcome is not Outcome.rejected:
                events.append(event)
        for include_rejected, index in list(self._indexes.items()):
            if include_rejected or outcome is not Outcome.rejected:
                self._indexes[include_rejected] = index.extended([event])

    def _unreadable(self, seq: int, exc: Exception) -> HistoryStoreError:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return self._fault(f"第 {seq} 条记录无法读取 / record {seq} cannot be read: {detail}")

    def _stored_event(self, seq: int, text: str) -> Event:
        try:
            return Event.model_validate_json(text)
        except ValueError as exc:
            raise self._unreadable(seq, exc) from None

    def _row_record(self, row: tuple[Any, ...]) -> HistoryRecord:
        seq, event_text, decision_text, outcome, recorded_plan, as_of = row
        try:
            return HistoryRecord(
                seq=seq,
                event=Event.model_validate_json(event_text),
                decision=Decision.model_validate_json(decision_text),
                outcome=Outcome(outcome),
                recorded_plan=_load_ref(recorded_plan),
                as_of=date.fromisoformat(as_of) if as_of else None,
            )
        except ValueError as exc:
            raise self._unreadable(seq, exc) from None

    # ------------------------------------------------------------------ recording

    def _insert(
        self,
        conn: sqlite3.Connection,
        event: Event,
        event_text: str,
        decision_text: str,
        outcome: Outcome,
        plan_year: int,
        recorded_plan: int | str,
        as_of: date | None,
        seq: int | None = None,
    ) -> int:
        project_key = normalize_project_name(event.project_name) if event.project_name else None
        cursor = conn.execute(
            "INSERT INTO records (seq, kind, outcome, plan_year, recorded_plan, event_year, event_date,"
            " credit_code, unit, unit_key, unit_name_key, project_name, project_key, as_of,"
            " event_json, decision_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                event.kind.value,
                outcome.value,
                plan_year,
                _plan_key(recorded_plan),
                event.plan_year(),
                event.date.isoformat() if event.date else None,
                event.credit_code.strip().upper() if event.credit_code else None,
                event.unit,
                unit_key(event.credit_code, event.unit),
                unit_name_key(event.unit) if event.unit else None,
                event.project_name,
                project_key or None,
                as_of.isoformat() if as_of else None,
                event_text,
                decision_text,
            ),
        )
        stored = cursor.lastrowid
        assert stored is not None
        return stored

    def record_entry(
        self, event: Event | Mapping[str, Any], plan: Plan | int | str, as_of: date | str | None = None
    ) -> HistoryRecord:
        """Judge an event against the record and store both; returns the stored record.

        判断事件并保存事件与决定，返回所存记录（含序号 ``seq``）。See :meth:`record`.
        """
        the_plan = resolve_plan(plan)
        when = read_as_of(as_of)
        ev, event_text = _normalise_event(event, "event")
        ref = _plan_ref(the_plan)
        with self._guard() as conn:
            with self._write(conn):
                self._sync_cache(conn)
                decision = evaluate_event(ev, the_plan, history=self._cached_index(conn, False), as_of=when)
                decision_text = _dumps(decision.model_dump(mode="json"))
                seq = self._insert(conn, ev, event_text, decision_text, decision.outcome, decision.plan_year, ref, when)
            self._remember(ev, decision.outcome)
        return HistoryRecord(
            seq=seq, event=ev, decision=decision, outcome=decision.outcome, recorded_plan=ref, as_of=when
        )

    def record(
        self, event: Event | Mapping[str, Any], plan: Plan | int | str, as_of: date | str | None = None
    ) -> Decision:
        """Judge an event against the record before it and store the event with its decision.

        依据已有记录判断事件，并在同一事务中保存事件与决定。

        The event (a model or a JSON-like mapping) is read first: bad input raises
        :class:`~gongguan_rules.InputError` naming the field, and nothing is stored. It is judged by
        :func:`~gongguan_rules.evaluate_event` against :meth:`history` (the events already
        stored, rejected ones left out: they did not take effect) and stored in its normalised
        form with the decision, in one transaction. Rejected and ``needs_review`` events are
        stored too, with their outcome; nothing is dropped. 不予接受的事件也保存，注明结论。
        """
        return self.record_entry(event, plan, as_of).decision

    # ------------------------------------------------------------------ reading

    def history(self, include_rejected: bool = False) -> HistoryIndex:
        """The record as ``history`` for :func:`gongguan_rules.evaluate`. 供判断使用的历史记录。

        ``history`` is "what is on record" (product.md). Every event is stored, but a rejected
        event did not take effect — a results submission with no approval, a fee that may not be
        charged — so by default it is left out, and later decisions see only the events that
        were accepted or need review (the latter are on record and may well have happened).
        ``include_rejected=True`` gives every stored event. The index is cached and rebuilt only
        after a write (by this store or, for a file, by another process).

        不予接受的事件未发生效力，默认不计入；需复核的事件计入。结果已缓存，写入后才重建。
        """
        with self._guard() as conn:
            self._sync_cache(conn)
            return self._cached_index(conn, include_rejected)

    def _select(
        self,
        *,
        kind: EventKind | str | None,
        unit: str | None,
        project_name: str | None,
        outcome: Outcome | str | None,
        include_rejected: bool,
    ) -> list[HistoryRecord]:
        where: list[str] = []
        args: list[Any] = []
        if kind is not None:
            where.append("kind = ?")
            args.append(_read_choice(EventKind, kind, "kind"))
        if outcome is not None:
            where.append("outcome = ?")
            args.append(_read_choice(Outcome, outcome, "outcome"))
        if not include_rejected:
            where.append("outcome != 'rejected'")
        if unit is not None:
            if not isinstance(unit, str) or not unit.strip():
                raise InputError([("unit", "应为统一社会信用代码或单位名称 / expected a credit code or a unit name")])
            condition, value = _unit_filter(unit)
            where.append(condition)
            args.append(value)
        if project_name is not None:
            if not isinstance(project_name, str):
                raise InputError([("project_name", "应为文本 / expected text")])
            where.append("project_key = ?")
            args.append(normalize_project_name(project_name))
        sql = f"SELECT {_COLUMNS} FROM records"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._guard() as conn:
            rows = conn.execute(sql + " ORDER BY seq", args).fetchall()
        return [self._row_record(row) for row in rows]

    def records(
        self,
        *,
        kind: EventKind | str | None = None,
        unit: str | None = None,
        project_name: str | None = None,
        outcome: Outcome | str | None = None,
        include_rejected: bool = True,
    ) -> list[HistoryRecord]:
        """The stored records in order, optionally filtered. 已保存的记录（按序号）。

        ``unit`` is a 统一社会信用代码 (matching records with that code) or a unit's name
        (matching records with that name, compared without blanks and brackets);
        ``project_name`` is compared in its normalised form.
        """
        return self._select(
            kind=kind, unit=unit, project_name=project_name, outcome=outcome, include_rejected=include_rejected
        )

    def events(
        self,
        *,
        kind: EventKind | str | None = None,
        unit: str | None = None,
        project_name: str | None = None,
        outcome: Outcome | str | None = None,
        include_rejected: bool = True,
    ) -> list[Event]:
        """The stored events in order (filters as :meth:`records`). 已保存的事件。"""
        return [
            r.event
            for r in self._select(
                kind=kind, unit=unit, project_name=project_name, outcome=outcome, include_rejected=include_rejected
            )
        ]

    def decisions(
        self,
        *,
        kind: EventKind | str | None = None,
        unit: str | None = None,
        project_name: str | None = None,
        outcome: Outcome | str | None = None,
        include_rejected: bool = True,
    ) -> list[Decision]:
        """The stored decisions in order (filters as :meth:`records`). 已保存的决定。"""
        return [
            r.decision
            for r in self._select(
                kind=kind, unit=unit, project_name=project_name, outcome=outcome, include_rejected=include_rejected
            )
        ]

    def __len__(self) -> int:
        """Every stored record, rejected ones included. 全部记录数（含不予接受的）。"""
        with self._guard() as conn:
            return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def unit_status(
        self, credit_code_or_unit: str, on: date | str, *, plan: Plan | int | str | None = None
    ) -> UnitStatus:
        """A unit's standing on a date. 某单位在某日的状况。

        ``debarred_until`` is the latest end among the bars that cover ``on`` (第二十五条: a
        revocation dated on or after 2023-12-29, the 管理办法's entry into force, bars the unit from
        the day of the revocation to the same date five years later, 2月29日 → 2月28日). Whether
        an application made on the very day of the revocation is refused is a plan reading
        (``bar_same_day``); here that day counts as barred. ``plan`` supplies the number of years
        when its file states another reading (default 5). ``past_projects`` are the approvals on
        record, ``excellent_results`` the recognitions not revoked by ``on``, ``revocations``
        every revocation by ``on``. Rejected events are left out: they did not take effect.
        """
        if not isinstance(credit_code_or_unit, str) or not credit_code_or_unit.strip():
            raise InputError([("unit", "应为统一社会信用代码或单位名称 / expected a credit code or a unit name")])
        unicode_text(credit_code_or_unit, "unit")
        try:
            day = to_beijing_date(on)
        except DateParseError as exc:
            raise InputError([("on", str(exc))]) from None
        years = resolve_plan(plan).spec.readings.bar_years if plan is not None else BAR_YEARS
        condition, value = _unit_filter(credit_code_or_unit)
        sql = (
            "SELECT seq, event_json, unit_key, project_key FROM records "
            f"WHERE outcome != 'rejected' AND {condition} ORDER BY seq"
        )
        with self._guard() as conn:
            rows = conn.execute(sql, (value,)).fetchall()
        found = [(self._stored_event(seq, text), ukey, pkey) for seq, text, ukey, pkey in rows]
        found = [item for item in found if _on_record(item[0], day)]
        revocations = [item for item in found if item[0].kind is EventKind.recognition_revoked]
        revoked = {(ukey, pkey) for _, ukey, pkey in revocations if pkey}
        in_force = regulation().document.in_force_from  # 第二十七条: only revocations from then on bar
        ends = [
            end
            for event, _, _ in revocations
            if event.date is not None and event.date >= in_force and (end := bar_end(event.date, years)) >= day
        ]
        until = max(ends) if ends else None
        return UnitStatus(
            unit=credit_code_or_unit.strip(),
            on=day,
            debarred=until is not None,
            debarred_until=until,
            past_projects=[e for e, _, _ in found if e.kind is EventKind.approved],
            excellent_results=[
                e for e, ukey, pkey in found if e.kind is EventKind.excellent_recognized and (ukey, pkey) not in revoked
            ],
            revocations=[e for e, _, _ in revocations],
        )

    def evaluate(
        self,
        application: Application | Mapping[str, Any],
        plan: Plan | int | str,
        as_of: date | str | None = None,
    ) -> Decision:
        """Judge an application against the record in this store (not stored). 依据本库记录判断申报。"""
        return _evaluate_application(application, plan, history=self.history(), as_of=as_of)

    def replay(self, plan: Plan | int | str | None = None) -> list[Decision]:
        """Judge every stored event again, in order, against the record before it.

        依序重新判断每个已保存的事件。Each event is judged under ``plan`` (default: the plan it
        was recorded under) with the ``as_of`` it was recorded with, against the events replayed
        before it whose replayed outcome is not rejected — exactly as :meth:`record` did. A store
        filled by :meth:`record` under unchanged rules replays to its stored decisions.
        """
        fixed = resolve_plan(plan) if plan is not None else None
        records = self.records()
        plans: dict[str, Plan] = {}
        live: list[Event] = []
        out: list[Decision] = []
        for rec in records:
            the_plan = fixed
            if the_plan is None:
                key = _plan_key(rec.recorded_plan)
                if key not in plans:
                    plans[key] = resolve_plan(rec.recorded_plan)
                the_plan = plans[key]
            decision = evaluate_event(rec.event, the_plan, history=HistoryIndex(live), as_of=rec.as_of)
            out.append(decision)
            if decision.outcome is not Outcome.rejected:
                live.append(rec.event)
        return out

    # ------------------------------------------------------------------ JSON Lines

    def export_jsonl(self, path_or_file: str | os.PathLike[str] | IO[str]) -> int:
        """Write every stored record as JSON Lines, in order; returns how many. 导出为 JSON Lines。

        One object per line: ``{"seq", "event", "decision", "outcome", "recorded_plan",
        "as_of"}``. A path is written to a temporary file first and then renamed over, so a
        crash never leaves half an export under the name.
        """
        with self._guard() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM records ORDER BY seq").fetchall()
        lines = [_export_line(row) for row in rows]
        if isinstance(path_or_file, str | os.PathLike):
            target = Path(path_or_file)
            temp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            try:
                with temp.open("w", encoding="utf-8", newline="\n") as fh:
                    fh.writelines(lines)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(temp, target)
            finally:
                with suppress(FileNotFoundError):
                    temp.unlink()
        else:
            path_or_file.writelines(lines)
        return len(lines)

    def import_jsonl(
        self,
        path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes],
        plan: Plan | int | str | None = None,
        reevaluate: bool = False,
    ) -> list[HistoryRecord]:
        """Read records from JSON Lines into the store, all or nothing; returns them.

        从 JSON Lines 导入记录：全部成功或全部不导入。

        By default each record is stored as it is, keeping its decision; its ``seq`` must rise
        from line to line and exceed every seq already stored (so an export reloads with the
        same sequence numbers). With ``reevaluate=True`` each event is recorded again as
        :meth:`record` does — judged against the record before it, under ``plan`` or else its
        ``recorded_plan`` — and receives a new seq. Every fault is reported at once as
        ``file:line: what``: :class:`~gongguan_rules.InputError` when only events' fields are
        wrong, else :class:`HistoryStoreError`. Blank lines are skipped.
        """
        name, lines = _read_lines(path_or_file)
        fixed = resolve_plan(plan) if plan is not None else None
        parsed = _parse_lines(name, lines, reevaluate, fixed is not None)
        out: list[HistoryRecord] = []
        with self._guard() as conn:
            with self._write(conn):
                if reevaluate:
                    self._sync_cache(conn)
                    live = list(self._cached_events(conn, False))
                    for item in parsed:
                        the_plan = fixed or item.plan
                        assert the_plan is not None
                        decision = evaluate_event(item.event, the_plan, history=HistoryIndex(live), as_of=item.as_of)
                        ref = _plan_ref(the_plan)
                        seq = self._insert(
                            conn,
                            item.event,
                            item.event_text,
                            _dumps(decision.model_dump(mode="json")),
                            decision.outcome,
                            decision.plan_year,
                            ref,
                            item.as_of,
                        )
                        out.append(
                            HistoryRecord(
                                seq=seq,
                                event=item.event,
                                decision=decision,
                                outcome=decision.outcome,
                                recorded_plan=ref,
                                as_of=item.as_of,
                            )
                        )
                        if decision.outcome is not Outcome.rejected:
                            live.append(item.event)
                else:
                    last = int(
                        conn.execute(
                            "SELECT max(coalesce((SELECT max(seq) FROM records), 0),"
                            " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'records'), 0))"
                        ).fetchone()[0]
                    )
                    if parsed and parsed[0].seq is not None and parsed[0].seq <= last:
                        raise HistoryStoreError(
                            [
                                StoreFault(
                                    name,
                                    parsed[0].line,
                                    f"seq {parsed[0].seq} 不大于库中已有的最大序号 {last} / seq {parsed[0].seq} "
                                    f"is not above the store's last seq {last}",
                                )
                            ]
                        )
                    for item in parsed:
                        assert item.decision is not None and item.decision_text is not None
                        assert item.outcome is not None and item.recorded_plan is not None
                        seq = self._insert(
                            conn,
                            item.event,
                            item.event_text,
                            item.decision_text,
                            item.outcome,
                            item.decision.plan_year,
                            item.recorded_plan,
                            item.as_of,
                            item.seq,
                        )
                        out.append(
                            HistoryRecord(
                                seq=seq,
                                event=item.event,
                                decision=item.decision,
                                outcome=item.outcome,
                                recorded_plan=item.recorded_plan,
                                as_of=item.as_of,
                            )
                        )
            self._drop_cache()
        return out


# ---------------------------------------------------------------------- helpers


def _read_choice(enum: type[EventKind] | type[Outcome], value: Any, where: str) -> str:
    if isinstance(value, enum):
        return value.value
    parsed = parse_enum(enum, value) if isinstance(value, str) else None
    if parsed is None:
        options = ", ".join(m.value for m in enum)
        raise InputError([(where, f"未知的取值 {value!r}，可选：{options} / unknown value; expected one of {options}")])
    return parsed


def _export_line(row: tuple[Any, ...]) -> str:
    seq, event_text, decision_text, outcome, recorded_plan, as_of = row
    parts = [
        f'"seq": {int(seq)}',
        f'"event": {event_text}',
        f'"decision": {decision_text}',
        f'"outcome": {_dumps(outcome)}',
        f'"recorded_plan": {_dumps(_load_ref(recorded_plan))}',
        f'"as_of": {_dumps(as_of)}',
    ]
    return "{" + ", ".join(parts) + "}\n"


def _read_lines(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str, list[tuple[int, str | None]]]:
    """The file's name and its lines, numbered from 1 (None for a line that is not UTF-8)."""
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        try:
            raw: str | bytes = Path(source).read_bytes()
        except OSError as exc:
            message = f"无法读取 / cannot read: {exc.strerror or exc}"
            raise HistoryStoreError([StoreFault(name, None, message)]) from None
    else:
        label = getattr(source, "name", None)
        name = label if isinstance(label, str) else "<stream>"
        raw = source.read()
    out: list[tuple[int, str | None]] = []
    if isinstance(raw, bytes):
        for number, chunk in enumerate(raw.split(b"\n"), start=1):
            if number == 1:
                chunk = chunk.removeprefix(b"\xef\xbb\xbf")
            try:
                out.append((number, chunk.decode("utf-8")))
            except UnicodeDecodeError:
                out.append((number, None))
    else:
        for number, text in enumerate(raw.split("\n"), start=1):
            out.append((number, text.removeprefix("\ufeff") if number == 1 else text))
    return name, out


def _parse_lines(
    name: str, lines: Iterable[tuple[int, str | None]], reevaluate: bool, plan_given: bool
) -> list[_Parsed]:
    """Every line read and checked; raises with every fault when any line is wrong."""
    faults: list[StoreFault] = []
    field_faults: list[tuple[int, str, str]] = []
    parsed: list[_Parsed] = []
    plans: dict[str, Plan] = {}
    previous_seq: int | None = None
    for number, text in lines:
        if text is not None and not text.strip():
            continue
        before = len(faults) + len(field_faults)
        item = _parse_line(name, number, text, reevaluate, plan_given, plans, faults, field_faults)
        if item is None:
            continue
        if item.seq is not None:
            if previous_seq is not None and item.seq <= previous_seq:
                faults.append(
                    StoreFault(
                        name,
                        number,
                        f"seq {item.seq} 未大于上一行的 {previous_seq} "
                        f"/ seq {item.seq} does not rise above {previous_seq}",
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
    text: str | None,
    reevaluate: bool,
    plan_given: bool,
    plans: dict[str, Plan],
    faults: list[StoreFault],
    field_faults: list[tuple[int, str, str]],
) -> _Parsed | None:
    """One line read; its faults are appended to ``faults`` (``field_faults`` for the event)."""

    def fault(message: str) -> None:
        faults.append(StoreFault(name, number, message))

    if text is None:
        fault("不是 UTF-8 文本 / not UTF-8 text")
        return None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        fault(f"不是有效的 JSON（第 {exc.colno} 列：{exc.msg}）/ not valid JSON (column {exc.colno}: {exc.msg})")
        return None
    if not isinstance(obj, dict):
        fault(f"应为 JSON 对象 / expected a JSON object, got {type(obj).__name__}")
        return None
    unknown = sorted(set(obj) - set(_EXPORT_KEYS))
    if unknown:
        keys, known = ", ".join(unknown), ", ".join(_EXPORT_KEYS)
        fault(f"未知的键 {keys}；可用：{known} / unknown keys {keys}; expected {known}")
    if reevaluate:
        required: tuple[str, ...] = ("event",) if plan_given else ("event", "recorded_plan")
    else:
        required = _REQUIRED_AS_IS
    missing = [k for k in required if obj.get(k) is None]
    if missing:
        fault(f"缺少 {', '.join(missing)} / missing {', '.join(missing)}")
        return None

    event: Event | None = None
    event_text = ""
    try:
        event, event_text = _normalise_event(obj["event"], "event")
    except InputError as exc:
        field_faults.extend((number, loc, msg) for loc, msg in exc.errors)

    as_of: date | None = None
    try:
        as_of = read_as_of(obj.get("as_of"))
    except InputError as exc:
        fault(f"as_of: {exc.errors[0][1]}")

    seq: int | None = None
    if not reevaluate:
        raw_seq = obj["seq"]
        if isinstance(raw_seq, bool) or not isinstance(raw_seq, int) or raw_seq < 1:
            fault(f"seq 应为正整数 / seq must be a positive integer, got {raw_seq!r}")
        else:
            seq = raw_seq

    ref = obj.get("recorded_plan")
    recorded_plan: int | str | None = None
    the_plan: Plan | None = None
    if ref is not None:
        if isinstance(ref, bool) or not isinstance(ref, int | str) or (isinstance(ref, str) and not ref.strip()):
            fault(
                "recorded_plan 应为年度或方案文件路径 / recorded_plan must be a year or a plan file's "
                f"path, got {ref!r}"
            )
        else:
            recorded_plan = ref
            if reevaluate and not plan_given:
                key = _plan_key(ref)
                try:
                    if key not in plans:
                        plans[key] = resolve_plan(ref)
                    the_plan = plans[key]
                except GongguanError as exc:
                    fault(f"recorded_plan: {exc}")

    decision: Decision | None = None
    decision_text: str | None = None
    outcome: Outcome | None = None
    if not reevaluate:
        try:
            decision = Decision.model_validate(obj["decision"])
        except ValidationError as exc:
            for loc, msg in input_error(exc, "decision").errors:
                fault(f"{loc}: {msg}")
        if decision is not None:
            if decision.subject != "event":
                fault("decision.subject 应为 event / decision.subject must be 'event'")
            decision_text = _dumps(decision.model_dump(mode="json"))
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
                f"rejected or needs_review, got {raw_outcome!r}"
            )

    if event is None:
        return None
    return _Parsed(
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
    )
