"""product.md, "The contract grows (December 2026)" — findings and decisions, machine-readable: f.code,
f.remedy (r.curable, r.facts, r.message, r.citations), and the outcome rule over many decisions."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr

from .support import (
    BASE,
    CODE_BAODI,
    CODE_BEIJING,
    P2025,
    P2026,
    REG,
    app,
    by_status,
    chain,
    cited,
    event,
    expected_outcome,
    get_path,
    looking_at,
    set_path,
)

CODE_RE = re.compile(r"^[a-z0-9_.]+$")

# What a fact may be changed to, for the mutations below: the base value, a wrong value, or nothing.
MUTATIONS: dict[str, list[Any]] = {
    "applicant.credit_code": [..., "", CODE_BAODI[:17] + "A", CODE_BAODI[:16], CODE_BEIJING, "911200001030622120"],
    "applicant.org_type": [
        ...,
        "government_agency",
        "industry_organization",
        "individual_business",
        "social_organization",
    ],
    "applicant.district": [..., "外省市", "和平区", "武清区", "滨海新区", "不详"],
    "applicant.recognized_by_authority": [..., True, False],
    "project.name": [..., ""],
    "project.direction": [..., "common_technology"],
    "project.topic_type": [..., "innovation"],
    "project.start_date": [..., "2023-12-31", "2024-01-01", "2026-12-01", "2018-05-01"],
    "project.expected_benefits": [..., [], ["service_optimization"]],
    "materials": [..., [], ["application_form"], ["feasibility_analysis"]],
    "declarations.original": [..., False],
    "declarations.no_confidential_content": [..., False],
    "declarations.truthful": [..., False],
    "recommender.kind": [
        ...,
        "enterprise",
        "market_regulation_office",
        "zone_market_regulator",
        "city_industry_authority",
    ],
    "submitted_to_recommender_on": [..., "03-28", "04-11", "04-19", "05-02", "05-10"],
    "recommended_on": [..., "04-12", "04-16", "04-17", "04-21", "04-23"],
}


# Values that satisfy a rule where the base application gives none (it is an enterprise).
SATISFYING: dict[str, Any] = {"applicant.recognized_by_authority": True}


def mutate(year: int, changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(BASE[year])
    for path, value in changes.items():
        if isinstance(value, str) and re.fullmatch(r"\d\d-\d\d", value):
            value = f"{year}-{value}"
        set_path(data, path, value)
    return data


@st.composite
def broken_applications(draw: st.DrawFn) -> tuple[int, dict[str, Any]]:
    year = draw(st.sampled_from([2019, 2021, 2025, 2026]))
    paths = draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=0, max_size=3, unique=True))
    changes = {p: draw(st.sampled_from(MUTATIONS[p])) for p in paths}
    return year, mutate(year, changes)


def check_decision(d: gr.Decision) -> None:
    """Everything product.md promises of every decision."""
    # "Outcome: any fail → ineligible/rejected; otherwise any review → needs_review; otherwise eligible/accepted."
    assert d.outcome == expected_outcome(d)
    for f in d.findings:
        # "f.citations — list[gr.Citation], at least one per finding"
        assert len(f.citations) >= 1
        # "f.code — lower-case ASCII (a-z, 0-9, _, .); every finding has one, not_applicable and info included"
        assert CODE_RE.match(f.code), (f.rule_id, f.code)
        # "f.remedy — gr.Remedy on every fail / review finding; None on pass / info / not_applicable"
        if f.status in ("fail", "review"):
            r = f.remedy
            assert isinstance(r, gr.Remedy), f.rule_id
            assert r.curable in (True, False, None)
            assert isinstance(r.facts, list) and all(isinstance(p, str) for p in r.facts)
            # "r.facts ... empty when curable is False"
            if r.curable is False:
                assert list(r.facts) == [], (f.rule_id, r.facts)
            if r.curable is True:
                assert r.facts, f.rule_id
            for p in r.facts:
                assert re.fullmatch(r"[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*", p), p
            # "r.message("zh"), r.message("en") ... r.citations cite like the finding"
            assert r.message("zh").strip() and r.message("en").strip()
            assert len(r.citations) >= 1
            labels = {(c.document, c.article, c.item) for c in r.citations}
            assert {(c.document, c.article, c.item) for c in f.citations} <= labels, f.rule_id
        else:
            assert f.remedy is None, (f.rule_id, f.status)
    # "d.model_dump(mode="json") JSON-ready; gr.Decision.model_validate(...) reads it back equal"
    dumped = d.model_dump(mode="json")
    assert gr.Decision.model_validate(json.loads(json.dumps(dumped))) == d


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(broken_applications())
def test_every_decision_keeps_the_contract(case: tuple[int, dict[str, Any]]) -> None:
    """product.md: the outcome rule; "`info` findings ... never change it"; f.code format; f.remedy on every fail /
    review finding and None otherwise; r.facts empty when curable is False; r.citations cite like the finding; JSON
    round trip equality."""
    year, application = case
    check_decision(gr.evaluate(application, year))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(broken_applications())
def test_a_curable_remedy_is_honest(case: tuple[int, dict[str, Any]]) -> None:
    """product.md: "A remedy is honest: applying exactly `r.facts` with values that satisfy the rule (and changing
    nothing else) makes that finding pass." (The values that satisfy each rule are the base application's, which
    satisfies every clause.)"""
    year, application = case
    d = gr.evaluate(application, year)
    for f in d.findings:
        if f.remedy is None or f.remedy.curable is not True:
            continue
        fixed = copy.deepcopy(application)
        for path in f.remedy.facts:
            set_path(fixed, path, copy.deepcopy(SATISFYING.get(path) or get_path(BASE[year], path)))
        after = gr.evaluate(fixed, year)
        assert after.outcome is not None
        again = [g for g in after.findings if g.rule_id == f.rule_id]
        assert again and again[0].status == "pass", (
            year,
            f.rule_id,
            f.code,
            list(f.remedy.facts),
            again[0].status,
            again[0].code,
        )


# ------------------------------------------------------------------ curable: True


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"materials": ...}, "materials"),
        ({"materials": ["application_form", "feasibility_analysis"]}, "materials"),
        ({"declarations.truthful": ...}, "declarations.truthful"),
        ({"project.start_date": ...}, "project.start_date"),
        ({"project.direction": ...}, "project.direction"),
        ({"project.expected_benefits": ...}, "project.expected_benefits"),
        ({"applicant.district": ...}, "applicant.district"),
    ],
)
def test_curable_true_before_the_governed_deadline(changes: dict[str, Any], path: str) -> None:
    """product.md: "**curable True**: a fact the applicant or recommender can still supply or correct before the
    governed deadline: a missing material or declaration, a missing field (the review of an unknown fact), a direction
    not chosen." r.facts: "dotted field paths as InputError writes them (`materials`, `project.start_date`,
    `declarations.truthful` ...)"."""
    d = gr.evaluate(app(2026, **changes), 2026)  # as_of: 2026-04-18, before 四（一）'s 4月20日
    found = [f for f in d.findings if f.remedy is not None and path in f.remedy.facts]
    assert found, [(f.rule_id, f.status, f.remedy and f.remedy.facts) for f in d.findings if f.remedy]
    for f in found:
        assert f.remedy.curable is True
        assert f.status in ("fail", "review")


