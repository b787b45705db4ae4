"""Events in a project's life: the order of the procedure (第十三条, 第十七条 ×2, 第二十条,
第二十一条; each plan's 工作程序), its schedule, recusal (第十八条), fees (第十九条) and
revocation (第二十五条).

项目生命周期中的事件：程序先后、时间要求、专家回避、不收费、撤销认定及其效果。
The history is the whole record: a step that is not on it did not happen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ...identity.credit_code import credit_code_info
from ...identity.districts import normalize_district
from ...law.checks import EvaluationParams, OrderParams
from ...law.citations import Citation
from ...law.rules import Rule
from ...law.vocab import EventKind, Status
from ...records.history_index import unit_name_key
from ..context import Context
from ..correlate import bar_end, describe_record, regulation_in_force
from ..schedule import judge, sanction_values
from .base import FAIL, INFO, NA, PASS, REVIEW, Result, check, named, names_en, names_zh, show, status_of

STAGE_OF: dict[EventKind, str] = {
    EventKind.application_submitted: "submitted",
    EventKind.recommended: "recommended",
    EventKind.approved: "approved",
    EventKind.results_submitted: "results_submitted",
    EventKind.results_recommended: "results_recommended",
    EventKind.evaluated: "evaluated",
    EventKind.excellent_recognized: "recognized",
}

# The step that must be on record before each kind of event, stage by stage of the procedure
# (2026 四 lists nine steps; 2019 五, 2021 三, 2025 五 the same sequence in their own words).
PRIOR_STAGE: dict[EventKind, tuple[EventKind, ...]] = {
    EventKind.recommended: (EventKind.application_submitted,),
    EventKind.approved: (EventKind.recommended,),
    EventKind.results_submitted: (EventKind.approved,),
    EventKind.results_recommended: (EventKind.approved, EventKind.results_submitted),
    EventKind.evaluated: (EventKind.results_recommended,),
    EventKind.excellent_recognized: (EventKind.evaluated,),
    EventKind.recognition_revoked: (EventKind.excellent_recognized,),
}


def event_facts(ctx: Context) -> dict[str, Any]:
    ev = ctx.ev
    return {
        "kind": ev.kind.value,
        "date": show(ev.date),
        "year": ev.year,
        "credit_code": ev.credit_code,
        "unit": ev.unit,
        "project_name": ev.project_name,
    }


def _kinds_on_record(ctx: Context, any_year: bool) -> dict[EventKind, list[int]]:
    pool = ctx.correlation().of("event.prior_any_year" if any_year else "event.prior_same_year")
    found: dict[EventKind, list[int]] = {}
    for i in pool:
        found.setdefault(ctx.history.events[i].kind, []).append(i)
    return found


def _dated(ctx: Context, i: int) -> int:
    """A record's date as yyyymmdd (0 when undated)."""
    day = ctx.history.events[i].date
    return day.year * 10000 + day.month * 100 + day.day if day else 0


def _order(ctx: Context, requires: tuple[EventKind, ...], any_year: bool, refuse_repeat: bool) -> Result:
    ev = ctx.ev
    facts = event_facts(ctx)
    if (ev.credit_code is None and ev.unit is None) or ev.project_name is None:
        # the facts its remedy asks for: the unit (credit code, or name) and the project's name
        unknown = ["credit_code"] if ev.credit_code is None and ev.unit is None else []
        unknown += ["project_name"] if ev.project_name is None else []
        return Result(REVIEW, "project_unknown", facts, {"unknown_facts": unknown})
    found = _kinds_on_record(ctx, any_year)
    facts["on_record"] = sorted(k.value for k in found)
    missing = [k for k in requires if k not in found]
    if missing:
        values = {"missing": names_zh(EventKind, missing), "missing_en": names_en(missing)}
        return Result(FAIL, "missing_step", facts, values | _kind_names(ev.kind))
    if refuse_repeat and ev.kind in found:
        facts["earlier"] = [describe_record(ctx, i) for i in found[ev.kind]]
        return Result(FAIL, "repeat", facts, _kind_names(ev.kind))
    done = names_zh(EventKind, list(requires)) if requires else "—"
    return Result(
        PASS, "in_order", facts, {"done": done, "done_en": names_en(list(requires)) or "-"} | _kind_names(ev.kind)
    )


def _kind_names(kind: EventKind) -> dict[str, str]:
    return named("kind", kind)


@check("event_order")
def event_order(ctx: Context, rule: Rule) -> Result:
    """第十三条、第十七条、第二十条、第二十一条：先立项后提交成果，先评定后认定。"""
    p = rule.params_as(OrderParams)
    return _order(ctx, tuple(p.requires), p.any_year, p.refuse_repeat)


