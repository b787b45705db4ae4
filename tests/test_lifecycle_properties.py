"""Properties of lifecycle decisions (issue "The lifecycle", item 8), on random inputs.

(a) The five-year bar (津政办规〔2023〕12号 第二十五条, with product.md's reading: from the day after
    the revocation to the corresponding date five years later, 2月29日 → 2月28日; only revocations
    on or after 2023-12-29, 第二十七条) is monotone: a later application is never more barred than
    an earlier one after the same revocation; a revocation before 2023-12-29 never bars.
(b) Moving a submission earlier inside a window never worsens a decision: for every plan and every
    schedule step the unit or the recommender must keep (the steps of 2019 五, 2021 三 and 武清's
    4月12日, 2025 五/六（四）, 2026 四（一）（六）, found in ``gr.load_plan(y).spec.schedule``), the
    step's finding and the decision at an earlier date are no more severe than at a later one, for
    dates on or after the window's start (the margin's start for a fuzzy period).
(c) Replaying a recorded history gives the same decisions: a random valid sequence of one project's
    events under plan 2026 (津市场监管质发〔2026〕2号 四, the nine steps in order), each judged
    against the events before it, gives identical decisions twice and whether the history is a
    list or a ``HistoryIndex``; and a sequence built in the procedure's order never breaks it.
(d) Judging never mutates the event, the application or the history given.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.judging.schedule import span_of
from gongguan_rules.records.history_index import HistoryIndex
from gongguan_rules.testing import EVENT_OF_STAGE

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

UNIT = {"credit_code": "91120224064012553U", "unit": "天津某焊材有限公司"}
PROJECT = {**UNIT, "project_name": "降低药芯焊丝焊接飞溅率"}
OTHER_PROJECT = "提高焊接电弧稳定性"
IN_FORCE = date(2023, 12, 29)  # 第二十七条: 本办法自印发之日起施行 (印发 2023-12-29)

SEVERITY = {"pass": 0, "info": 0, "not_applicable": 0, "review": 1, "fail": 2}
OUTCOME_SEVERITY = {"accepted": 0, "eligible": 0, "needs_review": 1, "rejected": 2, "ineligible": 2}


def status_of(decision: gr.Decision, rule_id: str) -> str:
    finding = decision.finding(rule_id)
    assert finding is not None, f"no finding of {rule_id}"
    return str(finding.status)


def five_years_after(day: date) -> date:
    """The bar's last day, computed independently of the library (民法典 第二百零一条、第二百零二条)."""
    return day + relativedelta(years=5)  # 2024-02-29 → 2029-02-28


def revocation_history(revoked_on: date) -> list[dict[str, Any]]:
    recognised = revoked_on - timedelta(days=90)
    return [
        {
            **UNIT,
            "project_name": OTHER_PROJECT,
            "kind": "excellent_recognized",
            "date": recognised,
            "year": recognised.year,
        },
        {
            **UNIT,
            "project_name": OTHER_PROJECT,
            "kind": "recognition_revoked",
            "date": revoked_on,
            "year": recognised.year,
            "reason": "false_materials",
            "public_notice": True,
        },
    ]


def bar_status(revoked_on: date, applied_on: date, plan: int = 2026) -> str:
    event = {**PROJECT, "kind": "application_submitted", "date": applied_on, "year": plan}
    return status_of(gr.evaluate_event(event, plan, history=revocation_history(revoked_on)), "reg.art25.debarment")


