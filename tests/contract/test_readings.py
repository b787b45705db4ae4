"""product.md, "Readings already chosen (keep them as plan parameters, documented in docs/)", with cases
taken from the seed texts. Each test names the sentence it checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import gongguan_rules as gr

from .support import (
    BASE,
    CODE_BAODI,
    CODE_BEIJING,
    CODE_BINHAI_OTHER,
    CODE_CITY,
    CODE_TANGGU,
    CODE_WUQING,
    P2019,
    P2021,
    P2025,
    P2026,
    REG,
    UNIT,
    app,
    by_status,
    chain,
    cited,
    event,
    expected_outcome,
    looking_at,
    statuses,
)

RESULTS_IN_2026 = chain(
    2026,
    "results_submitted",
    {
        "application_submitted": "2026-04-10",
        "recommended": "2026-04-18",
        "approved": "2026-05-20",
        "results_submitted": "2026-09-10",
    },
    notice_deadline="2026-09-15",
)


def only(d: gr.Decision, status: str) -> set[str]:
    return {f.rule_id for f in by_status(d, status)}


# ------------------------------------------------------------------ base applications


@pytest.mark.parametrize("year", [2019, 2021, 2025, 2026])
def test_an_application_with_every_contract_field_satisfying_every_clause_is_eligible(year: int) -> None:
    """product.md: "The contract's fields are the facts an application carries. An application that supplies
    every one of them and satisfies every clause is eligible." (Each base application is read from the plan's
    seed text: its territory, recommenders, deadline, and for 2021 its 课题类型, for 2026 its 方向 and 2024年以来.)"""
    d = gr.evaluate(BASE[year], year)
    assert d.outcome == "eligible", [
        (f.rule_id, f.status, f.message("en")) for f in d.findings if f.status in ("fail", "review")
    ]


def test_the_recommendation_being_present_stands_for_verification() -> None:
    """product.md: "`recommended_on` being present stands for the recommender's having verified and forwarded the
    application with its opinion (第十二条)"; a further fact's "absence is never a reason for review on its own"."""
    d = gr.evaluate(BASE[2026], 2026)
    assert statuses(cited(d, REG, "第十二条")) == {"pass"}


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


# ------------------------------------------------------------------ the five-year bar


def revoked(on: str, year: int = 2023, code: str = CODE_BAODI) -> list[dict[str, Any]]:
    """A recognition of the unit's past project revoked on ``on`` (第二十五条)."""
    past = {"project_name": "提高焊接电弧稳定性", "credit_code": code}
    return [
        event("excellent_recognized", "2023-11-20", year, **past),
        event("recognition_revoked", on, year, reason="false_materials", public_notice=True, **past),
    ]


def bar_status(d: gr.Decision) -> set[str]:
    return statuses(cited(d, REG, "第二十五条"))


def test_a_bar_refuses_an_application_after_the_revocation() -> None:
    """product.md, "The five-year bar (第二十五条)": "An application made after the revocation and on or before that
    end date is refused". 第二十五条: 5年内不接受其再次申报质量攻关项目."""
    d = gr.evaluate(BASE[2026], 2026, history=revoked("2025-06-01"))
    assert d.outcome == "ineligible"
    assert bar_status(d) == {"fail"}
    f = cited(d, REG, "第二十五条")[0]
    assert f.remedy is not None and f.remedy.curable is False and list(f.remedy.facts) == []


@pytest.mark.parametrize(
    ("revocation", "application", "barred"),
    [
        ("2024-03-15", "2029-03-15", True),  # the corresponding date five years later is the last day
        ("2024-03-15", "2029-03-16", False),
        ("2024-02-29", "2029-02-28", True),  # 2月29日 → 2月28日
        ("2024-02-29", "2029-03-01", False),
        ("2024-03-15", "2024-03-16", True),  # the day after the revocation
    ],
)
def test_the_bar_ends_on_the_corresponding_date_five_years_later(
    revocation: str, application: str, barred: bool
) -> None:
    """product.md: "It runs from the day of the revocation: that day is not counted and the period ends on the
    corresponding date five years later (民法典 第二百零一条, 第二百零二条; 2月29日 → 2月28日). An application made
    after
    the revocation and on or before that end date is refused; one ... after the end date, is not.\""""
    d = gr.evaluate(
        app(2026, submitted_to_recommender_on=application, recommended_on=application),
        2026,
        history=revoked(revocation),
    )
    assert bar_status(d) == ({"fail"} if barred else {"pass"})


def test_an_application_before_the_revocation_is_not_barred() -> None:
    """product.md: "one made before the revocation ... is not" refused."""
    d = gr.evaluate(BASE[2026], 2026, history=revoked("2026-04-15"))  # submitted 4月10日, revoked 4月15日
    assert bar_status(d) == {"pass"}
    assert d.outcome == "eligible"


def test_the_application_date_is_submission_else_recommendation() -> None:
    """product.md: "The application's date is `submitted_to_recommender_on`, else `recommended_on`."""
    history = revoked("2026-04-12")
    # submitted 4月10日 (before), recommended 4月18日 (after): the submission decides → not barred
    assert bar_status(gr.evaluate(BASE[2026], 2026, history=history)) == {"pass"}
    # no submission date: the recommendation (after the revocation) decides → barred
    d = gr.evaluate(app(2026, submitted_to_recommender_on=...), 2026, history=history)
    assert bar_status(d) == {"fail"}