def test_once_the_governed_deadline_has_passed_nothing_is_curable() -> None:
    """product.md: "Once the governed deadline has passed as of the decision date, none of these is curable any more
    (False, saying so)." 2026 四（一）: 4月20日前 — on 4月20日 still curable, on 4月21日 not."""
    missing = {"materials": ["application_form", "feasibility_analysis"]}
    on_day = gr.evaluate(app(2026, **missing), 2026, as_of="2026-04-20")
    after = gr.evaluate(app(2026, **missing), 2026, as_of="2026-04-21")
    on_day_f = [f for f in looking_at(on_day, "materials") if f.remedy is not None]
    after_f = [f for f in looking_at(after, "materials") if f.remedy is not None]
    assert on_day_f and after_f
    assert all(f.remedy.curable is True for f in on_day_f)
    for f in after_f:
        assert f.remedy.curable is False
        assert list(f.remedy.facts) == []
        # "saying so" — and an explanation never promises what a deadline forbids
        assert "2026-04-20" in f.remedy.message("en") or "4月20日" in f.remedy.message("zh")
        assert any(c.document == P2026 and c.article == "四" and c.item == "（一）" for c in f.remedy.citations)


# ------------------------------------------------------------------ curable: False


@pytest.mark.parametrize(
    ("year", "changes", "history"),
    [
        (2026, {"recommended_on": "2026-04-21"}, []),  # a passed deadline
        (2026, {"project.start_date": "2023-12-31"}, []),  # a start date outside the window (2024年以来)
        (2026, {"applicant.district": "外省市"}, []),  # registration outside the territory
        (2025, {"applicant.district": "和平区", "applicant.credit_code": "91120101MA05HP2K38"}, []),  # outside 滨海新区
        (2026, {"applicant.org_type": "government_agency", "applicant.credit_code": "111202240001234577"}, []),
        (2026, {"declarations.truthful": False}, []),
    ],
)
def test_curable_false_for_facts_of_the_past_or_of_standing(
    year: int, changes: dict[str, Any], history: list[Any]
) -> None:
    """product.md: "**curable False**: facts of the past or of standing, which changing would only misstate: a passed
    deadline, a start date outside the window, registration outside the territory, an organisation type that may not
    apply ..."; "r.facts ... empty when curable is False"."""
    d = gr.evaluate(app(year, **changes), year, history=history)
    assert d.outcome == "ineligible"
    fails = by_status(d, "fail")
    assert fails
    for f in fails:
        assert f.remedy is not None and f.remedy.curable is False, (f.rule_id, f.code)
        assert list(f.remedy.facts) == []


