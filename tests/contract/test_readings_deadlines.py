"""product.md, "Readings already chosen" — deadlines and periods: X月X日前 inclusive in Beijing time, each plan's
governed deadline, 武清's intermediate date, fuzzy periods and their margins, 按后续通知要求."""

from __future__ import annotations

from datetime import date

import pytest

import gongguan_rules as gr

from .support import (
    CODE_BAODI,
    CODE_TANGGU,
    CODE_WUQING,
    P2019,
    P2021,
    P2025,
    P2026,
    RESULTS_IN_2026,
    app,
    by_status,
    chain,
    cited,
    event,
    looking_at,
    statuses,
)

# ------------------------------------------------------------------ deadlines


@pytest.mark.parametrize(
    ("when", "on_time"),
    [
        ("2026-04-20", True),
        ("2026-04-20T23:59:00+08:00", True),
        ("2026-04-20T23:59:59+08:00", True),
        ("2026-04-21T00:01:00+08:00", False),
        ("2026-04-21", False),
        ("2026-04-20T23:59:00", True),  # no offset: Beijing time
        ("2026-04-21T00:01:00", False),
        ("2026-04-20T15:59:00Z", True),  # 23:59 in Beijing
        ("2026-04-20T16:01:00Z", False),  # 00:01 on 4月21日 in Beijing
        ("2026-04-20T10:59:00-05:00", True),  # 23:59 in Beijing
        ("2026-04-20T11:01:00-05:00", False),  # 00:01 on 4月21日 in Beijing
        ("2026-04-21T00:59:00+09:00", True),  # 00:59 on 4月21日 in Tokyo is 23:59 on 4月20日 in Beijing
    ],
)
def test_2026_deadline_is_inclusive_in_beijing_time(when: str, on_time: bool) -> None:
    """product.md: "X月X日前 is inclusive: the deadline ends at 24:00 Beijing time on that day ... 23:59 ... is on
    time; 00:01 on [the next day] is late. Datetimes with another offset are converted to Asia/Shanghai first."
    2026 四（一）: 推荐单位……于4月20日前报送至市市场监管委."""
    d = gr.evaluate(app(2026, recommended_on=when), 2026)
    deadline = cited(d, P2026, "四", "（一）", fact="recommended_on")
    assert deadline, "a finding on recommended_on cites 2026 四（一）"
    if on_time:
        assert d.outcome == "eligible"
        assert "fail" not in statuses(deadline)
    else:
        assert d.outcome == "ineligible"
        assert "fail" in statuses(deadline)


@pytest.mark.parametrize(
    ("year", "document", "article", "item", "last_day"),
    [
        (2019, P2019, "五", "（一）", "2019-04-22"),  # 各推荐单位于4月22日前……报送区质量工作领导小组办公室
        (2021, P2021, "三", "（一）", "2021-04-16"),  # 请各推荐单位于4月16日前……报送市市场监管委
        (2025, P2025, "六", "（四）", "2025-04-16"),  # 请各推荐单位于4月16日前……报送至邮箱
        (2026, P2026, "四", "（一）", "2026-04-20"),  # 于4月20日前报送至市市场监管委
    ],
)
def test_each_plans_governed_deadline(year: int, document: str, article: str, item: str, last_day: str) -> None:
    """product.md: "A missed deadline of the stage a plan governs (the recommender's submission to the organiser:
    2019 4月22日, 2021 4月16日, 2025 4月16日, 2026 4月20日 ...) makes the application ineligible"."""
    on_time = gr.evaluate(app(year, recommended_on=f"{last_day}T23:59:00+08:00"), year)
    assert on_time.outcome == "eligible"
    day_after = date.fromisoformat(last_day).toordinal() + 1
    late_day = date.fromordinal(day_after).isoformat()
    late = gr.evaluate(app(year, recommended_on=f"{late_day}T00:01:00+08:00"), year)
    assert late.outcome == "ineligible"
    failing = [f for f in by_status(late, "fail") if "recommended_on" in f.facts]
    assert failing
    assert any(cited(late, document, article, item, fact="recommended_on")), "cites the deadline's clause"
    for f in failing:
        assert f.remedy is not None and f.remedy.curable is False and list(f.remedy.facts) == []