@check("procedure_order")
def procedure_order(ctx: Context, rule: Rule) -> Result:
    """The plan's own 工作程序: each step after the one before it, for the same project."""
    kind = ctx.ev.kind
    stages = set(ctx.plan.spec.procedure)
    requires = tuple(k for k in PRIOR_STAGE.get(kind, ()) if STAGE_OF.get(k) in stages)
    any_year = kind is EventKind.recognition_revoked
    return _order(ctx, requires, any_year, refuse_repeat=kind is EventKind.approved)


_RANK = {Status.fail: 4, Status.review: 3, Status.info: 2, Status.passed: 1, Status.not_applicable: 0}


def event_district(ctx: Context) -> tuple[str | None, bool]:
    """The event's district: as the event gives it, else (when it gives none) the district of its
    credit code's division (positions 3-8), which reaches 武清's 4月12日 for a 武清 unit.
    Returns (district, read from the code)."""
    ev = ctx.ev
    if ev.district:
        return normalize_district(ev.district), False
    if ev.credit_code:
        info = credit_code_info(ev.credit_code)
        if info.well_formed and info.district is not None:
            return info.district, True
    return None, False


@check("event_schedule")
def event_schedule(ctx: Context, rule: Rule) -> Result:
    """工作程序的时间要求，按事件所属阶段判断（确切日期、模糊期间、按后续通知要求）。"""
    ev = ctx.ev
    facts = event_facts(ctx)
    stage = STAGE_OF.get(ev.kind)
    steps = ctx.plan.steps_for(stage) if stage else []
    district, from_code = event_district(ctx)
    if from_code and any(s.districts for s in steps):
        facts["district_from_credit_code"] = district
    steps = [s for s in steps if s.districts is None or district in s.districts]
    if not steps:
        return Result(NA, "no_step", facts, _kind_names(ev.kind))
    if ev.date is None:
        binding = [s for s in steps if s.role != "organiser"]
        text = {"text": "、".join(s.timing.text for s in binding or steps)}
        if not binding:  # the organiser's own timetable binds no applicant: nothing to review
            return Result(INFO, "organiser_undated", facts, text | _kind_names(ev.kind))
        cites = tuple(ctx.plan.citation(c) for s in binding for c in s.cite)
        return Result(REVIEW, "missing", facts, text, cites)
    readings = ctx.plan.spec.readings
    worst: Result | None = None
    for step in steps:
        j = judge(ev.date, step, ctx.plan.year, readings, ev.notice_deadline)
        values: dict[str, Any] = {"text": step.timing.text, "day": ev.date.isoformat(), **sanction_values(step)}
        if j.span is not None:
            values["span"] = j.span.describe()
        if j.where == "on_time":
            status, code = PASS, "on_time"
        elif step.role == "organiser" and j.span is not None:
            # the organiser's own timetable binds no applicant: any departure only informs
            status, code = INFO, "organiser_late" if ev.date > j.span.end else "organiser_early"
        elif j.where == "deferred":
            status, code = status_of(readings.deferred_step), "deferred"
        elif j.where == "margin":
            status, code = REVIEW, "margin"
        elif step.role == "intermediate":
            status, code = status_of(readings.missed_intermediate_deadline), f"intermediate_{j.where}"
        elif j.where == "early":  # clearly before a period: the texts forbid lateness, not earliness
            status, code = status_of(readings.before_period), "early"
        else:
            status, code = status_of(readings.missed_governed_deadline), "late"
        result = Result(status, code, facts | {"step": step.id}, values, tuple(ctx.plan.citation(c) for c in step.cite))
        if worst is None or _RANK[status] > _RANK[worst.status]:
            worst = result
    assert worst is not None
    return worst


def district_basis(ctx: Context, rule: Rule) -> tuple[dict[str, str], tuple[Citation, ...] | None]:
    """Under a district plan, why 第十八条 / 第十九条 bind its evaluation too: the rule's own
    ``district_basis`` (第二条) and, where the plan attaches the 管理办法, that annex (2025 附件2).
    Empty values and the rule's own citations elsewhere."""
    basis = rule.params_as(EvaluationParams).district_basis
    if basis is None or ctx.plan.level != "district":
        return {"basis": "", "basis_en": ""}, None
    zh, en = basis.zh, basis.en
    cites = [*rule.citations, *(ctx.plan.citation(c) for c in basis.cite)]
    doc = ctx.plan.governing_document
    if doc.regulation_annex:
        zh += f"；本方案以{doc.regulation_annex}印发《管理办法》"
        en += f"; this plan attaches the 管理办法 as its {doc.regulation_annex}"
        cites.append(Citation(document=doc.cite_as, article=doc.regulation_annex))
    return {"basis": f"（区级方案同样适用：{zh}）", "basis_en": f" (binding under a district plan too: {en})"}, tuple(
        cites
    )


