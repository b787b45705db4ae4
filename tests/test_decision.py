"""The Decision and its findings as other systems read them (product.md, "The contract grows"):
every finding carries its stable result code, the code that selects its message.

决定与结论的机读部分：每条结论都有稳定的结论代码（选择其说明的代码）。
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.judging.decision import CODE_PATTERN
from gongguan_rules.law.plans import DISTRICT_PLAN, NOT_GOVERNING
from gongguan_rules.testing import applications, events, histories
from test_remedies import check_remedies

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
def test_every_decision_is_complete_and_round_trips(year: int, data: st.DataObject) -> None:
    """Any application or event, with any history: every finding has the code of its message,
    every fail or review finding a remedy (tests/test_remedies.py), and the decision reads back
    from its JSON equal, with the same explanation."""
    plan = PLANS[year]
    app: dict[str, Any] = data.draw(applications(plan))
    history = data.draw(histories(plan, max_size=3))
    for d in (
        gr.evaluate(app, plan, history=history),
        gr.evaluate_event(data.draw(events(plan)), plan, history=history),
    ):
        _check_codes(plan, d)
        check_remedies(d)
        back = gr.Decision.model_validate(json.loads(json.dumps(d.model_dump(mode="json"), ensure_ascii=False)))
        assert back == d and back.explain("zh") == d.explain("zh")


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


# --------------------------------------------------------------------------- built once, immutable


REVOKED = [
    {
        "kind": "excellent_recognized",
        "date": "2024-11-20",
        "year": 2024,
        "credit_code": "91120116MA05K3T7XB",
        "project_name": "降低药芯焊丝焊接飞溅率",
    }
]
SAME_NAME = {
    "applicant": {"credit_code": "91120116MA05K3T7XB", "district": "滨海新区"},
    "project": {"name": "降低药芯焊丝焊接飞溅率"},
    "unknown_key": 1,
}


def _sample() -> gr.Decision:
    """A decision with nested facts (第八条（三）: the matching records), remedies and a warning."""
    return gr.evaluate(SAME_NAME, 2026, history=REVOKED)


def test_a_decision_refuses_every_change() -> None:
    d = _sample()
    f = d.finding("reg.art8.3.duplication")
    assert f is not None and f.status is gr.Status.fail and f.remedy is not None
    assert d.warnings, "the unknown key is warned about"
    attempts = [
        lambda: setattr(d, "outcome", "eligible"),
        lambda: d.findings.append(f),
        lambda: d.findings.__setitem__(0, f),
        lambda: d.findings.pop(),
        lambda: d.warnings.append("x"),
        lambda: d.effects.__setitem__("x", 1),
        lambda: f.facts.__setitem__("x", 1),
        lambda: f.facts["matches"].append({}),
        lambda: f.facts["matches"][0].__setitem__("unit", "x"),
        lambda: f.citations.append(f.citations[0]),
        lambda: f.remedy.citations.clear(),  # type: ignore[union-attr]
        lambda: f.remedy.facts.append("x"),  # type: ignore[union-attr]
        lambda: setattr(f, "status", "pass"),
        lambda: setattr(f.remedy, "curable", True),
    ]
    for attempt in attempts:
        with pytest.raises((TypeError, ValueError)):
            attempt()
    assert isinstance(d.findings, list) and isinstance(f.facts, dict)  # still a list and a dict to read
    assert d == _sample()


def test_a_decision_is_hashable_and_equal_decisions_hash_alike() -> None:
    d, again = _sample(), _sample()
    assert d == again and hash(d) == hash(again)
    assert len({d, again, gr.evaluate({}, 2026)}) == 2
    assert all(hash(f) == hash(g) for f, g in zip(d.findings, again.findings, strict=True))
    back = gr.Decision.model_validate_json(d.model_dump_json())
    assert back == d and hash(back) == hash(d)


def test_read_back_decisions_are_frozen_too() -> None:
    back = gr.Decision.model_validate(_sample().model_dump(mode="json"))
    f = back.finding("reg.art8.3.duplication")
    assert f is not None
    for attempt in (lambda: back.findings.append(f), lambda: f.facts["matches"].append({})):
        with pytest.raises(TypeError):
            attempt()


def test_copies_and_pickles_are_equal() -> None:
    import copy
    import pickle

    d = _sample()
    assert copy.copy(d) == d and copy.deepcopy(d) == d
    again = pickle.loads(pickle.dumps(d))
    assert again == d and again.explain("zh") == d.explain("zh")
    dumped = d.model_dump()  # python mode: plain dicts for the texts
    assert type(dumped["findings"][0]["messages"]) is dict


def test_messages_are_filled_when_first_read_and_exact() -> None:
    """Nobody pays for a text nobody reads; once read it is the text the template gives."""
    d = gr.evaluate({"applicant": {"district": "北京市"}}, 2026)
    f = d.finding("reg.art8.1.registration")
    assert f is not None and f.remedy is not None
    assert not f.messages.rendered and not f.remedy.messages.rendered  # not yet filled
    assert f.message("zh") == "申报单位所在地为“北京市”，不在天津市行政区域内。"
    assert not f.messages.rendered  # only the language read
    assert f.message("en") == "The applicant declares '北京市', outside 天津市."
    assert f.messages.rendered and not f.remedy.messages.rendered
    assert f.remedy.message("en").startswith("The applicant declares a place outside 天津市 ('北京市')")
    with pytest.raises(ValueError):
        f.message("fr")


def test_concurrent_readers_see_the_same_text() -> None:
    """Threads reading one decision's explanation at once get identical text (filled once)."""
    from concurrent.futures import ThreadPoolExecutor

    expected = {lang: _sample().explain(lang) for lang in ("zh", "en")}
    expected_json = _sample().model_dump_json()
    for _ in range(5):
        d = _sample()  # nothing read yet
        with ThreadPoolExecutor(max_workers=8) as pool:
            texts = list(pool.map(lambda i, d=d: d.explain("zh" if i % 2 else "en"), range(64)))
            dumps = list(pool.map(lambda _, d=d: d.model_dump_json(), range(16)))
        assert all(t == expected["zh" if i % 2 else "en"] for i, t in enumerate(texts))
        assert set(dumps) == {expected_json}


def test_a_long_value_is_quoted_short_and_kept_whole_in_the_facts() -> None:
    """Issue 10: a 10 MB district must not make a 10 MB explanation; the facts keep the value."""
    district = "某" * 10_000_000
    d = gr.evaluate({"applicant": {"district": district, "org_type": "enterprise"}}, 2026)
    f = d.finding("reg.art8.1.registration")
    assert f is not None and f.remedy is not None
    assert f.facts["applicant.district"] == district
    for text in (f.message("zh"), f.message("en"), f.remedy.message("zh"), f.remedy.message("en")):
        assert len(text) < 600, len(text)
    assert "10000000" in f.message("zh")  # shortened, with its length
    assert len(d.explain("zh")) < 20_000