def test_curable_false_for_a_running_bar_and_a_duplicate() -> None:
    """product.md: "curable False: ... a running bar, a duplicate of a past project or excellent result"."""
    past = {"project_name": "提高焊接电弧稳定性"}
    bar = [
        event("excellent_recognized", "2024-10-20", 2024, **past),
        event("recognition_revoked", "2025-06-01", 2024, reason="false_materials", public_notice=True, **past),
    ]
    duplicate = [event("excellent_recognized", "2024-10-20", 2024)]
    for history, article in ((bar, "第二十五条"), (duplicate, "第八条")):
        d = gr.evaluate(BASE[2026], 2026, history=history)
        fails = [f for f in cited(d, REG, article) if f.status == "fail"]
        assert fails
        assert all(f.remedy.curable is False and list(f.remedy.facts) == [] for f in fails)


@pytest.mark.parametrize("kind", ["out_of_order", "fee", "unrecused"])
def test_curable_false_for_events(kind: str) -> None:
    """product.md: "curable False ... for events, a step out of order, a fee charged, an unrecused expert"."""
    dates = {
        "application_submitted": "2026-04-10",
        "recommended": "2026-04-18",
        "approved": "2026-05-20",
        "results_submitted": "2026-09-10",
        "results_recommended": "2026-09-28",
    }
    history = chain(2026, "results_recommended", dates, notice_deadline="2026-09-15")
    if kind == "out_of_order":
        e, history = (
            event(
                "evaluated",
                "2026-10-20",
                2026,
                experts=[{"name": "王某", "affiliation": "天津大学", "conflict_declared": False}],
            ),
            history[:3],
        )
    elif kind == "fee":
        e = event("fee_charged", "2026-10-20", 2026, amount=500)
    else:
        e = event(
            "evaluated",
            "2026-10-20",
            2026,
            experts=[{"name": "李某", "affiliation": "天津某焊材有限公司", "conflict_declared": True}],
        )
    d = gr.evaluate_event(e, 2026, history=history)
    assert d.outcome == "rejected"
    for f in by_status(d, "fail"):
        assert f.remedy is not None and f.remedy.curable is False and list(f.remedy.facts) == []


# ------------------------------------------------------------------ curable: None