@pytest.mark.parametrize(("revocation", "barred"), [("2023-12-28", False), ("2023-12-29", True), ("2024-01-02", True)])
def test_only_revocations_from_2023_12_29_create_a_bar(revocation: str, barred: bool) -> None:
    """product.md: "Only revocations dated on or after 2023-12-29 (the 管理办法 in force, 第二十七条) create a bar."
    第二十七条: 本办法自印发之日起施行 (印发 2023年12月29日)."""
    d = gr.evaluate(BASE[2025], 2025, history=revoked(revocation, code=CODE_TANGGU))
    assert bar_status(d) == ({"fail"} if barred else {"pass"})
    assert d.outcome == ("ineligible" if barred else "eligible")


def test_the_bar_binds_a_district_plans_applicants_too() -> None:
    """product.md: "A district plan ...: Of the 管理办法, 第八条, 第十条 and 第二十五条 bind its applicants too"."""
    history = [
        event("excellent_recognized", "2023-11-20", 2023, credit_code=CODE_TANGGU, project_name="提高焊接电弧稳定性"),
        event(
            "recognition_revoked",
            "2024-06-01",
            2023,
            credit_code=CODE_TANGGU,
            project_name="提高焊接电弧稳定性",
            reason="improper_means",
            public_notice=True,
        ),
    ]
    d = gr.evaluate(BASE[2025], 2025, history=history)
    assert d.outcome == "ineligible"
    assert bar_status(d) == {"fail"}


def test_the_bar_does_not_reach_back_to_2019_or_2021() -> None:
    """product.md: "Where a plan has no eligibility clause (2019, 2021), the engine ... does not import the 管理办法
    into a year before it existed"; "A rule whose document is not in force for the plan ... gives
    `not_applicable`"."""
    d = gr.evaluate(BASE[2021], 2021, history=revoked("2020-01-10", 2019))
    assert bar_status(d) == {"not_applicable"}


# ------------------------------------------------------------------ which text governs


@pytest.mark.parametrize("year", [2019, 2021])
def test_the_regulation_is_not_applicable_before_it_existed(year: int) -> None:
    """product.md: "A rule whose document is not in force for the plan (the 管理办法 for 2019 and 2021) gives
    `not_applicable`, saying why"; "The 管理办法 governs a plan issued within its span (2023-12-29 to 2028-12-28,
    第二十七条): 2025 and 2026, not 2019 or 2021 (their findings from it are `not_applicable`, saying why)"."""
    for application in (BASE[year], {}, app(year, materials=[], **{"applicant.org_type": "government_agency"})):
        d = gr.evaluate(application, year)
        from_regulation = [f for f in d.findings if all(c.document == REG for c in f.citations)]
        assert from_regulation, "the 管理办法's rules are considered"
        for f in from_regulation:
            assert f.status == "not_applicable", (f.rule_id, f.status)
            assert f.remedy is None
            assert f.message("zh").strip() and f.message("en").strip()
        for f in d.findings:
            if any(c.document == REG for c in f.citations):
                assert f.status in ("not_applicable", "info"), (f.rule_id, f.status)


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_regulation_governs_2025_and_2026(year: int) -> None:
    """product.md: the 管理办法 governs "2025 and 2026"; 第八条 binds their applicants."""
    d = gr.evaluate(BASE[year], year)
    assert statuses(cited(d, REG, "第八条", "（一）")) == {"pass"}
    bad = gr.evaluate(app(year, **{"applicant.org_type": "government_agency"}), year)
    assert "fail" in statuses(cited(bad, REG, "第八条", "（一）"))


def test_a_decision_after_the_span_says_the_regulation_has_expired() -> None:
    """product.md: "A decision dated after the span says that the 管理办法 has expired." 第二十七条: 有效期5年."""
    within = gr.evaluate(BASE[2026], 2026, as_of="2028-12-28")
    after = gr.evaluate(BASE[2026], 2026, as_of="2028-12-29")
    said_after = [f for f in cited(after, REG, "第二十七条") if "expired" in f.message("en").lower()]
    assert said_after
    assert any("失效" in f.message("zh") for f in said_after)
    assert not [f for f in cited(within, REG, "第二十七条") if "has expired" in f.message("en").lower()]


def test_district_plan_who_may_apply_is_its_own_district() -> None:
    """product.md: "**A district plan** (2019 and 2025 滨海新区) governs its own stage with its own lists: who may
    apply (its district)". 2025 二（一）: 在滨海新区行政区域内登记注册的企事业单位."""
    d = gr.evaluate(app(2025, **{"applicant.district": "宝坻区", "applicant.credit_code": CODE_BAODI}), 2025)
    assert d.outcome == "ineligible"
    assert "fail" in statuses(cited(d, P2025, "二", "（一）"))
    d2019 = gr.evaluate(app(2019, **{"applicant.district": "宝坻区", "applicant.credit_code": CODE_BAODI}), 2019)
    assert d2019.outcome == "ineligible"
    assert any(f.status == "fail" and "applicant.district" in f.facts for f in d2019.findings)


