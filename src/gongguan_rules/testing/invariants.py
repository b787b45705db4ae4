"""The invariant suite: properties every plan must keep, as plain functions usable anywhere.

不变式：任何方案都应满足的性质。每条不变式是一个普通函数（``check_*``，违反时抛出
:class:`InvariantViolation`），可在任何测试框架中调用；:data:`INVARIANTS` 将它们与
:mod:`gongguan_rules.testing` 的策略组合成可运行的套件，pytest 插件
（:mod:`gongguan_rules.testing.plugin`）为每个方案、每条不变式生成一个测试项。

>>> import gongguan_rules as gr
>>> from gongguan_rules.testing.invariants import run_invariant
>>> run_invariant(gr.load_plan("plans/2027.yaml"), "eligible_is_eligible")

Nothing here reads the library's own schedule or date arithmetic to compute an expectation: the
windows, the five-year bar and the edges are computed again from the plan's data and
product.md's readings (via :mod:`gongguan_rules.testing`), so a disagreement is a finding.
docs/testing.md lists every invariant with its exact promise.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..errors import InputError
from ..identity.credit_code import credit_code_info
from ..inputs.application import Application
from ..judging.decision import Decision, Finding, outcome_of
from ..judging.evaluate import evaluate, evaluate_event
from ..law.checks import SectorParams, StartWindowParams, StepParams
from ..law.holidays import HolidayWarning, deadline_warnings
from ..law.plan_model import STAGES, StepSpec
from ..law.plans import Plan
from ..law.rules import Rule
from ..law.vocab import Outcome, Status
from ..records.history_index import HistoryIndex
from .strategies import (
    APPLICATION_DATE_FIELDS,
    KNOWN_CHECKS,
    StrategyError,
    applications,
    eligible_applications,
    events,
    histories,
    judging_rules,
    one_clause_broken,
    step_status,
    step_window,
    verdicts,
)

__all__ = [
    "INVARIANTS",
    "PROFILE",
    "Invariant",
    "InvariantViolation",
    "KnownIssue",
    "bar_end",
    "check_bar",
    "check_broken_clause",
    "check_citations",
    "check_dates_inside_year",
    "check_deadline_monotone",
    "check_deadlines_on_working_days",
    "check_deterministic",
    "check_eligible",
    "check_empty_is_absent",
    "check_event_info_neutral",
    "check_first_half_issue",
    "check_info_neutral",
    "check_json_round_trip",
    "check_missing_fact",
    "check_model_agrees",
    "check_stages_in_order",
    "check_start_window_edges",
    "check_strategies_know_every_check",
    "check_timings_agree_with_text",
    "check_undated_records",
    "check_window_edges",
    "invariant",
    "run_all",
    "run_invariant",
    "suite_settings",
]

PROFILE = "gongguan-rules"
"""The Hypothesis settings profile of the suite: 60 examples, no deadline; derandomised in CI."""

_CI = bool(os.environ.get("CI"))
settings.register_profile(
    PROFILE,
    max_examples=60,
    deadline=None,
    derandomize=_CI,
    database=None if _CI else settings.get_profile("default").database,
    print_blob=_CI,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def suite_settings(max_examples: int | None = None) -> settings:
    """The suite's Hypothesis settings (profile :data:`PROFILE`), optionally with ``max_examples``."""
    base = settings.get_profile(PROFILE)
    return base if max_examples is None else settings(base, max_examples=max_examples)


class InvariantViolation(AssertionError):
    """An invariant does not hold; the message says which, on what, and why. 不变式不成立。"""


def _fail(title: str, problems: Sequence[str], subject: Any = None) -> None:
    if not problems:
        return
    text = title + "".join(f"\n  - {p}" for p in problems)
    if subject is not None:
        text += "\ninput: " + json.dumps(subject, ensure_ascii=False, sort_keys=True, default=str)
    raise InvariantViolation(text)


def _bad(decision: Decision) -> list[str]:
    return [
        f"{f.rule_id}: {f.status.value} — {f.message('en')}"
        for f in decision.findings
        if f.status in (Status.fail, Status.review)
    ]


def _finding(decision: Decision, rule_id: str) -> Finding:
    found = decision.finding(rule_id)
    if found is None:
        raise InvariantViolation(f"no finding for {rule_id}")
    return found


_BADNESS = {Status.not_applicable: 0, Status.passed: 0, Status.info: 1, Status.review: 2, Status.fail: 3}
_RANK = {Status.not_applicable: 0, Status.passed: 1, Status.info: 2, Status.review: 3, Status.fail: 4}

