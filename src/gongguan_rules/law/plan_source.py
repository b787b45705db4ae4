"""Where a plan comes from: a bundled year, or a plan file the caller names.

方案的来源：随包年度，或调用方指定的方案文件。

- Text of ASCII digits (``"2026"``, ``" 2026 "``) is always a year: a file called ``2026`` in the
  working directory never shadows the bundled 2026 plan (write ``./2026`` to mean the file).
  Any other text, and any ``os.PathLike``, is a path; only a path that names an existing regular
  file is read as a plan.
- A reference that names no plan (an unknown year, a missing file, a directory, a FIFO, text that
  cannot be a path) raises :class:`PlanInputError`: a :class:`PlanError`, as ``load_plan`` has
  always raised, and an :class:`InputError` naming ``plan``, as ``gr.evaluate`` raises for an
  argument it cannot read.
- A plan file is read through ``inputs/files.py``: only a regular file, at most
  ``LIMITS["plan"]`` bytes (1 MiB; a real plan is about 10 KB), in UTF-8.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from ..errors import InputError, PlanError, PlanFault
from ..inputs.files import LIMITS, FileRefused, is_regular_file, read_bytes
from ..quoting import printable, quote

#: The most digits a year reference may have; longer digit strings are no year we could bundle.
_YEAR_DIGITS = 9


# ``loc`` is a position in the plan file for a PlanError and a field path for an InputError; here it
# is the field path ``plan`` (the faults keep their positions), hence the two ignores.
class PlanInputError(PlanError, InputError):  # type: ignore[misc]
    """A plan argument that names no plan that can be loaded.

    A :class:`PlanError` (``faults``, ``path``, ``line``, ``column`` as for any plan fault) and an
    :class:`InputError` (``errors`` naming the field ``plan``; ``loc == "plan"``).
    方案参数无法读取：既是 PlanError，也是指明字段 ``plan`` 的 InputError。
    """

    code = "plan_input"

    def __init__(self, faults: list[PlanFault]) -> None:
        # Neither parent's __init__: each would hand its own text to the other along the MRO.
        if not faults:
            raise ValueError("PlanInputError needs at least one fault")
        self.faults = list(faults)
        first = self.faults[0]
        self.path, self.line, self.column = first.path, first.line, first.column
        self.errors = [("plan", str(fault)) for fault in self.faults]
        self.loc = "plan"  # type: ignore[assignment]
        Exception.__init__(self, "; ".join(f"plan: {fault}" for fault in self.faults))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (type(self), (self.faults,))

    @classmethod
    def from_plan_error(cls, exc: PlanError) -> PlanInputError:
        """The same faults, readable as an InputError naming ``plan`` too."""
        return exc if isinstance(exc, PlanInputError) else cls(exc.faults)


def not_a_plan(where: str, code: str, message: str) -> PlanInputError:
    return PlanInputError([PlanFault(printable(where, 600), None, None, code, message)])


def year_of(ref: str) -> int | None:
    """The year a text names (ASCII digits, blanks around allowed), or None when it is a path.

    文本全为 ASCII 数字时是年度（不是路径）。
    """
    text = ref.strip()
    if text and text.isascii() and text.isdigit():
        return int(text) if len(text) <= _YEAR_DIGITS else -1
    return None


def unknown_year(year: int, where: str, available: list[int]) -> PlanInputError:
    years = ", ".join(str(y) for y in available)
    shown = quote(year) if 0 <= year < 10**_YEAR_DIGITS else "（不是年度 / not a year）"
    return not_a_plan(
        where,
        "unknown_year",
        f"没有 {shown} 年度的随包方案（可用：{years}）/ no bundled plan for {shown}; available: {years}",
    )


def read_plan_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """The text of a plan file and the SHA-256 of its bytes (the plan's provenance);
    :class:`PlanInputError` when the path names no regular file, :class:`PlanError` when the file
    is too large or not UTF-8."""
    try:
        name = os.fspath(path)
    except TypeError:
        raise not_a_plan(repr(type(path)), "not_a_path", "不是路径 / not a path") from None
    if not isinstance(name, str):
        raise not_a_plan(quote(name), "not_a_path", "路径应为文本 / a path must be text")
    if not is_regular_file(name):
        if "\x00" not in name and not os.path.lexists(name):
            raise not_a_plan(name, "not_found", "文件不存在 / file not found")
        try:
            read_bytes(name, "plan")  # says why: missing, a directory, a FIFO, not a valid path
        except FileRefused as exc:
            raise not_a_plan(name, "not_found", exc.errors[0][1]) from None
        raise not_a_plan(name, "not_found", "不是普通文件 / not a regular file")  # vanished meanwhile
    try:
        data = read_bytes(name, "plan")
    except FileRefused as exc:
        raise PlanError([PlanFault(printable(name, 600), None, None, "unreadable", exc.errors[0][1])]) from None
    try:
        return data.decode("utf-8"), hashlib.sha256(data).hexdigest()
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(
            [PlanFault(printable(name, 600), line, None, "encoding", f"文件不是 UTF-8 编码 / not UTF-8: {exc.reason}")]
        ) from None


__all__ = ["LIMITS", "PlanInputError", "read_plan_text", "unknown_year", "year_of"]