@pytest.mark.parametrize(
    ("year", "kind", "allowed"),
    [
        # 2025 四 推荐单位：各开发区市场监管局、各市场监管所
        (2025, "zone_market_regulator", True),
        (2025, "market_regulation_office", True),
        (2025, "industry_association", False),
        (2025, "city_industry_authority", False),
        # 2019 四 推荐单位：各功能区市场监管局，各市场监管所，各有关集团公司，各有关企业
        (2019, "zone_market_regulator", True),
        (2019, "market_regulation_office", True),
        (2019, "industrial_group", True),
        (2019, "enterprise", True),
        (2019, "city_industry_authority", False),
        (2019, "industry_association", False),
        # 2021 三（一） 天津市质量工作领导小组各成员单位、各区市场监管局、各工业集团及行业协会作为推荐单位
        (2021, "quality_group_member", True),
        (2021, "district_market_regulator", True),
        (2021, "industrial_group", True),
        (2021, "industry_association", True),
        (2021, "enterprise", False),
        # 2026 四（一） 各市级行业主管部门和有关行业协会、区市场监督管理部门作为推荐单位
        (2026, "city_industry_authority", True),
        (2026, "industry_association", True),
        (2026, "district_market_regulator", True),
        (2026, "enterprise", False),
        (2026, "industrial_group", False),
    ],
)
def test_who_may_recommend_per_plan(year: int, kind: str, allowed: bool) -> None:
    """product.md: "who may recommend (its 四). Of the 管理办法 ... 第六条 (the city's recommenders) does not replace
    the district's own list"; "Who may recommend differs per plan (管理办法 第六条; 2019 四; 2021 三（一）; 2025 四;
    2026 四（一）)" (seed README)."""
    d = gr.evaluate(app(year, **{"recommender.kind": kind}), year)
    on_kind = looking_at(d, "recommender.kind")
    assert on_kind
    if allowed:
        assert d.outcome == "eligible", [(f.rule_id, f.status) for f in on_kind]
    else:
        assert d.outcome == "ineligible"
        assert "fail" in statuses(on_kind)
    if year == 2025:
        # 第六条 does not replace the district's list: it neither passes nor fails the recommender there
        assert statuses(cited(d, REG, "第六条")) <= {"not_applicable"}


@pytest.mark.parametrize("year", [2025])
def test_district_plan_binds_articles_8_10_25(year: int) -> None:
    """product.md: "Of the 管理办法, 第八条, 第十条 and 第二十五条 bind its applicants too"."""
    d = gr.evaluate(app(year, materials=[]), year)
    assert "fail" in statuses(cited(d, REG, "第十条"))
    d = gr.evaluate(app(year, **{"applicant.org_type": "government_agency"}), year)
    assert "fail" in statuses(cited(d, REG, "第八条", "（一）"))


@pytest.mark.parametrize("year", [2019, 2021])
def test_no_eligibility_clause_rules_are_marked_as_inference(year: int) -> None:
    """product.md: "**Where a plan has no eligibility clause** (2019, 2021), the engine applies only what the text
    implies (the plan's territory, its own clauses) and marks such a rule as an inference in its message"."""
    d = gr.evaluate(app(year, **{"applicant.district": "外省市"}), year)
    territory = [f for f in d.findings if "applicant.district" in f.facts and f.status == "fail"]
    assert territory, "the plan's territory is implied"
    assert d.outcome == "ineligible"
    for f in territory:
        assert "推定" in f.message("zh") or "推断" in f.message("zh"), f.message("zh")
        assert "infer" in f.message("en").lower(), f.message("en")


@pytest.mark.parametrize("year", [2019, 2021])
def test_no_eligibility_clause_does_not_import_the_regulation(year: int) -> None:
    """product.md: "it does not import the 管理办法 into a year before it existed" — 第八条（一）'s kinds of unit do not
    fail a 2019 or 2021 application (neither plan names the kinds of unit that may apply)."""
    d = gr.evaluate(app(year, **{"applicant.org_type": "social_organization"}), year)
    assert not [f for f in by_status(d, "fail") if any(c.document == REG for c in f.citations)]


# ------------------------------------------------------------------ 第八条（一）


@pytest.mark.parametrize("year", [2025, 2026])
def test_article_8_1_professional_organisation_recognised_by_its_authority(year: int) -> None:
    """product.md: "**第八条（一）**: registration in Tianjin attaches to 企事业单位; a professional organisation is
    eligible when recognised by its 行业主管部门." 第八条（一）:
    或是由行业主管部门认可成立的进行行业质量管理的专业组织."""
    # a 社会团体 code (51…): the code's category agrees with a professional organisation
    org = {"applicant.org_type": "industry_organization", "applicant.credit_code": "5112022450001234XP"}
    recognised = gr.evaluate(app(year, **org, **{"applicant.recognized_by_authority": True}), year)
    assert "fail" not in statuses(cited(recognised, REG, "第八条", "（一）"))
    assert "review" not in statuses(looking_at(recognised, "applicant.org_type"))
    not_recognised = gr.evaluate(app(year, **org, **{"applicant.recognized_by_authority": False}), year)
    assert not_recognised.outcome == "ineligible"
    assert "fail" in statuses(cited(not_recognised, REG, "第八条", "（一）"))
    unknown = gr.evaluate(app(year, **org), year)
    assert unknown.outcome == "needs_review"
    assert "review" in statuses(cited(unknown, REG, "第八条", "（一）"))