# --------------------------------------------------------------------------- applications


def check_eligible(plan: Plan, application: dict[str, Any]) -> None:
    """An application every fact of which satisfies the plan is ``eligible``, with no fail/review."""
    d = evaluate(application, plan)
    if d.outcome is not Outcome.eligible or _bad(d):
        _fail(f"an eligible application was judged {d.outcome.value} under {plan.document}", _bad(d), application)


def check_broken_clause(plan: Plan, application: dict[str, Any], broken: frozenset[str]) -> None:
    """One broken clause: ineligible, the failing rules are exactly ``broken``, no review, and each
    failing finding cites exactly its rule's citations."""
    d = evaluate(application, plan)
    fails = {f.rule_id for f in d.findings if f.status is Status.fail}
    problems = []
    if d.outcome is not Outcome.ineligible:
        problems.append(f"outcome {d.outcome.value}, expected ineligible")
    if fails != broken:
        problems.append(f"failing rules {sorted(fails)}, expected exactly {sorted(broken)}")
    problems += [f"unexpected review: {f.rule_id} — {f.message('en')}" for f in d.findings if f.status is Status.review]
    rules = {r.id: r for r in plan.rules}
    for f in d.findings:
        if f.rule_id in broken and f.rule_id in rules and list(f.citations) != list(rules[f.rule_id].citations):
            problems.append(f"{f.rule_id} cites {[c.label() for c in f.citations]}, not its own citations")
    _fail(f"breaking {sorted(broken)} under {plan.document}", problems, application)


