"""gr.read_applications: a 汇总表 as offices type it (product.md, "Tables (汇总表)"; issue 12).

Each test names the form or clause it exercises: the 2019 附件2 and 2021 附表 (headers, title and
signature lines), and the 2026 plan's clauses the rows are judged on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import gongguan_rules as gr
from tables_support import DATA_ROWS, HEADER, OUTCOMES, ROWS, dotted_rows, sheet_rows, write_csv, write_xlsx

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "tables"


def _outcomes(table: gr.ApplicationTable, plan: int = 2026) -> list[str]:
    return [d.outcome.value for d in gr.evaluate_many(table.applications, plan)]  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["xlsx", "csv-utf8", "csv-bom", "csv-gb18030"])
def test_office_table_is_judged_on_every_fact(tmp_path: Path, kind: str) -> None:
    """A 2026 汇总表 with ordinary Chinese headers, title rows and the 附表's signature lines:
    three applications at rows 5-7, judged eligible / ineligible (四（一） 4月20日前) / needs_review
    (一（三） no start date), exactly as the same data under dotted headers."""
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "汇总表.xlsx", sheet_rows())
    else:
        encoding = {"csv-utf8": "utf-8", "csv-bom": "utf-8-sig", "csv-gb18030": "gb18030"}[kind]
        path = write_csv(tmp_path / "汇总表.csv", sheet_rows(), encoding)
    table = gr.read_applications(path)
    assert table.warnings == []
    assert table.rows == DATA_ROWS
    assert table.header == HEADER
    assert table.header_row == 4
    assert _outcomes(table) == OUTCOMES
    dotted = gr.read_applications(write_csv(tmp_path / "dotted.csv", dotted_rows()))
    assert dotted.warnings == []
    assert [{k: v for k, v in a.items() if k != "id"} for a in dotted.applications] == table.applications
    first = table.applications[0]
    assert first["applicant"] == {
        "name": "天津某焊材有限公司",
        "credit_code": "91120224064012553U",
        "org_type": "enterprise",
        "district": "宝坻区",
    }
    assert first["project"]["start_date"] == "2024-06-01"
    assert first["project"]["expected_benefits"] == ["quality_efficiency", "energy_saving"]
    assert first["materials"] == ["application_form", "feasibility_analysis", "expected_results"]
    assert first["declarations"] == {"original": True, "no_confidential_content": True, "truthful": True}
    assert first["submitted_to_recommender_on"] == "2026-04-10"
    assert first["recommended_on"] == "2026-04-18"


def test_columns_cells_and_no_fact_columns(tmp_path: Path) -> None:
    """table.columns maps every header as written; 序号, 企业性质 (ownership, 2021 附表: never
    org_type), 项目负责人及联系方式 and 备注 are known, kept in cells, mapped to None, not warned."""
    table = gr.read_applications(write_xlsx(tmp_path / "t.xlsx", sheet_rows()))
    assert table.columns["企业性质"] is None
    assert table.columns["序号"] is None and table.columns["备注"] is None
    assert table.columns["单位类型"] == "applicant.org_type"
    assert table.columns["项目启动时间"] == "project.start_date"
    assert set(table.columns) == set(HEADER)
    assert table.cells[0][0] == 1  # as typed: the Excel number
    assert table.cells[0][8] == dt.date(2024, 6, 1)  # an Excel date cell
    assert table.cells[1][HEADER.index("企业性质")] == "国有"
    assert "org_type" not in str(table.applications[1].get("applicant", {}).get("org_type", ""))
    assert table.applications[1]["applicant"]["org_type"] == "enterprise"  # from 单位类型, not 企业性质


def test_2019_annex2_and_2021_annex_headers_as_printed(tmp_path: Path) -> None:
    """Every column of the 2019 附件2 and the 2021 附表 exactly as printed (spaces inside titles
    included) is known: no warning, and the fact columns fill the contract's fields."""
    annex2 = [
        "序号",
        "申报单位名称 (与公章一致)",
        "统一社会信用 代码",
        "行业",
        "所在区",
        "项目名称",
        "项目 负责人",
        "联系方式",
        "电子邮箱",
    ]
    annex = [
        "序号",
        "申报单位名称 (与公章一致)",
        "统一社会信用代码",
        "所属行业",
        "所在区",
        "企业规模",
        "企业性质",
        "项目名称",
        "课题类型 (问题解决型、创新型)",
        "项目及负责人及联系方式",
        "电子邮箱",
        "备注",
    ]
    row2019 = ["1", "天津某公司", "91120116MA05K3T7XB", "焊材", "滨海新区", "降低飞溅率", "王五", "139", "w@x.cn"]
    row2021 = [
        "1",
        "天津某公司",
        "91120222MA05K3T7XB",
        "焊材",
        "武清区",
        "中型",
        "民营",
        "降低飞溅率",
        "创新型",
        "王五",
        "",
        "",
    ]
    t2019 = gr.read_applications(
        write_csv(
            tmp_path / "2019.csv", [["2019 年滨海新区质量攻关重点项目申报表"], ["推荐单位(公章):"], annex2, row2019]
        )
    )
    t2021 = gr.read_applications(write_csv(tmp_path / "2021.csv", [["附表"], annex, row2021, ["推荐部门负责人:"]]))
    assert t2019.warnings == [] and t2021.warnings == []
    assert t2019.columns["行业"] == "project.sector" and t2021.columns["所属行业"] == "project.sector"
    assert t2019.applications[0]["applicant"]["credit_code"] == "91120116MA05K3T7XB"
    assert t2021.applications[0]["project"]["topic_type"] == "innovation"
    assert [t2019.rows, t2021.rows] == [[4], [3]]


