"""product.md, "Readings already chosen" — the application's facts, inputs and history, the lifecycle of events,
and each plan's own clauses; with cases from the seed texts. Each test names the sentence it checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import gongguan_rules as gr

from .support import (
    BASE,
    P2019,
    P2021,
    P2025,
    P2026,
    REG,
    RESULTS_IN_2026,
    UNIT,
    app,
    by_status,
    cited,
    event,
    expected_outcome,
    looking_at,
    revoked,
    statuses,
)

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


def test_the_two_seventeenth_articles_are_told_apart() -> None:
    """Seed README: "The regulation's published text has no 第十一条 and two articles numbered 第十七条. Cite articles
    exactly as published, and tell the two 第十七条 apart (first: the unit submits results to its recommender; second:
    the recommender aggregates and recommends them to the city)"; product.md: `results_submitted` "the first 第十七条",
    `results_recommended` "the second 第十七条"."""
    first = gr.evaluate_event(
        event("results_submitted", "2026-09-10", 2026, notice_deadline="2026-09-15"), 2026, history=RESULTS_IN_2026[:3]
    )
    second = gr.evaluate_event(event("results_recommended", "2026-09-28", 2026), 2026, history=RESULTS_IN_2026)
    c1 = {c for f in cited(first, REG, "第十七条") for c in f.citations if c.article == "第十七条"}
    c2 = {c for f in cited(second, REG, "第十七条") for c in f.citations if c.article == "第十七条"}
    assert c1 and c2
    assert c1.isdisjoint(c2), (c1, c2)  # the same words, two articles: the citations differ
