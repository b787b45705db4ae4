"""The invariant ``timings_agree_with_text`` catches a quote that states a window or a date and
disagrees with the parameter beside it (issue 11): a start window's ``2024年以来`` left in the quote
when ``earliest`` moved on, and a clause still quoting ``4月20日前`` when the deadline moved.

引文所述的期间或日期必须与其旁的参数一致。
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gongguan_rules as gr
from gongguan_rules.testing.invariants import InvariantViolation, check_timings_agree_with_text

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "plan-2027" / "2027.yaml"


def _with(tmp_path: Path, old: str, new: str) -> gr.Plan:
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "2027.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return gr.load_plan(path)  # nothing a schema can see is wrong: it loads


def test_every_bundled_plan_and_the_worked_example_agree() -> None:
    for year in gr.available_plans():
        check_timings_agree_with_text(gr.load_plan(year))
    check_timings_agree_with_text(gr.load_plan(FIXTURE))


def test_a_start_window_quote_that_disagrees_with_earliest(tmp_path: Path) -> None:
    """2027 一（三） says 2025年以来; a quote left at 2024年以来 disagrees with earliest 2025-01-01."""
    plan = _with(tmp_path, "quote: 申报项目应为2025年以来启动实施的项目", "quote: 申报项目应为2024年以来启动实施的项目")
    with pytest.raises(InvariantViolation, match="earliest 2025-01-01 but its quote says 2024年以来"):
        check_timings_agree_with_text(plan)


def test_a_clause_quoting_a_date_no_step_has(tmp_path: Path) -> None:
    """The summary table's clause (四（一）) still quoting 4月20日前 when the deadline is 4月25日."""
    table = "《天津市质量攻关项目立项申报汇总表》（附件6）"
    quote = "quote: 并将项目申报材料及" + table + "盖章版及word版于{}前报送至市市场监管委。"
    plan = _with(tmp_path, quote.format("4月25日"), quote.format("4月20日"))
    with pytest.raises(InvariantViolation, match=r"plan\.summary_table: its quote says 4月20日前"):
        check_timings_agree_with_text(plan)
