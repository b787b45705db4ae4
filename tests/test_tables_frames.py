"""Decisions for analysts: to_dataframe numbered like the command line, a batch summary, and the
HTML a notebook shows (issue 12, item 5). Cases: the 2026 汇总表 of tables_support (四（一）, 一（三）)."""

from __future__ import annotations

from pathlib import Path

import pytest

import gongguan_rules as gr
from tables_support import DATA_ROWS, HEADER, sheet_rows, write_csv


def _table(tmp_path: Path) -> gr.ApplicationTable:
    rows = sheet_rows()
    rows[6][HEADER.index("推荐日期")] = "四月十九日"  # row 7: a date not understood
    return gr.read_applications(write_csv(tmp_path / "t.csv", rows))


def test_dataframe_rows_and_warnings(tmp_path: Path) -> None:
    """to_dataframe(decisions, table): the spreadsheet row (as the CLI's "row"), the outcome, and a
    warnings column holding the row's cells not understood."""
    pd = pytest.importorskip("pandas")
    table = _table(tmp_path)
    decisions = gr.evaluate_many(table.applications, 2026)
    frame = gr.to_dataframe(decisions, table)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["row"]) == DATA_ROWS
    assert list(frame["index"]) == [0, 1, 2]
    assert list(frame["outcome"]) == ["eligible", "ineligible", "needs_review"]
    assert frame["warnings"][2].startswith(f"{table.source}:7:推荐日期: ")
    assert frame["warnings"][0] == ""
    plain = gr.decision_rows(decisions, table.applications)
    assert [r["row"] for r in plain] == [1, 2, 3]  # without a table: the position from 1, as `item N`


def test_batch_summary(tmp_path: Path) -> None:
    """gr.summarize: each outcome's count and per rule its fail / review counts; HTML tables."""
    table = _table(tmp_path)
    decisions = gr.evaluate_many([*table.applications, {"project": {"direction": "x"}}], 2026, on_error="collect")
    summary = gr.summarize(decisions)
    assert summary.outcome_counts() == {"eligible": 1, "ineligible": 1, "needs_review": 1, "input_error": 1}
    assert ("plan.deadline.recommended", 1, 1) in summary.rule_counts()
    html = summary._repr_html_()
    assert html.count("<table>") == 2 and "plan.deadline.recommended" in html


def test_decision_html_failures_first(tmp_path: Path) -> None:
    """A Decision renders failures first, then reviews, with the decision date and its input
    warnings; the passing rules are folded below."""
    app = dict(_table(tmp_path).applications[1])
    app["project"] = {**app["project"], "start_date": "", "typo_field": 1}
    decision = gr.evaluate(app, 2026)
    html = decision._repr_html_()
    fail = html.index("plan.deadline.recommended")
    review = html.index("plan.eligibility.start_window")
    folded = html.index("<details>")
    assert fail < review < folded
    assert "判断日期 / as of: 2026-04-21" in html
    assert "typo_field" in html  # the input warning
    assert html.index("不符合") < html.index("需复核")


def test_table_renders(tmp_path: Path) -> None:
    """An ApplicationTable renders its columns, rows and warnings."""
    html = _table(tmp_path)._repr_html_()
    assert "applicant.org_type" in html and "四月十九日" in html and "3 份申报" in html