def _dump(decision: Decision) -> str:
    return json.dumps(decision.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


def check_deterministic(
    plan: Plan,
    application: dict[str, Any] | None = None,
    history: Sequence[dict[str, Any]] = (),
    event: dict[str, Any] | None = None,
) -> None:
    """The same input gives the same decision: twice, as a dict or a model, with a list or an
    index, and from several threads at once (product.md: no global state that breaks under threads)."""
    if application is not None:
        app = application

        def judge() -> Decision:
            return evaluate(app, plan, history=list(history))

        runs = [judge(), evaluate(Application.model_validate(app), plan, history=HistoryIndex(history))]
    else:
        assert event is not None
        ev = event

        def judge() -> Decision:
            return evaluate_event(ev, plan, history=list(history))

        runs = [judge(), evaluate_event(ev, plan, history=HistoryIndex(history))]
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        runs += list(pool.map(lambda _: judge(), range(_THREADS)))
    dumps = [_dump(d) for d in runs]
    if len(set(dumps)) != 1:
        _fail("the same input gave different decisions", sorted(set(d[:400] for d in dumps)), application or event)


_THREADS = 3


def check_json_round_trip(decision: Decision) -> None:
    """``Decision.model_validate(json.loads(json.dumps(d.model_dump(mode="json"))))`` equals ``d``."""
    text = _dump(decision)
    back = Decision.model_validate(json.loads(text))
    if back != decision or _dump(back) != text:
        _fail("a decision does not survive a JSON round trip", [text[:400], _dump(back)[:400]])


_INFO_CHECKS = frozenset(
    {"focus_sector", "preferential_direction", "text_not_available", "plan_published", "regulation_validity"}
)


def check_info_neutral(plan: Plan, application: dict[str, Any], other_sector: str) -> None:
    """``info`` never changes an outcome: the outcome equals that of the findings without ``info``;
    the informing rules only ever say ``info`` (or not applicable); and changing the one fact only
    an informing rule reads (the sector) changes no other finding and not the outcome."""
    d = evaluate(application, plan)
    problems = []
    without = outcome_of("application", [f for f in d.findings if f.status is not Status.info])
    if without != d.outcome:
        problems.append(f"outcome {d.outcome.value}, but {without.value} without the info findings")
    informing = {r.id for r in plan.rules if r.check.name in _INFO_CHECKS}
    for f in d.findings:
        if f.rule_id in informing and f.status not in (Status.info, Status.not_applicable):
            problems.append(f"{f.rule_id} only informs but says {f.status.value}")
    changed = {**application, "project": {**(application.get("project") or {}), "sector": other_sector}}
    e = evaluate(changed, plan)
    if e.outcome != d.outcome:
        problems.append(f"sector {other_sector!r} changes the outcome {d.outcome.value} → {e.outcome.value}")
    before = {f.rule_id: f.status for f in d.findings if f.status is not Status.info}
    after = {f.rule_id: f.status for f in e.findings if f.status is not Status.info}
    if before != after:
        problems.append(f"sector {other_sector!r} changes findings {sorted(set(before.items()) ^ set(after.items()))}")
    _fail("an informing finding changed the outcome", problems, application)


def check_event_info_neutral(decision: Decision) -> None:
    """An event's outcome equals the outcome of its findings without the ``info`` ones."""
    without = outcome_of(decision.subject, [f for f in decision.findings if f.status is not Status.info])
    if without != decision.outcome:
        _fail("an info finding changed an outcome", [f"{decision.outcome.value}, but {without.value} without info"])


def check_citations(plan: Plan, decision: Decision) -> None:
    """Every finding cites at least once, and only documents the plan or the 管理办法 names."""
    known = plan.cited_documents()
    problems = [f"{f.rule_id}: no citation" for f in decision.findings if not f.citations]
    problems += [
        f"{f.rule_id} cites {c.document!r}, not among {sorted(known)}"
        for f in decision.findings
        for c in f.citations
        if c.document not in known
    ]
    _fail("a finding cites an unknown document", problems)


# --------------------------------------------------------------------------- schedules


_EVENT_OF_STAGE = {
    "submitted": "application_submitted",
    "recommended": "recommended",
    "approved": "approved",
    "results_submitted": "results_submitted",
    "results_recommended": "results_recommended",
    "evaluated": "evaluated",
    "recognized": "excellent_recognized",
}
"""The event kind whose date each stage's steps judge (product.md, "History and events")."""


def _schedule_rules(plan: Plan) -> list[tuple[Rule, StepSpec]]:
    return [
        (r, plan.step(r.params_as(StepParams).step)) for r in judging_rules(plan) if r.check.name == "schedule_step"
    ]


def _with(application: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = dict(application)
    for key, value in changes.items():
        if key == "district":
            out["applicant"] = {**(out.get("applicant") or {}), "district": value}
        elif key == "start_date":
            out["project"] = {**(out.get("project") or {}), "start_date": value}
        else:
            out[key] = value
    return out


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
    return max((step_status(plan, s, day, notice) for s in steps), key=lambda s: _RANK[s])


def _event(
    plan: Plan, application: dict[str, Any], kind: str, day: date, district: str | None, notice: date | None = None
) -> dict[str, Any]:
    applicant = application.get("applicant") or {}
    out: dict[str, Any] = {
        "kind": kind,
        "date": day.isoformat(),
        "year": plan.year,
        "credit_code": applicant.get("credit_code"),
        "unit": applicant.get("name"),
        "project_name": (application.get("project") or {}).get("name"),
    }
    if district is not None:
        out["district"] = district
    if notice is not None:
        out["notice_deadline"] = notice.isoformat()
    return out


def _event_schedule_status(plan: Plan, event: dict[str, Any]) -> tuple[str, Status] | None:
    decision = evaluate_event(event, plan)
    for rule in plan.rules:
        if rule.check.name == "event_schedule" and rule.applies(event["kind"]) and rule.not_applicable is None:
            return rule.id, _finding(decision, rule.id).status
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
            changed = _with(application, **{field: day.isoformat()})
            if district is not None:
                changed = _with(changed, district=district)
            got = _finding(evaluate(changed, plan), rule.id).status
            want = step_status(plan, step, day)
            if got != want:
                problems.append(
                    f"{rule.id} ({step.timing.text}): {field}={day} gives {got.value}, expected {want.value}"
                )
    for stage, kind in _EVENT_OF_STAGE.items():
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
                    judged = _event_schedule_status(plan, _event(plan, application, kind, day, district, notice))
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
    _fail(f"a window of {plan.document} is not respected at its edges", problems, application)


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
            changed = _with(application, **{field: day.isoformat()})
            if step.districts:
                changed = _with(changed, district=step.districts[0])
            statuses.append((day, _finding(evaluate(changed, plan), rule.id).status))
        if _BADNESS[statuses[1][1]] < _BADNESS[statuses[0][1]]:
            problems.append(f"{rule.id}: {statuses[0]} then {statuses[1]}: later is better")
    for stage, kind in _EVENT_OF_STAGE.items():
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
                    judged = _event_schedule_status(plan, _event(plan, application, kind, day, district, notice))
                    if judged is not None:
                        seen.append((day, judged[1]))
                if len(seen) == 2 and _BADNESS[seen[1][1]] < _BADNESS[seen[0][1]]:
                    problems.append(f"{kind} ({district or 'any district'}): {seen[0]} then {seen[1]}: later is better")
    _fail(f"a deadline of {plan.document} is not monotone", problems, application)


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
            got = _finding(evaluate(_with(application, start_date=start.isoformat()), plan), rule.id).status
            if got != want:
                problems.append(
                    f"{rule.id}: start {start} (applied {applied}, earliest {p.earliest}) "
                    f"gives {got.value}, expected {want.value}"
                )
    _fail(f"the start window of {plan.document} is not respected at its edges", problems, application)


_LEAVES = (
    "applicant.name",
    "applicant.credit_code",
    "applicant.org_type",
    "applicant.district",
    "applicant.recognized_by_authority",
    "project.name",
    "project.sector",
    "project.direction",
    "project.topic_type",
    "project.start_date",
    "project.expected_benefits",
    "materials",
    "declarations.original",
    "declarations.no_confidential_content",
    "declarations.truthful",
    "recommender.name",
    "recommender.kind",
    "submitted_to_recommender_on",
    "recommended_on",
)
"""Every fact of the contract's application, as a field path."""


def _replace(application: dict[str, Any], path: str, value: Any, remove: bool = False) -> dict[str, Any]:
    out = json.loads(json.dumps(application))
    node = out
    *parents, last = path.split(".")
    for key in parents:
        node = node.setdefault(key, {})
    if remove:
        node.pop(last, None)
    else:
        node[last] = value
    return dict(out)


def check_model_agrees(plan: Plan, application: dict[str, Any]) -> None:
    """The strategies' model (:func:`gongguan_rules.testing.verdict`, written from product.md)
    and the engine agree on every rule, for any application with an empty history: ``fail`` ⇔
    fail, ``review`` ⇔ review, ``ok`` ⇔ pass, info or not applicable."""
    decision = evaluate(application, plan)
    expected = verdicts(plan, application)
    problems = []
    for f in decision.findings:
        if f.rule_id not in expected:
            continue
        got = "fail" if f.status is Status.fail else "review" if f.status is Status.review else "ok"
        if got != expected[f.rule_id]:
            problems.append(
                f"{f.rule_id}: the engine says {f.status.value} ({f.message('en')}), the model {expected[f.rule_id]}"
            )
    _fail(f"the engine and the model of {plan.document} disagree", problems, application)


def check_missing_fact(plan: Plan, application: dict[str, Any]) -> None:
    """A missing fact is never a reason to fail, and a rule that needs it says ``review``
    (product.md: "Missing facts that a rule needs give review, never a silent pass"): removing
    any one fact of an eligible application leaves it eligible or needs_review, and every rule
    the model says needs the fact is ``review``."""
    problems = []
    for path in _LEAVES:
        changed = _replace(application, path, None, remove=True)
        decision = evaluate(changed, plan)
        needs = {rid for rid, v in verdicts(plan, changed).items() if v == "review"}
        for f in decision.findings:
            if f.status is Status.fail:
                problems.append(f"without {path}: {f.rule_id} fails ({f.message('en')})")
            if f.rule_id in needs and f.status is not Status.review:
                problems.append(f"without {path}: {f.rule_id} says {f.status.value}, not review")
        want = Outcome.needs_review if needs else Outcome.eligible
        if decision.outcome is not want:
            problems.append(f"without {path}: {decision.outcome.value}, expected {want.value}")
    _fail(f"a missing fact under {plan.document}", problems, application)


def check_empty_is_absent(plan: Plan, application: dict[str, Any]) -> None:
    """An empty string is the same as an absent field (product.md, "Inputs and history"): for
    every fact, ``""`` gives the same decision as leaving the fact out."""
    problems = []
    for path in _LEAVES:
        absent = _dump(evaluate(_replace(application, path, None, remove=True), plan))
        try:
            empty = _dump(evaluate(_replace(application, path, ""), plan))
        except InputError as exc:
            problems.append(f'{path}: "" raises InputError ({exc})')
            continue
        if empty != absent:
            problems.append(f'{path}: "" and absent give different decisions')
    _fail("an empty string is not the same as an absent field", problems, application)


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
    undated = _replace(_replace(application, "submitted_to_recommender_on", None, True), "recommended_on", None, True)
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
            if needs and (got := _finding(decision, rule.id).status) is not Status.review:
                problems.append(f"{label}: {rule.id} says {got.value}, not review")
    _fail(f"an undated record under {plan.document}", problems, application)


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
            _with(application, submitted_to_recommender_on=day.isoformat(), recommended_on=day.isoformat()),
            plan,
            history,
        )
        subjects: list[tuple[str, Decision]] = [("application", app_decision)]
        for kind in ("application_submitted", "recommended"):
            subjects.append((kind, evaluate_event(_event(plan, application, kind, day, None), plan, history)))
        for subject, decision in subjects:
            for rule in rules:
                if not rule.applies(subject):
                    continue
                got = _finding(decision, rule.id).status
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
            if _BADNESS[s2] > _BADNESS[s1]:
                problems.append(f"{key}: {s1.value} on {d1} then {s2.value} on {d2}: the bar came back")
    _fail(f"the five-year bar under {plan.document}", problems, application)


# --------------------------------------------------------------------------- the plan itself


def check_dates_inside_year(plan: Plan) -> None:
    """Every document of the plan is issued in its year, and every exact date of its schedule
    falls in that year and not before the plan was issued (an organiser's step aside)."""
    problems = [
        f"{d.key}: issued {d.issued_on}, outside {plan.year}"
        for d in plan.spec.documents
        if d.issued_on.year != plan.year
    ]
    issued = plan.governing_document.issued_on
    for s in plan.spec.schedule:
        if s.timing.by is None:
            continue
        if s.timing.by.year != plan.year:
            problems.append(f"{s.id}: {s.timing.text} is dated {s.timing.by}, outside {plan.year}")
        elif s.timing.by < issued and s.role != "organiser":
            problems.append(f"{s.id}: due {s.timing.by}, before the plan was issued on {issued}")
    _fail(f"{plan.path}: a date outside the plan's year", problems)


def check_stages_in_order(plan: Plan) -> None:
    """The procedure lists each stage once, in the order of the process; every step's stage is in
    it; and no later stage is due before an earlier stage opens."""
    order = {stage: n for n, stage in enumerate(STAGES)}
    problems = []
    procedure = plan.spec.procedure
    if len(set(procedure)) != len(procedure):
        problems.append(f"procedure repeats a stage: {procedure}")
    problems += [f"procedure: {b} comes after {a}" for a, b in pairwise(procedure) if order[b] < order[a]]
    problems += [
        f"{s.id}: stage {s.stage} is not in the procedure" for s in plan.spec.schedule if s.stage not in procedure
    ]
    windows = [(s, w) for s in plan.spec.schedule if (w := step_window(plan, s)) is not None]
    for s1, w1 in windows:
        opens = w1.first if w1.first is not None else w1.last
        for s2, w2 in windows:
            if order[s2.stage] > order[s1.stage] and w2.last < opens:
                problems.append(
                    f"{s2.id} ({s2.stage}, {s2.timing.text}) is due before {s1.id} ({s1.stage}, {s1.timing.text}) opens"
                )
    _fail(f"{plan.path}: stages out of order", problems)


def check_first_half_issue(plan: Plan) -> None:
    """第九条: where the 管理办法 governs, the city's yearly plan is published in the first half of
    its year (unless the plan's ``readings.first_half_issue`` is false)."""
    doc = plan.governing_document
    if not (plan.regulation_governs and doc.level == "city" and plan.spec.readings.first_half_issue):
        return
    if doc.issued_on.month > 6:
        _fail(
            f"{plan.path}: 第九条",
            [f"{doc.cite_as} was issued on {doc.issued_on}, not in the first half of {plan.year}"],
        )


_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
_DUE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:前|之前|以前)")
_SINCE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(?:以来|起)")
_MONTH = re.compile(r"(\d{1,2})月")
_QUARTER = re.compile(r"([一二三四])季度")
_PART_WORDS = {"early": ("初", "上旬"), "mid": ("中旬",), "late": ("底", "下旬")}


