"""Many applications at once: the history indexed once for the whole batch.

批量判断：一次判断汇总表中的全部申报，历史记录只建一次索引（结果表与 pandas 表格见 tables/frames.py）。
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from typing import Any

from ..errors import InputError
from ..inputs.application import Application
from ..law.plans import Plan, resolve_plan
from ..records.events import Event
from ..records.history_index import HistoryIndex, as_history
from .decision import Decision
from .evaluate import evaluate


def evaluate_many(
    applications: Iterable[Application | Mapping[str, Any]],
    plan: Plan | int | str,
    history: HistoryIndex | Iterable[Event | Mapping[str, Any]] | None = None,
    as_of: date | str | None = None,
    on_error: str = "raise",
    workers: int | None = None,
) -> list[Decision | InputError]:
    """Evaluate every application against one plan and one history (indexed once).

    批量判断。``on_error="raise"`` stops at the first unreadable application (the InputError's
    field path is prefixed with its position, e.g. ``[3].project.start_date``);
    ``on_error="collect"`` puts the InputError in that application's place and goes on.

    ``workers``: ``None`` or 1 judges in this process; ``N`` > 1 judges in a pool of N processes
    (for large batches: each worker costs a start-up of about a second). The results are in
    input order and errors behave as in this process. A plan given by year or path is loaded
    again in each worker, a ``Plan`` object is sent once to each, and the history is read here
    and indexed once in each worker. As with any process pool, a script that uses workers must
    call this under ``if __name__ == "__main__":``.
    """
    if on_error not in ("raise", "collect"):
        raise ValueError("on_error must be 'raise' or 'collect'")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ValueError("workers must be None or a positive int")
    the_plan = resolve_plan(plan)
    index = as_history(history)
    if workers is None or workers == 1:
        return _judge(enumerate(applications), the_plan, index, as_of, on_error)
    shipped = plan if isinstance(plan, int | str | os.PathLike) and not isinstance(plan, bool) else the_plan
    return _in_processes(list(applications), the_plan, shipped, index, as_of, on_error, workers)


def _one(number: int, application: Any, plan: Plan, index: HistoryIndex, as_of: Any) -> Decision | InputError:
    """One decision, or its InputError located by the application's number (``[3].field``)."""
    try:
        return evaluate(application, plan, history=index, as_of=as_of)
    except InputError as exc:
        return InputError([(f"[{number}].{path}", message) for path, message in exc.errors])


def _judge(
    numbered: Iterable[tuple[int, Any]], plan: Plan, index: HistoryIndex, as_of: Any, on_error: str
) -> list[Decision | InputError]:
    out: list[Decision | InputError] = []
    for number, application in numbered:
        result = _one(number, application, plan, index, as_of)
        if isinstance(result, InputError) and on_error == "raise":
            raise result
        out.append(result)
    return out


# The plan, history and decision date of a worker process, set once by _start_worker.
_WORKER: tuple[Plan, HistoryIndex, Any] | None = None


def _start_worker(plan: Plan | int | str | os.PathLike[str], events: tuple[Event, ...], as_of: Any) -> None:
    global _WORKER
    _WORKER = (resolve_plan(plan), HistoryIndex(events) if events else as_history(None), as_of)


def _judge_chunk(start: int, chunk: list[Any], on_error: str) -> list[Decision | InputError | None]:
    """A worker's share, in order: a decision, an InputError, or None where the caller refused the
    item itself. When raising, it stops after the first InputError (the caller raises it in order)."""
    assert _WORKER is not None, "_start_worker did not run in this process"
    plan, index, as_of = _WORKER
    out: list[Decision | InputError | None] = []
    for number, application in enumerate(chunk, start):
        if application is None:
            out.append(None)
            continue
        result = _one(number, application, plan, index, as_of)
        out.append(result)
        if isinstance(result, InputError) and on_error == "raise":
            break
    return out


def _in_processes(
    applications: list[Any],
    the_plan: Plan,
    plan: Plan | int | str | os.PathLike[str],
    index: HistoryIndex,
    as_of: Any,
    on_error: str,
    workers: int,
) -> list[Decision | InputError]:
    # What is not even a mapping is refused here, as evaluate refuses it (it need not pickle);
    # a mapping of another type travels as a dict.
    items: list[Any] = []
    refused: dict[int, InputError] = {}
    for number, application in enumerate(applications):
        if isinstance(application, Application | dict):
            items.append(application)
        elif isinstance(application, Mapping):
            items.append(dict(application))
        else:
            items.append(None)
            refusal = _one(number, application, the_plan, index, as_of)
            assert isinstance(refusal, InputError), "evaluate reads only mappings"
            refused[number] = refusal
    if not items:
        return []
    size = max(1, min(256, -(-len(items) // (workers * 4))))
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(plan, index.events, as_of),
    )
    out: list[Decision | InputError] = []
    try:
        starts = range(0, len(items), size)
        futures = [pool.submit(_judge_chunk, start, items[start : start + size], on_error) for start in starts]
        for start, future in zip(starts, futures, strict=True):
            for number, result in enumerate(future.result(), start):
                found = refused[number] if result is None else result
                if isinstance(found, InputError) and on_error == "raise":
                    raise found
                out.append(found)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return out
