"""``gr.History``: a durable history of lifecycle events, each judged before it is stored.

持久的历史记录：每个事件先依据已有的全部记录判断，再与决定在同一事务中保存。
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from datetime import date
from types import TracebackType
from typing import IO, Any

from ...inputs.application import Application
from ...judging.decision import Decision
from ...judging.evaluate import evaluate as _evaluate_application
from ...judging.evaluate import evaluate_event, read_as_of
from ...law.plans import Plan, resolve_plan
from ...law.vocab import EventKind, Outcome
from ..events import Event
from ..history_index import HistoryIndex
from .backend import DEFAULT_TIMEOUT, Backend, Tx, open_backend
from .importing import import_parsed
from .jsonl import export_line, parse_lines, read_lines, write_atomically
from .model import BAR_YEARS, CLOSED, HistoryRecord, UnitStatus, dumps, read_recorded_by, store_error
from .queries import UNIT_MESSAGE, Filters, read_day, read_text, select
from .rows import (
    NamedPlans,
    PlanNotNamed,
    insert_args,
    insert_sql,
    normalise_event,
    plan_for,
    plan_ref,
    row_record,
    select_sql,
    stored_event,
    stored_outcome,
    unit_filter,
)
from .status import unit_status


class History:
    """A durable history: every event recorded with its decision. 持久的历史记录。

    ``url_or_path``: a file path or ``sqlite:///relative/path`` / ``sqlite:////absolute/path``
    (one SQLite file: created if absent, WAL, ``synchronous=FULL``); ``None`` or ``":memory:"``
    (in memory, gone with the process); ``postgresql://user@host:port/db`` (the shared record of
    several offices; needs ``pip install "gongguan-rules[postgres]"``). ``timeout``: how long, in
    seconds, a write waits for another writer before it fails with :class:`HistoryStoreError`.

    Each record is judged inside its write transaction against everything committed before it,
    by every process and server writing to the same store, and stored with its decision in that
    one transaction. One instance may be shared by threads. Every database error is a
    :class:`HistoryStoreError` saying what to do. Use it as a context manager, or call
    :meth:`close`::

        with History("gongguan.sqlite3") as store:
            decision = store.record(event, 2026)        # judged, then stored with its decision
            store.evaluate(application, 2026)           # judged against what is on record
            store.unit_status("91120224064012553U", "2026-04-10").debarred
    """

    def __init__(self, url_or_path: str | os.PathLike[str] | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._lock = threading.RLock()
        self._backend: Backend | None = None
        self._backend = open_backend(url_or_path, timeout)
        #: The store, as errors name it: its path, or its URL without a password.
        self.path: str = self._backend.where
        self._last = 0  # the last seq read into the cache
        self._events: list[tuple[Event, Outcome]] = []
        self._indexes: dict[bool, HistoryIndex] = {}

    # ------------------------------------------------------------------ opening and closing

    def close(self) -> None:
        """Close the store; later calls raise HistoryStoreError. 关闭历史库。"""
        with self._lock:
            if self._backend is not None:
                backend, self._backend = self._backend, None
                self._events.clear()
                self._indexes.clear()
                backend.close()

    def __enter__(self) -> History:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._backend is None else "open"
        return f"<History {self.path} ({state})>"

    def _db(self) -> Backend:
        if self._backend is None:
            raise store_error(self.path, CLOSED)
        return self._backend

    # ------------------------------------------------------------------ the cache of the record

    def _sync(self, run: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]) -> None:
        """Read the records committed since the cache was last read (seqs only ever grow)."""
        db = self._db()
        rows = run(f"SELECT seq, event_json, outcome FROM {db.table} WHERE seq > ? ORDER BY seq", (self._last,))
        if not rows:
            return
        new = [
            (stored_event(seq, text, db.fault), stored_outcome(seq, outcome, db.fault)) for seq, text, outcome in rows
        ]
        self._extend(new, int(rows[-1][0]))

    def _extend(self, new: list[tuple[Event, Outcome]], last: int) -> None:
        self._events.extend(new)
        self._last = last
        for include_rejected, index in list(self._indexes.items()):
            added = [e for e, o in new if include_rejected or o is not Outcome.rejected]
            if added:
                self._indexes[include_rejected] = index.extended(added)

    def _index(self, include_rejected: bool) -> HistoryIndex:
        index = self._indexes.get(include_rejected)
        if index is None:
            index = HistoryIndex([e for e, o in self._events if include_rejected or o is not Outcome.rejected])
            self._indexes[include_rejected] = index
        return index

    # ------------------------------------------------------------------ recording

    def record_entry(
        self,
        event: Event | Mapping[str, Any],
        plan: Plan | int | str,
        as_of: date | str | None = None,
        recorded_by: str | None = None,
    ) -> HistoryRecord:
        """Judge an event against the record and store both; returns the stored record.

        判断事件并保存事件与决定，返回所存记录（含序号 ``seq``）。See :meth:`record`.
        """
        the_plan = resolve_plan(plan)
        when = read_as_of(as_of)
        by = read_recorded_by(recorded_by)
        ev, event_text = normalise_event(event, "event")
        ref = plan_ref(the_plan)

        def work(tx: Tx) -> tuple[int, Decision]:
            self._sync(tx.execute)
            decision = evaluate_event(ev, the_plan, history=self._index(False), as_of=when)
            text = dumps(decision.model_dump(mode="json"))
            Decision.model_validate_json(text)  # every stored decision reads back
            seq = db.next_seq(tx)
            args = insert_args(seq, ev, event_text, text, decision.outcome, decision.plan_year, ref, when, by)
            tx.execute(insert_sql(db.table), args)
            return seq, decision

        with self._lock:
            db = self._db()
            seq, decision = db.write(work)
            if seq == self._last + 1:
                self._extend([(ev, decision.outcome)], seq)
        return HistoryRecord(
            seq=seq,
            event=ev,
            decision=decision,
            outcome=decision.outcome,
            recorded_plan=ref,
            as_of=when,
            recorded_by=by,
        )

    def record(
        self,
        event: Event | Mapping[str, Any],
        plan: Plan | int | str,
        as_of: date | str | None = None,
        recorded_by: str | None = None,
    ) -> Decision:
        """Judge an event against the record before it and store the event with its decision.

        依据已有记录判断事件，并在同一事务中保存事件与决定。

        The event (a model or a JSON-like mapping) is read first: bad input raises
        :class:`~gongguan_rules.InputError` naming the field, and nothing is stored. It is judged by
        :func:`~gongguan_rules.evaluate_event` against :meth:`history` (the events already
        stored, rejected ones left out: they did not take effect) and stored in its normalised
        form with the decision, in one transaction. Rejected and ``needs_review`` events are
        stored too, with their outcome; nothing is dropped. 不予接受的事件也保存，注明结论。
        ``recorded_by`` names who recorded it (the service stores its token's name), kept with
        the record. 记录人随记录保存。
        """
        return self.record_entry(event, plan, as_of, recorded_by).decision

    # ------------------------------------------------------------------ reading

    def history(self, include_rejected: bool = False) -> HistoryIndex:
        """The record as ``history`` for :func:`gongguan_rules.evaluate`. 供判断使用的历史记录。

        ``history`` is "what is on record" (product.md). Every event is stored, but a rejected
        event did not take effect — a results submission with no approval, a fee that may not be
        charged — so by default it is left out, and later decisions see only the events that
        were accepted or need review (the latter are on record and may well have happened).
        ``include_rejected=True`` gives every stored event. The index is cached and extended with
        the records committed since (by this store or by any other writer).

        不予接受的事件未发生效力，默认不计入；需复核的事件计入。结果已缓存，只读入新提交的记录。
        """
        with self._lock:
            self._sync(self._db().read)
            return self._index(include_rejected)

    def _select(self, filters: Filters) -> list[HistoryRecord]:
        where, args, tail = select(filters)
        with self._lock:
            db = self._db()
            sql = select_sql(db.table) + (" WHERE " + " AND ".join(where) if where else "") + tail
            rows = db.read(sql, args)
            return [row_record(row, db.fault) for row in rows]

    def records(
        self,
        *,
        kind: EventKind | str | None = None,
        unit: str | None = None,
        project_name: str | None = None,
        outcome: Outcome | str | None = None,
        include_rejected: bool = True,
        credit_code: str | None = None,
        since: date | str | None = None,
        after: int | None = None,
        limit: int | None = None,
    ) -> list[HistoryRecord]:
        """The stored records in order, optionally filtered. 已保存的记录（按序号）。

        ``unit`` is a 统一社会信用代码 (matching records with that code) or a unit's name
        (matching records with that name, compared without blanks and brackets);
        ``credit_code`` matches the records that carry exactly that code; ``project_name`` is
        compared in its normalised form; ``since`` keeps the events dated on or after that day
        (undated ones are left out); ``after`` the records whose seq is greater; ``limit`` the
        first that many (all when None). Bad values raise InputError naming the argument.
        """
        return self._select(
            Filters(kind, unit, project_name, outcome, include_rejected, credit_code, since, after, limit)
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
        return [r.event for r in self._select(Filters(kind, unit, project_name, outcome, include_rejected))]

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
        return [r.decision for r in self._select(Filters(kind, unit, project_name, outcome, include_rejected))]

    def __len__(self) -> int:
        """Every stored record, rejected ones included. 全部记录数（含不予接受的）。"""
        with self._lock:
            db = self._db()
            return int(db.read(f"SELECT count(*) FROM {db.table}")[0][0])

    def unit_status(
        self, credit_code_or_unit: str, on: date | str, *, plan: Plan | int | str | None = None
    ) -> UnitStatus:
        """A unit's standing on a date, from the whole record. 某单位在某日的状况。

        ``debarred_until`` is the latest end among the bars that cover ``on`` (第二十五条: a
        revocation dated on or after 2023-12-29, the 管理办法's entry into force, bars the unit from
        the day of the revocation to the same date five years later, 2月29日 → 2月28日; a bar
        that would end after 9999-12-31 runs past every date, shown as 9999-12-31). Whether an
        application made on the very day of the revocation is refused is a plan reading
        (``bar_same_day``); here that day counts as barred. ``plan`` supplies the number of years
        when its file states another reading (default 5). ``past_projects`` are the approvals on
        record, ``excellent_results`` the recognitions not revoked by ``on``, ``revocations``
        every revocation by ``on``. Rejected events are left out: they did not take effect.
        """
        read_text(credit_code_or_unit, "unit", UNIT_MESSAGE)
        day = read_day(on, "on")
        years = resolve_plan(plan).spec.readings.bar_years if plan is not None else BAR_YEARS
        condition, value = unit_filter(credit_code_or_unit)
        with self._lock:
            db = self._db()
            rows = db.read(
                f"SELECT seq, event_json, unit_key, project_key FROM {db.table} "
                f"WHERE outcome != 'rejected' AND {condition} ORDER BY seq",
                (value,),
            )
            found = [(stored_event(seq, text, db.fault), ukey, pkey) for seq, text, ukey, pkey in rows]
        return unit_status(credit_code_or_unit.strip(), day, years, found)

    def evaluate(
        self,
        application: Application | Mapping[str, Any],
        plan: Plan | int | str,
        as_of: date | str | None = None,
    ) -> Decision:
        """Judge an application against the record in this store (not stored). 依据本库记录判断申报。"""
        return _evaluate_application(application, plan, history=self.history(), as_of=as_of)

    def replay(self, plan: Plan | int | str | None = None, *, plans: NamedPlans | None = None) -> list[Decision]:
        """Judge every stored event again, in order, against the record before it.

        依序重新判断每个已保存的事件。Each event is judged under ``plan`` (default: the plan it
        was recorded under) with the ``as_of`` it was recorded with, against the events replayed
        before it whose replayed outcome is not rejected — exactly as :meth:`record` did. A store
        filled by :meth:`record` under unchanged rules replays to its stored decisions. A record
        made under a plan file (not a bundled year) is judged again only under a plan the caller
        names: ``plan=``, or ``plans={recorded_plan: plan}``; a path found in the store is never
        loaded.
        """
        fixed = resolve_plan(plan) if plan is not None else None
        records = self.records()
        loaded: dict[str, Plan] = {}
        live: list[Event] = []
        out: list[Decision] = []
        for rec in records:
            try:
                the_plan = fixed or plan_for(rec.recorded_plan, plans, loaded)
            except PlanNotNamed as exc:
                raise self._db().fault(f"seq {rec.seq}: {exc}") from None
            decision = evaluate_event(rec.event, the_plan, history=HistoryIndex(live), as_of=rec.as_of)
            out.append(decision)
            if decision.outcome is not Outcome.rejected:
                live.append(rec.event)
        return out

    # ------------------------------------------------------------------ JSON Lines

    def export_jsonl(self, path_or_file: str | os.PathLike[str] | IO[str]) -> int:
        """Write every stored record as JSON Lines, in order; returns how many. 导出为 JSON Lines。

        One object per line: ``{"seq", "event", "decision", "outcome", "recorded_plan", "as_of",
        "recorded_by"}``. A path is written through a new temporary file with an unpredictable
        name in the same folder (mode 0600), ``fsync``-ed and renamed over the target: a crash
        never leaves half an export, and a file planted in advance is never followed or written.
        An existing target is replaced whole (a link at the target is replaced, not followed).
        """
        with self._lock:
            db = self._db()
            rows = db.read(select_sql(db.table) + " ORDER BY seq")
        lines = [export_line(row) for row in rows]
        if isinstance(path_or_file, str | os.PathLike):
            write_atomically(path_or_file, lines)
        else:
            path_or_file.writelines(lines)
        return len(lines)

    def import_jsonl(
        self,
        path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes],
        plan: Plan | int | str | None = None,
        reevaluate: bool = False,
        *,
        plans: NamedPlans | None = None,
    ) -> list[HistoryRecord]:
        """Read records from JSON Lines into the store, all or nothing; returns them.

        从 JSON Lines 导入记录：全部成功或全部不导入。

        By default each record is stored as it is, keeping its decision; its ``seq`` must rise
        from line to line and exceed every seq already stored (so an export reloads with the
        same sequence numbers). With ``reevaluate=True`` each event is recorded again as
        :meth:`record` does — judged against the record before it, under ``plan`` or else its
        ``recorded_plan`` — and receives a new seq; a ``recorded_plan`` that is a file path is
        used only when the caller names it in ``plans={recorded_plan: plan}`` (a path found in the
        data is never loaded). A path is read through the library's file reader (a regular file,
        at most the ``import`` size limit, one encoding). Every fault is reported at once as
        ``file:line: what``: :class:`~gongguan_rules.InputError` when only events' fields are
        wrong, else :class:`HistoryStoreError`. Blank lines are skipped.
        """
        name, lines = read_lines(path_or_file)
        fixed = resolve_plan(plan) if plan is not None else None
        parsed = parse_lines(name, lines, reevaluate, fixed, plans)
        with self._lock:
            db = self._db()
            return import_parsed(db, self._sync, self._index, name, parsed, reevaluate)