def _quoted_windows(plan: Plan) -> list[str]:
    """A quote that states a window or a date agrees with the parameter beside it: a start-date
    window's ``X年以来`` with its ``earliest``, and any ``X月X日前`` a clause quotes with the
    exact deadline of some step of the plan."""
    problems = []
    deadlines = {(s.timing.by.month, s.timing.by.day) for s in plan.spec.schedule if s.timing.by is not None}
    for clause in plan.spec.clauses:
        quote = clause.quote or ""
        if clause.check == "start_date_window":
            earliest = StartWindowParams.model_validate(clause.params).earliest
            for y, m, d in _SINCE.findall(quote):
                stated = date(int(y), int(m or 1), int(d or 1))
                if stated != earliest:
                    problems.append(f"{clause.id}: earliest {earliest} but its quote says {y}年{m and m + '月'}以来")
        if clause.check == "schedule_step":
            continue  # compared with its own step below
        for m, d in _DUE.findall(quote):
            if (int(m), int(d)) not in deadlines:
                problems.append(f"{clause.id}: its quote says {m}月{d}日前, which is no deadline of the schedule")
    return problems


def check_timings_agree_with_text(plan: Plan) -> None:
    """Each step's date agrees with its own words: a deadline's day with the ``X月X日`` of its
    ``text`` (and of its quote and of the quotes of the clauses that judge it), a month or
    quarter with the month or quarter its text names; and a quote that states a window or a date
    agrees with the parameter beside it (``2024年以来`` with the start window's ``earliest``, a
    clause's ``X月X日前`` with a deadline of the schedule)."""
    quotes: dict[str, list[str]] = {}
    for clause in plan.spec.clauses:
        if clause.check == "schedule_step" and clause.quote:
            quotes.setdefault(str(clause.params.get("step")), []).append(clause.quote)
    problems = _quoted_windows(plan)
    for s in plan.spec.schedule:
        t = s.timing
        if t.by is not None:
            for where, words in [
                ("text", t.text),
                ("quote", s.quote),
                *(("clause quote", q) for q in quotes.get(s.id, [])),
            ]:
                days = {(int(m), int(d)) for m, d in _DAY.findall(words)}
                if days and (t.by.month, t.by.day) not in days:
                    named = "、".join(f"{m}月{d}日" for m, d in sorted(days))
                    problems.append(f"{s.id}: by {t.by} but its {where} says {named}")
        months = {int(m) for m in _MONTH.findall(t.text)}
        if t.month is not None and months and t.month not in months:
            problems.append(f"{s.id}: month {t.month} but its text says {t.text!r}")
        if t.months is not None and months and not set(t.months) <= months:
            problems.append(f"{s.id}: months {list(t.months)} but its text says {t.text!r}")
        if t.part is not None and not any(w in t.text for w in _PART_WORDS[t.part]):
            problems.append(f"{s.id}: part {t.part} but its text says {t.text!r}")
        quarters = {"一二三四".index(q) + 1 for q in _QUARTER.findall(t.text)}
        if t.quarter is not None and quarters and t.quarter not in quarters:
            problems.append(f"{s.id}: quarter {t.quarter} but its text says {t.text!r}")
    _fail(f"{plan.path}: a timing disagrees with its text", problems)


