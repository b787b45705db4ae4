"""The route of an application: 第六条, 第十条, 第十二条 and the plans' 工作程序.

申报程序：推荐单位、申报材料、声明、推荐，以及各步骤的时间要求。
"""

from __future__ import annotations

from ...identity.districts import normalize_district
from ...law.checks import DeclarationParams, MaterialsParams, RecommenderParams, StepParams
from ...law.rules import Rule
from ...law.vocab import Material, RecommenderKind
from ..context import Context
from ..schedule import judge, sanction_values
from .base import FAIL, INFO, NA, PASS, REVIEW, Result, check, named, names_en, names_zh, show, status_of


@check("materials")
def materials(ctx: Context, rule: Rule) -> Result:
    """第十条：申报材料应包括项目可行性分析和预期成效等内容；各方案：申报书（表）。

    Where the plan makes its 申报书 the materials (2026 四（一）「立项申报材料即《天津市质量攻关项目
    申报书》」, ``readings.form_is_materials``), 可行性分析 and 预期成效 are contents of that form: a
    list that names the form but not them is review (not confirmed), never fail.
    """
    p = rule.params_as(MaterialsParams)
    given = ctx.app.materials
    facts = {"materials": show(given)}
    required = {"required": names_zh(Material, p.required), "required_en": names_en(p.required)}
    if given is None:
        return Result(REVIEW, "missing", facts, required)
    lacking = [m for m in p.required if m not in given]
    if lacking:
        names = {"lacking": names_zh(Material, lacking), "lacking_en": names_en(lacking)}
        form = Material.application_form
        if ctx.plan.spec.readings.form_is_materials and form in given and form not in lacking:
            return Result(REVIEW, "in_form_unconfirmed", facts, required | names)
        return Result(FAIL, "incomplete", facts, required | names)
    if Material.application_form in p.required and len(p.forms) > 1:
        # application_form stands for every 申报书 the plan asks for: nothing tells them apart, so
        # the finding never claims one form was checked (the plan's text_not_available clause
        # says, as info, which forms the plan asks for)
        return Result(PASS, "several_forms", facts, required | {"forms": "、".join(p.forms), "count": len(p.forms)})
    return Result(PASS, "complete", facts, required)


@check("declaration")
def declaration(ctx: Context, rule: Rule) -> Result:
    """不得抄袭 / 不得违反保密规定 / 保证真实性：申报单位的声明。"""
    p = rule.params_as(DeclarationParams)
    value = getattr(ctx.app.declarations, p.field)
    facts = {f"declarations.{p.field}": value}
    if value is None:
        return Result(REVIEW, f"{p.field}.missing", facts)
    if value is False:
        return Result(FAIL, f"{p.field}.false", facts)
    return Result(PASS, f"{p.field}.true", facts)


@check("recommender_kind")
def recommender_kind(ctx: Context, rule: Rule) -> Result:
    """推荐单位须为方案（或第六条）所列机构。For an event, judged when the event names it."""
    p = rule.params_as(RecommenderParams)
    if ctx.application is not None:
        r = ctx.app.recommender
    elif ctx.ev.recommender is not None:
        r = ctx.ev.recommender
    else:
        return Result(NA, "event_without_recommender", {"recommender": None})
    facts = {"recommender.kind": show(r.kind), "recommender.name": r.name}
    allowed = {"allowed": names_zh(RecommenderKind, p.allowed), "allowed_en": names_en(p.allowed)}
    if r.kind is None:
        return Result(REVIEW, "missing", facts, allowed)
    kind = named("kind", r.kind)
    if r.kind in p.allowed:
        return Result(PASS, "allowed", facts, kind)
    if r.kind in p.unclear:
        return Result(REVIEW, "unclear", facts, kind | allowed)
    return Result(FAIL, "not_allowed", facts, kind | allowed)


@check("recommendation")
def recommendation(ctx: Context, rule: Rule) -> Result:
    """第十二条：推荐单位核实申报材料并提交推荐意见。``recommended_on`` stands for it."""
    on = ctx.app.recommended_on
    facts = {"recommended_on": show(on)}
    if on is None:
        return Result(REVIEW, "missing", facts)
    return Result(PASS, "recommended", facts, {"on": on.isoformat()})


_STAGE_FIELD = {"submitted": "submitted_to_recommender_on", "recommended": "recommended_on"}
_FIELD_NAMES = {
    "submitted_to_recommender_on": ("申报单位报送推荐单位的日期", "The date the unit submitted to its recommender"),
    "recommended_on": ("推荐单位报送的日期", "The date the recommender forwarded it"),
}


@check("schedule_step")
def schedule_step(ctx: Context, rule: Rule) -> Result:
    """工作程序的时间要求：X月X日前（含当日）、模糊期间、按后续通知要求。"""
    p = rule.params_as(StepParams)
    step = ctx.plan.step(p.step)
    field = _STAGE_FIELD[step.stage]
    day = getattr(ctx.app, field)
    facts = {field: show(day)}
    values = {
        "text": step.timing.text,
        "field": _FIELD_NAMES[field][0],
        "field_en": _FIELD_NAMES[field][1],
        "path": field,  # the field its remedy names
        **sanction_values(step),
    }
    if step.districts is not None:
        declared = normalize_district(ctx.app.applicant.district or "")
        facts["applicant.district"] = ctx.app.applicant.district
        values["districts"] = "、".join(step.districts)
        if declared is None:
            return Result(NA, "district_unknown", facts, values)
        if declared not in step.districts:
            return Result(NA, "other_district", facts, values)
    if day is None:
        return Result(REVIEW, "missing", facts, values)
    values["day"] = day.isoformat()
    j = judge(day, step, ctx.plan.year, ctx.plan.spec.readings)
    if j.span is not None:
        values["span"] = j.span.describe()
    readings = ctx.plan.spec.readings
    if j.where == "on_time":
        return Result(PASS, "on_time", facts, values)
    if j.where == "deferred":
        return Result(status_of(readings.deferred_step), "deferred", facts, values)
    if j.where == "margin" and step.role != "organiser":
        return Result(REVIEW, "margin", facts, values)
    if j.where == "margin":
        late = j.span is not None and day > j.span.end
        return Result(INFO, "organiser_late" if late else "organiser_early", facts, values)
    if step.role == "organiser":
        return Result(INFO, f"organiser_{j.where}", facts, values)
    if step.role == "intermediate":
        status, code = status_of(readings.missed_intermediate_deadline), f"intermediate_{j.where}"
    elif j.where == "early":  # clearly before a period: the texts forbid lateness, not earliness
        status, code = status_of(readings.before_period), "early"
    else:
        status, code = status_of(readings.missed_governed_deadline), "late"
    return Result(status, code, facts, values)


@check("dates_in_order")
def dates_in_order(ctx: Context, rule: Rule) -> Result:
    """申报单位先报推荐单位，推荐单位再报主办单位：日期先后应一致。"""
    app = ctx.app
    sub, rec, start = app.submitted_to_recommender_on, app.recommended_on, app.project.start_date
    facts = {
        "submitted_to_recommender_on": show(sub),
        "recommended_on": show(rec),
        "project.start_date": show(start),
    }
    if sub is not None and rec is not None and sub > rec:
        return Result(REVIEW, "recommended_before_submitted", facts, {"sub": sub.isoformat(), "rec": rec.isoformat()})
    if sub is None and rec is None:
        return Result(NA, "no_dates", facts)
    return Result(PASS, "in_order", facts)