def test_footer_lines_are_not_applications(tmp_path: Path) -> None:
    """The 附表's signature lines (推荐部门负责人:, 填报人:, 联系人电话:, 日期:, 注: and its second
    line) are not phantom applications, even when written across several cells."""
    rows = [*sheet_rows(), ["推荐部门负责人：", "", "填报人：", "赵六"], ["合计", "3 项"]]
    table = gr.read_applications(write_csv(tmp_path / "t.csv", rows))
    assert len(table.applications) == 3 and table.warnings == []


def test_unknown_column_and_did_you_mean(tmp_path: Path) -> None:
    """A column nobody knows is reported at file:row:col with a did-you-mean; a near miss of a
    dotted path too; nothing is dropped silently."""
    header = ["项目名", "applicant.credit_cod", "统一社会信用代码", "联系人QQ"]
    path = write_csv(tmp_path / "t.csv", [header, ["降低飞溅率", "x", "91120116MA05K3T7XB", "123"]])
    table = gr.read_applications(path)
    assert table.columns == {
        "项目名": None,
        "applicant.credit_cod": None,
        "统一社会信用代码": "applicant.credit_code",
        "联系人QQ": None,
    }
    assert table.unknown_columns == ["项目名", "applicant.credit_cod", "联系人QQ"]
    assert table.warnings[0].startswith(f"{path}:1:项目名: ")
    assert "did you mean '项目名称'?" in table.warnings[0]
    assert "did you mean 'applicant.credit_code'?" in table.warnings[1]
    assert table.warnings[2].startswith(f"{path}:1:联系人QQ: ")
    assert table.applications == [{"applicant": {"credit_code": "91120116MA05K3T7XB"}}]


def test_cell_not_understood_is_reported_and_judged_review(tmp_path: Path) -> None:
    """A cell that cannot be understood (an impossible date 2026年2月30日, an unknown direction
    for 2026 三) is reported at file:row:col and left out: the row is still judged, and the rule
    that needs the fact (四（一）, 三) says review, never fail or pass."""
    rows = sheet_rows([list(ROWS[0])])
    rows[4][HEADER.index("推荐日期")] = "2026年2月30日"
    rows[4][HEADER.index("申报方向")] = "横向攻关"
    path = write_csv(tmp_path / "t.csv", rows)
    table = gr.read_applications(path)
    assert table.warnings == [
        next(w for w in table.warnings if w.startswith(f"{path}:5:申报方向: 未知的取值“横向攻关”")),
        f"{path}:5:推荐日期: 不存在的日期“2026年2月30日”/ no such day '2026年2月30日'",
    ]
    assert table.row_warnings == [table.warnings]
    assert "recommended_on" not in table.applications[0]
    decision = gr.evaluate(table.applications[0], 2026)
    assert decision.outcome == "needs_review"
    assert decision.finding("plan.deadline.recommended").status == "review"  # type: ignore[union-attr]
    assert decision.finding("plan.direction").status == "review"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2026-04-18", "2026-04-18"),
        ("2026/4/18", "2026-04-18"),
        ("2026.4.18", "2026-04-18"),
        ("2026年4月18日", "2026-04-18"),
        ("２０２６年４月１８日", "2026-04-18"),
        ("2026-04-18 23:59", "2026-04-18T23:59:00"),
        (dt.date(2026, 4, 18), "2026-04-18"),
        (dt.datetime(2026, 4, 18, 0, 0), "2026-04-18"),
    ],
)
def test_office_dates(typed: object, read: str) -> None:
    """Dates as offices type them become ISO dates (the API itself reads ISO only)."""
    from gongguan_rules.tables.values import read_date

    assert read_date(typed) == read