def check_deadlines_on_working_days(plan: Plan) -> list[str]:
    """Warns (:class:`~gongguan_rules.law.holidays.HolidayWarning`, never fails) when a governed
    deadline falls on a weekend or a statutory holiday, where 民法典 第二百零三条 would move the end
    of a counted period; says so when the holiday data does not cover the year, or when the
    optional ``chinese-calendar`` package is missing and the check was not run. Returns the
    warnings given."""
    messages = deadline_warnings(plan)
    for message in messages:
        warnings.warn(HolidayWarning(message), stacklevel=2)
    return messages


def check_strategies_know_every_check(plan: Plan) -> None:
    """The strategies have a model of every check that judges applications, in the registry and
    in this plan (attrs' rule: a new feature is added to the strategies too)."""
    from ..law.checks import CHECKS

    missing = sorted(name for name, d in CHECKS.items() if "application" in d.subjects and name not in KNOWN_CHECKS)
    problems = [f"check {name!r} judges applications but gongguan_rules.testing has no model of it" for name in missing]
    try:
        judging_rules(plan)
    except StrategyError as exc:
        problems.append(str(exc))
    _fail("the strategies do not cover every check", problems)


# --------------------------------------------------------------------------- the suite


Runner = Callable[[Plan, settings], None]


def _every_plan(plan: Plan) -> bool:
    return True


