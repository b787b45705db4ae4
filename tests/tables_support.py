"""A 2026-style 汇总表 as an office types it, for the table tests (issue 12).

Three applications to the 2026 plan (津市场监管质发〔2026〕2号), one per outcome: eligible; late
against 四（一） 4月20日前 (ineligible); no start date, 一（三） (needs_review). Written with the
ordinary Chinese headers, title rows above and the 2021 附表's signature lines below.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

TITLE = "2026年天津市质量攻关项目汇总表"

HEADER = [
    "序号",
    "申报单位名称（与公章一致）",
    "统一社会信用代码",
    "单位类型",
    "所在区",
    "所属行业",
    "项目名称",
    "申报方向",
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
    "企业性质",
    "项目负责人及联系方式",
    "备注",
]

DOTTED = [
    "id",
    "applicant.name",
    "applicant.credit_code",
    "applicant.org_type",
    "applicant.district",
    "project.sector",
    "project.name",
    "project.direction",
    "project.start_date",
    "project.expected_benefits",
    "materials",
    "declarations.original",
    "declarations.no_confidential_content",
    "declarations.truthful",
    "recommender.name",
    "recommender.kind",
    "submitted_to_recommender_on",
    "recommended_on",
]

ROWS: list[list[Any]] = [
    [
        1,
        "天津某焊材有限公司",
        "91120224064012553U",
        "企业",
        "宝坻区",
        "焊材",
        "降低药芯焊丝焊接飞溅率",
        "质量精准提升攻关",
        dt.date(2024, 6, 1),
        "提质增效、节能降耗",
        "申报书、可行性分析、预期成效",
        "是",
        "√",
        "Y",
        "天津市宝坻区市场监督管理局",
        "区市场监管局",
        "2026/4/10",
        "2026年4月18日",
        "民营",
        "张三 13900000000",
        "",
    ],
    [
        2,
        "天津某精密机械有限公司",
        "91120116MA05K3T7XB",
        "企业",
        "滨海新区",
        "协作机器人",
        "提升精密齿轮加工尺寸精度",
        "质量共性技术攻关",
        "2025-03-01",
        "提质增效",
        "申报书，可行性分析，预期成效",
        "是",
        "是",
        "是",
        "天津市滨海新区市场监督管理局",
        "区市场监管局",
        dt.date(2026, 4, 15),
        "2026-04-21",
        "国有",
        "李四",
        "",
    ],
    [
        3,
        "天津某生物制造有限公司",
        "91120104MA06ABCDEX",
        "企业",
        "南开区",
        "生物制造",
        "提高发酵收率稳定性",
        "质量精准提升攻关",
        "",
        "自主创新",
        "申报书;可行性分析;预期成效",
        "是",
        "是",
        "是",
        "天津市南开区市场监督管理局",
        "区市场监管局",
        "2026-04-12",
        "2026-04-19",
        "外资",
        "",
        "启动日期待补",
    ],
]

OUTCOMES = ["eligible", "ineligible", "needs_review"]

FOOTER = [
    "推荐部门负责人:",
    "填报人:",
    "联系人电话:",
    "日期:",
    "注: (1) 此表由申报单位填写完成后汇总至推荐单位, 由推荐单位统一报送;",
    "(2) 推荐单位需递交纸质版申报表(加盖公章), 同时电子版发送指定邮箱。",
]


def sheet_rows(rows: list[list[Any]] | None = None) -> list[list[Any]]:
    """The whole sheet: title, 推荐单位(公章):, a blank row, the header, the data, the footer."""
    body = [list(row) for row in (rows if rows is not None else ROWS)]  # copies: tests change cells
    return [[TITLE], ["推荐单位(公章):"], [], list(HEADER), *body, [], *[[line] for line in FOOTER]]


#: The spreadsheet row of each application in :func:`sheet_rows` (title 1, 公章 2, blank 3, header 4).
DATA_ROWS = [5, 6, 7]


def text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows([[text(v) for v in row] for row in rows])
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row if row else [None])
    book.save(path)
    return path


def dotted_rows() -> list[list[Any]]:
    """The same three applications under the dotted contract paths, values as the API takes them."""
    out: list[list[Any]] = [DOTTED]
    for row in ROWS:
        values = [text(v) for v in row[: len(DOTTED)]]
        out.append(values)
    return out
