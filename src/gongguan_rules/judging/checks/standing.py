"""The standing of the texts themselves: 第二条 (scope), 第九条 (publication), 第二十七条
(validity), and texts that are referred to but not in our hands.

文件本身的效力与范围：适用范围、方案发布时间、有效期，以及未掌握原文的引用文件（提示）。
"""

from __future__ import annotations

from ...law.checks import TextParams
from ...law.rules import Rule
from ..context import Context
from .base import INFO, PASS, Result, check


@check("scope")
def scope(ctx: Context, rule: Rule) -> Result:
    """第二条：本市行政区域内质量攻关项目申报……等工作适用本办法。"""
    plan = ctx.plan
    facts = {"plan.year": plan.year, "plan.territory": plan.spec.territory}
    return Result(PASS, "in_scope", facts, {"territory": plan.spec.territory, "document": plan.document})


@check("plan_published")
def plan_published(ctx: Context, rule: Rule) -> Result:
    """第九条：市市场监督管理部门每年上半年启动年度质量攻关项目申报工作（提示）。"""
    plan = ctx.plan
    issued = plan.governing_document.issued_on
    facts = {"plan.issued_on": issued.isoformat()}
    values = {"issued": issued.isoformat()}
    if issued.month <= 6:
        return Result(INFO, "first_half", facts, values)
    return Result(INFO, "late", facts, values)


@check("regulation_validity")
def regulation_validity(ctx: Context, rule: Rule) -> Result:
    """第二十七条：本办法自印发之日起施行，有效期5年（提示）。"""
    reg = ctx.plan.regulation
    end = reg.in_force_until
    facts = {"as_of": ctx.as_of.isoformat() if ctx.as_of else None}
    values = {"start": reg.document.in_force_from.isoformat(), "end": end.isoformat()}
    if ctx.as_of is not None and ctx.as_of > end:
        return Result(INFO, "expired", facts, values | {"as_of": ctx.as_of.isoformat()})
    return Result(INFO, "in_force", facts, values)


@check("text_not_available")
def text_not_available(ctx: Context, rule: Rule) -> Result:
    """引用的文件原文不在本库（如 2026 附件4、DB12/T 1273-2023）：不予检查，仅提示。"""
    p = rule.params_as(TextParams)
    return Result(INFO, "not_checked", {}, {"text": p.text, "about": p.about_zh, "about_en": p.about_en})
