"""What every check shares: its result and the table of implementations.

检查的公共部分：检查结果与实现登记表（检查的名称与参数模型见 law/checks.py）。
检查是机制（src/），参数与出处是数据（rules/、plans/）。
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...law.checks import CHECKS
from ...law.citations import Citation
from ...law.vocab import Status, zh_name
from ..frozen import FrozenDict, FrozenList

if TYPE_CHECKING:
    from ...law.rules import Rule
    from ..context import Context


@dataclass(slots=True)
class Result:
    """What a check concluded, before it is rendered into a finding.

    ``code`` selects the message in rules/messages.yaml; ``values`` fill its placeholders.
    """

    status: Status
    code: str
    facts: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    citations: tuple[Citation, ...] | None = None


CheckFn = Callable[["Context", "Rule"], Result]

#: The function implementing each check, by the name law/checks.py gives it.
IMPLEMENTATIONS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Implement the check ``name`` of law/checks.py. 实现一种检查。"""

    def register(fn: CheckFn) -> CheckFn:
        if name not in CHECKS:
            raise RuntimeError(f"check {name!r} is not declared in law/checks.py")
        if name in IMPLEMENTATIONS:
            raise RuntimeError(f"check {name!r} implemented twice")
        IMPLEMENTATIONS[name] = fn
        return fn

    return register


def show(value: Any) -> Any:
    """A fact as it appears in a finding: JSON-ready (dates ISO, enums by value) and, for a list or
    a mapping, already frozen as the decision holds it (judging/frozen.py)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return FrozenList([show(v) for v in value])
    if isinstance(value, dict):
        return FrozenDict({str(k): show(v) for k, v in value.items()})
    return str(value)


def names_zh(enum: type[StrEnum], members: Sequence[StrEnum]) -> str:
    """Members joined by 、 in Chinese. 以顿号连接的中文名。"""
    return _names_zh(enum, tuple(members))


@lru_cache(maxsize=1024)
def _names_zh(enum: type[StrEnum], values: tuple[str, ...]) -> str:
    return "、".join(zh_name(enum, v) for v in values)


def names_en(members: Sequence[StrEnum]) -> str:
    """Members joined by commas, by value (a StrEnum member is its value). 以逗号连接的英文值。"""
    return ", ".join(members)


PASS = Status.passed
FAIL = Status.fail
REVIEW = Status.review
INFO = Status.info
NA = Status.not_applicable


def status_of(name: str) -> Status:
    """A status from its value in a readings parameter ("fail" / "review")."""
    return Status(name)
