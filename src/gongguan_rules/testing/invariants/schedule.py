"""Invariants of the schedule: every step's window is respected at both edges, deadlines are
monotone, and the start-date window is exact, for applications and for lifecycle events.

时间安排的不变式：每个期间在两端都被遵守，截止日期单调，项目启动时间窗口准确；对申报与事件都成立。
The expectations come from the strategies' :func:`~gongguan_rules.testing.step_status`, never
from :mod:`gongguan_rules.judging.schedule`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ...identity.credit_code import credit_code_info
from ...inputs.application import Application
from ...judging.evaluate import evaluate, evaluate_event
from ...law.checks import StartWindowParams, StepParams
from ...law.plan_model import StepSpec
from ...law.plans import Plan
from ...law.rules import Rule
from ...law.vocab import Status
from ..strategies import APPLICATION_DATE_FIELDS, EVENT_OF_STAGE, judging_rules, step_status, step_window
from .common import BADNESS, RANK, event_for, fail_if_any, finding_of, with_facts

# --------------------------------------------------------------------------- schedules


def _schedule_rules(plan: Plan) -> list[tuple[Rule, StepSpec]]:
    return [
        (r, plan.step(r.params_as(StepParams).step)) for r in judging_rules(plan) if r.check.name == "schedule_step"
    ]


def _edges(plan: Plan, step: StepSpec) -> list[date]:
    window = step_window(plan, step)
    if window is None:
        return []
    one = timedelta(days=1)
    days = {window.last, window.last + one}
    if window.first is not None:
        days |= {window.first, window.first - one}
    if window.margin_before is not None:
        days |= {window.margin_before, window.margin_before - one}
    if window.margin_after is not None:
        days |= {window.margin_after, window.margin_after + one}
    return sorted(days)


def _event_steps(plan: Plan, stage: str, district: str | None, credit_code: str | None = None) -> list[StepSpec]:
    """The steps that judge an event of ``stage`` in ``district``; an event with no district is
    placed by its credit code's division (武清's 4月12日 reaches a 武清 unit, product.md)."""
    if district is None and credit_code:
        info = credit_code_info(credit_code)
        district = info.district if info.well_formed else None
    return [
        s for s in plan.steps_for(stage) if s.districts is None or (district is not None and district in s.districts)
    ]


def _expected_event_status(plan: Plan, steps: list[StepSpec], day: date, notice: date | None = None) -> Status:
    if not steps:
        return Status.not_applicable
    return max((step_status(plan, s, day, notice) for s in steps), key=lambda s: RANK[s])


def _event_schedule_status(plan: Plan, event: dict[str, Any]) -> tuple[str, Status] | None:
    decision = evaluate_event(event, plan)
    for rule in plan.rules:
        if rule.check.name == "event_schedule" and rule.applies(event["kind"]) and rule.not_applicable is None:
            return rule.id, finding_of(decision, rule.id).status
    return None


def _stage_districts(plan: Plan, stage: str) -> list[str | None]:
    named = sorted({d for s in plan.steps_for(stage) for d in (s.districts or [])})
    return [None, *named]


def check_window_edges(plan: Plan, application: dict[str, Any]) -> None:
    """Every step's window is respected at both edges, for applications and for events.

    At the last on-time day and the day after, at the first on-time day and the day before, and
    at both ends of each uncertain margin, the finding's status is what product.md's readings
    and the plan's ``readings`` give (:func:`gongguan_rules.testing.step_status`).
    """
    problems = []
    for rule, step in _schedule_rules(plan):
        field = APPLICATION_DATE_FIELDS[step.stage]
        district = step.districts[0] if step.districts else None
        for day in _edges(plan, step):
            changed = with_facts(application, **{field: day.isoformat()})
            if district is not None:
                changed = with_facts(changed, district=district)
            got = finding_of(evaluate(changed, plan), rule.id).status
            want = step_status(plan, step, day)
            if got != want:
                problems.append(
                    f"{rule.id} ({step.timing.text}): {field}={day} gives {got.value}, expected {want.value}"
                )
    for stage, kind in EVENT_OF_STAGE.items():
        for district in _stage_districts(plan, stage):
            steps = _event_steps(plan, stage, district, (application.get("applicant") or {}).get("credit_code"))
            notices: list[date | None] = [None]
            if any(s.timing.deferred for s in steps):
                notices.append(date(plan.year, 9, 30))
            for notice in notices:
                days = sorted({d for s in steps for d in _edges(plan, s)})
                if notice is not None:
                    days += [notice, notice + timedelta(days=1)]
                for day in days or [date(plan.year, 6, 30)]:
                    judged = _event_schedule_status(plan, event_for(plan, application, kind, day, district, notice))
                    if judged is None:
                        continue
                    want = _expected_event_status(plan, steps, day, notice)
                    if judged[1] != want:
                        where = (
                            f"{kind} on {day}"
                            + (f" in {district}" if district else "")
                            + (f" (notice {notice})" if notice else "")
                        )
                        problems.append(f"{judged[0]}: {where} gives {judged[1].value}, expected {want.value}")
    fail_if_any(f"a window of {plan.document} is not respected at its edges", problems, application)


def check_deadline_monotone(plan: Plan, application: dict[str, Any], earlier: int, later: int) -> None:
    """A later date is never judged better than an earlier one against a deadline (X月X日前 or a
    later notice's date): for every deadline step, ``earlier`` < ``later`` days from it."""
    if earlier >= later:
        return
    problems = []
    for rule, step in _schedule_rules(plan):
        window = step_window(plan, step)
        if window is None or window.first is not None:
            continue
        field = APPLICATION_DATE_FIELDS[step.stage]
        statuses = []
        for offset in (earlier, later):
            day = window.last + timedelta(days=offset)
            changed = with_facts(application, **{field: day.isoformat()})
            if step.districts:
                changed = with_facts(changed, district=step.districts[0])
            statuses.append((day, finding_of(evaluate(changed, plan), rule.id).status))
        if BADNESS[statuses[1][1]] < BADNESS[statuses[0][1]]:
            problems.append(f"{rule.id}: {statuses[0]} then {statuses[1]}: later is better")
    for stage, kind in EVENT_OF_STAGE.items():
        for district in _stage_districts(plan, stage):
            steps = _event_steps(plan, stage, district, (application.get("applicant") or {}).get("credit_code"))
            notice = date(plan.year, 9, 30)
            ends = []
            for s in steps:
                window = step_window(plan, s)
                if window is not None and window.first is not None:
                    break
                ends.append(window.last if window is not None else notice)
            else:
                if not ends:
                    continue
                seen = []
                for offset in (earlier, later):
                    day = max(ends) + timedelta(days=offset)
                    judged = _event_schedule_status(plan, event_for(plan, application, kind, day, district, notice))
                    if judged is not None:
                        seen.append((day, judged[1]))
                if len(seen) == 2 and BADNESS[seen[1][1]] < BADNESS[seen[0][1]]:
                    problems.append(f"{kind} ({district or 'any district'}): {seen[0]} then {seen[1]}: later is better")
    fail_if_any(f"a deadline of {plan.document} is not monotone", problems, application)


def check_start_window_edges(plan: Plan, application: dict[str, Any]) -> None:
    """The start-date window (2026 一（三）) at both edges: ``earliest`` passes and the day before
    fails; a start on the application date passes and the day after is ``not_started``."""
    parsed = Application.model_validate(application)
    applied = parsed.submitted_to_recommender_on or parsed.recommended_on
    problems = []
    for rule in judging_rules(plan):
        if rule.check.name != "start_date_window":
            continue
        p = rule.params_as(StartWindowParams)
        cases = [(p.earliest - timedelta(days=1), Status.fail)]
        if applied is not None:
            one = timedelta(days=1)
            cases += [
                (p.earliest, Status.passed if p.earliest <= applied else Status(p.not_started)),
                (applied, Status.passed if applied >= p.earliest else Status.fail),
                (applied + one, Status(p.not_started) if applied + one >= p.earliest else Status.fail),
            ]
        for start, want in cases:
            got = finding_of(evaluate(with_facts(application, start_date=start.isoformat()), plan), rule.id).status
            if got != want:
                problems.append(
                    f"{rule.id}: start {start} (applied {applied}, earliest {p.earliest}) "
                    f"gives {got.value}, expected {want.value}"
                )
    fail_if_any(f"the start window of {plan.document} is not respected at its edges", problems, application)
