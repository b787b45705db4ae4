"""Writing checked import lines into the store, in one transaction. 将已检查的导入行写入历史库。"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...judging.decision import Decision
from ...judging.evaluate import evaluate_event
from ...law.vocab import Outcome
from ..history_index import HistoryIndex
from .backend import Backend, Tx
from .jsonl import Parsed
from .model import HistoryRecord, HistoryStoreError, StoreFault, dumps
from .rows import insert_args, insert_sql, plan_ref

Sync = Callable[[Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]], None]


def import_parsed(
    db: Backend,
    sync: Sync,
    index: Callable[[bool], HistoryIndex],
    name: str,
    parsed: list[Parsed],
    reevaluate: bool,
) -> list[HistoryRecord]:
    """Store every parsed line in one write transaction: all of them, or none."""

    def work(tx: Tx) -> list[HistoryRecord]:
        out: list[HistoryRecord] = []
        if reevaluate:
            sync(tx.execute)
            live = index(False)
            for item in parsed:
                the_plan = item.plan
                assert the_plan is not None
                decision = evaluate_event(item.event, the_plan, history=live, as_of=item.as_of)
                text = dumps(decision.model_dump(mode="json"))
                Decision.model_validate_json(text)  # every stored decision reads back
                ref = plan_ref(the_plan)
                seq = db.next_seq(tx)
                tx.execute(
                    insert_sql(db.table),
                    insert_args(
                        seq,
                        item.event,
                        item.event_text,
                        text,
                        decision.outcome,
                        decision.plan_year,
                        ref,
                        item.as_of,
                        item.recorded_by,
                    ),
                )
                out.append(
                    HistoryRecord(
                        seq=seq,
                        event=item.event,
                        decision=decision,
                        outcome=decision.outcome,
                        recorded_plan=ref,
                        as_of=item.as_of,
                        recorded_by=item.recorded_by,
                    )
                )
                if decision.outcome is not Outcome.rejected:
                    live = live.extended([item.event])
            return out
        last = db.next_seq(tx) - 1
        if parsed and parsed[0].seq is not None and parsed[0].seq <= last:
            first = parsed[0]
            raise HistoryStoreError(
                [
                    StoreFault(
                        name,
                        first.line,
                        f"seq {first.seq} 不大于库中已有的最大序号 {last} / seq {first.seq} is not above the "
                        f"store's last seq {last}",
                    )
                ]
            )
        for item in parsed:
            assert item.decision is not None and item.decision_text is not None
            assert item.outcome is not None and item.recorded_plan is not None and item.seq is not None
            tx.execute(
                insert_sql(db.table),
                insert_args(
                    item.seq,
                    item.event,
                    item.event_text,
                    item.decision_text,
                    item.outcome,
                    item.decision.plan_year,
                    item.recorded_plan,
                    item.as_of,
                    item.recorded_by,
                ),
            )
            out.append(
                HistoryRecord(
                    seq=item.seq,
                    event=item.event,
                    decision=item.decision,
                    outcome=item.outcome,
                    recorded_plan=item.recorded_plan,
                    as_of=item.as_of,
                    recorded_by=item.recorded_by,
                )
            )
        return out

    return db.write(work)
