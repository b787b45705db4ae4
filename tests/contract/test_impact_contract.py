"""product.md, "Plan impact: the same applications under two plans": gr.compare_plans and gr.ImpactReport, and
the `gongguan-rules impact` command."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import gongguan_rules as gr

from .support import BASE, CODE_TANGGU, REG, app, cited, event, run_cli, statuses

# The 2025 base application (滨海新区), as 2025's 汇总表 would hold it, and variants.
APPS = [
    BASE[2025],  # eligible under 2025; under 2026 no direction: review
    app(2025, **{"project.direction": "precision_improvement"}),  # 2026: a 市场监管所 recommending is review
    app(
        2025, **{"project.start_date": "2023-06-01", "project.direction": "common_technology"}
    ),  # 2026 一（三） 2024年以来
    app(
        2025,
        **{
            "applicant.district": "宝坻区",
            "applicant.credit_code": "91120224064012553U",
            "recommender.kind": "district_market_regulator",
            "project.direction": "precision_improvement",
        },
    ),
]


def rule_ids(d: gr.Decision) -> dict[str, str]:
    return {f.rule_id: str(f.status) for f in d.findings}


def test_report_items_in_order_with_both_decisions() -> None:
    """product.md: `report = gr.compare_plans(applications, 2025, 2026, history=None, shift_years=True)  # ->
    gr.ImpactReport`; "report.items — one per application, in order: .index, .before (Decision under the first plan),
    .after (Decision under the second), .changed (the outcome differs), .rules (list[str]: the rule ids whose status
    differs ...)"."""
    report = gr.compare_plans(APPS, 2025, 2026, history=None, shift_years=True)
    assert isinstance(report, gr.ImpactReport)
    assert len(report.items) == len(APPS)
    for n, item in enumerate(report.items):
        assert item.index in (n, n + 1)
        assert isinstance(item.before, gr.Decision) and isinstance(item.after, gr.Decision)
        assert item.before.provenance.plan_year == 2025
        assert item.after.provenance.plan_year == 2026
        assert item.changed is (item.before.outcome != item.after.outcome)
        before, after = rule_ids(item.before), rule_ids(item.after)
        differs = {r for r in set(before) & set(after) if before[r] != after[r]}
        assert isinstance(item.rules, list)
        assert set(item.rules) == differs
        assert len(item.rules) == len(set(item.rules))
        # "a rule that exists under only one plan is listed in .only_before / .only_after"
        assert set(item.only_before) == set(before) - set(after)
        assert set(item.only_after) == set(after) - set(before)
    indexes = [item.index for item in report.items]
    assert indexes == sorted(indexes) and len(set(indexes)) == len(indexes)
    # the start date outside 2026's window: 一（三）
    assert report.items[2].after.outcome == "ineligible"
    assert report.items[1].before.outcome == "eligible" and report.items[1].after.outcome == "needs_review"
    assert report.items[3].before.outcome == "ineligible"  # 2025 binds 滨海新区 units only


def test_summary_counts_transitions() -> None:
    """product.md: `report.summary()   # dict[tuple[str, str], int]: (outcome before, outcome after) -> count`."""
    report = gr.compare_plans(APPS, 2025, 2026)
    summary = report.summary()
    assert isinstance(summary, dict)
    expected = Counter((str(i.before.outcome), str(i.after.outcome)) for i in report.items)
    assert {(str(a), str(b)): n for (a, b), n in summary.items()} == dict(expected)
    assert sum(summary.values()) == len(APPS)
    for key, count in summary.items():
        assert isinstance(key, tuple) and len(key) == 2 and isinstance(count, int)


def test_procedural_dates_and_as_of_move_by_the_difference_in_years() -> None:
    """product.md: "When the two plans are of different years, the application's procedural dates
    (`submitted_to_recommender_on`, `recommended_on`) and `as_of` are moved by the difference in years before it is
    judged under the second plan ...; the second decision's warnings say so."."""
    report = gr.compare_plans([BASE[2025]], 2025, 2026)
    item = report.items[0]
    assert item.before.as_of == date(2025, 4, 15)
    assert item.after.as_of == date(2026, 4, 15)
    assert item.after.warnings, "the second decision's warnings say so"
    said = " ".join(item.after.warnings)
    assert "2026-04-10" in said and "2026-04-15" in said
    on_time = [f for f in item.after.findings if "recommended_on" in f.facts]
    assert on_time and all(str(f.facts["recommended_on"])[:10] == "2026-04-15" for f in on_time)
    assert not item.before.warnings


