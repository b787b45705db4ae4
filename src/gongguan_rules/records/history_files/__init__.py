"""Past records from files: the projects, excellent results and revocations already on record.

历史记录文件：把历年项目、优秀成果认定和撤销认定的记录读成事件，供 ``history`` 使用。

The duplication clauses (管理办法 第八条（三）; 2019 七（三）; 2021 三（一）;
2025 二（三）, 六（三）; 2026 一（三）) compare an application with past projects or past
excellent results, and 第二十五条 bars a unit for five years after a revocation. Those
records usually live in the summary tables (汇总表) the organisers keep, so this module reads
them from YAML, JSON Lines or CSV into plain event dicts of the library's shape::

    {"kind": "approved" | "excellent_recognized" | "recognition_revoked",
     "year": int, "date": "YYYY-MM-DD", "credit_code": str, "unit": str,
     "project_name": str, "district": str,
     "reason": "false_materials" | "improper_means"}     # revocations only

Keys whose value is absent are omitted. Of the library only the header vocabulary is imported
(tables/headers.py, a leaf module shared with the 汇总表 reader and the command line): the dicts
are validated again by the library's own models when they are used as ``history``.

Formats, chosen by the file's extension:

* ``.yaml`` / ``.yml``: a list of records, or a mapping whose sections set the kind:
  ``past_projects`` (approved), ``excellent_results`` (excellent_recognized) and
  ``revocations`` (recognition_revoked). Safe YAML only; duplicate keys are errors.
* ``.jsonl``: one JSON object per line; blank lines are skipped.
* ``.csv``: UTF-8 with or without BOM (UTF-16 with a BOM too); GB18030 when the bytes are not
  UTF-8, as spreadsheets on Chinese Windows save them. The whole file is in one encoding: UTF-8
  rows with one GB18030 row pasted in are refused naming that row's line, never decoded whole as
  GB18030 (inputs/files.py ``decode_text``). Comma- or tab-separated. The header may
  use the English keys or the Chinese column titles of the official application tables
  (2019 附件2, 2021 附表): 申报单位名称（与公章一致）, 统一社会信用代码, 所在区, 项目名称, … The
  other columns of those tables (序号, 行业, 企业规模, 课题类型, 项目负责人, 联系方式, 电子邮箱,
  备注, …) are ignored. Title rows above the header (a single filled cell, such as
  ``附件2`` or ``推荐单位(公章):``) are skipped, and so are rows that fill only ignored columns
  (a template's pre-numbered empty rows, a signature line under 序号).

Column and key names are matched after NFKC, case folding and the removal of all whitespace,
so ``统一社会信用 代码`` and ``申报单位名称 (与公章一致)`` are recognised as printed. Kinds and
reasons accept the Chinese names (立项, 优秀成果, 撤销认定, 提供虚假材料, 不正当手段, …). Text
values are trimmed and an empty one is absent; a credit code loses its inner spaces and is
upper-cased; dates become ISO dates (a datetime counts on its Beijing calendar day); a year is
a whole number from 1990 to 2100 (``2021``, ``2021年``, ``2021年度``). These files are office
files like the 汇总表, so dates may be written as offices type them (``2026-04-18``, ``2026/4/18``,
``2026.4.18``, ``2026年4月18日``, an RFC 3339 datetime: ``tables.values.read_date``); the dicts
this module returns carry ISO dates, the only text dates the API reads.

Every fault of a file is collected and reported at once by one :class:`HistoryFileError`,
each as ``file:line: what is wrong``. A file that cannot be read at all (missing, a directory, a
FIFO or device, larger than ``LIMITS["history"]``, 256 MiB) raises
:class:`~gongguan_rules.inputs.files.FileRefused`, an InputError naming the file, at once.
YAML is read by the one bounded YAML reader (law/strict_yaml.py): alias bombs, self-referencing
aliases and nesting deeper than 32 levels are faults of the file.

The package's parts: :mod:`.fields` (field names, aliases, value readers), :mod:`.records` (the
faults and the record building every format shares), :mod:`.from_csv`, :mod:`.from_jsonl` and
:mod:`.from_yaml` (one reader a format) and :mod:`.load` (:func:`load_history_file`).
"""

from __future__ import annotations

from .fields import COLUMN_ALIASES, IGNORED_COLUMNS, KIND_ALIASES, REASON_ALIASES
from .load import load_history_file
from .records import HistoryFileError

__all__ = [
    "COLUMN_ALIASES",
    "IGNORED_COLUMNS",
    "KIND_ALIASES",
    "REASON_ALIASES",
    "HistoryFileError",
    "load_history_file",
]
