"""One exception tree with data on it (style.md practice 3).

错误类型：所有错误都继承自 :class:`GongguanError`，并以属性携带出错位置，而不仅写在文字中。
Every error carries where it happened as attributes (``path``, ``line``, ``column``, ``loc``,
``code``), not only in its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class GongguanError(Exception):
    """Base of every error the library raises on purpose. 本库主动抛出的错误的基类。"""

    code: str = "error"


@dataclass(frozen=True)
class PlanFault:
    """One fault in a plan file: where it is and what is wrong. 方案文件中的一处错误。"""

    path: str
    line: int | None
    column: int | None
    code: str
    message: str
    loc: tuple[str | int, ...] = ()

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class PlanError(GongguanError, ValueError):
    """A plan file that cannot be loaded; lists every fault at once.

    方案文件有误：一次列出全部错误，每条形如 ``file:line:column: 说明``。
    """

    code = "plan_invalid"

    def __init__(self, faults: list[PlanFault]) -> None:
        if not faults:
            raise ValueError("PlanError needs at least one fault")
        self.faults = list(faults)
        first = self.faults[0]
        self.path = first.path
        self.line = first.line
        self.column = first.column
        self.loc = first.loc
        super().__init__("\n".join(str(f) for f in self.faults))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # pickled by its faults (a process pool sends errors back to the parent)
        return (type(self), (self.faults,))


class InputError(GongguanError, ValueError):
    """Input that cannot be read at all; the message names the field path.

    输入无法读取（类型错误、日期无法解析、未知枚举值）：错误信息指明字段路径，如 ``project.start_date``。
    """

    code = "input_invalid"

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        if not errors:
            raise ValueError("InputError needs at least one error")
        self.errors = list(errors)
        self.loc = self.errors[0][0]
        self.path = self.loc
        super().__init__("; ".join(f"{loc}: {msg}" for loc, msg in self.errors))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # pickled by its errors (a process pool sends errors back to the parent)
        return (type(self), (self.errors,))


class RulesError(GongguanError, ValueError):
    """The bundled rules/ data is inconsistent (a packaging or editing fault).

    规则数据（rules/）自身有误。
    """

    code = "rules_invalid"


def loc_to_path(loc: tuple[int | str, ...], prefix: str = "") -> str:
    """A pydantic location as a field path: ``project.expected_benefits[1]``."""
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(root)"