def test_as_of_given_moves_too() -> None:
    """product.md: "... and `as_of` are moved by the difference in years"."""
    report = gr.compare_plans([BASE[2025]], 2025, 2026, as_of="2025-04-20")
    assert report.items[0].before.as_of == date(2025, 4, 20)
    assert report.items[0].after.as_of == date(2026, 4, 20)


def test_29_february_moves_to_28_february() -> None:
    """product.md: "moved by the difference in years ... (2月29日 → 2月28日)"."""
    leap = app(2025, submitted_to_recommender_on="2024-02-29", recommended_on="2024-02-29")
    item = gr.compare_plans([leap], 2025, 2026).items[0]
    said = " ".join(item.after.warnings)
    assert "2025-02-28" in said
    moved = [
        f.facts["submitted_to_recommender_on"] for f in item.after.findings if "submitted_to_recommender_on" in f.facts
    ]
    assert moved and all(str(v)[:10] == "2025-02-28" for v in moved)


def test_start_date_does_not_move() -> None:
    """product.md: "The project's `start_date` and the history are facts about the past and do not move." A project
    started 2023-06-01 stays before 2026's window (一（三） 2024年以来启动实施) after the move."""
    started = app(2025, **{"project.start_date": "2023-06-01", "project.direction": "precision_improvement"})
    item = gr.compare_plans([started], 2025, 2026).items[0]
    window = [f for f in item.after.findings if "project.start_date" in f.facts and f.status == "fail"]
    assert window
    assert all(str(f.facts["project.start_date"])[:10] == "2023-06-01" for f in window)
    assert "2024-06-01" not in " ".join(item.after.warnings)


def test_history_does_not_move() -> None:
    """product.md: "the history are facts about the past and do not move". A revocation on 2025-04-12 comes after a
    2025 application of 4月10日 (no bar) but before the same application moved to 2026-04-10 (barred, 第二十五条)."""
    past = {"project_name": "提高焊接电弧稳定性", "credit_code": CODE_TANGGU}
    history = [
        event("excellent_recognized", "2024-10-20", 2024, **past),
        event("recognition_revoked", "2025-04-12", 2024, reason="false_materials", public_notice=True, **past),
    ]
    item = gr.compare_plans([BASE[2025]], 2025, 2026, history=history).items[0]
    assert statuses(cited(item.before, REG, "第二十五条")) == {"pass"}
    assert statuses(cited(item.after, REG, "第二十五条")) == {"fail"}
    assert item.changed and item.after.outcome == "ineligible"


def test_no_shift_judges_every_date_as_given() -> None:
    """product.md: "`shift_years=False` judges every date as given."."""
    item = gr.compare_plans([BASE[2025]], 2025, 2026, shift_years=False).items[0]
    assert item.after.as_of == date(2025, 4, 15)
    on = [f for f in item.after.findings if "recommended_on" in f.facts]
    assert on and all(str(f.facts["recommended_on"])[:10] == "2025-04-15" for f in on)


def test_same_year_moves_nothing() -> None:
    """product.md: dates move only "When the two plans are of different years"."""
    item = gr.compare_plans([BASE[2026]], 2026, 2026).items[0]
    assert item.before == item.after or item.before.model_dump(mode="json") == item.after.model_dump(mode="json")
    assert not item.changed and item.rules == []


def test_only_before_and_only_after() -> None:
    """product.md: "`.rules` lists the rules judged under both plans whose status differs; a rule that exists under
    only one plan is listed in `.only_before` / `.only_after`." 2021 has 课题类型 (附表), 2026 has 方向 (三)."""
    report = gr.compare_plans([BASE[2021]], 2021, 2026)
    item = report.items[0]
    before, after = rule_ids(item.before), rule_ids(item.after)
    assert set(item.only_after) == set(after) - set(before) and item.only_after
    assert set(item.only_before) == set(before) - set(after) and item.only_before
    assert not set(item.rules) & (set(item.only_before) | set(item.only_after))


