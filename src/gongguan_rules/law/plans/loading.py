"""Loading plans: a bundled year or any plan file, parsed, checked and compiled once (cached by year,
and by path, mtime and size), every fault reported at once; and the forms a caller may name a plan in.

方案的读取：随包年度或任意方案文件，解析、校验并编译一次（按年度、按路径与修改时间缓存），一次报告全部
错误；以及调用方可用的各种方案写法（方案对象、年度、路径）。
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from pydantic import ValidationError

from ..._fork import ForkSafeLock
from ...errors import InputError, PlanError, PlanFault
from ...quoting import printable
from ..data_files import plans_dir
from ..plan_model import PlanSpec
from ..plan_source import PlanInputError, read_plan_text, unknown_year, year_of
from ..strict_yaml import read_yaml
from .compiled import Plan
from .faults import in_order, pydantic_faults, yaml_faults
from .regulation_file import regulation
from .validation import part_faults, semantic_faults


def parse_plan(text: str, path: str, sha256: str | None = None) -> Plan:
    """Read a plan from YAML text; raises PlanError listing every fault. 从文本读取方案。

    ``sha256`` is the digest of the file's bytes when the text was read from a file; without it,
    the digest of the text's UTF-8 bytes.
    """
    reg = regulation()
    located = read_yaml(text)
    faults = yaml_faults(located, path)
    # a duplicate key keeps its first value, so the rest of the file can still be checked
    if not isinstance(located.data, dict):
        if not faults:
            faults.append(PlanFault(path, 1, 1, "not_a_mapping", "方案文件应为映射 / a plan file is a mapping of keys"))
        raise PlanError(faults)
    try:
        spec = PlanSpec.model_validate(located.data)
    except ValidationError as exc:
        # report what the schema found and, as far as the parts allow, what the checks find too
        faults += pydantic_faults(exc, located, path) + part_faults(located, path)
        raise PlanError(in_order(faults)) from None
    semantic, warnings = semantic_faults(spec, located, path, reg)
    faults += semantic
    if faults:
        raise PlanError(in_order(faults))
    return Plan(spec, path, reg, warnings, sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest())


def available_plans() -> list[int]:
    """Years of the bundled plans, ascending. 随包方案的年度。"""
    years = []
    for p in plans_dir().glob("*.yaml"):
        if p.stem.isdigit():
            years.append(int(p.stem))
    return sorted(years)


_CACHE_LOCK = ForkSafeLock()  # free again in a forked child (gongguan_rules._fork)
_BUNDLED: dict[int, Plan] = {}


def load_plan(plan: int | str | os.PathLike[str]) -> Plan:
    """A bundled plan by year, or any plan file by path. 按年度读取随包方案，或按路径读取方案文件。

    Text of ASCII digits is a year, never a path (law/plan_source.py). Raises :class:`PlanError`
    naming the file, line and column of every fault; a reference that names no plan raises
    :class:`PlanInputError`, a PlanError that is also an InputError naming ``plan``.
    """
    if isinstance(plan, bool):
        raise TypeError("load_plan takes a year (int) or a path")
    if isinstance(plan, str) and (year := year_of(plan)) is not None:
        plan = year
    if isinstance(plan, int):
        with _CACHE_LOCK:
            if plan in _BUNDLED:
                return _BUNDLED[plan]
        available = available_plans()
        if plan not in available:
            raise unknown_year(plan, str(plans_dir()), available)
        path = plans_dir() / f"{plan}.yaml"
        text, digest = read_plan_text(path)
        loaded = parse_plan(text, str(path), digest)
        with _CACHE_LOCK:
            _BUNDLED.setdefault(plan, loaded)
            return _BUNDLED[plan]
    if isinstance(plan, str | os.PathLike):
        return _load_file(plan)
    raise TypeError(f"load_plan takes a year (int) or a path, not {type(plan).__name__}")


# Plan files already compiled, by (path as given, resolved path, mtime, size): evaluating many
# applications against a plan given by path compiles it once; an edited file is read again.
_BY_FILE: dict[tuple[str, str, int, int], Plan] = {}
_BY_FILE_LIMIT = 32


def _load_file(plan: str | os.PathLike[str]) -> Plan:
    given = os.fspath(plan)
    try:
        st = os.stat(given)
        key: tuple[str, str, int, int] | None = (given, os.path.realpath(given), st.st_mtime_ns, st.st_size)
    except (OSError, ValueError):
        key = None  # read_plan_text says why
    if key is not None:
        with _CACHE_LOCK:
            if key in _BY_FILE:
                return _BY_FILE[key]
    text, digest = read_plan_text(given)
    loaded = parse_plan(text, printable(given, 4096), digest)
    if key is not None:
        with _CACHE_LOCK:
            if len(_BY_FILE) >= _BY_FILE_LIMIT:
                del _BY_FILE[next(iter(_BY_FILE))]
            _BY_FILE[key] = loaded
    return loaded


def validate_plan_file(path: str | os.PathLike[str]) -> tuple[list[PlanFault], list[str]]:
    """Every fault and warning of a plan file, without raising. 校验方案文件（不抛出）。

    The warnings: the plan's own (第九条) and the governed deadlines that fall on a weekend or a
    statutory holiday (:mod:`gongguan_rules.law.holidays`)."""
    from ..holidays import deadline_warnings

    try:
        plan = load_plan(path)
    except PlanError as exc:
        return exc.faults, []
    return [], [*plan.warnings, *deadline_warnings(plan)]  # a deadline on a rest day (民法典 第二百零三条)


def resolve_plan(plan: Any) -> Plan:
    """Accept a Plan, a year or a path. 接受方案对象、年度或路径。

    Whatever cannot be loaded raises :class:`PlanInputError`: an InputError naming ``plan`` (so
    that ``gr.evaluate`` gives only a Decision or an InputError) and a PlanError with the faults.
    """
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, int | str | os.PathLike) and not isinstance(plan, bool):
        try:
            return load_plan(plan)
        except PlanError as exc:
            raise PlanInputError.from_plan_error(exc) from None
    raise InputError([("plan", f"应为方案、年度或路径 / expected a Plan, a year or a path, got {type(plan).__name__}")])