def _a_violation(exc: BaseException) -> bool:
    return isinstance(exc, InvariantViolation)


@dataclass(frozen=True)
class KnownIssue:
    """A library defect that makes an invariant fail today. 已知的库缺陷。

    ``affects``: the plans on which it shows; ``matches``: whether a failure is this defect and
    not another; ``strict``: every run shows it (a fixed defect then fails as XPASS, so that the
    mark is removed) — false when only some random draws reach it.
    """

    reason: str
    affects: Callable[[Plan], bool] = _every_plan
    matches: Callable[[BaseException], bool] = _a_violation
    strict: bool = True


@dataclass(frozen=True)
class Invariant:
    """One invariant of the suite: its name, what it promises, and how to run it over a plan."""

    name: str
    zh: str
    en: str
    run: Runner
    property_based: bool = True
    known_issues: tuple[KnownIssue, ...] = ()
    """Library defects that make this invariant fail today (docs/testing.md, known defects)."""

    def issue(self, plan: Plan) -> KnownIssue | None:
        """The known library defect that makes this invariant fail on ``plan``, if any."""
        return next((k for k in self.known_issues if k.affects(plan)), None)


def _property(
    build: Callable[[Plan], Callable[..., None]], **strategies: Callable[[Plan], st.SearchStrategy[Any]]
) -> Runner:
    def run(plan: Plan, s: settings) -> None:
        test = given(**{k: make(plan) for k, make in strategies.items()})(build(plan))
        s(test)()

    return run