def test_curable_none_where_a_person_must_look() -> None:
    """product.md: "**curable None**: where a person must look and the texts do not say what would settle it: a
    near-duplicate name, a credit code whose check character fails, a date in a fuzzy margin."."""
    near = gr.evaluate(
        BASE[2026],
        2026,
        history=[event("excellent_recognized", "2024-10-20", 2024, project_name="降低药芯焊丝焊接飞溅量")],
    )
    bad_check = gr.evaluate(app(2026, **{"applicant.credit_code": CODE_BAODI[:17] + "A"}), 2026)
    margin = gr.evaluate(app(2025, submitted_to_recommender_on="2025-03-30"), 2025)  # 组织申报（4月）: 3 days before
    for d, fact in (
        (near, "project.name"),
        (bad_check, "applicant.credit_code"),
        (margin, "submitted_to_recommender_on"),
    ):
        reviews = looking_at(d, fact, "review")
        assert reviews, fact
        assert any(f.remedy is not None and f.remedy.curable is None for f in reviews), [
            (f.rule_id, f.remedy) for f in reviews
        ]
    margin_steps = [
        f
        for f in looking_at(margin, "submitted_to_recommender_on", "review")
        if any(c.document == P2025 for c in f.citations)
    ]
    assert margin_steps


# ------------------------------------------------------------------ r.facts paths for events


def test_event_remedy_facts_are_event_field_paths() -> None:
    """product.md: "`r.facts` are dotted field paths as InputError writes them (... for an event `date`,
    `experts`)"."""
    dates = {
        "application_submitted": "2026-04-10",
        "recommended": "2026-04-18",
        "approved": "2026-05-20",
        "results_submitted": "2026-09-10",
        "results_recommended": "2026-09-28",
    }
    history = chain(2026, "results_recommended", dates, notice_deadline="2026-09-15")
    no_panel = gr.evaluate_event(event("evaluated", "2026-10-20", 2026), 2026, history=history)
    assert no_panel.outcome == "needs_review"
    assert any(
        f.remedy is not None and f.remedy.curable is True and list(f.remedy.facts) == ["experts"]
        for f in no_panel.findings
    )
    no_date = gr.evaluate_event(event("results_recommended", None, 2026), 2026, history=history[:4])
    assert no_date.outcome == "needs_review"
    assert any(f.remedy is not None and f.remedy.curable is True and "date" in f.remedy.facts for f in no_date.findings)
    # and supplying it settles the rule
    dated = gr.evaluate_event(event("results_recommended", "2026-09-28", 2026), 2026, history=history[:4])
    assert dated.outcome == "accepted"


def test_remedy_facts_name_the_missing_field_and_supplying_it_passes() -> None:
    """product.md: "applying exactly `r.facts` with values that satisfy the rule (and changing nothing else) makes
    that finding pass" — each contract field removed from an eligible 2026 application, then put back."""
    for path in (
        "applicant.credit_code",
        "applicant.org_type",
        "applicant.district",
        "project.name",
        "project.direction",
        "project.start_date",
        "project.expected_benefits",
        "materials",
        "declarations.truthful",  # 第十条 保证完整性、真实性 (2026 has no 不得抄袭 / 保密 clause of its own)
        "recommender.kind",
        "recommended_on",  # (2026 sets no date of its own for the submission to the recommender)
    ):
        d = gr.evaluate(app(2026, **{path: ...}), 2026)
        assert d.outcome == "needs_review", (path, [(f.rule_id, f.status) for f in d.findings if f.status == "fail"])
        curable = [f for f in d.findings if f.remedy is not None and f.remedy.curable is True]
        assert any(path in f.remedy.facts for f in curable), (
            path,
            [(f.rule_id, f.remedy and f.remedy.facts) for f in d.findings],
        )
        restored = gr.evaluate(app(2026), 2026)
        assert restored.outcome == "eligible"


