"""A durable history of lifecycle events: SQLite for one office, PostgreSQL for several.

持久的历史记录：以 SQLite（单机，随标准库）或 PostgreSQL（多个单位共用）保存生命周期事件及对每个
事件的决定。

:class:`History` judges every event it records against the whole record before it
(:func:`gongguan_rules.evaluate_event`) and stores the event and its decision together in one
transaction. 每记录一个事件，先依据已有的全部记录判断，再把事件与决定在同一事务中写入。

- **What survives a crash / 崩溃后保留什么.** Once :meth:`History.record` has returned, the event
  and its decision are committed and on disk; a record interrupted before its commit leaves
  nothing behind. 返回即已落盘；提交前中断的记录不留痕迹。
- **One order / 唯一顺序.** Writers are serialised per store (SQLite's write lock; PostgreSQL's
  advisory lock), each judged against everything committed before it; ``seq`` is that order.
- **Rejected events / 不予接受的事件** are stored, never dropped, but left out of the history that
  later decisions are judged against: they did not take effect.
- **Errors / 错误.** Every database error is a :class:`HistoryStoreError` saying what to do.

The package: ``history`` (the facade), ``backend`` (the SQL interface and URLs), ``sqlite``,
``postgres``, ``schema`` and ``migrations/`` (versioned SQL), ``rows``, ``queries``, ``status``,
``jsonl`` and ``importing``. See docs/history.md. 详见 docs/history.md。
"""

from __future__ import annotations

from .history import History
from .model import APPLICATION_ID, BAR_YEARS, HistoryRecord, HistoryStoreError, StoreFault, UnitStatus
from .schema import SCHEMA_VERSION

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
