"""product.md, "Readings already chosen" — the five-year bar (第二十五条), which text governs, district plans' own
lists, 第八条（一）, and texts not in our hands."""

from __future__ import annotations

import pytest

import gongguan_rules as gr

from .support import (
    BASE,
    CODE_BAODI,
    CODE_TANGGU,
    P2025,
    REG,
    app,
    by_status,
    cited,
    event,
    looking_at,
    revoked,
    statuses,
)

# ------------------------------------------------------------------ the five-year bar


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
