"""What the store keeps and answers: a record, a unit's standing, the store's errors.

历史库保存与回答的内容：记录、单位状况、历史库的错误。
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from pydantic import BaseModel, ConfigDict

from ...errors import GongguanError, InputError
from ...judging.decision import Decision
from ...law.vocab import Outcome
from ...quoting import quote, shorten
from ..events import Event

#: ``PRAGMA application_id`` of our SQLite files ("GGHS"): a file with another id is not ours.
APPLICATION_ID: Final = 0x47474853
#: 第二十五条: 5年内不接受其再次申报 — the bar when no plan states its own reading.
BAR_YEARS: Final = 5
#: The keys of one exported record (one JSON Lines object), in order.
EXPORT_KEYS: Final = ("seq", "event", "decision", "outcome", "recorded_plan", "as_of", "recorded_by")
#: What a closed store says when it is used. 已关闭的历史库。
CLOSED: Final = "历史库已关闭 / the store is closed"
#: The longest path or URL an error shows whole (longer ones are shortened, with their length).
PATH_LIMIT: Final = 400
#: The longest ``recorded_by`` name.
RECORDED_BY_LIMIT: Final = 200


@dataclass(frozen=True)
class StoreFault:
    """One fault of a store or of an import file: where and what. 存储或导入文件中的一处错误。"""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        path = shorten(self.path, PATH_LIMIT)
        if unencodable(path):  # a message is always printable
            path = path.encode("utf-8", "backslashreplace").decode("utf-8")
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {self.message}"


class HistoryStoreError(GongguanError, ValueError):
    """The store cannot be used, or an import file is malformed; lists every fault at once.

    历史库无法使用（不是本库的文件、版本更新、只读、已关闭、数据库出错），或导入文件有误：一次列出
    全部错误，每条形如 ``file:line: 说明``，并说明怎么办。Attributes: ``faults``, ``path``, ``line``.
    """

    code = "history_store_invalid"

    def __init__(self, faults: Sequence[StoreFault]) -> None:
        if not faults:
            raise ValueError("HistoryStoreError needs at least one fault")
        self.faults = list(faults)
        self.path = self.faults[0].path
        self.line = self.faults[0].line
        super().__init__("\n".join(str(f) for f in self.faults))

    def __reduce__(self) -> tuple[type[HistoryStoreError], tuple[list[StoreFault]]]:
        return (type(self), (self.faults,))


def store_error(where: str, message: str) -> HistoryStoreError:
    """A HistoryStoreError with one fault, about the store (or file) ``where``."""
    return HistoryStoreError([StoreFault(where, None, message)])


class HistoryRecord(BaseModel):
    """One stored record: the event, the decision taken on it, and how. 一条已保存的记录。

    ``recorded_plan`` is the plan the event was judged under: its year for a bundled plan, else
    the path of its file. ``as_of`` is the decision date the caller asked for (None: the latest
    date in the input, as :func:`gongguan_rules.evaluate_event` reads it). ``recorded_by`` is who
    recorded it (the service stores its token's name), None when nobody was named.
    """

    model_config = ConfigDict(frozen=True)

    seq: int
    event: Event
    decision: Decision
    outcome: Outcome
    recorded_plan: int | str
    as_of: date | None = None
    recorded_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The record as one JSON Lines object (the keys of EXPORT_KEYS). 以 JSON Lines 的一行表示本记录。"""
        return {
            "seq": self.seq,
            "event": self.event.model_dump(mode="json", exclude_none=True),
            "decision": self.decision.model_dump(mode="json"),
            "outcome": self.outcome.value,
            "recorded_plan": self.recorded_plan,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "recorded_by": self.recorded_by,
        }


class UnitStatus(BaseModel):
    """A unit's standing on a date, from the events on record (rejected ones left out).

    某单位在某日的状况：是否处于第二十五条的五年限制之内、历年立项项目、未被撤销的优秀成果、
    撤销认定记录。Records count when dated on or before ``on`` (an undated record when its plan
    year is earlier than ``on``'s year). A bar that would end after 9999-12-31 runs past every
    date the calendar has: ``debarred_until`` is then 9999-12-31.
    """

    model_config = ConfigDict(frozen=True)

    unit: str
    on: date
    debarred: bool
    debarred_until: date | None = None
    past_projects: list[Event]
    excellent_results: list[Event]
    revocations: list[Event]


def dumps(data: Any) -> str:
    """JSON text as the store keeps it (UTF-8, no NaN). 存储所用的 JSON 文本。"""
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


def unencodable(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate, which no UTF-8 store can keep."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_recorded_by(value: Any) -> str | None:
    """Who recorded a record: None, or a printable name of at most 200 characters. 记录人。"""
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > RECORDED_BY_LIMIT
        or not value.isprintable()
        or unencodable(value)
    ):
        raise InputError(
            [
                (
                    "recorded_by",
                    f"应为不超过 {RECORDED_BY_LIMIT} 个字符的可打印名称，收到 {quote(value)} / expected a printable "
                    f"name of at most {RECORDED_BY_LIMIT} characters",
                )
            ]
        )
    return value.strip()


def read_count(value: Any, where: str) -> int:
    """A non-negative integer argument (``after``, ``limit``), capped to what SQL can hold."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError([(where, f"应为非负整数，收到 {quote(value)} / expected a non-negative integer")])
    return min(value, 2**63 - 1)