@pytest.mark.parametrize(
    ("typed", "read"),
    [("是", True), ("√", True), ("Y", True), ("y", True), ("否", False), ("×", False), ("N", False), (True, True)],
)
def test_yes_no(typed: object, read: bool) -> None:
    """承诺原创 / 不涉密 / 真实性承诺 as 是/否, √/×, Y/N."""
    from gongguan_rules.tables.values import read_bool

    assert read_bool(typed) is read


def test_list_separators(tmp_path: Path) -> None:
    """预期成效 lists split on 、，,; ； and line breaks (第八条（二）)."""
    from gongguan_rules.tables.values import split_list

    assert split_list("提质增效、节能降耗，优化服务,自主创新;提质增效；节能降耗\n优化服务") == [
        "提质增效",
        "节能降耗",
        "优化服务",
        "自主创新",
        "提质增效",
        "节能降耗",
        "优化服务",
    ]


def test_defaults_and_row_values(tmp_path: Path) -> None:
    """defaults: facts common to every row (the recommender; the 申报书's declarations); a value a
    row gives replaces the default, lists too; an unreadable cell does not fall back to it."""
    header = ["项目名称", "推荐单位", "申报材料", "推荐日期"]
    rows = [header, ["甲", "", "", "2026-04-18"], ["乙", "天津市南开区市场监督管理局", "申报书", "坏日期"]]
    defaults = {
        "recommender": {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"},
        "materials": ["application_form", "feasibility_analysis", "expected_results"],
        "recommended_on": "2026-04-10",
    }
    table = gr.read_applications(write_csv(tmp_path / "t.csv", rows), defaults=defaults)
    first, second = table.applications
    assert first["recommender"] == defaults["recommender"]
    assert first["materials"] == defaults["materials"]
    assert first["recommended_on"] == "2026-04-18"
    assert second["recommender"] == {"name": "天津市南开区市场监督管理局", "kind": "district_market_regulator"}
    assert second["materials"] == ["application_form"]
    assert "recommended_on" not in second
    assert defaults["materials"] == ["application_form", "feasibility_analysis", "expected_results"]  # not mutated
    with pytest.raises(gr.InputError) as info:
        gr.read_applications(write_csv(tmp_path / "u.csv", rows), defaults={"project": {"direction": "sideways"}})
    assert info.value.loc == "defaults.project.direction"


def test_dataframe_rows_numbered_as_written(tmp_path: Path) -> None:
    """A pandas DataFrame: numbered as if written with its header in row 1 (first data row 2)."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([r[: len(HEADER)] for r in ROWS], columns=HEADER)
    frame.loc[1, "项目启动时间"] = pd.Timestamp("2025-03-01")
    table = gr.read_applications(frame)
    assert table.rows == [2, 3, 4]
    assert table.warnings == []
    assert _outcomes(table) == OUTCOMES
    bad = frame.copy()
    bad.loc[2, "推荐日期"] = "不详"
    warned = gr.read_applications(bad)
    assert warned.warnings[0].startswith("DataFrame:4:推荐日期: ")
    raw = pd.read_excel(write_xlsx(tmp_path / "t.xlsx", sheet_rows()), header=None, engine="calamine")
    assert gr.read_applications(raw).rows == DATA_ROWS


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    """A file that cannot be read at all raises InputError naming it: missing, not a workbook,
    an unsupported type, no header, a directory, a sheet that does not exist."""
    cases = {
        tmp_path / "missing.xlsx": "no such file",
        (tmp_path / "fake.xlsx"): "not a readable workbook",
        (tmp_path / "t.txt"): "unsupported file type",
        (tmp_path / "empty.csv"): "no header row",
        tmp_path: "unsupported file type",
    }
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "t.txt").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_text("\n\n", encoding="utf-8")
    for path, needle in cases.items():
        with pytest.raises(gr.InputError) as info:
            gr.read_applications(path)
        assert str(path) in str(info.value) and needle in str(info.value), str(info.value)
    book = write_xlsx(tmp_path / "t.xlsx", sheet_rows())
    with pytest.raises(gr.InputError, match="no sheet '汇总'"):
        gr.read_applications(book, sheet="汇总")
    assert len(gr.read_applications(book, sheet=0).applications) == 3


def test_mixed_encoding_csv_is_refused_naming_the_line(tmp_path: Path) -> None:
    """A UTF-8 CSV with one GB18030 row pasted in is refused naming that row's line (issue 10:
    never decoded whole in the other encoding, which turns every name into garbage)."""
    path = tmp_path / "mixed.csv"
    good = "项目名称,所在区\n甲,宝坻区\n".encode()
    path.write_bytes(good + "乙,南开区\n".encode("gb18030"))
    with pytest.raises(gr.InputError) as info:
        gr.read_applications(path)
    assert f"{path}:3" in str(info.value)


def test_xls_workbook() -> None:
    """An .xls workbook (Excel 97-2003, as older offices still save): read like .xlsx."""
    table = gr.read_applications(FIXTURES / "汇总表.xls")
    assert table.warnings == []
    assert table.rows == DATA_ROWS
    assert _outcomes(table) == OUTCOMES


# --------------------------------------------------------------------------------------------
# gr.write_results: the results workbook, read back


def _results(tmp_path: Path, suffix: str, lang: str = "zh") -> tuple[gr.ApplicationTable, list[list[object]]]:
    rows = sheet_rows()
    rows[5][HEADER.index("推荐日期")] = "四月二十一日"  # row 6: a date not understood
    table = gr.read_applications(write_xlsx(tmp_path / "in.xlsx", rows))
    decisions = gr.evaluate_many(
        [*table.applications[:2], {"project": {"direction": "sideways"}}], 2026, on_error="collect"
    )
    out = tmp_path / f"结果{suffix}"
    gr.write_results(out, table, decisions, lang=lang)
    if suffix == ".csv":
        import csv

        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel and WPS open it right
        with out.open(encoding="utf-8-sig", newline="") as handle:
            return table, [list(r) for r in csv.reader(handle)]
    import openpyxl

    sheet = openpyxl.load_workbook(out).active
    return table, [list(r) for r in sheet.iter_rows(values_only=True)]


def test_results_workbook_read_back(tmp_path: Path) -> None:
    """write_results (.xlsx): the header and application rows as given (no title or signature
    lines), plus 结论, 不符合项, 需复核项, 说明 and 补正建议; 四（一） missed → 不符合申报条件; a date
    not understood is shown in 说明; an InputError in place of a decision → 输入有误."""
    table, back = _results(tmp_path, ".xlsx")
    assert back[0] == [*HEADER, "结论", "不符合项", "需复核项", "说明", "补正建议"]
    assert len(back) == 4  # header + three rows: no title, no footer
    width = len(HEADER)
    start = HEADER.index("项目启动时间")
    assert back[1][start] == dt.datetime(2024, 6, 1)  # the Excel date cell stays a date
    given = [None if c == "" else c for c in table.cells[0]]
    assert back[1][:start] + back[1][start + 1 : width] == given[:start] + given[start + 1 :]  # as typed
    assert back[1][width] == "符合申报条件"
    assert back[2][width] == "需人工复核"  # 推荐日期 not understood: 四（一） cannot be checked
    assert "plan.deadline.recommended" in back[2][width + 2]
    assert "推荐日期: " in back[2][width + 3] and "四月二十一日" in back[2][width + 3]
    assert "[plan.deadline.recommended] 可补正" in back[2][width + 4]  # the remedy: supply the date
    assert back[3][width] == "输入有误"
    assert "project.direction" in back[3][width + 3]


def test_results_workbook_styles(tmp_path: Path) -> None:
    """The .xlsx is coloured by outcome, its header frozen and its columns sized for Chinese."""
    import openpyxl

    _results(tmp_path, ".xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "结果.xlsx").active
    assert sheet.freeze_panes == "A2"
    fills = [sheet.cell(row=r, column=1).fill.fgColor.rgb for r in (2, 3, 4)]
    assert fills == ["00E2EFDA", "00FFF2CC", "00E7E6E6"]
    name_width = sheet.column_dimensions["B"].width
    assert name_width >= 2 * len("天津某精密机械有限公司")  # Chinese characters count double


def test_results_csv_and_english(tmp_path: Path) -> None:
    """write_results (.csv, lang="en"): UTF-8 with a BOM; 结论 in English (eligible, needs_review,
    input_error); the columns keep their names."""
    _, back = _results(tmp_path, ".csv", lang="en")
    width = len(HEADER)
    assert back[0][width:] == ["结论", "不符合项", "需复核项", "说明", "补正建议"]
    assert [r[width] for r in back[1:]] == ["eligible", "needs_review", "input_error"]
    assert back[1][HEADER.index("推荐日期")] == "2026年4月18日"


def test_results_refuse_a_mismatch(tmp_path: Path) -> None:
    """One decision per application row, and a known output type, or a clear error."""
    table = gr.read_applications(write_csv(tmp_path / "t.csv", sheet_rows()))
    with pytest.raises(ValueError, match="2 decisions for 3 application rows"):
        gr.write_results(tmp_path / "r.xlsx", table, gr.evaluate_many(table.applications[:2], 2026))
    with pytest.raises(ValueError, match=r"\.xlsx or \.csv"):
        gr.write_results(tmp_path / "r.ods", table, gr.evaluate_many(table.applications, 2026))