@pytest.mark.parametrize("kind", ["enterprise", "public_institution", "企业", "事业单位"])
def test_article_8_1_enterprises_and_institutions_registered_in_tianjin(kind: str) -> None:
    """product.md: "registration in Tianjin attaches to 企事业单位"; "A unit that declares itself outside Tianjin
    fails a Tianjin plan."."""
    code = "12120224400056783K" if kind in ("public_institution", "事业单位") else CODE_BAODI
    inside = gr.evaluate(app(2026, **{"applicant.org_type": kind, "applicant.credit_code": code}), 2026)
    assert inside.outcome == "eligible"
    outside = gr.evaluate(app(2026, **{"applicant.org_type": kind, "applicant.district": "外省市"}), 2026)
    assert outside.outcome == "ineligible"
    fails = [f for f in by_status(outside, "fail") if "applicant.district" in f.facts]
    assert fails
    for f in fails:
        assert f.remedy is not None and f.remedy.curable is False  # "registered outside the territory"


def test_article_8_1_a_government_agency_may_not_apply() -> None:
    """第八条（一） names 企事业单位 and recognised professional organisations, not 机关; product.md: "an organisation
    type that may not apply" is a fail that is not curable."""
    d = gr.evaluate(
        app(2026, **{"applicant.org_type": "government_agency", "applicant.credit_code": "111202240001234577"}), 2026
    )
    assert d.outcome == "ineligible"
    fails = [f for f in cited(d, REG, "第八条", "（一）") if f.status == "fail"]
    assert fails
    assert all(f.remedy is not None and f.remedy.curable is False for f in fails)


# ------------------------------------------------------------------ texts not in hand


def test_texts_not_in_hand_are_info_never_review() -> None:
    """product.md: "**Texts not in our hands** (2026's 名称规范指引 附件4, DB12/T 1273-2023, the 申报书 forms): the rule
    is reported as `info` ("not checked: the text is not available"), never `review` for every application."""
    d = gr.evaluate(BASE[2026], 2026)
    assert d.outcome == "eligible"
    not_checked = [f for f in d.findings if "not checked" in f.message("en").lower()]
    assert not_checked, "the rules whose texts are not in hand say so"
    assert {str(f.status) for f in not_checked} == {"info"}
    assert any("附件4" in f.message("zh") for f in not_checked)
    for f in not_checked:
        assert f.remedy is None


# ------------------------------------------------------------------ identity


@pytest.mark.parametrize(
    ("code", "district", "status"),
    [
        (CODE_BAODI, "宝坻区", "pass"),  # agree
        (CODE_TANGGU, "滨海新区", "pass"),  # 塘沽 → 滨海新区
        (CODE_CITY, "宝坻区", "pass"),  # city level: cannot tell
        (CODE_BAODI, "和平区", "review"),  # disagree
        (CODE_BEIJING, "宝坻区", "review"),  # non-Tianjin code, Tianjin district
    ],
)
def test_declared_district_decides_credit_code_corroborates(code: str, district: str, status: str) -> None:
    """product.md: "**The declared district decides; the credit code corroborates.** ... Code and declared district
    agree (historical codes mapped: 塘沽/汉沽/大港 → 滨海新区, old county codes → their districts) → pass; a city-level
    code (120000/120100) cannot tell the district → pass, noting it; they disagree, or a non-Tianjin code with a
    Tianjin district → review, showing both."."""
    d = gr.evaluate(app(2026, **{"applicant.credit_code": code, "applicant.district": district}), 2026)
    both = [f for f in d.findings if "applicant.district" in f.facts and "applicant.credit_code" in f.facts]
    assert both, "a rule looks at the district and the code together"
    assert status in statuses(both)
    if status == "review":
        assert d.outcome == "needs_review"
        shown = [f for f in both if f.status == "review"]
        assert all(district in f.message("zh") for f in shown)
        assert all(f.remedy is not None and f.remedy.curable is None for f in shown)
    else:
        assert d.outcome == "eligible"
        assert "review" not in statuses(both) and "fail" not in statuses(both)


def test_city_level_code_is_noted() -> None:
    """product.md: "a city-level code (120000/120100) cannot tell the district → pass, noting it"."""
    d = gr.evaluate(app(2026, **{"applicant.credit_code": CODE_CITY}), 2026)
    noted = [f for f in d.findings if "applicant.credit_code" in f.facts and "applicant.district" in f.facts]
    assert any("120000" in f.message("zh") or "市级" in f.message("zh") for f in noted)


def test_a_bad_check_character_is_review_showing_the_computed_character() -> None:
    """product.md: "**A bad check character is review** (a few genuine early codes fail the checksum), showing the
    computed character"; the remedy is None ("a credit code whose check character fails")."""
    d = gr.evaluate(app(2026, **{"applicant.credit_code": CODE_BAODI[:17] + "A"}), 2026)
    assert d.outcome == "needs_review"
    assert not by_status(d, "fail")
    code_reviews = [f for f in looking_at(d, "applicant.credit_code", "review") if "U" in f.message("en")]
    assert code_reviews, [f.message("en") for f in looking_at(d, "applicant.credit_code")]
    assert any(f.remedy is not None and f.remedy.curable is None for f in code_reviews)


