"""The one header vocabulary: what an office writes at the top of a column, and the fact it gives.

表头词表：办公室在汇总表中写的列名与其对应的事实。汇总表读取（tables/reader.py）、历史记录文件
（records/history_files/）与命令行共用这一份词表。

A leaf module: it imports nothing of the library, so the history-file reader (below judging) uses
it without importing judging. Each :class:`Column` names a fact twice, as the application's
dotted contract path (product.md, "The application") and as the field of a history record
(records/history_files/); either may be None.

Titles are compared after :func:`header_key` (NFKC, case folding, every space removed, a leading
``*`` or ``※`` required-field mark dropped), so ``统一社会信用 代码`` and ``申报单位名称 (与公章一致)``
match as printed in the 2019 附件2 and the 2021 附表.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One fact and the titles an office writes for it. 一项事实及其常见列名。"""

    application: str | None
    record: str | None
    titles: tuple[str, ...]


#: Every column with a fact, the titles of the official forms first (2019 附件2, 2021 附表).
COLUMNS: tuple[Column, ...] = (
    Column(
        "applicant.name", "unit", ("申报单位名称（与公章一致）", "申报单位名称", "申报单位", "单位名称", "企业名称")
    ),
    Column("applicant.credit_code", "credit_code", ("统一社会信用代码", "社会信用代码", "信用代码")),
    Column("applicant.org_type", None, ("单位类型", "单位性质", "申报单位类型", "组织类型")),
    Column("applicant.district", "district", ("所在区", "所属区", "注册地", "所在区县")),
    Column(
        "applicant.recognized_by_authority",
        None,
        ("是否经行业主管部门认可", "经行业主管部门认可", "行业主管部门认可"),
    ),
    Column("project.name", "project_name", ("项目名称", "课题名称")),
    Column("project.sector", None, ("所属行业", "行业", "所属领域")),
    Column("project.direction", None, ("申报方向", "攻关方向")),
    Column("project.topic_type", None, ("课题类型（问题解决型、创新型）", "课题类型")),
    Column("project.start_date", None, ("项目启动时间", "项目启动日期", "启动日期", "启动时间")),
    Column("project.expected_benefits", None, ("预期成效", "预期效益", "预期成效类别")),
    Column("materials", None, ("申报材料", "提交材料")),
    Column("declarations.original", None, ("承诺原创", "原创承诺", "原创性承诺")),
    Column("declarations.no_confidential_content", None, ("不涉密", "承诺不涉密", "不涉密承诺", "保密承诺")),
    Column("declarations.truthful", None, ("真实性承诺", "承诺真实", "真实性")),
    Column("recommender.name", None, ("推荐单位", "推荐单位名称")),
    Column("recommender.kind", None, ("推荐单位类型",)),
    Column("submitted_to_recommender_on", None, ("提交推荐单位日期", "申报日期", "提交日期")),
    Column("recommended_on", None, ("推荐日期", "报送日期")),
    Column("id", None, ("编号",)),
    # Only in history files (records/history_files/).
    Column(None, "year", ("年度", "年份")),
    Column(None, "date", ("日期",)),
    Column(None, "kind", ("类型", "记录类型")),
    Column(None, "reason", ("撤销原因",)),
)

#: Columns of the official forms that carry no fact a rule reads (序号 is the row's own number):
#: known, kept as given, never warned about.
NO_FACT_TITLES: tuple[str, ...] = (
    "序号",
    "企业规模",
    "企业性质",  # 2021 附表: ownership (国有/民营/外资…), never org_type
    "项目负责人",
    "联系方式",
    "项目负责人及联系方式",
    "项目及负责人及联系方式",  # as printed in the 2021 附表
    "联系人",
    "联系电话",
    "电子邮箱",
    "备注",
)

#: The first word of a signature, note or total line under the data (2019 附件2, 2021 附表;
#: the others as offices add them).
FOOTER_LABELS: tuple[str, ...] = (
    "推荐部门负责人",
    "填报人",
    "联系人电话",
    "日期",
    "注",
    "推荐单位(公章)",
    "联系人",
    "联系电话",
    "单位负责人",
    "审核人",
    "制表人",
    "经办人",
    "合计",
    "总计",
    "小计",
)


def header_key(text: str) -> str:
    """How titles are compared: NFKC, case folded, no spaces, no leading ``*``/``※`` mark."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace()).lstrip("*※")


def _lookup(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for title, target in pairs:
        out.setdefault(header_key(title), target)
    return out


def application_titles() -> dict[str, str | None]:
    """Title key → application path (None: a known column without a fact). 申报表头。"""
    pairs: list[tuple[str, str | None]] = [(t, None) for t in NO_FACT_TITLES]
    for column in COLUMNS:
        if column.application is not None:
            pairs += [(t, column.application) for t in column.titles]
    return _lookup(pairs)


def record_titles() -> dict[str, str | None]:
    """Title key → history-record field; a known application column without one maps to None."""
    pairs: list[tuple[str, str | None]] = []
    for column in COLUMNS:
        pairs += [(t, column.record) for t in column.titles]
    pairs += [(t, None) for t in NO_FACT_TITLES]
    return _lookup(pairs)


def spellings(titles: Iterable[str]) -> dict[str, str]:
    """Title key → the title as written here, for "did you mean". 建议用的写法。"""
    return {header_key(t): t for t in titles}


def known_titles() -> list[str]:
    """Every title of the vocabulary, as written here. 词表中的全部列名。"""
    return [t for column in COLUMNS for t in column.titles] + list(NO_FACT_TITLES)


def did_you_mean(written: str, known: Mapping[str, str]) -> str | None:
    """The closest known spelling to ``written`` (``known``: key → as written), or None."""
    close = difflib.get_close_matches(header_key(written), list(known), n=1, cutoff=0.6)
    return known[close[0]] if close else None


def is_footer(text: str) -> bool:
    """Whether a cell opens a signature or note line (推荐部门负责人:, 填报人:, 日期:, 注:…)."""
    key = header_key(text)
    for label in FOOTER_LABELS:
        label_key = header_key(label)
        if key == label_key or key.startswith((label_key + ":", label_key + "：")):
            return True
    return False