def test_codes_on_every_finding_including_not_applicable_and_info() -> None:
    """product.md: "`f.code` is lower-case ASCII (`a-z`, `0-9`, `_`, `.`); every finding has one, not_applicable and
    info findings included"; "the same code that selects its message"."""
    for year in (2019, 2021, 2025, 2026):
        for d in (gr.evaluate(BASE[year], year), gr.evaluate({}, year)):
            for f in d.findings:
                assert CODE_RE.match(f.code), (year, f.rule_id, f.status, f.code)
    # the same code selects the same message
    a = gr.evaluate(app(2026, recommended_on="2026-04-21"), 2026)
    b = gr.evaluate(app(2026, recommended_on="2026-04-21"), 2026)
    assert [(f.code, f.message("en")) for f in a.findings] == [(f.code, f.message("en")) for f in b.findings]


def test_district_plan_codes() -> None:
    """product.md: every finding has a code; a 管理办法 rule that does not bind a district plan is not_applicable with
    one (e.g. 第六条 under 2025, whose own 四 names its recommenders)."""
    d = gr.evaluate(BASE[2025], 2025)
    six = cited(d, REG, "第六条")
    assert six and all(f.status == "not_applicable" and CODE_RE.match(f.code) for f in six)
    assert cited(d, P2025, "四")


@pytest.mark.parametrize(
    ("year", "last_day", "day_after"),
    [(2019, "2019-04-22", "2019-04-23"), (2021, "2021-04-16", "2021-04-17"), (2025, "2025-04-16", "2025-04-17")],
)
def test_each_plans_governed_deadline_ends_curability(year: int, last_day: str, day_after: str) -> None:
    """product.md: "curable True: a fact the applicant or recommender can still supply or correct before the governed
    deadline ... Once the governed deadline has passed as of the decision date, none of these is curable any more
    (False, saying so)"; the governed deadlines: "2019 4月22日, 2021 4月16日, 2025 4月16日, 2026 4月20日"."""
    missing = {"materials": ...}
    on_day = gr.evaluate(app(year, **missing), year, as_of=last_day)
    after = gr.evaluate(app(year, **missing), year, as_of=day_after)
    before = [f for f in looking_at(on_day, "materials") if f.remedy is not None]
    late = [f for f in looking_at(after, "materials") if f.remedy is not None]
    assert before and late
    assert all(f.remedy.curable is True for f in before)
    assert all(f.remedy.curable is False and list(f.remedy.facts) == [] for f in late)


def test_an_event_remedy_is_honest() -> None:
    """product.md: "A remedy is honest: applying exactly `r.facts` with values that satisfy the rule (and changing
    nothing else) makes that finding pass" — for an event's `experts` too."""
    dates = {
        "application_submitted": "2026-04-10",
        "recommended": "2026-04-18",
        "approved": "2026-05-20",
        "results_submitted": "2026-09-10",
        "results_recommended": "2026-09-28",
    }
    history = chain(2026, "results_recommended", dates, notice_deadline="2026-09-15")
    e = event("evaluated", "2026-10-20", 2026)
    d = gr.evaluate_event(e, 2026, history=history)
    curable = [f for f in d.findings if f.remedy is not None and f.remedy.curable is True]
    assert curable
    for f in curable:
        assert list(f.remedy.facts) == ["experts"]
        fixed = {**e, "experts": [{"name": "王某", "affiliation": "天津大学", "conflict_declared": False}]}
        again = {g.rule_id: g for g in gr.evaluate_event(fixed, 2026, history=history).findings}
        assert again[f.rule_id].status == "pass"


def test_as_of_with_an_offset_is_read_in_beijing_time() -> None:
    """product.md: "Dates are ISO dates (or datetimes, read in Asia/Shanghai)"; "Datetimes with another offset are
    converted to Asia/Shanghai first" — `as_of` too."""
    from datetime import date

    d = gr.evaluate(BASE[2026], 2026, as_of="2026-04-20T20:00:00-05:00")  # 4月21日 09:00 in Beijing
    assert d.as_of == date(2026, 4, 21)
    d = gr.evaluate(BASE[2026], 2026, as_of="2026-04-20T15:59:00Z")  # 23:59 in Beijing
    assert d.as_of == date(2026, 4, 20)