@pytest.mark.parametrize(
    ("when", "accepted"),
    [
        ("2026-09-30", True),
        ("2026-09-30T23:59:00+08:00", True),
        ("2026-10-01T00:01:00+08:00", False),
        ("2026-09-30T15:59:00Z", True),
        ("2026-09-30T16:30:00Z", False),
        ("2026-09-30T12:30:00-04:00", False),
    ],
)
def test_2026_results_recommended_by_30_september(when: str, accepted: bool) -> None:
    """product.md: "2026's results 9月30日" is a governed deadline: missed, "the event rejected"; `results_recommended`
    推荐成果 "(recommender → organiser, the second 第十七条; 2026's 9月30日 applies here)". 2026 四（六）:
    于9月30日前推荐至市市场监管委，逾期不再接收."""
    d = gr.evaluate_event(event("results_recommended", when, 2026), 2026, history=RESULTS_IN_2026)
    if accepted:
        assert d.outcome == "accepted", [(f.rule_id, f.status) for f in d.findings]
    else:
        assert d.outcome == "rejected"
        assert "fail" in statuses(cited(d, P2026, "四", "（六）"))


def test_2026_deadline_does_not_apply_to_results_submitted_to_the_recommender() -> None:
    """product.md: the 9月30日 applies to `results_recommended` (the second 第十七条), not to `results_submitted`
    (unit → recommender, the first 第十七条), whose time 2026 四（六） leaves to 后续通知: "按后续通知要求 makes the
    step review unless the later notice's date is supplied"."""
    history = RESULTS_IN_2026[:3]
    without_notice = gr.evaluate_event(event("results_submitted", "2026-09-10", 2026), 2026, history=history)
    assert without_notice.outcome == "needs_review"
    with_notice = gr.evaluate_event(
        event("results_submitted", "2026-09-10", 2026, notice_deadline="2026-09-15"), 2026, history=history
    )
    assert with_notice.outcome == "accepted"


def test_wuqing_12_april_is_review_not_fail() -> None:
    """product.md: "A missed intermediate collection date addressed to others (the 2021 武清 notice's 4月12日 to its
    镇街 and 园区) is `review`: the recommender may still have forwarded the application in time." Seed 001: 4月12日前将
    申报表发至武清区市场监管局，统一汇总上报; the city's 4月16日 still holds."""
    wuqing = {"applicant.district": "武清区", "applicant.credit_code": CODE_WUQING}
    in_time = gr.evaluate(app(2021, submitted_to_recommender_on="2021-04-12", **wuqing), 2021)
    assert in_time.outcome == "eligible"
    late = gr.evaluate(app(2021, submitted_to_recommender_on="2021-04-13", **wuqing), 2021)
    assert late.outcome == "needs_review"
    assert not by_status(late, "fail")
    reviewed = looking_at(late, "submitted_to_recommender_on", "review")
    assert reviewed
    for f in reviewed:
        assert f.remedy is not None and f.remedy.curable is not True
    # a unit of another district is not bound by 武清's date
    other = gr.evaluate(app(2021, submitted_to_recommender_on="2021-04-13"), 2021)
    assert other.outcome == "eligible"
    # and the city's own 4月16日 still fails a late recommendation
    very_late = gr.evaluate(
        app(2021, recommended_on="2021-04-17", submitted_to_recommender_on="2021-04-13", **wuqing), 2021
    )
    assert very_late.outcome == "ineligible"


# ------------------------------------------------------------------ fuzzy periods


@pytest.mark.parametrize(
    ("submitted", "status"),
    [
        ("2025-04-01", "pass"),
        ("2025-04-10", "pass"),
        ("2025-04-16", "pass"),
        ("2025-03-29", "review"),  # a named month: 3 days either side margin
        ("2025-03-31", "review"),
    ],
)
def test_2025_organise_in_april_a_named_month_with_three_day_margins(submitted: str, status: str) -> None:
    """product.md: "A fuzzy period (4月, 8月初, 二季度) is pass inside its certain span, fail clearly outside, review in
    its uncertain margin ... a named month certain, 3 days either side margin". 2025 五（一） 组织申报（4月）:
    申报企业……
    报至所在区域推荐单位."""
    recommended = max(submitted, "2025-04-15")  # 六（四） 4月16日前, never before the submission
    d = gr.evaluate(app(2025, submitted_to_recommender_on=submitted, recommended_on=recommended), 2025)
    found = looking_at(d, "submitted_to_recommender_on")
    step = [f for f in found if any(c.document == P2025 and c.article == "五" for c in f.citations)]
    assert step, [(f.rule_id, f.citations) for f in found]
    assert status in statuses(step)
    if status == "pass":
        assert d.outcome == "eligible"
    else:
        assert d.outcome == "needs_review"
        for f in step:
            if f.status == "review":
                assert f.remedy is not None and f.remedy.curable is None  # "a date in a fuzzy margin"