def _plain(check: Callable[[Plan], object]) -> Runner:
    def run(plan: Plan, s: settings) -> None:
        check(plan)

    return run


def _offsets() -> st.SearchStrategy[int]:
    return st.integers(min_value=-15, max_value=15)


def _revocations(plan: Plan) -> st.SearchStrategy[date]:
    start = plan.regulation.document.in_force_from
    return st.dates(start - timedelta(days=400), max(date(plan.year, 12, 31), start + timedelta(days=800)))


def _sectors(plan: Plan) -> st.SearchStrategy[str]:
    params = [r.params_as(SectorParams) for r in plan.rules if r.check.name == "focus_sector"]
    names = [s for p in params for s in (*p.sectors, *p.emphasis)]
    return st.one_of(st.sampled_from([*names, "服装"]), st.text(max_size=6))


def _app_then_event(plan: Plan, check: Callable[..., None]) -> Callable[..., None]:
    def test(application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]) -> None:
        check(plan, application, event, history)

    return test


def _deterministic(
    plan: Plan, application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]
) -> None:
    check_deterministic(plan, application, history)
    check_deterministic(plan, event=event, history=history)


def _round_trip(plan: Plan, application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]) -> None:
    check_json_round_trip(evaluate(application, plan, history))
    check_json_round_trip(evaluate_event(event, plan, history))


def _citations(plan: Plan, application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]) -> None:
    check_citations(plan, evaluate(application, plan, history))
    check_citations(plan, evaluate_event(event, plan, history))
    check_citations(plan, evaluate(application, plan))


def _info(plan: Plan, application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]) -> None:
    check_event_info_neutral(evaluate_event(event, plan, history))


def _info_app(plan: Plan) -> Callable[..., None]:
    def test(application: dict[str, Any], sector: str) -> None:
        check_info_neutral(plan, application, sector)

    return test


def _eligible(plan: Plan) -> Callable[..., None]:
    def test(application: dict[str, Any]) -> None:
        check_eligible(plan, application)

    return test


def _broken(plan: Plan) -> Callable[..., None]:
    def test(case: tuple[dict[str, Any], frozenset[str]]) -> None:
        check_broken_clause(plan, *case)

    return test


def _monotone(plan: Plan) -> Callable[..., None]:
    def test(application: dict[str, Any], earlier: int, later: int) -> None:
        check_deadline_monotone(plan, application, min(earlier, later), max(earlier, later))

    return test


def _per_application(check: Callable[[Plan, dict[str, Any]], None]) -> Callable[[Plan], Callable[..., None]]:
    def build(plan: Plan) -> Callable[..., None]:
        def test(application: dict[str, Any]) -> None:
            check(plan, application)

        return test

    return build


def _bar(plan: Plan) -> Callable[..., None]:
    def test(application: dict[str, Any], revoked_on: date, applied: list[int]) -> None:
        check_bar(plan, application, revoked_on, [revoked_on + timedelta(days=k) for k in applied])

    return test


def _combined(check: Callable[..., None]) -> Callable[[Plan], Callable[..., None]]:
    def build(plan: Plan) -> Callable[..., None]:
        return _app_then_event(plan, check)

    return build