@pytest.mark.parametrize("code", [CODE_BAODI[:16], CODE_BAODI + "9", "9112O224064012553U"])
def test_a_malformed_code_is_a_fail_of_the_field(code: str) -> None:
    """product.md: "a malformed code (length, alphabet) is a fail of the field"."""
    d = gr.evaluate(app(2026, **{"applicant.credit_code": code}), 2026)
    assert d.outcome == "ineligible"
    fails = looking_at(d, "applicant.credit_code", "fail")
    assert fails
    assert any(f.remedy is not None and "applicant.credit_code" in f.remedy.facts for f in fails)


# ------------------------------------------------------------------ duplication


def past(
    kind: str, year: int, name: str = "降低药芯焊丝焊接飞溅率", code: str = CODE_BAODI, unit: str = "天津某焊材有限公司"
) -> dict[str, Any]:
    dates = {2019: "2019-06-01", 2021: "2021-06-01", 2023: "2023-11-20", 2024: "2024-10-20"}
    return {"kind": kind, "date": dates[year], "year": year, "credit_code": code, "unit": unit, "project_name": name}


def test_2026_duplicate_of_an_excellent_result_fails() -> None:
    """product.md: "the same unit with the same normalised project name as a record in the plan's scope → fail".
    2026 一（三）: 不得与历年优秀成果项目雷同; 第八条（三）."""
    d = gr.evaluate(BASE[2026], 2026, history=[past("excellent_recognized", 2024)])
    assert d.outcome == "ineligible"
    assert "fail" in statuses(cited(d, P2026, "一", "（三）"))
    fails = [f for f in by_status(d, "fail") if "project.name" in f.facts]
    assert fails and all(f.remedy is not None and f.remedy.curable is False for f in fails)


def test_2026_past_project_that_was_not_excellent_is_out_of_scope() -> None:
    """product.md: "duplication scope (excellent results vs any past project)"; seed README: 2026 一（三） forbids
    duplicating past *excellent results*: an approved project that was not recognised is outside its scope."""
    d = gr.evaluate(BASE[2026], 2026, history=[past("approved", 2024)])
    assert not [f for f in by_status(d, "fail") if "project.name" in f.facts]


def test_2021_duplicate_of_any_past_project_fails() -> None:
    """Seed README: "2019 七（三）, 2021 三（一） and 2025 六（三） forbid duplicating *any past project*"."""
    d = gr.evaluate(BASE[2021], 2021, history=[past("approved", 2019)])
    assert d.outcome == "ineligible"
    assert "fail" in statuses(cited(d, P2021, "三", "（一）", fact="project.name"))


def test_2025_both_clauses_each_under_its_own_citation() -> None:
    """product.md: "Where one document has both an excellent-results clause and an any-past-project clause (2025:
    二（三） and 六（三）), a match under either is reported under its own citation."."""
    code = {"code": CODE_TANGGU}
    approved_only = gr.evaluate(BASE[2025], 2025, history=[past("approved", 2023, **code)])
    assert "fail" in statuses(cited(approved_only, P2025, "六", "（三）", fact="project.name"))
    assert "fail" not in statuses(cited(approved_only, P2025, "二", "（三）"))
    excellent = gr.evaluate(BASE[2025], 2025, history=[past("excellent_recognized", 2023, **code)])
    assert "fail" in statuses(cited(excellent, P2025, "二", "（三）"))


def test_same_name_from_another_unit_is_review_naming_the_record() -> None:
    """product.md: "the same name from another unit, or a near-identical name → review, naming the closest records"."""
    other = past("excellent_recognized", 2024, code=CODE_BINHAI_OTHER, unit="天津另一焊材有限公司")
    d = gr.evaluate(BASE[2026], 2026, history=[other])
    assert d.outcome == "needs_review"
    reviews = [f for f in by_status(d, "review") if "project.name" in f.facts]
    assert reviews
    assert any("天津另一焊材有限公司" in f.message("zh") or CODE_BINHAI_OTHER in f.message("zh") for f in reviews)
    assert all(f.remedy is not None and f.remedy.curable is None for f in reviews)  # "a near-duplicate name"


def test_near_identical_name_is_review() -> None:
    """product.md: "a near-identical name → review, naming the closest records"."""
    near = past("excellent_recognized", 2024, name="降低药芯焊丝焊接飞溅量")  # one character apart
    d = gr.evaluate(BASE[2026], 2026, history=[near])
    assert d.outcome == "needs_review"
    reviews = [f for f in by_status(d, "review") if "project.name" in f.facts]
    assert reviews
    assert any("降低药芯焊丝焊接飞溅量" in f.message("zh") for f in reviews)


def test_normalised_name_matches() -> None:
    """product.md: "the same unit with the same normalised project name" — full-width/half-width spacing and
    surrounding blanks do not make a different name."""
    d = gr.evaluate(
        app(2026, **{"project.name": "　降低药芯焊丝焊接飞溅率 "}), 2026, history=[past("excellent_recognized", 2024)]
    )
    assert d.outcome == "ineligible"


# ------------------------------------------------------------------ inputs and history


def test_history_is_the_whole_record() -> None:
    """product.md: "`history` is the whole record: what is not in it did not happen (a results submission with no
    approval on record is rejected)."."""
    d = gr.evaluate_event(
        event("results_submitted", "2026-09-10", 2026, notice_deadline="2026-09-15"), 2026, history=RESULTS_IN_2026[:2]
    )
    assert d.outcome == "rejected"
    fails = by_status(d, "fail")
    assert fails and all(f.remedy is not None and f.remedy.curable is False for f in fails)  # "a step out of order"


