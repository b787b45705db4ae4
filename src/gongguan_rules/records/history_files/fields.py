"""The fields of a history record, the names each may be written under, and how each value is read.

历史记录的字段、各字段可用的列名与键名（与汇总表共用 tables/headers.py 的词表），以及各类取值的读法
（文字、记录类型、撤销理由、年度、日期）。Every reader returns ``(value, error)``: an error is a
sentence for the file's fault list, never an exception.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Mapping

from ...inputs.dates import DateParseError, to_beijing_date
from ...quoting import quote
from ...tables.headers import COLUMNS, NO_FACT_TITLES, header_key
from ...tables.values import CellError, read_date

FIELDS = ("kind", "year", "date", "credit_code", "unit", "project_name", "district", "reason")

#: Column titles and keys accepted for each field: the field names themselves and the one header
#: vocabulary the 汇总表 reader shares (tables/headers.py), matched after NFKC and whitespace removal.
COLUMN_ALIASES: Mapping[str, str] = {
    **{name: name for name in FIELDS},
    **{title: column.record for column in COLUMNS if column.record is not None for title in column.titles},
}

#: Known columns that carry nothing a history record holds: the official tables' columns without
#: a fact (序号, 企业规模, 联系方式, …) and the application's own (行业, 课题类型, 推荐单位, …).
IGNORED_COLUMNS: tuple[str, ...] = (
    *(title for column in COLUMNS if column.record is None for title in column.titles),
    *NO_FACT_TITLES,
)

#: Record kinds and their accepted spellings.
KIND_ALIASES: Mapping[str, str] = {
    "approved": "approved",
    "excellent_recognized": "excellent_recognized",
    "recognition_revoked": "recognition_revoked",
    "立项": "approved",
    "历年项目": "approved",
    "项目": "approved",
    "优秀成果": "excellent_recognized",
    "认定优秀成果": "excellent_recognized",
    "撤销认定": "recognition_revoked",
    "撤销": "recognition_revoked",
}

#: Grounds of revocation (第二十五条) and their accepted spellings.
REASON_ALIASES: Mapping[str, str] = {
    "false_materials": "false_materials",
    "improper_means": "improper_means",
    "提供虚假材料": "false_materials",
    "虚假材料": "false_materials",
    "不正当手段": "improper_means",
    "采取不正当手段": "improper_means",
}

# YAML sections and the kind each one sets.
SECTIONS: Mapping[str, str] = {
    "past_projects": "approved",
    "excellent_results": "excellent_recognized",
    "revocations": "recognition_revoked",
}

NEEDS_PROJECT_NAME = frozenset({"approved", "excellent_recognized"})
_YEAR_RANGE = (1990, 2100)
_YEAR_TEXT = re.compile(r"(\d{4})(?:年度|年)?")


def match_key(text: str) -> str:
    """How column titles, keys and enum spellings are compared."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace())


COLUMN_LOOKUP: Mapping[str, str] = {header_key(title): field for title, field in COLUMN_ALIASES.items()}
IGNORED_LOOKUP = frozenset(header_key(title) for title in IGNORED_COLUMNS) - set(COLUMN_LOOKUP)
_KIND_LOOKUP: Mapping[str, str] = {match_key(name): kind for name, kind in KIND_ALIASES.items()}
_REASON_LOOKUP: Mapping[str, str] = {match_key(name): value for name, value in REASON_ALIASES.items()}
SECTION_LOOKUP: Mapping[str, str] = {match_key(name): name for name in SECTIONS}
# Spellings offered in "did you mean": normalised form -> as written here.
_KNOWN_COLUMNS: Mapping[str, str] = {header_key(title): title for title in (*COLUMN_ALIASES, *IGNORED_COLUMNS)}


def suggest(written: str, known: Mapping[str, str]) -> str:
    if len(written) > 64:  # no known name is that long; difflib would only spend time on it
        return ""
    close = difflib.get_close_matches(match_key(written), list(known), n=1, cutoff=0.6)
    return f" (did you mean {known[close[0]]!r}?)" if close else ""


def unknown_column(title: str, noun: str = "column") -> str:
    return (
        f"unknown {noun} {quote(title)}{suggest(title, _KNOWN_COLUMNS)}; "
        f"known {noun}s: {', '.join(FIELDS)} or the titles of the official tables"
    )


# --------------------------------------------------------------------------- values


def text_value(raw: object, field: str) -> tuple[str | None, str | None]:
    """A text value, trimmed; ``""`` is absent. Returns (value, error)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, f"{field} must be text, not {quote(raw)}"
    if isinstance(raw, int) and field == "credit_code":
        raw = str(raw)
    if not isinstance(raw, str):
        return None, f"{field} must be text, not {type(raw).__name__} {quote(raw)}"
    if not raw.isascii():
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:  # a JSON escape such as "\ud800": no record could hold it
            return None, f"{field} holds a lone surrogate {quote(raw)}: not Unicode text"
    value = raw.strip()
    return (value or None), None


def kind_value(raw: object) -> tuple[str | None, str | None]:
    text, error = text_value(raw, "kind")
    if error or text is None:
        return None, error
    kind = _KIND_LOOKUP.get(match_key(text))
    if kind is None:
        known = {match_key(name): name for name in KIND_ALIASES}
        return None, (
            f"unknown kind {quote(text)}{suggest(text, known)}; expected approved (立项), "
            "excellent_recognized (优秀成果) or recognition_revoked (撤销认定)"
        )
    return kind, None


def reason_value(raw: object) -> tuple[str | None, str | None]:
    text, error = text_value(raw, "reason")
    if error or text is None:
        return None, error
    reason = _REASON_LOOKUP.get(match_key(text))
    if reason is None:
        known = {match_key(name): name for name in REASON_ALIASES}
        return None, (
            f"unknown reason {quote(text)}{suggest(text, known)}; expected false_materials "
            "(提供虚假材料) or improper_means (不正当手段)"
        )
    return reason, None


def year_value(raw: object) -> tuple[int | None, str | None]:
    low, high = _YEAR_RANGE
    bad = f"bad year {quote(raw)}: expected a whole year from {low} to {high}"
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, bad
    if isinstance(raw, int):
        year = raw
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip()
        if not text:
            return None, None
        match = _YEAR_TEXT.fullmatch(text)
        if match is None:
            return None, bad
        year = int(match.group(1))
    else:
        return None, bad
    if not low <= year <= high:
        return None, bad
    return year, None


def date_value(raw: object) -> tuple[str | None, str | None]:
    """A date as an office types it (``tables.values.read_date``), as the ISO text of its Beijing day."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    bad = f"unparseable date {quote(raw)}: expected YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日 (a real calendar day)"
    if not isinstance(raw, str | dt.date):
        return None, bad
    try:
        return to_beijing_date(read_date(raw)).isoformat(), None
    except (CellError, DateParseError):
        return None, bad
