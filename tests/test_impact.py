"""gr.compare_plans: the same applications under two plans (product.md, "Plan impact"; issue 12).

Cases from the 2025 滨海新区 plan (津滨市场监管质监〔2025〕4号: 二（一） registration in the district,
四 its recommenders, 六（四） 4月16日前) and the 2026 city plan (津市场监管质发〔2026〕2号: 一（三）
projects started since 2024, 四（一） 4月20日前).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import gongguan_rules as gr
from gongguan_rules.tables.impact import shift_date

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE: dict[str, Any] = yaml.safe_load((ROOT / "examples" / "application-2026.yaml").read_text("utf-8"))


def _last_year(**changes: Any) -> dict[str, Any]:
    """The example as a 2025 滨海新区 application: its procedural dates a year earlier."""
    app = copy.deepcopy(EXAMPLE)
    app["applicant"].update(district="滨海新区", credit_code="91120116MA05K3T7XB")
    app["recommender"] = {"name": "天津经济技术开发区市场监督管理局", "kind": "zone_market_regulator"}
    app["submitted_to_recommender_on"] = "2025-04-10"
    app["recommended_on"] = "2025-04-16"
    app.update(changes)
    return app


def test_shift_date_feb_29() -> None:
    """Dates move by whole years; 2月29日 becomes 2月28日 in a common year (product.md)."""
    assert shift_date(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert shift_date(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert shift_date(date(2025, 4, 16), -1) == date(2024, 4, 16)


def test_dates_move_but_start_date_and_history_do_not() -> None:
    """Between 2025 and 2026 the procedural dates and as_of move a year (2025-04-16 → 2026-04-16,
    within 2026 四（一） 4月20日前); the start date does not (2026 一（三） still sees 2024-06-01), and
    the second decision's warnings say so."""
    report = gr.compare_plans([_last_year()], 2025, 2026)
    item = report.items[0]
    assert isinstance(item.before, gr.Decision) and isinstance(item.after, gr.Decision)
    assert item.before.as_of == date(2025, 4, 16) and item.after.as_of == date(2026, 4, 16)
    deadline = item.after.finding("plan.deadline.recommended")
    assert deadline is not None and deadline.status == "pass"
    window = item.after.finding("plan.eligibility.start_window")
    assert window is not None and window.status == "pass"
    assert "2024-06-01" in str(window.facts.values())
    assert "recommended_on 2025-04-16 → 2026-04-16" in item.after.warnings[0]
    assert report.years_moved == 1


def test_no_shift_judges_dates_as_given() -> None:
    """shift_years=False: 2025-04-16 judged under 2026 is before the plan was issued and long
    before 4月20日 of 2026; nothing moves and no warning says it did."""
    report = gr.compare_plans([_last_year()], 2025, 2026, shift_years=False)
    after = report.items[0].after
    assert isinstance(after, gr.Decision)
    assert after.as_of == date(2025, 4, 16)
    assert not any("顺延" in w for w in after.warnings)


def test_transitions_rules_and_causes() -> None:
    """A zone regulator recommending (2025 四 allows it; 2026 四（一） names district regulators):
    the outcome changes, plan.recommender's status differs, and the cause is the recommender clause
    change cited on both sides; 2026 一（三） exists only after; summary() counts transitions."""
    apps = [_last_year(), _last_year(applicant={**_last_year()["applicant"], "district": "南开区"})]
    report = gr.compare_plans(apps, 2025, 2026)
    first = report.items[0]
    assert first.outcome_before == "eligible"
    assert "plan.recommender" in first.rules
    assert first.statuses("plan.recommender")[0] == "pass"
    cause = first.causes["plan.recommender"]
    assert [c.label() for c in cause.citations("before")] == ["津滨市场监管质监〔2025〕4号 四"]
    assert [c.label() for c in cause.citations("after")] == ["津市场监管质发〔2026〕2号 四（一）"]
    assert "plan.eligibility.start_window" in first.only_after
    assert "plan.eligibility.start_window" in report.only_after
    assert "plan.project_duplication" in report.only_before
    second = report.items[1]
    assert second.statuses("plan.eligibility.registration") == ("fail", "pass")  # 二（一） → 一（一）
    assert sum(report.summary().values()) == 2
    assert report.summary() == {
        (i.outcome_before, i.outcome_after): sum(
            1 for j in report.items if (j.outcome_before, j.outcome_after) == (i.outcome_before, i.outcome_after)
        )
        for i in report.items
    }
    assert [i.changed for i in report.items] == [i.outcome_before != i.outcome_after for i in report.items]


def test_same_plan_changes_nothing() -> None:
    """A plan against itself: no rule differs, no outcome changes, no date moves."""
    report = gr.compare_plans([_last_year(), EXAMPLE], 2026, 2026)
    assert all(not i.changed and not i.rules and not i.only_before for i in report.items)
    assert report.years_moved == 0


def test_unreadable_applications() -> None:
    """on_error="raise" names the position ([1].project.direction); "collect" puts the InputError
    on both sides and counts it as input_error."""
    apps = [_last_year(), {"project": {"direction": "sideways"}}]
    with pytest.raises(gr.InputError) as info:
        gr.compare_plans(apps, 2025, 2026)
    assert info.value.loc == "[1].project.direction"
    report = gr.compare_plans(apps, 2025, 2026, on_error="collect")
    assert report.items[1].outcome_before == report.items[1].outcome_after == "input_error"


def test_report_renders_and_rows() -> None:
    """The report renders as tables in a notebook and as rows numbered like the command line."""
    report = gr.compare_plans([_last_year()], 2025, 2026)
    html = report._repr_html_()
    assert "<table>" in html and "2025 结论" in html
    assert report.rows()[0]["row"] == 1
    assert "plan.recommender" in report.rows()[0]["why"]