@pytest.mark.parametrize(("submitted", "status"), [("2025-05-03", "review"), ("2025-05-04", "fail")])
def test_2025_organise_in_april_late_side(submitted: str, status: str) -> None:
    """product.md: "A fuzzy period ... fail clearly outside, review in its uncertain margin"; "the late side stays
    fail outside the margin" (December 2026). 2025 五（一） 组织申报（4月）; 5月1日–3日 is the margin."""
    d = gr.evaluate(app(2025, submitted_to_recommender_on=submitted, recommended_on=submitted), 2025)
    step = [
        f
        for f in looking_at(d, "submitted_to_recommender_on")
        if any(c.document == P2025 and c.article == "五" and c.item == "（一）" for c in f.citations)
        and "recommended_on" not in f.facts
    ]
    assert step
    assert status in statuses(step)


def test_deferred_step_is_review_unless_the_notice_date_is_given() -> None:
    """product.md: "**按后续通知要求** makes the step review unless the later notice's date is supplied." 2025 五（五）:
    提交成果（8月初）……按后续通知要求提交给推荐单位."""
    history = chain(
        2025,
        "approved",
        {"application_submitted": "2025-04-10", "recommended": "2025-04-15", "approved": "2025-05-20"},
    )
    d = gr.evaluate_event(event("results_submitted", "2025-08-05", 2025), 2025, history=history)
    assert d.outcome == "needs_review"
    assert "review" in statuses(cited(d, P2025, "五", "（五）"))
    given = gr.evaluate_event(
        event("results_submitted", "2025-08-05", 2025, notice_deadline="2025-08-10"), 2025, history=history
    )
    assert "review" not in statuses(cited(given, P2025, "五", "（五）"))


@pytest.mark.parametrize("year", [2021, 2025])
def test_deferred_results_steps_of_2021_and_2025(year: int) -> None:
    """product.md: "Where a plan says 按后续通知要求 or gives only a period (8月初, 四季度), the engine says what it
    can and
    marks the rest `review`." 2021 三（五） 四季度……按照后续通知要求; 2025 五（五） 8月初……按后续通知要求."""
    code = CODE_TANGGU if year == 2025 else CODE_BAODI
    history = chain(
        year,
        "results_submitted",
        {
            "application_submitted": f"{year}-04-10",
            "recommended": f"{year}-04-15",
            "approved": f"{year}-06-01",
            "results_submitted": f"{year}-08-05",
        },
        credit_code=code,
    )
    d = gr.evaluate_event(event("results_recommended", f"{year}-10-20", year, credit_code=code), year, history=history)
    assert d.outcome == "needs_review"
    assert not by_status(d, "fail")
    with_notice = gr.evaluate_event(
        event("results_recommended", f"{year}-10-20", year, credit_code=code, notice_deadline=f"{year}-10-31"),
        year,
        history=history,
    )
    assert "review" not in statuses(looking_at(with_notice, "date")) or with_notice.outcome != "rejected"


@pytest.mark.parametrize(
    ("day", "outcome"),
    [
        ("2019-07-20", "needs_review"),  # before the period: review (December 2026)
        ("2019-07-29", "needs_review"),  # 3 days before 8月: margin
        ("2019-08-01", "accepted"),
        ("2019-08-31", "accepted"),
        ("2019-09-03", "needs_review"),  # 3 days after: margin
        ("2019-09-04", "rejected"),  # clearly late
    ],
)
def test_2019_results_in_august_a_named_month(day: str, outcome: str) -> None:
    """product.md: "A fuzzy period (4月, 8月初, 二季度) is pass inside its certain span, fail clearly outside, review in
    its uncertain margin ... a named month certain, 3 days either side margin"; "The early side of a fuzzy period is
    review". 2019 五（五） 成果提交（8月）: 各申报企业……按时将活动成果报送相关推荐单位."""
    history = chain(
        2019,
        "approved",
        {"application_submitted": "2019-04-10", "recommended": "2019-04-20", "approved": "2019-04-30"},
        credit_code=CODE_TANGGU,
    )
    d = gr.evaluate_event(event("results_submitted", day, 2019, credit_code=CODE_TANGGU), 2019, history=history)
    assert d.outcome == outcome
    assert cited(d, P2019, "五", "（五）", fact="date")