APPLICATION_2026: dict[str, Any] = {
    "applicant": {
        "name": UNIT["unit"],
        "credit_code": UNIT["credit_code"],
        "org_type": "enterprise",
        "district": "宝坻区",
    },
    "project": {
        "name": PROJECT["project_name"],
        "sector": "焊材",
        "direction": "precision_improvement",
        "start_date": date(2024, 6, 1),
        "expected_benefits": ["quality_efficiency"],
    },
    "materials": ["application_form", "feasibility_analysis", "expected_results"],
    "declarations": {"original": True, "no_confidential_content": True, "truthful": True},
    "recommender": {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"},
    "submitted_to_recommender_on": date(2026, 4, 10),
    "recommended_on": date(2026, 4, 18),
}

# ---------------------------------------------------------------------------------------------
# (a) 第二十五条: the bar is monotone

REVOKED_IN_FORCE = st.dates(min_value=IN_FORCE, max_value=date(2031, 12, 31))
GAPS = st.integers(min_value=1, max_value=7 * 366)


@SETTINGS
@given(revoked_on=REVOKED_IN_FORCE, first=GAPS, second=GAPS)
def test_bar_is_monotone_for_events(revoked_on: date, first: int, second: int) -> None:
    """第二十五条 5年内不接受其再次申报: after a revocation, a later application is never more barred."""
    early, late = sorted((first, second))
    a1, a2 = revoked_on + timedelta(days=early), revoked_on + timedelta(days=late)
    s1, s2 = bar_status(revoked_on, a1), bar_status(revoked_on, a2)
    assert SEVERITY[s1] >= SEVERITY[s2], f"revoked {revoked_on}: {a1} is {s1} but the later {a2} is {s2}"


@SETTINGS
@given(revoked_on=REVOKED_IN_FORCE, gap=st.integers(min_value=-400, max_value=7 * 366))
def test_bar_follows_the_chosen_reading(revoked_on: date, gap: int) -> None:
    """第二十五条 read with 民法典 第二百零一条、第二百零二条 (product.md): the revocation's day is not
    counted, the bar ends on the corresponding day five years later; the same day is undecidable."""
    applied_on = revoked_on + timedelta(days=gap)
    status = bar_status(revoked_on, applied_on)
    if applied_on == revoked_on:
        expected = "review"
    elif revoked_on < applied_on <= five_years_after(revoked_on):
        expected = "fail"
    else:
        expected = "pass"
    assert status == expected, f"revoked {revoked_on}, applied {applied_on}: {status}, expected {expected}"


@settings(max_examples=30, deadline=None)
@given(revoked_on=REVOKED_IN_FORCE, first=GAPS, second=GAPS)
def test_bar_is_monotone_for_applications(revoked_on: date, first: int, second: int) -> None:
    """The same for applications (gr.evaluate; the date is submitted_to_recommender_on)."""
    early, late = sorted((first, second))
    statuses = []
    for gap in (early, late):
        app = {**APPLICATION_2026, "submitted_to_recommender_on": revoked_on + timedelta(days=gap)}
        decision = gr.evaluate(app, 2026, history=revocation_history(revoked_on))
        statuses.append(status_of(decision, "reg.art25.debarment"))
    assert SEVERITY[statuses[0]] >= SEVERITY[statuses[1]], (revoked_on, early, late, statuses)


@SETTINGS
@given(
    revoked_on=st.dates(min_value=date(2015, 1, 1), max_value=IN_FORCE - timedelta(days=1)),
    gap=st.integers(min_value=-400, max_value=7 * 366),
)
def test_revocation_before_the_regulation_never_bars(revoked_on: date, gap: int) -> None:
    """第二十七条: the 管理办法 is in force from 2023-12-29; an earlier revocation creates no bar."""
    assert bar_status(revoked_on, revoked_on + timedelta(days=gap)) == "pass"


@pytest.mark.parametrize(
    ("applied_on", "expected"),
    [(date(2029, 2, 28), "fail"), (date(2029, 3, 1), "pass"), (date(2024, 3, 1), "fail"), (date(2024, 2, 28), "pass")],
)
def test_leap_day_revocation(applied_on: date, expected: str) -> None:
    """第二十五条; 民法典 第二百零二条: revoked 2024-02-29 → barred through 2029-02-28, not on 2029-03-01."""
    assert bar_status(date(2024, 2, 29), applied_on) == expected


def test_leap_day_revocation_effect() -> None:
    """第二十五条: the revocation itself announces the bar's end."""
    recognition, revocation = revocation_history(date(2024, 2, 29))
    decision = gr.evaluate_event(revocation, 2026, history=[recognition])
    assert str(decision.outcome) == "accepted"
    assert decision.effects.get("debarred_until") == "2029-02-28"


# ---------------------------------------------------------------------------------------------
# (b) moving a submission earlier inside a window never worsens a decision


def _kept_steps() -> list[tuple[int, str]]:
    """(plan year, step id) of every schedule step that binds the unit or the recommender."""
    out = []
    for year in gr.available_plans():
        for step in gr.load_plan(year).spec.schedule:
            if step.role != "organiser" and step.stage in EVENT_OF_STAGE:
                out.append((year, step.id))
    return out


KEPT_STEPS = _kept_steps()


def _step(year: int, step_id: str) -> Any:
    return next(s for s in gr.load_plan(year).spec.schedule if s.id == step_id)


def window_start(year: int, step: Any) -> date:
    """Where the step's window starts: the first certain day of a fuzzy period (its margin before is
    review, product.md's December 2026 reading: earlier than the period is not yet on time); for an
    exact day or a later notice (no start of its own), the first day of the plan year."""
    plan = gr.load_plan(year)
    if step.timing.deferred or step.timing.by is not None:
        return date(year, 1, 1)
    readings = plan.spec.readings
    span = span_of(step.timing, year, readings.fuzzy, readings.deadline_inclusive)
    return span.start or date(year, 1, 1)


def prior_records(plan: gr.Plan, kind: str, year: int, on: date) -> list[dict[str, Any]]:
    """Every step of the plan's procedure before ``kind``, on record on ``on``."""
    kinds = [EVENT_OF_STAGE[s] for s in plan.spec.procedure if s in EVENT_OF_STAGE]
    return [{**PROJECT, "kind": k, "date": on, "year": year} for k in kinds[: kinds.index(kind)]]


def test_every_plan_has_kept_steps() -> None:
    years = {year for year, _ in KEPT_STEPS}
    assert years == set(gr.available_plans()), KEPT_STEPS


@SETTINGS
@given(
    chosen=st.sampled_from(KEPT_STEPS),
    first=st.integers(min_value=0, max_value=500),
    second=st.integers(min_value=0, max_value=500),
    notice=st.integers(min_value=0, max_value=500),
)
def test_earlier_is_never_worse(chosen: tuple[int, str], first: int, second: int, notice: int) -> None:
    year, step_id = chosen
    plan = gr.load_plan(year)
    step = _step(year, step_id)
    start = window_start(year, step)
    kind = EVENT_OF_STAGE[step.stage]
    history = prior_records(plan, kind, year, start - timedelta(days=1))
    extra: dict[str, Any] = {}
    if step.districts:
        extra["district"] = step.districts[0]
    if step.timing.deferred:
        extra["notice_deadline"] = start + timedelta(days=notice)
    if kind == "evaluated":
        extra["experts"] = [{"name": "张某", "affiliation": "天津大学", "conflict_declared": False}]

    def judge(offset: int) -> tuple[int, int, str]:
        event = {**PROJECT, **extra, "kind": kind, "date": start + timedelta(days=offset), "year": year}
        decision = gr.evaluate_event(event, plan, history=history)
        schedule = status_of(decision, "plan.schedule")
        return SEVERITY[schedule], OUTCOME_SEVERITY[str(decision.outcome)], schedule

    early, late = sorted((first, second))
    s_early, s_late = judge(early), judge(late)
    where = f"{year} {step_id} ({step.timing.text}), window from {start}: day +{early} {s_early}, +{late} {s_late}"
    assert s_early[0] <= s_late[0], where
    assert s_early[1] <= s_late[1], where


# ---------------------------------------------------------------------------------------------
# (c) replay; (d) no mutation

PLAN_2026 = gr.load_plan(2026)
ORDER_2026 = [EVENT_OF_STAGE[s] for s in PLAN_2026.spec.procedure if s in EVENT_OF_STAGE]
EXPERTS = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(["张某", "李某", "王某"]),
            "affiliation": st.sampled_from(["天津大学", "天津某焊材有限公司", "天津市某检测研究院"]),
            "conflict_declared": st.booleans(),
            "withdrawn": st.booleans(),
        }
    ),
    max_size=3,
)