@check("recusal")
def recusal(ctx: Context, rule: Rule) -> Result:
    """第十八条：入选专家与项目单位存在利害关系的，应当回避（声明有利害关系，或与项目单位同一单位任职）。"""
    ev = ctx.ev
    facts = event_facts(ctx)
    basis, cites = district_basis(ctx, rule)
    experts = ev.experts
    if experts is None:
        return Result(REVIEW, "panel_unknown", facts, basis, cites)
    facts["experts"] = [x.model_dump(exclude_none=True) for x in experts]
    if not experts:
        return Result(REVIEW, "panel_empty", facts, basis, cites)
    unit = unit_name_key(ev.unit) if ev.unit else None
    code = ev.credit_code.strip().upper() if ev.credit_code else None
    conflicted: list[str] = []
    withdrawn: list[str] = []
    unknown: list[str] = []
    for number, x in enumerate(experts, start=1):
        label = x.name or f"#{number}"
        same_employer = bool(
            (unit and x.affiliation and unit_name_key(x.affiliation) == unit)
            or (code and x.affiliation_credit_code and x.affiliation_credit_code.strip().upper() == code)
        )
        if x.conflict_declared is True or same_employer:
            (withdrawn if x.withdrawn else conflicted).append(label)
        elif x.conflict_declared is None and not x.affiliation and not x.affiliation_credit_code:
            unknown.append(label)
    if conflicted:
        return Result(FAIL, "conflict", facts, basis | {"experts": "、".join(conflicted)}, cites)
    if unknown:
        return Result(REVIEW, "unknown", facts, basis | {"experts": "、".join(unknown)}, cites)
    if withdrawn:
        return Result(PASS, "withdrawn", facts, basis | {"experts": "、".join(withdrawn)}, cites)
    return Result(PASS, "no_conflict", facts, basis | {"count": len(experts)}, cites)


@check("no_fees")
def no_fees(ctx: Context, rule: Rule) -> Result:
    """第十九条：质量攻关成果技术评定……各项目单位不承担任何费用。"""
    ev = ctx.ev
    facts = event_facts(ctx) | {"amount": ev.amount, "charged_by": ev.charged_by}
    basis, cites = district_basis(ctx, rule)
    if ev.amount == 0:
        return Result(PASS, "no_fee", facts, basis, cites)
    if ev.amount is None:
        return Result(FAIL, "fee_amount_unknown", facts, basis | {"by": ev.charged_by or "—"}, cites)
    return Result(FAIL, "fee", facts, basis | {"amount": f"{ev.amount:g}", "by": ev.charged_by or "—"}, cites)


@check("revocation")
def revocation(ctx: Context, rule: Rule) -> Result:
    """第二十五条：骗取优秀成果认定的，撤销认定并通报，5年内不接受其再次申报。"""
    ev = ctx.ev
    facts = event_facts(ctx) | {"reason": show(ev.reason), "public_notice": ev.public_notice}
    order = _order(ctx, (EventKind.excellent_recognized,), any_year=True, refuse_repeat=False)
    if order.status is not PASS:
        return Result(order.status, f"order_{order.code}", facts, order.values)
    found = _kinds_on_record(ctx, any_year=True)
    recognized = max((_dated(ctx, i) for i in found.get(EventKind.excellent_recognized, [])), default=0)
    earlier = [i for i in found.get(EventKind.recognition_revoked, []) if _dated(ctx, i) >= recognized]
    if earlier:
        facts["earlier"] = [describe_record(ctx, i) for i in earlier]
        return Result(FAIL, "already_revoked", facts)
    if ev.reason is None:
        return Result(REVIEW, "reason_unknown", facts)
    if ev.date is None:
        return Result(REVIEW, "date_unknown", facts)
    years = ctx.plan.spec.readings.bar_years
    reason = named("reason", ev.reason)
    effects: dict[str, Any] = {"recognition_revoked": True, "public_notice_required": True}
    if ev.date >= regulation_in_force(ctx):
        until: date = bar_end(ev.date, years)
        effects |= {
            "debarred_unit": ev.credit_code or ev.unit,
            "debarred_from": ev.date.isoformat(),
            "debarred_until": until.isoformat(),
        }
        ctx.cache.setdefault("effects", {}).update(effects)
        values = reason | {"until": until.isoformat(), "years": years, "date": ev.date.isoformat()}
        if ev.public_notice is False:
            return Result(REVIEW, "no_notice", facts, values)
        return Result(PASS, "revoked", facts, values)
    ctx.cache.setdefault("effects", {}).update(effects)
    start = regulation_in_force(ctx).isoformat()
    return Result(PASS, "revoked_before_regulation", facts, reason | {"date": ev.date.isoformat(), "start": start})
