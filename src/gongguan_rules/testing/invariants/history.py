"""Invariants of the history on record: the five-year bar (第二十五条) is exact at its edges and
monotone, and an undated record never breaks a decision (what it leaves open is review).

历史记录的不变式：五年限制边界准确且单调；无日期的记录从不使判断出错，其留下的不确定为需复核。
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from ...judging.decision import Decision
from ...judging.evaluate import evaluate, evaluate_event
from ...law.plans import Plan
from ...law.vocab import Status
from ..strategies.facts import without_fact
from .common import BADNESS, event_for, fail_if_any, finding_of, with_facts

# --------------------------------------------------------------------------- the five-year bar


def check_undated_records(plan: Plan, application: dict[str, Any]) -> None:
    """A record without a date or a year never breaks a decision, and what it leaves open is
    ``review`` (product.md: what a rule cannot decide is review): an undated revocation of the
    applicant makes the five-year bar review, for a dated and an undated application and for an
    undated submission event; an undated excellent result or project of the same unit and name
    makes the duplication clauses of that scope review (is it 历年?)."""
    applicant = application.get("applicant") or {}
    project_name = (application.get("project") or {}).get("name")
    unit = {"credit_code": applicant.get("credit_code"), "unit": applicant.get("name")}
    revocation = {
        "kind": "recognition_revoked",
        **unit,
        "project_name": "被撤销认定的项目",
        "reason": "false_materials",
    }
    undated = without_fact(without_fact(application, "submitted_to_recommender_on"), "recommended_on")
    submission = {"kind": "application_submitted", **unit, "project_name": project_name, "year": plan.year}
    problems = []
    cases: list[tuple[str, str, Decision, frozenset[str]]] = [
        ("an undated revocation, a dated application", "application", evaluate(application, plan, [revocation]), _BAR),
        ("an undated revocation, an undated application", "application", evaluate(undated, plan, [revocation]), _BAR),
        (
            "an undated revocation, an undated submission",
            "application_submitted",
            evaluate_event(submission, plan, [revocation]),
            _BAR,
        ),
    ]
    for kind, scopes in (("excellent_recognized", _ANY_SCOPE), ("approved", frozenset({"any_past_project"}))):
        record = {"kind": kind, **unit, "project_name": project_name}
        cases.append(
            (f"an undated {kind} of the same name", "application", evaluate(application, plan, [record]), scopes)
        )
    for label, subject, decision, scope in cases:
        for rule in plan.rules:
            if not rule.applies(subject) or rule.not_applicable is not None:
                continue
            needs = (
                rule.check.name == "debarment"
                if scope is _BAR
                else (rule.check.name == "duplication" and rule.params.model_dump()["scope"] in scope)
            )
            if needs and (got := finding_of(decision, rule.id).status) is not Status.review:
                problems.append(f"{label}: {rule.id} says {got.value}, not review")
    fail_if_any(f"an undated record under {plan.document}", problems, application)


_BAR = frozenset({"bar"})
_ANY_SCOPE = frozenset({"excellent_results", "any_past_project"})


def bar_end(revoked_on: date, years: int) -> date:
    """The last day of a bar of ``years`` years from a revocation (民法典 第二百零一条、第二百零二条):
    the corresponding date ``years`` later; 2月29日 with no counterpart ends on 2月28日."""
    try:
        return revoked_on.replace(year=revoked_on.year + years)
    except ValueError:
        return date(revoked_on.year + years, 2, 28)


def _bar_expected(plan: Plan, revoked: date, applied: date) -> Status:
    readings = plan.spec.readings
    if revoked < plan.regulation.document.in_force_from or applied < revoked:
        return Status.passed
    if applied == revoked:
        return Status(readings.bar_same_day)
    return Status.fail if applied <= bar_end(revoked, readings.bar_years) else Status.passed


def check_bar(plan: Plan, application: dict[str, Any], revoked_on: date, applied_on: Sequence[date]) -> None:
    """The five-year bar (第二十五条): for a revocation of the applicant on ``revoked_on``, an
    application (or a submission/recommendation event) dated after it and on or before the bar's
    end fails, the same day is the plan's ``bar_same_day`` reading, before it or after the end
    passes; only revocations on or after the 管理办法 took effect bar; and the status never gets
    worse as the application date moves later after the revocation (monotone)."""
    applicant = application.get("applicant") or {}
    history = [
        {
            "kind": "recognition_revoked",
            "date": revoked_on.isoformat(),
            "year": revoked_on.year,
            "credit_code": applicant.get("credit_code"),
            "unit": applicant.get("name"),
            "project_name": "被撤销认定的历年项目",
            "reason": "false_materials",
            "public_notice": True,
        }
    ]
    end = bar_end(revoked_on, plan.spec.readings.bar_years)
    one = timedelta(days=1)
    days = sorted({*applied_on, revoked_on - one, revoked_on, revoked_on + one, end, end + one})
    rules = [r for r in plan.rules if r.check.name == "debarment"]
    problems = []
    seen: dict[str, list[tuple[date, Status]]] = {}
    for day in days:
        app_decision = evaluate(
            with_facts(application, submitted_to_recommender_on=day.isoformat(), recommended_on=day.isoformat()),
            plan,
            history,
        )
        subjects: list[tuple[str, Decision]] = [("application", app_decision)]
        for kind in ("application_submitted", "recommended"):
            subjects.append((kind, evaluate_event(event_for(plan, application, kind, day, None), plan, history)))
        for subject, decision in subjects:
            for rule in rules:
                if not rule.applies(subject):
                    continue
                got = finding_of(decision, rule.id).status
                want = (
                    Status.not_applicable if rule.not_applicable is not None else _bar_expected(plan, revoked_on, day)
                )
                if got != want:
                    problems.append(
                        f"{rule.id} ({subject}): revoked {revoked_on}, applied {day} (bar ends {end}) "
                        f"gives {got.value}, expected {want.value}"
                    )
                if day > revoked_on:
                    seen.setdefault(f"{rule.id} ({subject})", []).append((day, got))
    for key, series in seen.items():
        for (d1, s1), (d2, s2) in pairwise(series):
            if BADNESS[s2] > BADNESS[s1]:
                problems.append(f"{key}: {s1.value} on {d1} then {s2.value} on {d2}: the bar came back")
    fail_if_any(f"the five-year bar under {plan.document}", problems, application)
