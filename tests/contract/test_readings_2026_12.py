"""product.md, "Readings chosen in December 2026 (after an outside reading of the texts)", with cases from the
seed texts. Each test names the reading it checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr

from .support import (
    BASE,
    CODE_TANGGU,
    P2025,
    P2026,
    PLANS_DIR,
    REG,
    app,
    by_status,
    chain,
    cited,
    event,
    looking_at,
    messages,
    run_cli,
    statuses,
)

# ------------------------------------------------------------------ the early side of a fuzzy period


def organise_step(d: gr.Decision) -> list[gr.Finding]:
    """The findings on the 2025 五（一） 组织申报（4月） step: the unit's submission to its recommender."""
    return [
        f
        for f in looking_at(d, "submitted_to_recommender_on")
        if any(c.document == P2025 and c.article == "五" and c.item == "（一）" for c in f.citations)
        and "recommended_on" not in f.facts
    ]


def test_the_early_side_of_a_fuzzy_period_is_review() -> None:
    """product.md: "**The early side of a fuzzy period is review, not fail.** The texts forbid lateness (逾期), not
    earliness: a step before its period's certain span (2025 组织申报（4月）, a submission on 3月28日) is review, saying
    it came before the period"."""
    d = gr.evaluate(app(2025, submitted_to_recommender_on="2025-03-28"), 2025)
    step = organise_step(d)
    assert step
    assert statuses(step) == {"review"}, [(f.rule_id, f.status, f.code) for f in step]
    assert d.outcome == "needs_review"
    assert any("before" in f.message("en").lower() for f in step)
    for f in step:
        assert f.remedy is not None and f.remedy.curable is None  # "a date before the period" is for a person


@pytest.mark.parametrize("submitted", ["2025-01-02", "2025-02-15", "2025-03-28"])
def test_any_early_date_is_never_a_fail(submitted: str) -> None:
    """product.md: "a step before its period's certain span ... is review"."""
    d = gr.evaluate(app(2025, submitted_to_recommender_on=submitted), 2025)
    assert "fail" not in statuses(organise_step(d))
    assert d.outcome != "ineligible"


def test_the_late_side_stays_fail_outside_the_margin() -> None:
    """product.md: "the late side stays fail outside the margin"."""
    d = gr.evaluate(app(2025, submitted_to_recommender_on="2025-05-04", recommended_on="2025-05-04"), 2025)
    assert "fail" in statuses(organise_step(d))


# ------------------------------------------------------------------ 第十八条 and 第十九条 under a district plan


def evaluated_history(year: int, code: str = CODE_TANGGU) -> list[dict[str, Any]]:
    dates = {
        "application_submitted": f"{year}-04-10",
        "recommended": f"{year}-04-15",
        "approved": f"{year}-05-20",
        "results_submitted": f"{year}-08-05",
        "results_recommended": f"{year}-08-10",
    }
    return chain(year, "results_recommended", dates, credit_code=code, notice_deadline=f"{year}-08-20")


def conflicted_panel() -> list[dict[str, Any]]:
    return [
        {"name": "张某", "affiliation": "天津大学", "conflict_declared": False},
        {"name": "李某", "affiliation": "天津某焊材有限公司", "conflict_declared": True, "withdrawn": False},
    ]


def test_article_18_binds_a_district_plans_evaluation() -> None:
    """product.md: "**第十八条 and 第十九条 bind a district plan's evaluation too.** ... A conflicted expert who does
    not
    recuse ... under 2025 is rejected, citing the article and saying why it binds."."""
    e = event("evaluated", "2025-08-28", 2025, credit_code=CODE_TANGGU, experts=conflicted_panel())
    d = gr.evaluate_event(e, 2025, history=evaluated_history(2025))
    assert d.outcome == "rejected"
    recusal = cited(d, REG, "第十八条")
    assert "fail" in statuses(recusal)
    failing = [f for f in recusal if f.status == "fail"]
    assert all(f.remedy is not None and f.remedy.curable is False for f in failing)  # "an unrecused expert"
    # "saying why it binds": 第二条 extends the 管理办法 to the city's evaluations; 2025 attaches it (附件2)
    assert any("第二条" in f.message("zh") or "附件2" in f.message("zh") for f in failing), [
        f.message("zh") for f in failing
    ]