def _any(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    return applications(plan)


INVARIANTS: tuple[Invariant, ...] = (
    Invariant(
        "eligible_is_eligible",
        "满足方案每项条件的申报结论为符合",
        "an application satisfying every clause is eligible",
        _property(_eligible, application=eligible_applications),
    ),
    Invariant(
        "broken_clause_fails",
        "违反一个条款的申报不符合，且恰好引用该条款",
        "breaking one clause makes the application ineligible, failing exactly that clause",
        _property(_broken, case=one_clause_broken),
    ),
    Invariant(
        "model_agrees",
        "策略的模型与引擎对每条规则的结论一致",
        "the strategies' model and the engine agree on every rule",
        _property(_per_application(check_model_agrees), application=_any),
    ),
    Invariant(
        "missing_fact_is_review",
        "缺少事实从不导致不符合，需要它的规则为需复核",
        "a missing fact never fails; the rules that need it say review",
        _property(_per_application(check_missing_fact), application=eligible_applications),
    ),
    Invariant(
        "empty_string_is_absent",
        "空字符串等同于未填写",
        "an empty string is the same as an absent field",
        _property(_per_application(check_empty_is_absent), application=eligible_applications),
    ),
    Invariant(
        "deterministic",
        "同一输入得到同一决定",
        "the same input gives the same decision",
        _property(_combined(_deterministic), application=_any, event=events, history=histories),
    ),
    Invariant(
        "json_round_trip",
        "决定经 JSON 往返不变",
        "a decision survives a JSON round trip",
        _property(_combined(_round_trip), application=_any, event=events, history=histories),
    ),
    Invariant(
        "info_never_changes_outcome",
        "提示性结论从不改变结论",
        "info findings never change an outcome",
        _property(_info_app, application=_any, sector=_sectors),
    ),
    Invariant(
        "info_never_changes_event_outcome",
        "提示性结论从不改变事件结论",
        "info findings never change an event's outcome",
        _property(_combined(_info), application=_any, event=events, history=histories),
    ),
    Invariant(
        "citations_known",
        "每条结论引用方案或管理办法所列文件",
        "every finding cites a document the plan or the 管理办法 names",
        _property(_combined(_citations), application=_any, event=events, history=histories),
    ),
    Invariant(
        "deadlines_monotone",
        "截止日期单调：越晚不会越好",
        "deadlines are monotone: later is never better",
        _property(
            _monotone, application=eligible_applications, earlier=lambda p: _offsets(), later=lambda p: _offsets()
        ),
    ),
    Invariant(
        "windows_at_both_edges",
        "每个期间在两端都被遵守",
        "every window of the schedule is respected at both edges",
        _property(_per_application(check_window_edges), application=eligible_applications),
    ),
    Invariant(
        "start_window_at_both_edges",
        "项目启动时间窗口在两端都被遵守",
        "the start-date window is respected at both edges",
        _property(_per_application(check_start_window_edges), application=eligible_applications),
    ),
    Invariant(
        "five_year_bar",
        "五年限制：边界准确且单调",
        "the five-year bar: exact at its edges and monotone",
        _property(
            _bar,
            application=eligible_applications,
            revoked_on=_revocations,
            applied=lambda p: st.lists(st.integers(min_value=-30, max_value=6 * 366), max_size=4),
        ),
    ),
    Invariant(
        "undated_records_are_review",
        "无日期的记录从不使判断出错，其留下的不确定为需复核",
        "an undated record never breaks a decision; what it leaves open is review",
        _property(_per_application(check_undated_records), application=eligible_applications),
    ),
    Invariant(
        "dates_inside_year",
        "日期均在方案年度内",
        "every date is inside the plan's year",
        _plain(check_dates_inside_year),
        False,
    ),
    Invariant(
        "stages_in_order", "工作程序各阶段先后有序", "the stages are in order", _plain(check_stages_in_order), False
    ),
    Invariant(
        "first_half_issue",
        "第九条：市级方案于上半年发布",
        "第九条: a city plan is issued in the first half",
        _plain(check_first_half_issue),
        False,
    ),
    Invariant(
        "timings_agree_with_text",
        "时间参数与原文措辞一致",
        "every timing agrees with its own text",
        _plain(check_timings_agree_with_text),
        False,
    ),
    Invariant(
        "deadlines_on_working_days",
        "截止日期落在周末或法定节假日时给出警告（不失败）",
        "a governed deadline on a weekend or a statutory holiday is warned of (never a failure)",
        _plain(check_deadlines_on_working_days),
        False,
    ),
    Invariant(
        "strategies_know_every_check",
        "策略覆盖每一种检查",
        "the strategies know every check",
        _plain(check_strategies_know_every_check),
        False,
    ),
)


def invariant(name: str) -> Invariant:
    """The invariant of that name. 按名称取不变式。"""
    for inv in INVARIANTS:
        if inv.name == name:
            return inv
    raise KeyError(f"no invariant {name!r}; known: {', '.join(i.name for i in INVARIANTS)}")


def run_invariant(plan: Plan, name: str, s: settings | None = None) -> None:
    """Run one invariant over ``plan``; raises :class:`InvariantViolation` (with Hypothesis's
    minimal falsifying example attached) when it does not hold."""
    invariant(name).run(plan, s or suite_settings())


def run_all(plan: Plan, s: settings | None = None, names: Iterable[str] | None = None) -> None:
    """Run every invariant (or those named) over ``plan``; stops at the first violation."""
    for inv in INVARIANTS:
        if names is None or inv.name in set(names):
            inv.run(plan, s or suite_settings())