def test_as_of_defaults_to_the_latest_date_in_the_input() -> None:
    """product.md: "`as_of` is the date the decision is taken; when absent it is the latest date in the input."."""
    assert gr.evaluate(BASE[2026], 2026).as_of == date(2026, 4, 18)
    assert gr.evaluate(app(2026, recommended_on=...), 2026).as_of == date(2026, 4, 10)
    assert gr.evaluate(BASE[2026], 2026, as_of="2026-05-01").as_of == date(2026, 5, 1)
    assert gr.evaluate(BASE[2026], 2026, as_of=date(2026, 5, 2)).as_of == date(2026, 5, 2)


@pytest.mark.parametrize(
    "path",
    ["applicant.district", "applicant.name", "project.name", "project.direction", "recommender.kind", "recommended_on"],
)
def test_an_empty_string_is_the_same_as_an_absent_field(path: str) -> None:
    """product.md: "An empty string is the same as an absent field."."""
    empty = gr.evaluate(app(2026, **{path: ""}), 2026)
    absent = gr.evaluate(app(2026, **{path: ...}), 2026)
    assert [(f.rule_id, f.status, f.code) for f in empty.findings] == [
        (f.rule_id, f.status, f.code) for f in absent.findings
    ]
    assert empty.outcome == absent.outcome
    if path != "applicant.name":  # the credit code names the unit
        assert absent.outcome == "needs_review"


@pytest.mark.parametrize("year", [2025, 2026])
def test_empty_list_is_a_declared_fact_absent_is_unknown(year: int) -> None:
    """product.md: "An explicitly empty list (`expected_benefits: []`) is a declared fact (fail), an absent one is
    unknown (review)." (Where the text sets the condition: 第八条（二）, 2025 二（二）, 2026 一（二）.)"""
    empty = gr.evaluate(app(year, **{"project.expected_benefits": []}), year)
    absent = gr.evaluate(app(year, **{"project.expected_benefits": ...}), year)
    assert empty.outcome == "ineligible"
    assert "fail" in statuses(cited(empty, REG, "第八条", "（二）"))
    assert absent.outcome == "needs_review"
    assert "review" in statuses(cited(absent, REG, "第八条", "（二）"))
    f = next(iter(looking_at(absent, "project.expected_benefits", "review")))
    assert f.remedy is not None and f.remedy.curable is True and list(f.remedy.facts) == ["project.expected_benefits"]


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"project.start_date": "2026-02-30"}, "project.start_date"),
        ({"project.start_date": "not a date"}, "project.start_date"),
        ({"applicant.org_type": "company_limited"}, "applicant.org_type"),
        ({"recommender.kind": "区政府"}, "recommender.kind"),
        ({"project.direction": "sideways"}, "project.direction"),
        ({"project.expected_benefits": ["提质增效", "更好"]}, "project.expected_benefits"),
        ({"materials": "申报书"}, "materials"),
        ({"declarations.truthful": "maybe"}, "declarations.truthful"),
        ({"applicant": ["not", "a", "mapping"]}, "applicant"),
        ({"recommended_on": 20260418}, "recommended_on"),
        ({"submitted_to_recommender_on": "2026-13-01"}, "submitted_to_recommender_on"),
    ],
)
def test_unreadable_input_raises_input_error_naming_the_field(changes: dict[str, Any], path: str) -> None:
    """product.md: "input that cannot be read at all (wrong type, unparseable date, unknown enum value) raises
    gr.InputError (a ValueError) whose message names the field path, e.g. "project.start_date""; "Wrong types and
    unknown enum values raise InputError."."""
    with pytest.raises(gr.InputError) as caught:
        gr.evaluate(app(2026, **changes), 2026)
    assert isinstance(caught.value, ValueError)
    assert path in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("kind", "开会", "kind"),
        ("date", "2026-02-30", "date"),
        ("reason", "disliked", "reason"),
        ("year", "twenty", "year"),
    ],
)
def test_unreadable_event_raises_input_error_naming_the_field(field: str, value: Any, path: str) -> None:
    """product.md: "input that cannot be read at all ... raises gr.InputError ... whose message names the field path"
    (events too); history items are events: their paths name their index."""
    bad = {**event("recognition_revoked", "2026-05-01", 2026), field: value}
    with pytest.raises(gr.InputError) as caught:
        gr.evaluate_event(bad, 2026)
    assert path in str(caught.value)
    with pytest.raises(gr.InputError) as caught:
        gr.evaluate(BASE[2026], 2026, history=[event("approved", "2024-05-01", 2024), bad])
    assert f"history[1].{path}" in str(caught.value) or f"[1].{path}" in str(caught.value)


