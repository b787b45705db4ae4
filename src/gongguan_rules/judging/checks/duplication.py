"""Duplication (雷同): 第八条（三）, 2026 一（三）, 2025 二（三） (excellent results) and
2019 七（三）, 2021 三（一）, 2025 六（三） (any past project).

雷同：同一单位同名项目为不符合；他人同名项目或名称相近的项目为需复核，列出最接近的记录。
"""

from __future__ import annotations

from typing import Any

from ...law.checks import DuplicationParams
from ...law.rules import Rule
from ..context import Context
from ..correlate import describe_record
from .base import PASS, REVIEW, Result, check, status_of

_PREFIX = {"excellent_results": "excellent", "any_past_project": "project"}
_SCOPE_NAMES = {
    "excellent_results": ("历年优秀成果项目", "past excellent results"),
    "any_past_project": ("历年项目", "past projects"),
}


@check("duplication")
def duplication(ctx: Context, rule: Rule) -> Result:
    """不得与历年（优秀成果）项目雷同。"""
    p = rule.params_as(DuplicationParams)
    app = ctx.app
    readings = ctx.plan.spec.readings.duplication
    facts: dict[str, Any] = {
        "project.name": app.project.name,
        "applicant.credit_code": app.applicant.credit_code,
        "applicant.name": app.applicant.name,
        "history_records": len(ctx.history),
    }
    zh, en = _SCOPE_NAMES[p.scope]
    values: dict[str, Any] = {"scope_zh": zh, "scope_en": en}
    if app.project.name is None:
        return Result(REVIEW, "name_missing", facts, values)
    corr = ctx.correlation()
    prefix = _PREFIX[p.scope]
    same_unit = corr.of(f"{prefix}.same_unit_same_name")
    same_name = [i for i in corr.of(f"{prefix}.same_name") if i not in same_unit]
    if same_unit:
        facts["matches"] = [describe_record(ctx, i) for i in same_unit[: readings.max_reported]]
        if all(ctx.history.events[i].plan_year() is None for i in same_unit):
            # on record, but with neither year nor date: whether it is 历年 cannot be told
            return Result(REVIEW, "same_unit_year_unknown", facts, values | _first(ctx, same_unit))
        return Result(status_of(readings.same_unit_same_name), "same_unit", facts, values | _first(ctx, same_unit))
    if same_name:
        facts["matches"] = [describe_record(ctx, i) for i in same_name[: readings.max_reported]]
        return Result(status_of(readings.other_unit_same_name), "same_name", facts, values | _first(ctx, same_name))
    eligible = set(corr.of(f"{prefix}.same_name"))  # exact matches already handled
    near = [(i, score) for i, score in corr.near.get("all", []) if i not in eligible and _in_scope(ctx, i, p.scope)][
        : readings.max_reported
    ]
    if near:
        facts["matches"] = [describe_record(ctx, i) | {"score": round(s, 3)} for i, s in near]
        first = _first(ctx, [near[0][0]]) | {"score": f"{near[0][1]:.2f}"}
        return Result(status_of(readings.near_match), "near", facts, values | first)
    return Result(PASS, "none", facts, values)


def _first(ctx: Context, indexes: list[int]) -> dict[str, Any]:
    e = ctx.history.events[indexes[0]]
    return {
        "match_name": e.project_name or "",
        "match_unit": e.unit or e.credit_code or "",
        "match_year": e.plan_year() or "?",
        "count": len(indexes),
    }


def _in_scope(ctx: Context, i: int, scope: str) -> bool:
    """A near match counts only within the clause's scope and from an earlier plan year."""
    from ...law.vocab import EventKind

    e = ctx.history.events[i]
    year = e.plan_year()
    if year is not None and year >= ctx.plan.year:
        return False
    if scope == "excellent_results":
        if e.kind is not EventKind.excellent_recognized:
            return False
        return not _revoked(ctx, i)
    return e.kind in (EventKind.approved, EventKind.excellent_recognized)


def _revoked(ctx: Context, i: int) -> bool:
    from ...law.vocab import EventKind

    ukey, nkey = ctx.history.unit_keys[i], ctx.history.name_keys[i]
    return any(
        ctx.history.events[j].kind is EventKind.recognition_revoked and ctx.history.name_keys[j] == nkey
        for j in ctx.history.of_unit(ukey)
    )
