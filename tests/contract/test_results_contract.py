"""product.md, "Tables (汇总表)": `gr.write_results` — the header row and the application rows as given, plus 结论,
不符合项, 需复核项, 说明 and 补正建议; .xlsx coloured by outcome with its header frozen, .csv UTF-8 with BOM; an
InputError
in place of a decision."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr

from .support import summary_table

openpyxl = pytest.importorskip("openpyxl")
pd = pytest.importorskip("pandas")


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


# ------------------------------------------------------------------ write_results

OUTCOMES_ZH = {"eligible": "符合申报条件", "ineligible": "不符合申报条件", "needs_review": "需人工复核"}


def three_rows(tmp_path: Path) -> Path:
    """Three 2026 applications: eligible, recommended late (ineligible), no materials (needs review)."""
    rows = [{}, {"推荐日期": "2026-04-21"}, {"申报材料": ""}]
    path = summary_table(tmp_path / "汇总表.csv", 2026, rows, title="2026年天津市质量攻关项目立项申报汇总表")
    with path.open("a", encoding="utf-8") as f:
        f.write("填报人:\n")  # a signature line
    return path


@pytest.mark.parametrize(("lang", "suffix"), [("zh", ".csv"), ("en", ".csv"), ("zh", ".xlsx")])
def test_write_results(tmp_path: Path, lang: str, suffix: str) -> None:
    """product.md: `gr.write_results("结果.xlsx", table, decisions, lang="zh")` — "the header row and the application
    rows
    as given (every original column; no title or signature lines), plus per row: 结论 (zh: 符合申报条件 /
    不符合申报条件 /
    需人工复核; en: eligible / ineligible / needs_review), 不符合项, 需复核项, 说明 and 补正建议 (the remedies)"; ".xlsx
    (coloured by outcome, header frozen) or .csv (UTF-8 with BOM)"."""
    table = gr.read_applications(three_rows(tmp_path), defaults={"declarations": {"truthful": True}})
    decisions = [gr.evaluate(a, 2026) for a in table.applications]
    assert [d.outcome for d in decisions] == ["eligible", "ineligible", "needs_review"]
    out = tmp_path / f"结果{suffix}"
    gr.write_results(out, table, decisions, lang=lang)
    if suffix == ".csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    else:
        wb = openpyxl.load_workbook(out)
        ws = wb.active
        assert ws.freeze_panes in ("A2", "B2")  # the header frozen
        rows = [["" if c is None else str(c) for c in r] for r in ws.iter_rows(values_only=True)]
        fills = {ws.cell(row=i, column=1).fill.fgColor.rgb for i in (2, 3, 4)}
        assert len(fills) == 3  # coloured by outcome
    added = ["结论", "不符合项", "需复核项", "说明", "补正建议"]
    assert rows[0] == [*table.header, *added]
    assert len(rows) == 4  # the header and three applications: no title, no signature line
    by_column = [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    expected = [OUTCOMES_ZH[d.outcome] if lang == "zh" else str(d.outcome) for d in decisions]
    assert [r["结论"] for r in by_column] == expected
    assert [r["备注"] for r in by_column] == ["备注1", "备注2", "备注3"]  # every original column as given
    assert by_column[0]["不符合项"] == "" and by_column[0]["需复核项"] == ""
    assert by_column[1]["不符合项"] and by_column[1]["补正建议"]
    assert by_column[2]["需复核项"] and by_column[2]["补正建议"]
    # the remedies' own text
    remedy = next(f.remedy.message(lang) for f in decisions[2].findings if f.remedy is not None)
    assert remedy in by_column[2]["补正建议"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_write_results_with_an_input_error(tmp_path: Path, lang: str) -> None:
    """product.md: "an InputError in place of a decision (evaluate_many(on_error="collect")) is shown in 说明 with 结论
    输入有误 / input_error"."""
    table = gr.read_applications(three_rows(tmp_path))
    applications = [dict(a) for a in table.applications]
    decisions: list[Any] = gr.evaluate_many(applications, 2026, on_error="collect")
    try:
        gr.evaluate({"project": {"start_date": "2026-02-30"}}, 2026)
    except gr.InputError as exc:
        decisions[1] = exc
    out = tmp_path / "结果.csv"
    gr.write_results(out, table, decisions, lang=lang)
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[1]["结论"] == ("输入有误" if lang == "zh" else "input_error")
    assert "project.start_date" in rows[1]["说明"]