@st.composite
def lifecycle(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A valid sequence of one project's events under plan 2026, in the procedure's order (四), with
    fees (第十九条) interleaved and, after a recognition, possibly a revocation (第二十五条)."""
    steps = ORDER_2026[: draw(st.integers(min_value=1, max_value=len(ORDER_2026)))]
    day = draw(st.dates(min_value=date(2026, 3, 24), max_value=date(2026, 4, 25)))
    events: list[dict[str, Any]] = []
    for kind in steps:
        day += timedelta(days=draw(st.integers(min_value=0, max_value=60)))
        when: Any = day
        if draw(st.booleans()):
            when = f"{day.isoformat()}T{draw(st.integers(0, 23)):02d}:30:00+08:00"
        event: dict[str, Any] = {**PROJECT, "kind": kind, "date": when, "year": 2026}
        if kind == "results_submitted" and draw(st.booleans()):
            event["notice_deadline"] = day + timedelta(days=draw(st.integers(min_value=-5, max_value=10)))
        if kind == "evaluated" and draw(st.booleans()):
            event["experts"] = draw(EXPERTS)
        if kind == "recommended" and draw(st.booleans()):
            event["recommender"] = {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"}
        events.append(event)
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            amount = draw(st.sampled_from([0, 500, 3000]))
            events.append({**PROJECT, "kind": "fee_charged", "date": day, "year": 2026, "amount": amount})
    if steps[-1] == "excellent_recognized" and draw(st.booleans()):
        day += timedelta(days=draw(st.integers(min_value=1, max_value=900)))
        reason = draw(st.sampled_from(["false_materials", "improper_means"]))
        events.append(
            {
                **PROJECT,
                "kind": "recognition_revoked",
                "date": day,
                "year": 2026,
                "reason": reason,
                "public_notice": draw(st.booleans()),
            }
        )
        if draw(st.booleans()):
            later = day + timedelta(days=draw(st.integers(min_value=0, max_value=2200)))
            events.append(
                {**PROJECT, "project_name": OTHER_PROJECT, "kind": "application_submitted", "date": later, "year": 2026}
            )
    return events


def replay(events: list[dict[str, Any]], as_index: bool) -> list[dict[str, Any]]:
    out = []
    for i, event in enumerate(events):
        history: Any = HistoryIndex(events[:i]) if as_index else list(events[:i])
        out.append(gr.evaluate_event(event, 2026, history=history).model_dump(mode="json"))
    return out


@SETTINGS
@given(events=lifecycle())
def test_replay_gives_the_same_decisions(events: list[dict[str, Any]]) -> None:
    """Replaying a recorded history (津市场监管质发〔2026〕2号 四) gives the same decisions."""
    first = replay(events, as_index=False)
    assert replay(events, as_index=False) == first
    assert replay(events, as_index=True) == first


@SETTINGS
@given(events=lifecycle())
def test_a_sequence_in_the_procedures_order_keeps_it(events: list[dict[str, Any]]) -> None:
    """Each event of a sequence built in 四's order finds its prior steps on record (第十三条,
    第十七条 ×2, 第二十条, 四): plan.procedure and the 管理办法's order rules pass."""
    order_rules = (
        "plan.procedure",
        "reg.art13.approval",
        "reg.art17.results_submitted",
        "reg.art17.results_recommended",
        "reg.art20.recognition",
    )
    for i, event in enumerate(events):
        decision = gr.evaluate_event(event, 2026, history=events[:i])
        for rule_id in order_rules:
            finding = decision.finding(rule_id)
            if finding is not None:
                assert str(finding.status) == "pass", (event["kind"], rule_id, finding.message("en"))


@SETTINGS
@given(events=lifecycle())
def test_judging_never_mutates_its_inputs(events: list[dict[str, Any]]) -> None:
    """(d) The event dict and the history list given are left as they were."""
    snapshot = copy.deepcopy(events)
    for i, event in enumerate(events):
        history = events[:i]
        before_event, before_history = copy.deepcopy(event), copy.deepcopy(history)
        gr.evaluate_event(event, 2026, history=history)
        assert event == before_event
        assert history == before_history
    application = copy.deepcopy(APPLICATION_2026)
    before = copy.deepcopy(application)
    gr.evaluate(application, 2026, history=events)
    assert application == before
    assert events == snapshot
