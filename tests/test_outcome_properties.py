"""Properties of every decision (product.md, "Outcome"): any fail → ineligible/rejected; else any
review → needs_review; else eligible/accepted; info never changes it; decisions are
deterministic and round-trip through JSON. Exercised on random applications to all four plans."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.judging.decision import outcome_of
from gongguan_rules.law.vocab import Benefit, Direction, Material, OrgType, RecommenderKind, TopicType

MAYBE = st.none()
DATES = st.dates(min_value=__import__("datetime").date(2018, 1, 1), max_value=__import__("datetime").date(2030, 12, 31))
CODES = st.sampled_from(
    [
        "91120224064012553U",
        "91120116MA05K3T7XB",
        "91110000600037341L",
        "91110000600037341N",
        "123",
        "121200004013590816",
    ]
)
DISTRICTS = st.sampled_from(["滨海新区", "宝坻区", "塘沽", "天津市", "外省市", "北京市", "河北"])


def opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(MAYBE, strategy)


@st.composite
def application(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "applicant": {
            "name": draw(opt(st.sampled_from(["天津某焊材有限公司", "某研究院"]))),
            "credit_code": draw(opt(CODES)),
            "org_type": draw(opt(st.sampled_from([m.value for m in OrgType]))),
            "district": draw(opt(DISTRICTS)),
            "recognized_by_authority": draw(opt(st.booleans())),
        },
        "project": {
            "name": draw(opt(st.sampled_from(["降低药芯焊丝焊接飞溅率", "提高良率"]))),
            "sector": draw(opt(st.sampled_from(["焊材", "信创", "餐饮"]))),
            "direction": draw(opt(st.sampled_from([m.value for m in Direction]))),
            "topic_type": draw(opt(st.sampled_from([m.value for m in TopicType]))),
            "start_date": draw(opt(DATES)),
            "expected_benefits": draw(opt(st.lists(st.sampled_from([m.value for m in Benefit]), max_size=3))),
        },
        "materials": draw(opt(st.lists(st.sampled_from([m.value for m in Material]), max_size=3))),
        "declarations": {k: draw(opt(st.booleans())) for k in ("original", "no_confidential_content", "truthful")},
        "recommender": {"kind": draw(opt(st.sampled_from([m.value for m in RecommenderKind])))},
        "submitted_to_recommender_on": draw(opt(DATES)),
        "recommended_on": draw(opt(DATES)),
    }


HISTORY = [
    {
        "kind": "excellent_recognized",
        "year": 2024,
        "credit_code": "91120224064012553U",
        "project_name": "降低药芯焊丝焊接飞溅率",
    },
    {"kind": "approved", "year": 2020, "unit": "某研究院", "project_name": "提高良率"},
    {
        "kind": "recognition_revoked",
        "date": "2024-03-01",
        "reason": "false_materials",
        "credit_code": "91120116MA05K3T7XB",
    },
]

PLANS = st.sampled_from(gr.available_plans())


@settings(max_examples=150, deadline=None)
@given(application(), PLANS, st.booleans())
def test_outcome_follows_the_findings(app: dict[str, Any], year: int, with_history: bool) -> None:
    """Any fail → ineligible; otherwise any review → needs_review; otherwise eligible."""
    d = gr.evaluate(app, year, history=HISTORY if with_history else None)
    statuses = {f.status.value for f in d.findings}
    if "fail" in statuses:
        assert d.outcome == "ineligible"
    elif "review" in statuses:
        assert d.outcome == "needs_review"
    else:
        assert d.outcome == "eligible"
    assert all(f.citations for f in d.findings)
    assert all(f.message("zh") and f.message("en") for f in d.findings)
    assert len({f.rule_id for f in d.findings}) == len(d.findings)


@settings(max_examples=100, deadline=None)
@given(application(), PLANS)
def test_info_and_not_applicable_never_change_the_outcome(app: dict[str, Any], year: int) -> None:
    """Dropping the info (focus sectors, preferential support) and not_applicable findings
    leaves the outcome unchanged."""
    d = gr.evaluate(app, year)
    kept = [f for f in d.findings if f.status.value not in ("info", "not_applicable")]
    assert outcome_of("application", kept) == d.outcome


@settings(max_examples=100, deadline=None)
@given(application(), PLANS)
def test_deterministic_and_json_round_trip(app: dict[str, Any], year: int) -> None:
    """The same input gives the same decision; JSON round trip reads back equal."""
    first = gr.evaluate(app, year, history=HISTORY)
    again = gr.evaluate(app, year, history=HISTORY)
    assert first == again
    back = gr.Decision.model_validate(json.loads(json.dumps(first.model_dump(mode="json"), ensure_ascii=False)))
    assert back == first


@settings(max_examples=100, deadline=None)
@given(application())
def test_regulation_not_applicable_before_its_time(app: dict[str, Any]) -> None:
    """第二十七条: every 管理办法 rule is not_applicable to the 2019 and 2021 plans, saying why."""
    for year in (2019, 2021):
        d = gr.evaluate(app, year)
        reg = [f for f in d.findings if f.rule_id.startswith("reg.")]
        assert reg and all(f.status == "not_applicable" for f in reg)
        assert all("2023-12-29" in f.message("zh") for f in reg)
