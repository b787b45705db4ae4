"""Remedies (product.md, "The contract grows"): every fail or review finding says what it would
take to satisfy its rule — curable (and which facts), not curable (and why), or for a person to
judge — declared in rules/remedies.yaml with the checks' data, and honest: supplying exactly the
named facts with values that satisfy the rule makes that finding pass.

补正建议：每条“不符合/需复核”的结论都说明能否补正、补正哪些事实；建议是诚实的。
"""

from __future__ import annotations

import ast
import copy
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.errors import RulesError
from gongguan_rules.inputs.application import Application
from gongguan_rules.judging import checks
from gongguan_rules.law.plans import messages, remedies, rule_files
from gongguan_rules.records.events import Event
from gongguan_rules.testing import eligible_applications, one_clause_broken, set_fact

PLANS = {year: gr.load_plan(year) for year in gr.available_plans()}
FAIL, REVIEW, PASS = gr.Status.fail, gr.Status.review, gr.Status.passed
CHECKS_DIR = Path(checks.__file__).parent


# --------------------------------------------------------------------------- the data file


QUIET = {"PASS", "INFO", "NA"}  # statuses that need no remedy


def _code_patterns(node: ast.expr, assigned: dict[str, list[ast.expr]]) -> list[tuple[str, str] | None]:
    """A code expression as (prefix, suffix) patterns of constant text; None when it is not known."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(node.value, "")] if node.value else [None]
    if isinstance(node, ast.JoinedStr):
        parts = node.values
        head = parts[0].value if parts and isinstance(parts[0], ast.Constant) else ""
        tail = parts[-1].value if len(parts) > 1 and isinstance(parts[-1], ast.Constant) else ""
        return [(str(head), str(tail))]
    if isinstance(node, ast.IfExp):
        return _code_patterns(node.body, assigned) + _code_patterns(node.orelse, assigned)
    if isinstance(node, ast.Name) and node.id in assigned:
        return [p for value in assigned[node.id] for p in _code_patterns(value, assigned)]
    return [None]


def _given_codes(fn: ast.FunctionDef) -> list[tuple[bool, tuple[str, str] | None]]:
    """(quiet, code pattern) for every result a function gives: ``Result(status, code, …)`` and
    ``status, code = …`` pairs chosen first."""
    assigned: dict[str, list[ast.expr]] = {}
    pairs: list[tuple[ast.expr, ast.expr]] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    names = [getattr(t, "id", None) for t in target.elts]
                    if names[:2] == ["status", "code"]:
                        pairs.append((node.value.elts[0], node.value.elts[1]))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Result" and len(node.args) >= 2:
            status, code = node.args[0], node.args[1]
            if getattr(status, "id", None) == "status" and getattr(code, "id", None) == "code":
                continue  # chosen as a pair above
            pairs.append((status, code))
    out = []
    for status, code in pairs:
        quiet = getattr(status, "id", None) in QUIET
        out.extend((quiet, pattern) for pattern in _code_patterns(code, assigned))
    return out


def _codes_needing_remedies() -> dict[str, set[str]]:
    """For every check: the codes of rules/messages.yaml it can give with status fail or review,
    read from its function (and the module's helpers it calls)."""
    out: dict[str, set[str]] = {}
    for path in CHECKS_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for fn in functions.values():
            names = [
                d.args[0].value
                for d in fn.decorator_list
                if isinstance(d, ast.Call) and getattr(d.func, "id", None) == "check" and d.args
            ]
            if not names:
                continue
            seen, todo, given_ = {fn.name}, [fn], []
            while todo:
                current = todo.pop()
                given_ += _given_codes(current)
                for call in ast.walk(current):
                    callee = getattr(getattr(call, "func", None), "id", None)
                    if isinstance(call, ast.Call) and callee in functions and callee not in seen:
                        seen.add(callee)
                        todo.append(functions[callee])
            codes = set(messages().checks[names[0]].codes)

            def matches(code: str, pattern: tuple[str, str] | None) -> bool:
                return pattern is not None and code.startswith(pattern[0]) and code.endswith(pattern[1])

            loud = {c for c in codes for quiet, p in given_ if not quiet and matches(c, p)}
            if any(not quiet and p is None for quiet, p in given_):  # a code not known until run time
                loud |= {c for c in codes if not any(quiet and matches(c, p) for quiet, p in given_)}
            out[names[0]] = loud
    return out


NEEDED = _codes_needing_remedies()


def test_the_meta_test_reads_the_checks() -> None:
    """The reading of the checks above finds what is plainly there (so that it can fail)."""
    assert NEEDED["materials"] == {"missing", "incomplete", "in_form_unconfirmed"}
    assert NEEDED["declaration"] == {f"{f}.{s}" for f in ("original", "no_confidential_content", "truthful")
                                     for s in ("missing", "false")}  # fmt: skip
    assert {"late", "early", "margin", "missing", "deferred"} <= NEEDED["schedule_step"]
    assert not {"on_time", "organiser_late", "other_district"} & NEEDED["schedule_step"]
    assert NEEDED["scope"] == set() and NEEDED["focus_sector"] == set()


@pytest.mark.parametrize("check", sorted(NEEDED))
def test_every_fail_or_review_code_has_a_remedy(check: str) -> None:
    declared = set(remedies().checks.get(check, {}))
    missing = NEEDED[check] - declared
    assert not missing, f"rules/remedies.yaml: {check} has no remedy for {sorted(missing)}"
    needless = declared - NEEDED[check]
    assert not needless, f"rules/remedies.yaml: {check} declares remedies for codes that never fail: {sorted(needless)}"


def _field_paths(model: type[Any], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.add(path)
        annotation = info.annotation
        for candidate in getattr(annotation, "__args__", ()) or (annotation,):
            if isinstance(candidate, type) and hasattr(candidate, "model_fields"):
                paths |= _field_paths(candidate, f"{path}.")
    return paths


def test_remedy_facts_are_contract_field_paths() -> None:
    """r.facts are dotted field paths as InputError writes them (product.md): of the application for
    a check of applications, of the event for an event's variant or a check of events only."""
    from gongguan_rules.law.checks import CHECKS

    app_paths, event_paths = _field_paths(Application), _field_paths(Event)
    wrong = []
    for check, entries in remedies().checks.items():
        subjects = CHECKS[check].subjects
        for code, entry in entries.items():
            own = app_paths if "application" in subjects else event_paths
            for paths, variant in ((own, entry), (event_paths, entry.events)):
                for fact in variant.facts if variant else []:
                    if not fact.startswith("{") and fact not in paths:
                        wrong.append(f"{check}.{code}: {fact}")
    assert not wrong, wrong
    assert "project.start_date" in app_paths and "experts" in event_paths  # the walk reads nested models


def _reload_with(monkeypatch: pytest.MonkeyPatch, text: str) -> RulesError:
    real = rule_files.rules_text

    def fake(name: str) -> tuple[str, str]:
        return ("rules/remedies.yaml", text) if name == "remedies.yaml" else real(name)

    monkeypatch.setattr(rule_files, "rules_text", fake)
    remedies.cache_clear()
    try:
        with pytest.raises(RulesError) as info:
            remedies()
    finally:
        monkeypatch.setattr(rule_files, "rules_text", real)
        remedies.cache_clear()
    return info.value


GOOD_COMMON = """\
common:
  deadline_passed: {zh: 已过, en: passed}
  deadline: {zh: 期限, en: deadline}
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "checks:\n  materials:\n    incomplete: {curable: false, facts: [materials], zh: a, en: b}\n",
            "facts must be",
        ),
        ("checks:\n  materials:\n    incomplete: {curable: true, zh: a, en: b}\n", "needs the facts"),
        ("checks:\n  materails:\n    incomplete: {curable: true, facts: [materials], zh: a, en: b}\n", "materials"),
        ("checks:\n  materials:\n    incomplet: {curable: true, facts: [materials], zh: a, en: b}\n", "incomplete"),
        ("checks:\n  materials:\n    incomplete: {curable: true, facts: [Materials!], zh: a, en: b}\n", "field path"),
        ("checks:\n  materials:\n    incomplete: {curable: true, facts: [materials], zh: '{x', en: b}\n", "template"),
        ("checks:\n  materials:\n    incomplete: {curable: true, facts: [materials], zh: a, en: b, why: c}\n", "why"),
        ("checks:\n  materials:\n    incomplete: {facts: [materials], zh: a, en: b}\n", "curable"),
    ],
)
def test_remedies_are_checked_when_loaded(monkeypatch: pytest.MonkeyPatch, body: str, expected: str) -> None:
    """A mistake in rules/remedies.yaml fails at load time, naming the file, line and fault."""
    err = _reload_with(monkeypatch, GOOD_COMMON + body)
    assert "rules/remedies.yaml:" in str(err) and expected in str(err), str(err)


def test_the_common_texts_are_required(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _reload_with(monkeypatch, "common:\n  deadline: {zh: a, en: b}\nchecks: {}\n")
    assert "deadline_passed" in str(err)


# --------------------------------------------------------------------------- every decision


def _placeholders() -> set[str]:
    import string

    texts = [t for e in remedies().common.values() for t in (e.zh, e.en)]
    for entries in remedies().checks.values():
        for e in entries.values():
            texts += [e.zh, e.en] + ([e.events.zh, e.events.en] if e.events else [])
    return {"{" + f + "}" for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}


#: Every placeholder of rules/remedies.yaml as written ("{lacking}"): none may be left unfilled.
PLACEHOLDERS = _placeholders()


def check_remedies(decision: gr.Decision) -> None:
    """Every fail or review finding carries a well-formed remedy; no other finding has one
    (applied to generated applications and events by tests/test_decision.py)."""
    for f in decision.findings:
        if f.status not in (FAIL, REVIEW):
            assert f.remedy is None, f"{f.rule_id} ({f.status}) has a remedy"
            continue
        r = f.remedy
        assert r is not None, f"{f.rule_id} ({f.status}, {f.code}) has no remedy"
        assert r.curable in (True, False, None)
        if r.curable is False:
            assert r.facts == [], f"{f.rule_id}: not curable, yet facts {r.facts}"
        if r.curable is True:
            assert r.facts, f"{f.rule_id}: curable, yet no facts"
        assert all(c in r.citations for c in f.citations), f"{f.rule_id}: the remedy does not cite like the finding"
        assert r.message("zh").strip() and r.message("en").strip()
        texts = r.message("zh") + r.message("en")
        assert not [name for name in PLACEHOLDERS if name in texts], f"{f.rule_id}: unfilled placeholder"


# --------------------------------------------------------------------------- honesty


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _supply(app: dict[str, Any], facts: list[str], source: dict[str, Any]) -> dict[str, Any]:
    """``app`` with exactly ``facts`` set to their values in ``source`` (nothing else changed)."""
    for path in facts:
        app = set_fact(app, path, copy.deepcopy(_get(source, path)))
    return app


@pytest.mark.parametrize("year", sorted(PLANS))
@settings(max_examples=60)
@given(data=st.data())
def test_a_curable_broken_clause_is_cured_by_its_facts(year: int, data: st.DataObject) -> None:
    """one_clause_broken: for every broken finding whose remedy is curable, setting exactly its
    facts to the values of an eligible application (changing nothing else) makes it pass."""
    plan = PLANS[year]
    app, broken = data.draw(one_clause_broken(plan))
    donor = data.draw(eligible_applications(plan))
    decision = gr.evaluate(app, plan)
    assert {f.rule_id for f in decision.failed} == broken
    for f in decision.failed:
        assert f.remedy is not None
        if f.remedy.curable is not True:
            continue
        cured = gr.evaluate(_supply(app, f.remedy.facts, donor), plan).finding(f.rule_id)
        assert cured is not None and cured.status is PASS, (f.rule_id, f.code, f.remedy.facts, cured)


def _leaf_paths(data: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, value in data.items():
        if isinstance(value, dict):
            out += _leaf_paths(value, f"{prefix}{key}.")
        else:
            out.append(f"{prefix}{key}")
    return out


def _without(data: dict[str, Any], path: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    *parents, last = path.split(".")
    for key in parents:
        node = node[key]
    del node[last]
    return out


@pytest.mark.parametrize("year", sorted(PLANS))
@settings(max_examples=40)
@given(data=st.data())
def test_a_missing_fact_is_cured_by_supplying_it(year: int, data: st.DataObject) -> None:
    """An eligible application with one fact left out: every review finding that says it is curable
    passes once exactly its facts are supplied again (the review of an unknown fact, product.md)."""
    plan = PLANS[year]
    eligible = data.draw(eligible_applications(plan))
    path = data.draw(st.sampled_from(_leaf_paths(eligible)))
    app = _without(eligible, path)
    decision = gr.evaluate(app, plan)
    assert decision.outcome is not gr.Outcome.ineligible, path  # a missing fact is never a fail
    curable = [f for f in decision.to_review if f.remedy is not None and f.remedy.curable]
    assume(curable)
    for f in curable:
        assert f.remedy is not None
        cured = gr.evaluate(_supply(app, f.remedy.facts, eligible), plan).finding(f.rule_id)
        assert cured is not None and cured.status is PASS, (path, f.rule_id, f.remedy.facts)


# --------------------------------------------------------------------------- the seed texts


def _remedy(decision: gr.Decision, rule_id: str) -> gr.Remedy:
    finding = decision.finding(rule_id)
    assert finding is not None and finding.remedy is not None, rule_id
    return finding.remedy


APP_2026 = {
    "applicant": {"name": "天津某焊材有限公司", "credit_code": "91120116MA05K3T7XB", "org_type": "enterprise"},
    "project": {"name": "降低药芯焊丝焊接飞溅率", "direction": "precision_improvement"},
}


def test_art10_a_missing_material_is_curable_by_supplying_it() -> None:
    """第十条：申报材料应包括项目可行性分析和预期成效 — without the 可行性分析 (and without the
    申报书, so 第十条 is checked item by item), supply it, before 2026 四（一）'s 4月20日."""
    app = APP_2026 | {"materials": ["expected_results"], "recommended_on": "2026-04-15"}
    r = _remedy(gr.evaluate(app, 2026), "reg.art10.materials")
    assert (r.curable, r.facts) == (True, ["materials"])
    assert "可行性分析" in r.message("zh") and "feasibility analysis" in r.message("en")
    assert "4月20日前" in r.message("zh")  # it says by when
    assert [c.label() for c in r.citations] == ["津政办规〔2023〕12号 第十条", "津市场监管质发〔2026〕2号 四（一）"]


def test_2026_a_missing_material_after_20_april_is_not_curable() -> None:
    """2026 四（一）：于4月20日前报送 — decided on 4月21日, a missing material can no longer be supplied;
    the remedy says so and cites the deadline."""
    app = APP_2026 | {"materials": ["application_form"], "recommended_on": "2026-04-15"}
    r = _remedy(gr.evaluate(app, 2026, as_of="2026-04-21"), "reg.art10.materials")
    assert (r.curable, r.facts) == (False, [])
    assert "4月20日前" in r.message("zh") and "2026-04-21" in r.message("zh")
    assert any(c.article == "四" and c.item == "（一）" for c in r.citations)
    # on the day itself (inclusive, 24:00 Beijing time) it still is
    assert _remedy(gr.evaluate(app, 2026, as_of="2026-04-20"), "reg.art10.materials").curable is True


def test_2026_the_late_recommendation_is_not_curable() -> None:
    """2026 四（一）4月20日前: recommended on 4月21日 — a date of the past; not curable."""
    r = _remedy(gr.evaluate(APP_2026 | {"recommended_on": "2026-04-21"}, 2026), "plan.deadline.recommended")
    assert (r.curable, r.facts) == (False, [])
    assert "逾期不再接收" not in r.message("zh")  # 四（一） states no such sanction


def test_2026_results_after_30_september_are_not_curable() -> None:
    """2026 四（六）：于9月30日前推荐至市市场监管委，逾期不再接收 — a results recommendation on
    10月1日 is rejected, not curable; one missing its recommender's kind on 10月2日 no longer is."""
    event = {
        "kind": "results_recommended",
        "date": "2026-10-01",
        "credit_code": "91120116MA05K3T7XB",
        "project_name": "降低药芯焊丝焊接飞溅率",
        "recommender": {"name": "天津市滨海新区市场监督管理局"},
    }
    d = gr.evaluate_event(event, 2026)
    r = _remedy(d, "plan.schedule")
    assert (r.curable, r.facts) == (False, [])
    kind = _remedy(d, "plan.recommender")
    assert kind.curable is False and any(c.item == "（六）" for c in kind.citations)
    on_time = gr.evaluate_event(event | {"date": "2026-09-30"}, 2026)
    assert _remedy(on_time, "plan.recommender").facts == ["recommender.kind"]


def test_art25_a_running_bar_is_not_curable() -> None:
    """第二十五条：5年内不接受其再次申报 — revoked 2024-05-10, applying in 2026: not curable."""
    history = [{"kind": "recognition_revoked", "date": "2024-05-10", "credit_code": "91120116MA05K3T7XB", "year": 2024}]
    app = APP_2026 | {"submitted_to_recommender_on": "2026-04-01"}
    r = _remedy(gr.evaluate(app, 2026, history=history), "reg.art25.debarment")
    assert (r.curable, r.facts) == (False, [])
    assert "2029-05-10" in r.message("zh")


def test_art8_1_registered_outside_tianjin_is_not_curable() -> None:
    """第八条（一）：在本市行政区域内登记注册 — a unit that declares itself outside Tianjin."""
    d = gr.evaluate(APP_2026 | {"applicant": APP_2026["applicant"] | {"district": "北京市"}}, 2026)
    r = _remedy(d, "reg.art8.1.registration")
    assert (r.curable, r.facts) == (False, [])
    assert "天津市" in r.message("zh")


def test_art8_1_a_government_agency_is_not_curable() -> None:
    """第八条（一）: 机关 are neither 企事业单位 nor professional organisations."""
    d = gr.evaluate({"applicant": {"org_type": "government_agency"}}, 2026)
    assert _remedy(d, "reg.art8.1.unit_type").curable is False


def test_art8_3_a_near_duplicate_is_for_a_person_to_judge() -> None:
    """第八条（三）：不得与历年优秀成果项目雷同 — a near-identical name is review, curable None."""
    history = [
        {
            "kind": "excellent_recognized",
            "date": "2024-11-20",
            "year": 2024,
            "credit_code": "91120224064012553U",
            "unit": "天津某材料有限公司",
            "project_name": "降低药芯焊丝的焊接飞溅率",
        }
    ]
    d = gr.evaluate(APP_2026, 2026, history=history)
    finding = d.finding("reg.art8.3.duplication")
    assert finding is not None and finding.code == "near"
    r = _remedy(d, "reg.art8.3.duplication")
    assert (r.curable, r.facts) == (None, [])
    same = [history[0] | {"credit_code": "91120116MA05K3T7XB", "project_name": "降低药芯焊丝焊接飞溅率"}]
    assert _remedy(gr.evaluate(APP_2026, 2026, history=same), "reg.art8.3.duplication").curable is False


def test_a_bad_check_character_and_a_fuzzy_margin_are_for_a_person() -> None:
    """GB 32100 check character (a few early codes fail it); 2025 五（一）组织申报（4月）, 5月2日 is
    in the month's uncertain margin."""
    d = gr.evaluate({"applicant": {"credit_code": "91120116MA05K3T7XC"}}, 2026)
    assert _remedy(d, "plan.identity.credit_code").curable is None
    d = gr.evaluate({"submitted_to_recommender_on": "2025-05-02"}, 2025)
    finding = d.finding("plan.deadline.submitted")
    assert finding is not None and finding.code == "margin"
    assert _remedy(d, "plan.deadline.submitted").curable is None


def test_2026_a_direction_not_chosen_is_curable() -> None:
    """2026 三：项目分为质量共性技术攻关和质量精准提升攻关两个申报方向."""
    r = _remedy(gr.evaluate({"recommended_on": "2026-04-01"}, 2026), "plan.direction")
    assert (r.curable, r.facts) == (True, ["project.direction"])


def test_art18_19_events_out_of_order_fee_and_unrecused_expert_are_not_curable() -> None:
    """第十三条/第十七条: results before approval; 第十九条: a fee; 第十八条: a conflicted expert."""
    unit = {"credit_code": "91120116MA05K3T7XB", "project_name": "降低药芯焊丝焊接飞溅率", "year": 2026}
    d = gr.evaluate_event({"kind": "results_submitted", "date": "2026-08-01", **unit}, 2026)
    assert _remedy(d, "reg.art17.results_submitted").curable is False
    d = gr.evaluate_event({"kind": "fee_charged", "date": "2026-10-01", "amount": 500, **unit}, 2026)
    assert _remedy(d, "reg.art19.no_fees").curable is False
    panel = [{"name": "张工", "conflict_declared": True}]
    d = gr.evaluate_event({"kind": "evaluated", "date": "2026-10-20", "experts": panel, **unit}, 2026)
    assert _remedy(d, "reg.art18.recusal").curable is False


def test_event_remedies_are_honest() -> None:
    """第十八条: a panel not named is curable by naming it; 第二十五条: a revocation's grounds."""
    unit = {"credit_code": "91120116MA05K3T7XB", "project_name": "降低药芯焊丝焊接飞溅率", "year": 2026}
    event = {"kind": "evaluated", "date": "2026-10-20", **unit}
    r = _remedy(gr.evaluate_event(event, 2026), "reg.art18.recusal")
    assert (r.curable, r.facts) == (True, ["experts"])
    panel = [{"name": "李教授", "affiliation": "天津大学", "conflict_declared": False}]
    cured = gr.evaluate_event(event | {"experts": panel}, 2026).finding("reg.art18.recusal")
    assert cured is not None and cured.status is PASS
    history = [{"kind": "excellent_recognized", "date": "2025-11-20", **unit, "year": 2025}]
    revoke = {"kind": "recognition_revoked", "date": "2026-06-01", "public_notice": True, **unit}
    r = _remedy(gr.evaluate_event(revoke, 2026, history=history), "reg.art25.revocation")
    assert (r.curable, r.facts) == (True, ["reason"])
    cured = gr.evaluate_event(revoke | {"reason": "false_materials"}, 2026, history=history)
    assert cured.finding("reg.art25.revocation").status is PASS  # type: ignore[union-attr]
    nameless = {"kind": "approved", "date": "2026-05-01", "credit_code": "91120116MA05K3T7XB"}
    r = _remedy(gr.evaluate_event(nameless, 2026), "reg.art13.approval")
    assert (r.curable, r.facts) == (True, ["project_name"])


def test_an_application_may_change_its_recommender_but_a_recommendation_made_may_not() -> None:
    """第六条: an application routed to a body that may not recommend can still be routed to one
    that may; a recommendation already made by such a body cannot be corrected."""
    app = APP_2026 | {"recommender": {"name": "某集团", "kind": "industrial_group"}}
    r = _remedy(gr.evaluate(app, 2026), "reg.art6.recommender")
    assert (r.curable, r.facts) == (True, ["recommender.name", "recommender.kind"])
    event = {"kind": "recommended", "date": "2026-04-10", "recommender": {"kind": "industrial_group"}, **unit_of()}
    assert _remedy(gr.evaluate_event(event, 2026), "reg.art6.recommender").curable is False


def unit_of() -> dict[str, Any]:
    return {"credit_code": "91120116MA05K3T7XB", "project_name": "降低药芯焊丝焊接飞溅率", "year": 2026}


def test_explain_and_html_show_the_remedies() -> None:
    app = APP_2026 | {"materials": ["expected_results"], "recommended_on": "2026-04-15"}
    d = gr.evaluate(app, 2026)
    zh, en, page = d.explain("zh"), d.explain("en"), d._repr_html_()
    assert "→ 补正建议（可补正：materials）：补交可行性分析" in zh
    assert "→ Remedy (curable: materials): Supply the missing materials" in en
    assert "补正建议" in page and "可补正：materials" in page
    late = gr.evaluate(app | {"recommended_on": "2026-04-21"}, 2026)
    assert "补正建议（不能补正）" in late.explain("zh")
    assert textwrap.dedent(zh) == zh


def test_docs_list_every_remedy_as_declared() -> None:
    """docs/decisions.md lists every remedy of rules/remedies.yaml with its curable and facts."""
    import re

    text = (Path(__file__).resolve().parents[1] / "docs" / "decisions.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| `([\w.]+)` \| (true|false|null) \| (.*?) \| (.*?) \|$", text, re.M)
    documented = {(check, code): (curable, facts, events) for check, code, curable, facts, events in rows}

    def shown(curable: bool | None, facts: list[str]) -> tuple[str, str]:
        return {True: "true", False: "false", None: "null"}[curable], ", ".join(f"`{f}`" for f in facts) or "—"

    expected = {}
    for check, entries in remedies().checks.items():
        for code, e in entries.items():
            events = "—"
            if e.events is not None:
                events = "{}（{}）".format(*shown(e.events.curable, e.events.facts))
            expected[(check, code)] = (*shown(e.curable, e.facts), events)
    assert documented == expected


def test_remedy_is_exported() -> None:
    assert gr.Remedy is type(_remedy(gr.evaluate({}, 2026), "reg.art10.materials"))