def test_article_19_binds_a_district_plans_evaluation() -> None:
    """product.md: "... or a fee charged to a project unit, under 2025 is rejected, citing the article and saying why
    it binds". 第十九条: 各项目单位不承担任何费用."""
    e = event("fee_charged", "2025-08-28", 2025, credit_code=CODE_TANGGU, amount=2000, charged_by="某评定机构")
    d = gr.evaluate_event(e, 2025, history=evaluated_history(2025))
    assert d.outcome == "rejected"
    fees = [f for f in cited(d, REG, "第十九条") if f.status == "fail"]
    assert fees
    assert all(f.remedy is not None and f.remedy.curable is False for f in fees)  # "a fee charged"
    assert any("第二条" in f.message("zh") or "附件2" in f.message("zh") for f in fees), [f.message("zh") for f in fees]


@pytest.mark.parametrize("year", [2019, 2021])
def test_no_rule_judges_recusal_or_fees_before_the_regulation(year: int) -> None:
    """product.md: "Under 2019 and 2021 (before the 管理办法) no rule judges them."."""
    code = CODE_TANGGU if year == 2019 else BASE[2021]["applicant"]["credit_code"]
    for e in (
        event("evaluated", f"{year}-09-20", year, credit_code=code, experts=conflicted_panel()),
        event("fee_charged", f"{year}-09-20", year, credit_code=code, amount=2000),
    ):
        d = gr.evaluate_event(e, year, history=evaluated_history(year, code))
        for f in cited(d, REG, "第十八条") + cited(d, REG, "第十九条"):
            assert f.status == "not_applicable", (f.rule_id, f.status)
        assert not [f for f in by_status(d, "fail") if "experts" in f.facts or "amount" in f.facts]


# ------------------------------------------------------------------ the 申报书 as the materials


def test_2026_application_form_stands_for_its_contents() -> None:
    """product.md: "**Where the plan makes the 申报书 the materials** (2026 四（一）
    「立项申报材料即《天津市质量攻关项目申报书》」),
    第十条's 可行性分析 and 预期成效 are contents of that form: an application listing the 申报书 but not those items
    separately is review ("not confirmed"), never fail."."""
    d = gr.evaluate(app(2026, materials=["application_form"]), 2026)
    assert d.outcome == "needs_review"
    on_materials = looking_at(d, "materials")
    assert "fail" not in statuses(on_materials)
    assert "review" in statuses(cited(d, REG, "第十条"))
    same = gr.evaluate(app(2026, materials=["申报书"]), 2026)
    assert same.outcome == "needs_review"


@pytest.mark.parametrize("materials", [["feasibility_analysis"], ["feasibility_analysis", "expected_results"], []])
def test_2026_without_the_application_form_items_are_checked(materials: list[str]) -> None:
    """product.md: "Without the 申报书 they are checked as items; an explicitly empty list still fails."."""
    d = gr.evaluate(app(2026, materials=materials), 2026)
    assert d.outcome == "ineligible"
    assert "fail" in statuses(looking_at(d, "materials"))
    fails = looking_at(d, "materials", "fail")
    assert all(
        f.remedy is not None and f.remedy.curable is True and list(f.remedy.facts) == ["materials"] for f in fails
    )


# ------------------------------------------------------------------ 2026 and the district's offices


@pytest.mark.parametrize("kind", ["market_regulation_office", "zone_market_regulator", "市场监管所"])
def test_2026_district_offices_recommending_are_review(kind: str) -> None:
    """product.md: "**2026 and the district's own offices.** A 市场监管所 or a 开发区/功能区市场监管局 recommending
    under the
    2026 city plan is review ... not fail."."""
    d = gr.evaluate(
        app(2026, **{"recommender.kind": kind, "recommender.name": "天津市宝坻区市场监督管理局某市场监管所"}), 2026
    )
    assert d.outcome == "needs_review"
    on_kind = looking_at(d, "recommender.kind")
    assert "review" in statuses(on_kind)
    assert "fail" not in statuses(on_kind)


# ------------------------------------------------------------------ the empty list


