"""product.md, "Tables (汇总表): CSV, Excel, DataFrames": gr.read_applications, gr.ApplicationTable and
gr.write_results, with tables laid out as the 2019 附件2 and the 2021 附表 print them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr

from .support import BASE, CODE_BAODI, CODE_TANGGU, CODE_WUQING

openpyxl = pytest.importorskip("openpyxl")
pd = pytest.importorskip("pandas")

# The 2021 附表 header exactly as printed (seed 001), and its title and signature lines.
HEADER_2021 = [
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
TITLE_2021 = [["2021年天津市质量攻关重点项目申报表"], ["推荐单位(公章):"]]
SIGNATURE = [
    ["推荐部门负责人:"],
    ["填报人:"],
    ["联系人电话:"],
    ["日期:"],
    ["注: (1) 此表由申报单位填写完成后汇总至推荐单位, 由推荐单位统一报送;"],
]

ROWS_2021 = [
    [
        "1",
        "天津某焊材有限公司",
        CODE_BAODI,
        "焊材",
        "宝坻区",
        "中型",
        "民营",
        "降低药芯焊丝焊接飞溅率",
        "问题解决型",
        "张三 13800000000",
        "a@example.com",
        "",
    ],
    [
        "2",
        "天津某机械有限公司",
        CODE_WUQING,
        "高端装备",
        "武清区",
        "小型",
        "国有",
        "提高齿轮加工精度",
        "创新型",
        "李四 13900000000",
        "b@example.com",
        "无",
    ],
]


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def table_2021(tmp_path: Path, encoding: str = "utf-8", name: str = "附表.csv") -> Path:
    return write_csv(tmp_path / name, [*TITLE_2021, HEADER_2021, *ROWS_2021, *SIGNATURE], encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_the_2021_annex_as_printed(tmp_path: Path, encoding: str) -> None:
    """product.md: "Headers are read as an office types them: the columns of the 2019 附件2 and the 2021 附表 exactly as
    printed"; "Title rows above the header (the table's name, 推荐单位(公章):) and the signature lines below the data
    (推荐部门负责人:, 填报人:, 联系人电话:, 日期:, 注:) are not applications"; source: ".csv (UTF-8, UTF-8 with BOM,
    GB18030)"."""
    table = gr.read_applications(table_2021(tmp_path, encoding))
    assert isinstance(table, gr.ApplicationTable)
    assert table.header == HEADER_2021
    assert len(table.applications) == 2
    assert table.rows == [4, 5]  # 1-based spreadsheet rows: two title rows, the header on row 3
    assert table.warnings == []  # every column is known; nothing to report
    first = table.applications[0]
    assert first["applicant"]["name"] == "天津某焊材有限公司"
    assert first["applicant"]["credit_code"] == CODE_BAODI
    assert first["applicant"]["district"] == "宝坻区"
    assert first["project"]["name"] == "降低药芯焊丝焊接飞溅率"
    assert first["project"]["sector"] == "焊材"
    assert first["project"]["topic_type"] in ("problem_solving", "问题解决型")
    assert "org_type" not in first.get("applicant", {})  # 企业性质 is ownership, never org_type
    assert table.columns["企业性质"] is None
    assert table.columns["序号"] is None
    assert table.columns["企业规模"] is None
    assert table.columns["备注"] is None
    assert table.columns["电子邮箱"] is None
    assert table.columns["项目及负责人及联系方式"] is None
    assert table.columns["申报单位名称 (与公章一致)"] == "applicant.name"
    assert table.columns["统一社会信用代码"] == "applicant.credit_code"
    assert table.columns["所属行业"] == "project.sector"
    assert table.columns["所在区"] == "applicant.district"
    assert table.columns["项目名称"] == "project.name"
    assert table.columns["课题类型 (问题解决型、创新型)"] == "project.topic_type"
    assert set(table.columns) == set(HEADER_2021)
    # cells as typed, in header order
    assert next(list(map(str, r)) for r in table.cells)[:8] == ROWS_2021[0][:8]
    assert len(table.cells) == 2 and all(len(r) == len(HEADER_2021) for r in table.cells)


def test_the_2019_annex_header(tmp_path: Path) -> None:
    """product.md: "the columns of the 2019 附件2 ... exactly as printed (申报单位名称 (与公章一致), 统一社会信用代码,
    所属行业 /
    行业, 所在区, 项目名称, ...)". Seed 002's 附件2 prints 统一社会信用 代码 and 项目 负责人 with a break."""
    header = [
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
    path = write_csv(
        tmp_path / "附件2.csv",
        [
            ["附件 2"],
            ["2019 年滨海新区质量攻关重点项目申报表"],
            ["推荐单位(公章):"],
            header,
            [
                "1",
                "天津某焊材有限公司",
                CODE_TANGGU,
                "焊材",
                "滨海新区",
                "降低药芯焊丝焊接飞溅率",
                "张三",
                "13800000000",
                "a@example.com",
            ],
            ["推荐部门负责人:"],
            ["填报人:"],
            ["联系人电话:"],
            ["日期:"],
            ["注: 1.此表由申报单位填写完成后汇总至推荐单位。"],
        ],
    )
    table = gr.read_applications(path)
    assert table.header == header
    assert table.rows == [5]
    assert table.warnings == []
    assert table.columns["统一社会信用 代码"] == "applicant.credit_code"
    assert table.columns["行业"] == "project.sector"
    assert table.applications[0]["applicant"]["credit_code"] == CODE_TANGGU


@pytest.mark.parametrize(
    ("header", "path"),
    [
        ("applicant.name", "applicant.name"),
        ("project.start_date", "project.start_date"),
        ("单位类型", "applicant.org_type"),
        ("单位性质", "applicant.org_type"),
        ("是否经行业主管部门认可", "applicant.recognized_by_authority"),
        ("申报方向", "project.direction"),
        ("项目启动时间", "project.start_date"),
        ("项目启动日期", "project.start_date"),
        ("启动日期", "project.start_date"),
        ("预期成效", "project.expected_benefits"),
        ("申报材料", "materials"),
        ("承诺原创", "declarations.original"),
        ("不涉密", "declarations.no_confidential_content"),
        ("真实性承诺", "declarations.truthful"),
        ("推荐单位", "recommender.name"),
        ("推荐单位类型", "recommender.kind"),
        ("提交推荐单位日期", "submitted_to_recommender_on"),
        ("申报日期", "submitted_to_recommender_on"),
        ("推荐日期", "recommended_on"),
        ("报送日期", "recommended_on"),
    ],
)
def test_usual_chinese_names_of_every_contract_field(tmp_path: Path, header: str, path: str) -> None:
    """product.md: "the dotted contract paths (`applicant.name`), and the usual Chinese names of every other contract
    field: 单位类型 / 单位性质 (org_type), 是否经行业主管部门认可, 申报方向, 项目启动时间 / 项目启动日期 / 启动日期,
    预期成效,
    申报材料, 承诺原创 / 不涉密 / 真实性承诺 (是/否), 推荐单位, 推荐单位类型, 提交推荐单位日期 / 申报日期, 推荐日期 /
    报送日期"."""
    other = "项目名称" if header != "项目名称" else "所在区"
    file = write_csv(tmp_path / "t.csv", [[other, header], ["降低药芯焊丝焊接飞溅率", ""]])
    table = gr.read_applications(file)
    assert table.columns[header] == path
    assert table.warnings == []


@pytest.mark.parametrize(
    ("header", "typed", "path", "value"),
    [
        ("推荐日期", "2026-04-18", "recommended_on", "2026-04-18"),
        ("推荐日期", "2026/4/18", "recommended_on", "2026-04-18"),
        ("推荐日期", "2026年4月18日", "recommended_on", "2026-04-18"),
        ("预期成效", "提质增效、节能降耗", "project.expected_benefits", ["quality_efficiency", "energy_saving"]),
        ("预期成效", "提质增效，节能降耗", "project.expected_benefits", ["quality_efficiency", "energy_saving"]),
        ("预期成效", "提质增效,节能降耗", "project.expected_benefits", ["quality_efficiency", "energy_saving"]),
        ("预期成效", "提质增效;节能降耗", "project.expected_benefits", ["quality_efficiency", "energy_saving"]),
        ("预期成效", "提质增效\n节能降耗", "project.expected_benefits", ["quality_efficiency", "energy_saving"]),
        ("真实性承诺", "是", "declarations.truthful", True),
        ("真实性承诺", "否", "declarations.truthful", False),
        ("真实性承诺", "√", "declarations.truthful", True),
        ("真实性承诺", "×", "declarations.truthful", False),
        ("真实性承诺", "Y", "declarations.truthful", True),
        ("真实性承诺", "N", "declarations.truthful", False),
    ],
)
def test_values_as_typed(tmp_path: Path, header: str, typed: str, path: str, value: Any) -> None:
    """product.md: "Values as typed: Excel date cells, 2026-04-18, 2026/4/18, 2026年4月18日; lists separated by
    、，,; or newlines (提质增效、节能降耗); 是/否, √/×, Y/N."; "table.applications — list[dict]: one per application
    row, in the contract's shape"."""
    table = gr.read_applications(
        write_csv(tmp_path / "t.csv", [["项目名称", header], ["降低药芯焊丝焊接飞溅率", typed]])
    )
    assert table.warnings == []
    application = table.applications[0]
    got = application
    for part in path.split("."):
        got = got[part]
    # in the contract's shape: what gr.evaluate reads as the same value
    assert gr.Application.model_validate(application) == gr.Application.model_validate(_nest(path, value, application))


def _nest(path: str, value: Any, application: dict[str, Any]) -> dict[str, Any]:
    import copy

    out = copy.deepcopy(application)
    cur = out
    parts = path.split(".")
    for part in parts[:-1]:
        cur = cur[part]
    cur[parts[-1]] = value
    return out


def test_an_unknown_column_and_a_cell_not_understood_are_reported(tmp_path: Path) -> None:
    """product.md: "table.warnings — list[str]: "file:row:col: what" (col: the header as written), for every unknown
    column and every cell not understood; nothing is dropped silently"; "A cell that cannot be understood ... is
    reported in warnings and left out of that row's application, so the rule that needs it says review"."""
    header = ["项目名称", "所在区", "推荐日期", "课题类型 (问题解决型、创新型)", "奇怪的列"]
    path = write_csv(
        tmp_path / "汇总表.csv",
        [
            header,
            ["降低药芯焊丝焊接飞溅率", "宝坻区", "下周一", "奇怪型", "x"],
            ["提高齿轮加工精度", "武清区", "2021-04-15", "创新型", "y"],
        ],
    )
    table = gr.read_applications(path)
    assert table.columns["奇怪的列"] is None
    pattern = re.compile(r"^(?P<file>.+):(?P<row>\d+):(?P<col>[^:]+): (?P<what>.+)$", re.S)
    parsed = [pattern.match(w) for w in table.warnings]
    assert all(parsed), table.warnings
    where = {(m["row"], m["col"]) for m in parsed if m}
    assert any(m["file"].endswith("汇总表.csv") for m in parsed if m)
    assert ("1", "奇怪的列") in where  # the unknown column, on the header row
    assert ("2", "推荐日期") in where  # a date that is not a date
    assert ("2", "课题类型 (问题解决型、创新型)") in where  # an unknown enum value
    assert len(table.warnings) == 3
    first = table.applications[0]
    assert "recommended_on" not in first
    assert "topic_type" not in first.get("project", {})
    d = gr.evaluate(first, 2021)
    assert any(f.status == "review" and "recommended_on" in f.facts for f in d.findings)
    assert d.outcome == "needs_review"


def test_a_file_that_cannot_be_read_raises_input_error_naming_it(tmp_path: Path) -> None:
    """product.md: "A file that cannot be read at all raises gr.InputError naming it."."""
    missing = tmp_path / "不存在的汇总表.xlsx"
    with pytest.raises(gr.InputError) as caught:
        gr.read_applications(missing)
    assert "不存在的汇总表.xlsx" in str(caught.value)
    garbage = tmp_path / "坏表.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(gr.InputError) as caught:
        gr.read_applications(garbage)
    assert "坏表.xlsx" in str(caught.value)


def test_excel_date_cells_and_rows(tmp_path: Path) -> None:
    """product.md: source ".xlsx"; "Values as typed: Excel date cells"; "table.rows — each application's row number
    as a spreadsheet shows it (1-based ...)"; "table.cells — each application row's cells as typed"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年天津市质量攻关项目立项申报汇总表"])
    ws.append(["推荐单位(公章):"])
    ws.append(["序号", "申报单位名称", "统一社会信用代码", "所在区", "项目名称", "项目启动时间", "推荐日期"])
    ws.append(
        [
            1,
            "天津某焊材有限公司",
            CODE_BAODI,
            "宝坻区",
            "降低药芯焊丝焊接飞溅率",
            dt.datetime(2024, 6, 1),
            dt.date(2026, 4, 18),
        ]
    )
    ws.append([])
    ws.append([2, "天津某机械有限公司", CODE_WUQING, "武清区", "提高齿轮加工精度", "2024/7/1", "2026年4月19日"])
    ws.append(["填报人:"])
    ws.append(["日期:", "2026年4月20日"])
    path = tmp_path / "汇总表.xlsx"
    wb.save(path)
    table = gr.read_applications(path)
    assert table.rows == [4, 6]
    assert table.warnings == []
    assert [a["project"]["start_date"] for a in table.applications] == ["2024-06-01", "2024-07-01"] or [
        str(a["project"]["start_date"])[:10] for a in table.applications
    ] == ["2024-06-01", "2024-07-01"]
    assert str(table.applications[1]["recommended_on"])[:10] == "2026-04-19"
    # cells as typed: the Excel date stays a date
    assert isinstance(table.cells[0][5], (dt.date, dt.datetime))


def test_dataframe_rows_count_from_two(tmp_path: Path) -> None:
    """product.md: source "or a pandas DataFrame"; rows — "for a DataFrame, as if written with its header in row 1:
    first data row = 2"."""
    frame = pd.DataFrame(
        {
            "项目名称": ["降低药芯焊丝焊接飞溅率", "提高齿轮加工精度"],
            "所在区": ["宝坻区", "武清区"],
            "推荐日期": ["2026-04-18", "2026-04-19"],
        }
    )
    table = gr.read_applications(frame)
    assert table.rows == [2, 3]
    assert table.header == ["项目名称", "所在区", "推荐日期"]
    assert table.applications[1]["applicant"]["district"] == "武清区"


def test_defaults_and_a_rows_value_replaces_them(tmp_path: Path) -> None:
    """product.md: "defaults: facts common to every row (a partial application, e.g. the recommender, the declarations
    made on the 申报书); a value a row gives replaces the default (lists too)."."""
    path = write_csv(
        tmp_path / "t.csv",
        [
            ["项目名称", "预期成效", "推荐单位类型"],
            ["降低药芯焊丝焊接飞溅率", "", ""],
            ["提高齿轮加工精度", "节能降耗", "行业协会"],
        ],
    )
    defaults = {
        "recommender": {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"},
        "declarations": {"original": True, "no_confidential_content": True, "truthful": True},
        "project": {"expected_benefits": ["quality_efficiency", "independent_innovation"]},
    }
    table = gr.read_applications(path, defaults=defaults)
    first, second = (gr.Application.model_validate(a) for a in table.applications)
    assert first.recommender.kind == "district_market_regulator"
    assert first.recommender.name == "天津市宝坻区市场监督管理局"
    assert first.declarations.truthful is True
    assert first.project.expected_benefits == ["quality_efficiency", "independent_innovation"]
    assert second.project.expected_benefits == ["energy_saving"]  # lists too: replaced, not merged
    assert second.recommender.kind == "industry_association"
    assert second.recommender.name == "天津市宝坻区市场监督管理局"


# ------------------------------------------------------------------ write_results

OUTCOMES_ZH = {"eligible": "符合申报条件", "ineligible": "不符合申报条件", "needs_review": "需人工复核"}


def three_rows(tmp_path: Path) -> Path:
    base = BASE[2026]
    header = [
        "序号",
        "申报单位名称",
        "统一社会信用代码",
        "单位类型",
        "所在区",
        "项目名称",
        "申报方向",
        "项目启动时间",
        "预期成效",
        "申报材料",
        "推荐单位",
        "推荐单位类型",
        "提交推荐单位日期",
        "推荐日期",
        "备注",
    ]

    def row(n: int, recommended: str, materials: str) -> list[str]:
        return [
            str(n),
            base["applicant"]["name"],
            CODE_BAODI,
            "企业",
            "宝坻区",
            f"项目{n}",
            "质量精准提升攻关",
            "2024-06-01",
            "提质增效",
            materials,
            base["recommender"]["name"],
            "区市场监管局",
            "2026-04-10",
            recommended,
            f"备注{n}",
        ]

    return write_csv(
        tmp_path / "汇总表.csv",
        [
            ["2026年天津市质量攻关项目立项申报汇总表"],
            header,
            row(1, "2026-04-18", "申报书、可行性分析、预期成效"),
            row(2, "2026-04-21", "申报书、可行性分析、预期成效"),
            row(3, "2026-04-18", ""),
            ["填报人:"],
        ],
    )


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
