"""The Decision and its findings as other systems read them (product.md, "The contract grows"):
every finding carries its stable result code, the code that selects its message.

决定与结论的机读部分：每条结论都有稳定的结论代码（选择其说明的代码）。
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.judging.decision import CODE_PATTERN
from gongguan_rules.law.plans import DISTRICT_PLAN, NOT_GOVERNING
from gongguan_rules.testing import applications, events, histories

PLANS = {year: gr.load_plan(year) for year in gr.available_plans()}


def _check_codes(plan: gr.Plan, decision: gr.Decision) -> None:
    rules = {r.id: r for r in plan.rules}
    for f in decision.findings:
        assert re.fullmatch(CODE_PATTERN, f.code) and f.code, f"{f.rule_id}: code {f.code!r}"
        rule = rules[f.rule_id]
        if rule.not_applicable_code is not None:
            assert (f.status, f.code) == (gr.Status.not_applicable, rule.not_applicable_code)
            continue
        template = rule.messages.codes[f.code]  # the code selects the message …
        first = template.zh.split("{", 1)[0]
        assert f.message("zh").removeprefix("【推定】").startswith(first), (f.rule_id, f.code)  # … shown


@pytest.mark.parametrize("year", sorted(PLANS))
@settings(max_examples=40)
@given(data=st.data())
def test_every_finding_has_the_code_of_its_message(year: int, data: st.DataObject) -> None:
    plan = PLANS[year]
    app: dict[str, Any] = data.draw(applications(plan))
    history = data.draw(histories(plan, max_size=3))
    _check_codes(plan, gr.evaluate(app, plan, history=history))
    _check_codes(plan, gr.evaluate_event(data.draw(events(plan)), plan, history=history))


def test_not_applicable_findings_say_why_by_code() -> None:
    """第二十七条: the 管理办法 does not govern 2019 and 2021; 2025 is a district plan (第六条 does not
    replace its own list of recommenders)."""
    for year in (2019, 2021):
        d = gr.evaluate({}, year)
        assert d.finding("reg.art8.1.unit_type").code == NOT_GOVERNING  # type: ignore[union-attr]
    d = gr.evaluate({}, 2025)
    assert d.finding("reg.art6.recommender").code == DISTRICT_PLAN  # type: ignore[union-attr]
    assert d.finding("reg.art8.1.unit_type").code == "missing"  # type: ignore[union-attr]  # 第八条 binds


def test_codes_of_the_seed_clauses() -> None:
    """2026 四（一） 4月20日前: a recommendation on 4月21日 is ``late``; 第十条: a missing 可行性分析 is
    ``incomplete`` (no 申报书 listed: 2026's 申报书 would make it ``in_form_unconfirmed``); 第八条（一）:
    a unit outside Tianjin is ``outside``."""
    app = {
        "applicant": {"district": "北京市", "org_type": "enterprise"},
        "materials": ["expected_results"],
        "recommended_on": "2026-04-21",
    }
    d = gr.evaluate(app, 2026)
    codes = {f.rule_id: f.code for f in d.findings}
    assert codes["plan.deadline.recommended"] == "late"
    assert codes["reg.art10.materials"] == "incomplete"
    assert codes["reg.art8.1.registration"] == "outside"
    assert codes["plan.focus_sectors"] == "missing"  # info findings have codes too


def test_code_round_trips_and_an_old_decision_still_reads() -> None:
    d = gr.evaluate({"applicant": {"district": "外省市"}}, 2026)
    dumped = d.model_dump(mode="json")
    assert all(f["code"] for f in dumped["findings"])
    assert gr.Decision.model_validate(dumped) == d
    for f in dumped["findings"]:  # a decision recorded by 0.1.0 had no codes: it still reads
        del f["code"]
    assert all(f.code == "" for f in gr.Decision.model_validate(dumped).findings)