@pytest.mark.parametrize(
    ("year", "outcome"), [(2019, "needs_review"), (2021, "needs_review"), (2025, "ineligible"), (2026, "ineligible")]
)
def test_an_explicitly_empty_benefits_list_follows_its_rules_reading(year: int, outcome: str) -> None:
    """product.md: "**An explicitly empty list follows its rule's own reading.** Where a plan's benefit rule is an
    inference (2019, 2021: no eligibility clause), `expected_benefits: []` is review like any other unmatched value;
    where the text sets the condition (第八条（二）, 2025 二（二）, 2026 一（二）) it fails."."""
    d = gr.evaluate(app(year, **{"project.expected_benefits": []}), year)
    assert d.outcome == outcome
    on_benefits = looking_at(d, "project.expected_benefits")
    if outcome == "ineligible":
        assert "fail" in statuses(on_benefits)
    else:
        assert "fail" not in statuses(on_benefits)
        assert "review" in statuses(on_benefits)


# ------------------------------------------------------------------ sanctions quoted only where stated


def test_not_received_after_the_deadline_is_quoted_under_2026_six() -> None:
    """product.md: "**A sanction is quoted only where its text states it.** 「逾期不再接收」 belongs to 2026
    四（六）"."""
    history = chain(
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
    d = gr.evaluate_event(event("results_recommended", "2026-10-01", 2026), 2026, history=history)
    late = [f for f in cited(d, P2026, "四", "（六）") if f.status == "fail"]
    assert late
    assert any("逾期不再接收" in f.message("zh") for f in late)


@pytest.mark.parametrize(
    ("year", "late"),
    [(2019, "2019-04-23"), (2021, "2021-04-17"), (2025, "2025-04-17"), (2026, "2026-04-21")],
)
def test_a_late_step_under_another_clause_does_not_quote_the_sanction(year: int, late: str) -> None:
    """product.md: "「逾期不再接收」 belongs to 2026 四（六）; a late step under another plan says it is late against
    that
    plan's date and cites it, nothing more." (2026 四（一）'s 4月20日前 states no sanction either.)"""
    d = gr.evaluate(app(year, recommended_on=late), year)
    assert d.outcome == "ineligible"
    texts = [*messages(d, "zh"), d.explain("zh")]
    assert not any("不再接收" in t for t in texts), [t for t in texts if "不再接收" in t]
    texts_en = [*messages(d, "en"), d.explain("en")]
    assert not any("not accepted" in t.lower() or "no longer accepted" in t.lower() for t in texts_en)
    late_findings = looking_at(d, "recommended_on", "fail")
    assert late_findings
    assert any(
        late[5:].replace("-", "") in f.message("zh").replace("-", "") or late in f.message("zh") for f in late_findings
    )


@pytest.mark.parametrize(
    ("kind", "year"),
    [
        ("recommended", 2026),
        ("approved", 2026),
        ("results_submitted", 2026),
        ("fee_charged", 2025),
        ("evaluated", 2025),
    ],
)
def test_an_event_is_never_called_an_application(kind: str, year: int) -> None:
    """product.md: "An event is never called a 申报 in a message" (the decision is on an event, not on an
    application: no message says "该申报" / "this application" of it)."""
    code = CODE_TANGGU if year == 2025 else BASE[2026]["applicant"]["credit_code"]
    d = gr.evaluate_event(event(kind, f"{year}-04-19", year, credit_code=code), year, history=[])
    for text in [*messages(d, "zh"), d.explain("zh")]:
        assert not re.search(r"(该|本|此)申报(?!单位|书|材料|日期|项目|工作|阶段)", text), text
    for text in [*messages(d, "en"), d.explain("en")]:
        assert "this application" not in text.lower() and "the application is" not in text.lower(), text


@pytest.mark.parametrize("year", [2021, 2025, 2026])
def test_an_applicant_outside_tianjin_is_never_told_it_is_in_tianjin(year: int) -> None:
    """product.md: "an applicant outside Tianjin is never told it is in Tianjin"."""
    d = gr.evaluate(app(year, **{"applicant.district": "外省市"}), year)
    assert d.outcome == "ineligible"
    for f in d.findings:
        zh, en = f.message("zh"), f.message("en")
        assert not re.search(r"(?<!不)(属|在|位于)(天津市|本市)(行政区域)?内", zh), (f.rule_id, zh)
        if re.search(r"\b(within|in) (天津市|Tianjin)\b", en):
            assert re.search(r"\bnot\b|outside", en), (f.rule_id, en)


# ------------------------------------------------------------------ statutory holidays


def plan_with_deadline(tmp_path: Path, day: str) -> Path:
    """The 2026 plan with its 四（一） governed deadline moved to ``day``."""
    text = (PLANS_DIR / "2026.yaml").read_text("utf-8")
    assert "by: 2026-04-20" in text
    path = tmp_path / f"holiday-{day}.yaml"
    path.write_text(text.replace("by: 2026-04-20", f"by: {day}"), "utf-8")
    return path


REST_DAYS = [
    "2026-05-01",  # 劳动节 (State Council notice for 2026)
    "2026-04-05",  # 清明节, a Sunday
    "2026-04-25",  # a Saturday
]


def test_validate_warns_when_a_governed_deadline_falls_on_a_rest_day(tmp_path: Path) -> None:
    """product.md: "**Statutory holidays.** A plan's dates are fixed days (期日), read as written; `validate` and the
    invariant suite warn when a governed deadline falls on a weekend or a statutory holiday"."""
    paths = [plan_with_deadline(tmp_path, day) for day in REST_DAYS]
    result = run_cli("validate", *map(str, paths))
    out = result.stdout + result.stderr
    assert result.returncode == 0, out  # a warning, not a fault
    for day, path in zip(REST_DAYS, paths, strict=True):
        warned = [line for line in out.splitlines() if line.lower().startswith("warning") and path.name in line]
        assert any(day in line for line in warned), (day, out)
        # read as written: the deadline day itself is on time
        on_the_day = app(2026, recommended_on=day, submitted_to_recommender_on="2026-04-01")
        assert gr.evaluate(on_the_day, gr.load_plan(path)).outcome == "eligible"


def test_validate_is_quiet_for_a_working_day(tmp_path: Path) -> None:
    """product.md: the warning is for "a governed deadline [that] falls on a weekend or a statutory holiday";
    2026-04-20 is a Monday and 2026-09-30 a Wednesday (working days)."""
    result = run_cli("validate", "2026")
    assert result.returncode == 0
    assert "warning" not in (result.stdout + result.stderr).lower()


def test_the_bar_ends_as_counted_without_a_holiday_shift() -> None:
    """product.md: "The five-year bar ends as counted (no holiday shift: the bar is a restriction, not a time allowed
    to act)." Revoked 2024-10-01 → ends 2029-10-01 (国庆节); an application on 2029-10-02 is not barred."""
    past = {"project_name": "提高焊接电弧稳定性"}
    history = [
        event("excellent_recognized", "2023-11-20", 2023, **past),
        event("recognition_revoked", "2024-10-01", 2023, reason="false_materials", public_notice=True, **past),
    ]
    on_last_day = gr.evaluate(
        app(2026, submitted_to_recommender_on="2029-10-01", recommended_on="2029-10-01"), 2026, history=history
    )
    after = gr.evaluate(
        app(2026, submitted_to_recommender_on="2029-10-02", recommended_on="2029-10-02"), 2026, history=history
    )
    assert statuses(cited(on_last_day, REG, "第二十五条")) == {"fail"}
    assert statuses(cited(after, REG, "第二十五条")) == {"pass"}


def test_readings_are_documented() -> None:
    """product.md: "Each is a plan parameter or a rule's data, documented in docs/interpretations.md with its reason;
    where one replaces an earlier reading, the earlier one is gone from code and docs alike." The earlier reading of
    the early side ("clearly early ... fails") is gone from the docs."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "interpretations.md").read_text("utf-8")
    for needle in ("逾期不再接收", "申报书", "市场监管所", "第十八条", "第十九条", "chinese-calendar"):
        assert needle in text, needle
    assert "早于与晚于两侧都适用" not in text  # the earlier reading: a governed step failed on both sides
    assert "2025-03-28提交推荐单位为 `fail`" not in text
    assert "31 July is clearly early and fails" not in text
    assert "on both sides: codes `early` / `late`" not in text
    # every bundled plan still evaluates the base applications as before
    for year in (2019, 2021, 2025, 2026):
        assert not by_status(gr.evaluate(BASE[year], year), "fail")