def test_a_table_compares_too(tmp_path: Path) -> None:
    """product.md: compare_plans takes "applications" — the 汇总表 read by gr.read_applications among them."""
    path = tmp_path / "汇总表.csv"
    rows = [
        ["项目名称", "所在区", "统一社会信用代码", "单位类型", "推荐日期"],
        ["降低药芯焊丝焊接飞溅率", "滨海新区", CODE_TANGGU, "企业", "2025-04-15"],
        ["提高齿轮加工精度", "滨海新区", CODE_TANGGU, "企业", "2025-04-17"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")
    table = gr.read_applications(path)
    by_table = gr.compare_plans(table.applications, 2025, 2026)
    assert len(by_table.items) == 2
    assert by_table.items[1].before.outcome == "ineligible"  # 2025 六（四） 4月16日前


# ------------------------------------------------------------------ the command


def csv_table(tmp_path: Path) -> Path:
    header = [
        "序号",
        "申报单位名称",
        "统一社会信用代码",
        "单位类型",
        "所在区",
        "项目名称",
        "项目启动时间",
        "预期成效",
        "申报材料",
        "承诺原创",
        "不涉密",
        "真实性承诺",
        "推荐单位",
        "推荐单位类型",
        "提交推荐单位日期",
        "推荐日期",
    ]
    b = BASE[2025]

    def row(n: int, start: str) -> list[str]:
        return [
            str(n),
            b["applicant"]["name"],
            CODE_TANGGU,
            "企业",
            "滨海新区",
            f"项目{n}",
            start,
            "提质增效",
            "申报书、可行性分析、预期成效",
            "是",
            "是",
            "是",
            b["recommender"]["name"],
            "市场监管所",
            "2025-04-10",
            "2025-04-15",
        ]

    path = tmp_path / "汇总表-2025.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, row(1, "2024-06-01"), row(2, "2023-06-01")])
    path.write_text(buffer.getvalue(), "utf-8")
    return path


def test_impact_command_prints_the_summary_and_changed_rows(tmp_path: Path) -> None:
    """product.md: "CLI: `gongguan-rules impact 汇总表.xlsx --from 2025 --to 2026 [--output 影响.xlsx]` prints a summary
    (transitions and their counts) and the changed rows; exit codes as `evaluate`."."""
    path = csv_table(tmp_path)
    result = run_cli("impact", str(path), "--from", "2025", "--to", "2026")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "eligible" in out and "ineligible" in out
    report = gr.compare_plans(gr.read_applications(path).applications, 2025, 2026)
    for (before, after), count in report.summary().items():
        assert any(str(before) in line and str(after) in line and str(count) in line for line in out.splitlines())
    changed_rows = [i for i in report.items if i.changed]
    assert changed_rows


def test_impact_command_output_file(tmp_path: Path) -> None:
    """product.md: `[--output 影响.xlsx]`."""
    pytest.importorskip("openpyxl")
    path = csv_table(tmp_path)
    out = tmp_path / "影响.xlsx"
    result = run_cli("impact", str(path), "--from", "2025", "--to", "2026", "--output", str(out))
    assert result.returncode == 0, result.stderr
    import openpyxl

    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 3  # the header and the two applications


def test_impact_command_exit_codes(tmp_path: Path) -> None:
    """product.md: "exit codes as `evaluate`" (docs/cli.md: 2 usage, 1 an item that cannot be read, 5 unknown
    columns)."""
    path = csv_table(tmp_path)
    assert run_cli("impact", str(path), "--from", "2025").returncode == 2
    assert run_cli("impact", str(tmp_path / "missing.csv"), "--from", "2025", "--to", "2026").returncode == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(BASE[2025], ensure_ascii=False) + "\n" + json.dumps({"recommended_on": "2025-02-30"}) + "\n", "utf-8"
    )
    assert run_cli("impact", str(bad), "--from", "2025", "--to", "2026").returncode == 1
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(path.read_text("utf-8").replace("推荐日期", "奇怪的列", 1), "utf-8")
    assert run_cli("impact", str(unknown), "--from", "2025", "--to", "2026").returncode == 5
