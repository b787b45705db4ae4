"""Statutory holidays (product.md, "Readings chosen in December 2026"): a plan's dates are fixed days
read as written; ``validate`` and the invariant suite warn when a governed deadline falls on a
weekend or a statutory holiday (民法典 第二百零三条 would move the end of a counted period), say so
when the holiday data does not cover the year, and say the check was not run without the optional
``chinese-calendar`` package. The five-year bar ends as counted (tests/cases/2026.yaml).

法定节假日：截止日期落在周末或法定节假日时给出警告，不改变判断。
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gongguan_rules as gr
from gongguan_rules.law import holidays
from gongguan_rules.law.data_files import plans_dir
from gongguan_rules.testing.invariants import check_deadlines_on_working_days

pytest.importorskip("chinese_calendar", reason="the holidays extra (chinese-calendar) is not installed")

PLAN_2026 = (plans_dir() / "2026.yaml").read_text(encoding="utf-8")
DEADLINE = "timing: {text: 4月20日前, by: 2026-04-20}"
FIXTURE_2027 = Path(__file__).resolve().parent / "fixtures" / "plan-2027" / "2027.yaml"


def _plan_due(tmp_path: Path, day: str) -> Path:
    """2026's plan with the recommenders' deadline (四（一）) moved to ``day``."""
    assert PLAN_2026.count(DEADLINE) == 1
    path = tmp_path / "2026.yaml"
    path.write_text(PLAN_2026.replace(DEADLINE, f"timing: {{text: 4月20日前, by: {day}}}"), encoding="utf-8")
    return path


def test_the_bundled_deadlines_are_working_days() -> None:
    """2019-04-22, 2021-04-16, 2025-04-16, 2026-04-20 and 2026-09-30 are working days: no warning."""
    for year in gr.available_plans():
        plan = gr.load_plan(year)
        if plan.year <= 2026:
            assert holidays.deadline_notes(plan) == [], year


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2026-05-01", "法定节假日（劳动节）"),  # 国务院办公厅：劳动节 5月1日至5日放假
        ("2026-04-25", "星期六（休息日）"),
        ("2026-06-19", "法定节假日（端午节）"),
    ],
)
def test_a_deadline_on_a_rest_day_is_a_warning(tmp_path: Path, day: str, said: str) -> None:
    path = _plan_due(tmp_path, day)
    faults, warnings = gr.validate_plan_file(path)
    assert faults == []
    assert len(warnings) == 1 and said in warnings[0] and day in warnings[0], warnings
    assert "民法典第二百零三条" in warnings[0] and "recommend_by_0420" in warnings[0]
    plan = gr.load_plan(path)
    assert plan.warnings == ()  # loading never warns of it: only validate and the suite do
    with pytest.warns(holidays.HolidayWarning, match=said):
        assert check_deadlines_on_working_days(plan) == warnings


def test_a_make_up_working_day_is_no_rest_day(tmp_path: Path) -> None:
    """2026-05-09 is a Saturday worked in lieu of the 劳动节 holiday (调休): no warning."""
    assert gr.validate_plan_file(_plan_due(tmp_path, "2026-05-09")) == ([], [])


def test_a_year_the_data_does_not_cover_is_said_and_weekends_still_checked() -> None:
    """The 2027 worked example: 4月25日 is a Sunday, and the data stops before 2027."""
    faults, warnings = gr.validate_plan_file(FIXTURE_2027)
    assert faults == []
    kinds = [n.kind for n in holidays.deadline_notes(gr.load_plan(FIXTURE_2027))]
    assert kinds == ["weekend", "no_data"]
    assert "2027-04-25 是星期日" in warnings[0] and "调休" in warnings[0]
    assert "不含 2027 年" in warnings[1] and "has no holiday data for 2027" in warnings[1]


def test_without_the_package_the_check_is_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(holidays, "_calendar", lambda: None)
    plan = gr.load_plan(2026)
    notes = holidays.deadline_notes(plan)
    assert [n.kind for n in notes] == ["not_run"]
    assert "未核对" in notes[0].message and 'pip install "gongguan-rules[holidays]"' in notes[0].message
    with pytest.warns(holidays.HolidayWarning, match="was not run"):
        check_deadlines_on_working_days(plan)


def test_only_governed_exact_deadlines_are_checked() -> None:
    """武清's 4月12日 (intermediate) and fuzzy periods are not deadlines the plan governs."""
    plan = gr.load_plan(2021)
    checked = [s.id for s in plan.spec.schedule if s.role == "governed" and s.timing.by is not None]
    assert checked == ["recommend_by_0416"]