def test_plan_published_in_the_second_half_loads_with_a_warning(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """product.md: "第九条 (a plan published in the first half of its year) binds the city's plans; a plan file that
    breaks it loads with a warning (on the plan object and from `validate`), not an error.\""""
    from .support import PLANS_DIR, run_cli

    text = (PLANS_DIR / "2026.yaml").read_text("utf-8")
    assert text.count("2026-03-23") >= 1
    path = tmp_path / "late.yaml"
    assert "by: 2026-04-20" in text
    # issued on 7月15日 (second half); its 四（一） deadline moved after it so that the file stays possible
    path.write_text(text.replace("2026-03-23", "2026-07-15").replace("by: 2026-04-20", "by: 2026-08-20"), "utf-8")
    plan = gr.load_plan(path)
    warnings = list(plan.warnings)
    assert any("第九条" in w for w in warnings), warnings
    result = run_cli("validate", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" in (result.stdout + result.stderr).lower()
    assert "第九条" in result.stdout + result.stderr
    # the bundled plan itself has no such warning
    assert not any("第九条" in w for w in gr.load_plan(2026).warnings)


def test_outcome_rule_on_the_readings_above() -> None:
    """product.md: "Outcome: any `fail` → ineligible/rejected; otherwise any `review` → needs_review; otherwise
    eligible/accepted. `info` findings ... never change it." (checked again on a few decisions of this module)."""
    for d in (
        gr.evaluate(BASE[2026], 2026),
        gr.evaluate({}, 2026),
        gr.evaluate(app(2026, recommended_on="2026-04-21"), 2026),
        gr.evaluate_event(event("results_recommended", "2026-10-01", 2026), 2026, history=RESULTS_IN_2026),
        gr.evaluate_event(event("approved", None, 2026), 2026, history=RESULTS_IN_2026[:2]),
    ):
        assert d.outcome == expected_outcome(d)


def test_unit_fields_for_history_are_the_contract_common_fields() -> None:
    """product.md: "Common fields: `kind`, `date`, `year` (the plan year it belongs to), `credit_code`, `unit` (name),
    `project_name`"; the base unit's record is matched by them."""
    assert set(UNIT) == {"credit_code", "unit", "project_name"}
    d = gr.evaluate_event(event("recommended", "2026-04-18", 2026), 2026, history=RESULTS_IN_2026[:1])
    assert d.outcome == "accepted", [(f.rule_id, f.status, f.message("en")) for f in d.findings if f.status != "pass"]


APPLICATION_PATHS = (
    "applicant.",
    "project.",
    "materials",
    "declarations.",
    "recommender.",
    "submitted_to_recommender_on",
    "recommended_on",
)


@pytest.mark.parametrize("year", [2019, 2021, 2025, 2026])
def test_missing_facts_give_review_never_a_silent_pass(year: int) -> None:
    """product.md: "Missing facts that a rule needs give `review`, never a silent `pass`."; "Every field may be absent;
    what a rule then cannot decide is `review`."."""
    d = gr.evaluate({}, year)
    assert d.outcome == "needs_review"
    for f in d.findings:
        if f.status == "pass":
            looked_at = [k for k in f.facts if k.startswith(APPLICATION_PATHS)]
            assert not looked_at, (f.rule_id, f.facts)
    for path in ("applicant.district", "project.name", "materials", "recommended_on"):
        one_missing = gr.evaluate(app(year, **{path: ...}), year)
        assert one_missing.outcome == "needs_review", (year, path)
        assert [f for f in by_status(one_missing, "review") if path in f.facts], (year, path)


@pytest.mark.parametrize(
    ("start", "status"),
    [
        ("2024-01-01", "pass"),
        ("2023-12-31", "fail"),
        ("2023-12-31T20:00:00-05:00", "pass"),  # 2024-01-01 09:00 in Beijing
        ("2023-12-31T16:30:00Z", "pass"),  # 2024-01-01 00:30 in Beijing
        ("2023-12-31T15:59:00Z", "fail"),  # 2023-12-31 23:59 in Beijing
    ],
)
def test_2026_start_date_window(start: str, status: str) -> None:
    """product.md: "the 2026 start-date window"; "Dates are ISO dates (or datetimes, read in Asia/Shanghai)". 2026
    一（三）: 申报项目应为2024年以来启动实施的项目."""
    d = gr.evaluate(app(2026, **{"project.start_date": start}), 2026)
    window = cited(d, P2026, "一", "（三）", fact="project.start_date")
    assert window
    assert status in statuses(window)
    assert d.outcome == ("eligible" if status == "pass" else "ineligible")


def test_focus_sectors_and_preferential_support_are_info() -> None:
    """product.md: "`info` findings (focus-sector match, preferential support) never change it"; "focus sectors and
    preferential directions (info, not eligibility)". 2026 三: 本年度将对质量共性技术攻关项目予以倾斜支持."""
    plain = gr.evaluate(app(2026, **{"project.sector": "餐饮"}), 2026)
    focus = gr.evaluate(app(2026, **{"project.sector": "羽绒制品"}), 2026)
    preferred = gr.evaluate(app(2026, **{"project.direction": "common_technology"}), 2026)
    for d in (plain, focus, preferred):
        assert d.outcome == "eligible"
        on_sector = looking_at(d, "project.sector")
        assert on_sector and statuses(on_sector) == {"info"}
    assert statuses(cited(preferred, P2026, "三", "（一）")) == {"info"}


def test_history_items_may_be_models() -> None:
    """product.md: "application / event / history items: the pydantic models, or plain dicts of the same shape"."""
    history = revoked("2025-06-01")
    as_models = [gr.Event.model_validate(h) for h in history]
    a = gr.evaluate(BASE[2026], 2026, history=history)
    b = gr.evaluate(gr.Application.model_validate(BASE[2026]), 2026, history=as_models)
    assert a == b and a.outcome == "ineligible"
    e = event("recommended", "2026-04-18", 2026)
    assert gr.evaluate_event(
        gr.Event.model_validate(e), 2026, history=[gr.Event.model_validate(RESULTS_IN_2026[0])]
    ) == (gr.evaluate_event(e, 2026, history=RESULTS_IN_2026[:1]))


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


LIFECYCLE_2026 = [
    ("application_submitted", "2026-04-10", {}),
    ("recommended", "2026-04-18", {}),
    ("approved", "2026-05-20", {}),
    ("results_submitted", "2026-09-10", {"notice_deadline": "2026-09-15"}),
    ("results_recommended", "2026-09-28", {}),
    ("evaluated", "2026-10-20", {"experts": [{"name": "王某", "affiliation": "天津大学", "conflict_declared": False}]}),
    ("excellent_recognized", "2026-11-20", {}),
    ("recognition_revoked", "2026-12-01", {"reason": "false_materials", "public_notice": True}),
]


def test_the_whole_lifecycle_in_order_is_accepted() -> None:
    """product.md: "approval before results (第十三条, 第十七条 ×2)"; event kinds from `application_submitted` to
    `recognition_revoked`; 2026 四: 项目申报、立项审核……提交成果、成果评定、公示公布 in order. Each event, judged
    against the
    events before it, is accepted."""
    history: list[dict[str, Any]] = []
    for kind, day, extra in LIFECYCLE_2026:
        e = event(kind, day, 2026, **extra)
        d = gr.evaluate_event(e, 2026, history=history)
        assert d.outcome == "accepted", (
            kind,
            [(f.rule_id, f.status, f.message("en")) for f in d.findings if f.status != "pass"],
        )
        history.append(e)


@pytest.mark.parametrize(
    "skipped",
    ["recommended", "approved", "results_submitted", "results_recommended", "evaluated", "excellent_recognized"],
)
def test_a_step_out_of_order_is_rejected(skipped: str) -> None:
    """product.md: "`history` is the whole record: what is not in it did not happen (a results submission with no
    approval on record is rejected)"; "for events, a step out of order" is not curable."""
    kinds = [k for k, _, _ in LIFECYCLE_2026]
    position = kinds.index(skipped)
    history = [event(k, day, 2026, **extra) for k, day, extra in LIFECYCLE_2026[:position]]
    kind, day, extra = LIFECYCLE_2026[position + 1]
    d = gr.evaluate_event(event(kind, day, 2026, **extra), 2026, history=history)
    assert d.outcome == "rejected", (skipped, kind)
    for f in by_status(d, "fail"):
        assert f.remedy is not None and f.remedy.curable is False


@pytest.mark.parametrize(
    ("year", "document", "article", "item"),
    [(2019, P2019, "七", "（三）"), (2021, P2021, "三", "（一）"), (2025, P2025, "六", "（三）")],
)
def test_originality_and_confidentiality_clauses(year: int, document: str, article: str, item: str) -> None:
    """product.md: "originality and confidentiality clauses" — 2019 七（三）, 2021 三（一）, 2025 六（三）:
    不得抄袭……不得违反
    保密规定. A declared breach fails (not curable: "a negative declaration" states a fact); an absent declaration is
    review."""
    for path in ("declarations.original", "declarations.no_confidential_content"):
        declared = gr.evaluate(app(year, **{path: False}), year)
        assert declared.outcome == "ineligible"
        fails = [f for f in cited(declared, document, article, item) if f.status == "fail" and path in f.facts]
        assert fails, (year, path)
        assert all(f.remedy is not None and f.remedy.curable is False for f in fails)
        absent = gr.evaluate(app(year, **{path: ...}), year)
        assert absent.outcome == "needs_review"
        assert [f for f in cited(absent, document, article, item) if f.status == "review" and path in f.facts]


def test_2026_has_no_originality_clause_of_its_own() -> None:
    """Seed 003 (2026) sets no 不得抄袭 or 保密 clause; the 管理办法 has none either: no rule judges those declarations
    under 2026 (every rule cites its place in the texts)."""
    for path in ("declarations.original", "declarations.no_confidential_content"):
        assert gr.evaluate(app(2026, **{path: False}), 2026).outcome == "eligible"


@pytest.mark.parametrize(
    ("topic", "outcome"), [("problem_solving", "eligible"), ("innovation", "eligible"), (..., "needs_review")]
)
def test_2021_topic_types(topic: Any, outcome: str) -> None:
    """product.md: "the 2021 topic types" — 附表 课题类型 (问题解决型、创新型)."""
    d = gr.evaluate(app(2021, **{"project.topic_type": topic}), 2021)
    assert d.outcome == outcome
    assert cited(d, P2021, "附表", fact="project.topic_type")


@pytest.mark.parametrize(
    ("direction", "outcome"),
    [("common_technology", "eligible"), ("precision_improvement", "eligible"), (..., "needs_review")],
)
def test_2026_directions(direction: Any, outcome: str) -> None:
    """product.md: "the 2026 directions" — 三 两个申报方向: 质量共性技术攻关 / 质量精准提升攻关."""
    d = gr.evaluate(app(2026, **{"project.direction": direction}), 2026)
    assert d.outcome == outcome
    assert cited(d, P2026, "三", fact="project.direction")


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
