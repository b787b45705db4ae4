"""Many applications at once: the history indexed once for the whole batch.

批量判断：一次判断汇总表中的全部申报，历史记录只建一次索引（结果表与 pandas 表格见 tables/frames.py）。
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
) -> list[Decision | InputError]:
    """Evaluate every application against one plan and one history (indexed once).

    批量判断。``on_error="raise"`` stops at the first unreadable application (the InputError's
    field path is prefixed with its position, e.g. ``[3].project.start_date``);
    ``on_error="collect"`` puts the InputError in that application's place and goes on.
    """
    if on_error not in ("raise", "collect"):
        raise ValueError("on_error must be 'raise' or 'collect'")
    the_plan = resolve_plan(plan)
    index = as_history(history)
    out: list[Decision | InputError] = []
    for number, application in enumerate(applications):
        try:
            out.append(evaluate(application, the_plan, history=index, as_of=as_of))
        except InputError as exc:
            located = InputError([(f"[{number}].{path}", message) for path, message in exc.errors])
            if on_error == "raise":
                raise located from None
            out.append(located)
    return out

