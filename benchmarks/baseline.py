"""A plain-Python evaluation of the 2026 plan, without explanations: the benchmark's baseline.

基准对照：用普通 Python 手写的 2026 年度方案判断函数，只返回结论（不生成说明、出处与事实）。

``baseline_evaluate(app, history)`` returns the outcome (``eligible`` | ``ineligible`` |
``needs_review``) that ``gongguan_rules.judging.evaluate(app, 2026, history=history)`` returns, by doing
the same checks the library runs for the 2026 plan (rules/regulation.yaml + plans/2026.yaml):

==========================================  ================================================
rule(s)                                     check
==========================================  ================================================
reg.art8.1.unit_type, plan.eligibility.…    org type (企事业单位 / recognised 专业组织 / 机关)
reg.art8.1.registration, plan.eligibility.  registration in Tianjin (declared district)
plan.identity.credit_code                   GB 32100 form and ISO 7064 MOD 31-3 check character
plan.identity.district                      district vs credit-code division (corroboration)
plan.identity.org_type                      org type vs credit-code category (corroboration)
reg.art8.2.benefits, plan.eligibility.…     expected benefits
plan.eligibility.start_window               started 2024-01-01 or later, not after applying
reg.art8.3.duplication, plan.eligibility.…  no duplicate of an earlier (or undated), unrevoked
                                            excellent result: same unit + same normalised name
                                            → fail (review when undated), same name → review,
                                            Dice ≥ 0.8 → review
plan.direction                              one of the two 2026 directions
reg.art6.recommender, plan.recommender      recommender kind
reg.art10.materials, plan.materials         materials
reg.art10.truthful                          truthfulness declaration
reg.art12.recommendation, plan.recomm…      recommended_on present
plan.deadline.recommended                   recommended_on on or before 2026-04-20
plan.dates_in_order                         submitted ≤ recommended
reg.art25.debarment                         the five-year bar after a revocation (≥ 2023-12-29;
                                            an undated one → review)
==========================================  ================================================

(the rest — 第二条 scope, 第九条, 第二十七条, focus sectors, preferential direction, 附件4 and 附件5 —
are ``pass``/``info`` for every 2026 application and cannot change the outcome.) A record is the
applicant's own when both carry the same credit code, or, where either has none, the same unit
name (the library's reading, docs/interpretations.md#identity).

The baseline must follow the library's rules: when a 2026 rule or its reading changes, the
self-check below fails and the benchmark refuses to report until this file is brought up to date.

``baseline_evaluate_event(event, history)`` does the same for ``evaluate_event`` under the 2026
plan (procedure order, schedule, recommender, five-year bar, recusal, fees, revocation).

The baseline reads its input the way the library does (enum values or their Chinese names,
trimmed, case-insensitive; dates as ``date`` objects or ISO ``yyyy-mm-dd`` strings; empty strings
as absent) but validates nothing else. It reuses the library's *data tables* (the GB 32100 code
tables, Tianjin's districts, the enum spellings, the name-normalisation constants) so that both
decide on the same data, and none of its functions. The 2026 parameters are constants here, as a
hand-written function would have them. :func:`agreement_cases` lists inputs that break each
clause once; ``python benchmarks/baseline.py`` checks that the baseline and the library agree on
every one of them (exit status 1 if not).
"""

from __future__ import annotations

import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))  # the working tree's library

from gongguan_rules.identity import credit_code as _cc
from gongguan_rules.identity import districts as _d
from gongguan_rules.law import vocab as _v
from gongguan_rules.records import history_index as _hi
from gongguan_rules.records import project_names as _pn

# ---------------------------------------------------------------------------------------------
# 2026 parameters (plans/2026.yaml, rules/regulation.yaml), as constants
# ---------------------------------------------------------------------------------------------

PLAN_YEAR = 2026
RECOMMEND_BY = date(2026, 4, 20)  # 四（一） 4月20日前 (inclusive)
RESULTS_BY = date(2026, 9, 30)  # 四（六） 9月30日前 (inclusive)
EARLIEST_START = date(2024, 1, 1)  # 一（三） 2024年以来
REGULATION_IN_FORCE = date(2023, 12, 29)  # 第二十七条
BAR_YEARS = 5  # 第二十五条
NEAR_THRESHOLD = 0.8  # readings.duplication.near_threshold (default)
NEAR_LIMIT = 20  # readings.duplication.max_reported * 4

ALLOWED_ORG = {"enterprise", "public_institution"}
RECOGNIZED_ORG = {"industry_organization", "social_organization"}
REFUSED_ORG = {"government_agency"}
ALLOWED_RECOMMENDERS = {"city_industry_authority", "industry_association", "district_market_regulator"}
# 四（一）「区市场监督管理部门」 says nothing of its offices recommending in their own name: review
UNCLEAR_RECOMMENDERS = {"zone_market_regulator", "market_regulation_office"}
BENEFITS = {"quality_efficiency", "energy_saving", "service_optimization", "independent_innovation"}
DIRECTIONS = {"common_technology", "precision_improvement"}
REQUIRED_MATERIALS = ("feasibility_analysis", "expected_results", "application_form")
COMPATIBLE = {
    "enterprise": {"enterprise"},
    "public_institution": {"public_institution"},
    "industry_organization": {"social_organization", "public_institution"},
    "social_organization": {"social_organization"},
    "government_agency": {"government_agency"},
    "individual_business": {"individual_business"},
}

# The step each event kind must find on record first (2026 四: nine steps in order).
PRIOR: dict[str, tuple[str, ...]] = {
    "recommended": ("application_submitted",),
    "approved": ("recommended",),
    "results_submitted": ("approved",),
    "results_recommended": ("approved", "results_submitted"),
    "evaluated": ("results_recommended",),
    "excellent_recognized": ("evaluated",),
    "recognition_revoked": ("excellent_recognized",),
}

ELIGIBLE, INELIGIBLE, NEEDS_REVIEW = "eligible", "ineligible", "needs_review"
ACCEPTED, REJECTED = "accepted", "rejected"
_PASS, _REVIEW, _FAIL = 0, 1, 2

# ---------------------------------------------------------------------------------------------
# Reading input (the library's lenient spellings, from its own tables)
# ---------------------------------------------------------------------------------------------


def _lookup(enum: Any) -> dict[str, str]:
    table = {m.value.lower(): m.value for m in enum}
    for value, zh in _v.CHINESE_NAMES.get(enum, {}).items():
        table[zh] = value
    for alias, value in _v.EXTRA_ALIASES.get(enum, {}).items():
        table.setdefault(alias, value)
    return table


_ORG = _lookup(_v.OrgType)
_REC = _lookup(_v.RecommenderKind)
_BEN = _lookup(_v.Benefit)
_DIR = _lookup(_v.Direction)
_MAT = _lookup(_v.Material)
_KIND = _lookup(_v.EventKind)
_REASON = _lookup(_v.RevocationReason)
_TRUE = {"true", "yes", "y", "1", "是", "有", "对", "真"}
_FALSE = {"false", "no", "n", "0", "否", "无", "不", "假"}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = value.strip()
    return value or None


def _enum(table: dict[str, str], value: Any) -> str | None:
    value = _text(value)
    if value is None:
        return None
    found = table.get(value.lower()) or table.get(value)
    if found is None:
        raise ValueError(f"unknown value {value!r}")
    return found


def _enums(table: dict[str, str], values: Any) -> list[str] | None:
    if values is None:
        return None
    return [_enum(table, v) for v in values]  # type: ignore[misc]


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        raise ValueError("the baseline reads dates, not datetimes")
    if isinstance(value, date):
        return value
    return date.fromisoformat(value.strip())


def _bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        key = value.strip().lower()
        if not key:
            return None
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(f"expected true or false, got {value!r}")


def _part(app: dict[str, Any], key: str) -> dict[str, Any]:
    value = app.get(key)
    return value if value else {}


# ---------------------------------------------------------------------------------------------
# Identity: credit codes, districts, unit and project names
# ---------------------------------------------------------------------------------------------

_ALPHABET = _cc.ALPHABET
_VALUE = {ch: i for i, ch in enumerate(_ALPHABET)}
_WEIGHTS = _cc.CHECK_WEIGHTS


def credit_code_facts(code: str) -> tuple[bool, bool, str | None, str]:
    """(well formed, check character ok, org type the category suggests, division code)."""
    text = unicodedata.normalize("NFKC", code).strip().upper()
    if len(text) != 18:
        return False, False, None, ""
    total = 0
    for position, ch in enumerate(text):
        value = _VALUE.get(ch)
        if value is None or (2 <= position <= 7 and not "0" <= ch <= "9"):
            return False, False, None, ""
        if position < 17:
            total += value * _WEIGHTS[position]
    check_ok = text[17] == _ALPHABET[(31 - total % 31) % 31]
    category = text[:2]
    org_type = _cc.CATEGORY_ORG_TYPES.get(category, "other") if category in _cc.CATEGORIES else None
    return True, check_ok, org_type, text[2:8]


def _district_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for district in _d.TIANJIN_DISTRICTS:
        index[district] = district
        index[district.removesuffix("新区").removesuffix("区")] = district
    for old, current in _d.HISTORICAL_DISTRICT_NAMES.items():
        index[old] = current
        bare = old.removesuffix("区").removesuffix("县")
        if bare != "蓟":
            index[bare] = current
    for name in _d._AMBIGUOUS_BARE_NAMES:
        index.pop(name, None)
    return index


_DISTRICTS = _district_index()
_OUTSIDE = _d._OUTSIDE_MARKERS
_CITY_NAMES = _d._CITY_LEVEL_NAMES
_AMBIGUOUS = _d._AMBIGUOUS_BARE_NAMES
_ZONES = _d._TIANJIN_ZONE_NAMES
_PROVINCES = _d._PROVINCES
_OUTSIDE_SUFFIXES = _d._OUTSIDE_SUFFIXES


def _district_of(cleaned: str) -> str | None:
    found = _DISTRICTS.get(cleaned)
    if found is not None:
        return found
    for prefix in ("天津市", "天津"):
        if cleaned.startswith(prefix) and len(cleaned) > len(prefix):
            rest = cleaned[len(prefix) :]
            return rest + "区" if rest in _AMBIGUOUS else _DISTRICTS.get(rest)
    return None


def declared_place(raw: str | None) -> tuple[str, str | None]:
    """missing | district | city | unclear | outside, and the district when there is one."""
    if raw is None:
        return "missing", None
    cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", raw) if not ch.isspace())
    if not cleaned:
        return "missing", None
    if cleaned in _OUTSIDE:
        return "outside", None
    district = _district_of(cleaned)
    if district is not None:
        return "district", district
    if cleaned in _CITY_NAMES:
        return "city", None
    if cleaned in _AMBIGUOUS:
        return "unclear", None
    if cleaned.startswith(("天津市", "天津")) or cleaned in _ZONES:
        return "city", None  # in Tianjin (a functional zone), district not told
    if cleaned.endswith(_OUTSIDE_SUFFIXES) or cleaned.startswith(_PROVINCES):
        return "outside", None
    return "unclear", None  # a name that cannot be placed (a typo such as 宝抵区)


def division_district(division: str) -> str | None:
    current = _d.CURRENT_DIVISION_CODES.get(division)
    if current is not None:
        return current
    old = _d.HISTORICAL_DIVISION_CODES.get(division)
    return old[1] if old else None


_DROP = _hi._DROP


def unit_key(credit_code: str | None, unit: str | None) -> str | None:
    if credit_code:
        return credit_code.strip().upper()
    if unit:
        key = "".join(ch for ch in unicodedata.normalize("NFKC", unit) if ch not in _DROP).lower()
        return f"n:{key}" if key else None
    return None


def _unit_name(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if ch not in _DROP).lower()


_DECORATIVE = _pn._DECORATIVE_SYMBOLS
_LEADING = _pn.LEADING_WRAPPERS
_TRAILING = _pn.TRAILING_WRAPPERS
_CORE = _pn.MIN_CORE_LENGTH


def _keep(ch: str) -> bool:
    if ch in _DECORATIVE or ch.isspace():
        return False
    category = unicodedata.category(ch)
    return category[0] not in "PZ" and category not in ("Cc", "Cf")


def project_key(name: str) -> str:
    """The normalised project name (NFKC, case fold, no punctuation, wrappers peeled)."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    text = "".join(
        (ch if ch.isascii() or not ch.isdecimal() else str(unicodedata.decimal(ch))) for ch in text if _keep(ch)
    )
    text = unicodedata.normalize("NFKC", text)
    changed = True
    while changed:
        changed = False
        for prefix in _LEADING:
            if text.startswith(prefix) and len(text) - len(prefix) >= _CORE:
                text, changed = text[len(prefix) :], True
        for suffix in _TRAILING:
            if text.endswith(suffix) and len(text) - len(suffix) >= _CORE:
                text, changed = text[: -len(suffix)], True
                break
    return text


def dice(a: str, b: str) -> float:
    """Sørensen–Dice over the multisets of character bigrams (a 1-character name: itself)."""
    if a == b:
        return 1.0
    ga = [a] if len(a) == 1 else [a[i : i + 2] for i in range(len(a) - 1)]
    gb = [b] if len(b) == 1 else [b[i : i + 2] for i in range(len(b) - 1)]
    if not ga or not gb:
        return 0.0
    counts: dict[str, int] = {}
    for g in ga:
        counts[g] = counts.get(g, 0) + 1
    shared = 0
    for g in gb:
        left = counts.get(g, 0)
        if left:
            counts[g] = left - 1
            shared += 1
    return 2.0 * shared / (len(ga) + len(gb))


def bar_end(revoked: date) -> date:
    """Five years from the revocation, on the corresponding day (2月29日 → 2月28日)."""
    try:
        return revoked.replace(year=revoked.year + BAR_YEARS)
    except ValueError:
        return revoked.replace(year=revoked.year + BAR_YEARS, day=28)


class _Record:
    """One history record, read once per evaluation (what the checks below need of it)."""

    __slots__ = ("code", "date", "kind", "name", "raw_name", "ukey", "unit_name", "year")

    def __init__(self, item: dict[str, Any]) -> None:
        kind = _enum(_KIND, item.get("kind"))
        if kind is None:
            raise ValueError("history: kind is required")
        self.kind: str = kind
        self.date = _date(item.get("date"))
        year = item.get("year")
        if isinstance(year, str):
            year = int(year) if year.strip() else None
        self.year = year if year is not None else (self.date.year if self.date else None)
        code, unit = _text(item.get("credit_code")), _text(item.get("unit"))
        self.code = code.upper() if code else None
        self.unit_name = _unit_name(unit) if unit else ""
        self.ukey = unit_key(code, unit)
        self.raw_name = _text(item.get("project_name"))
        self.name = (project_key(self.raw_name) or None) if self.raw_name else None


class PreparedHistory:
    """A history read once (the baseline's counterpart of ``gr.HistoryIndex``): each record's
    kind, dates, unit key and normalised project name, computed when this is built rather than
    on every evaluation."""

    __slots__ = ("records",)

    def __init__(self, history: list[dict[str, Any]]) -> None:
        self.records = [_Record(item) for item in history]

    def __len__(self) -> int:
        return len(self.records)


def _records(history: list[dict[str, Any]] | PreparedHistory) -> list[_Record]:
    if isinstance(history, PreparedHistory):
        return history.records
    return [_Record(item) for item in history]


class _Unit:
    """The subject's unit: its key, and which records are its own (by credit code where both
    have one, else by name)."""

    __slots__ = ("code", "key", "name")

    def __init__(self, credit_code: str | None, name: str | None) -> None:
        self.code = credit_code.upper() if credit_code else None
        self.name = _unit_name(name) if name else ""
        self.key = unit_key(credit_code, name)

    def owns(self, r: _Record) -> bool:
        if self.code and r.code == self.code:
            return True
        return bool(self.name) and r.unit_name == self.name and (self.code is None or r.code is None)

    def key_of(self, r: _Record) -> str | None:
        """The key a record is joined under: the subject's own for its own records."""
        return self.key if self.owns(r) else r.ukey


def _yyyymmdd(day: date | None) -> int:
    return day.year * 10000 + day.month * 100 + day.day if day else 0


def _bar(unit: _Unit, applied: date | None, records: list[_Record]) -> int:
    """第二十五条: the five-year bar for a unit acting on ``applied`` (undated revocations: review)."""
    if unit.key is None:
        return _PASS
    revocations = [
        r
        for r in records
        if r.kind == "recognition_revoked" and unit.owns(r) and (r.date is None or r.date >= REGULATION_IN_FORCE)
    ]
    if not revocations:
        return _PASS
    on = _yyyymmdd(applied)
    active = [r for r in revocations if r.date is not None and _yyyymmdd(r.date) < on <= _yyyymmdd(bar_end(r.date))]
    same_day = [r for r in revocations if _yyyymmdd(r.date) == on]
    if active:
        return _FAIL
    if same_day or any(r.date is None for r in revocations):
        return _REVIEW  # readings.bar_same_day; an undated revocation cannot be placed
    if applied is None:
        first, last = date(PLAN_YEAR, 1, 1), date(PLAN_YEAR, 12, 31)
        if any(r.date is not None and r.date < first and bar_end(r.date) >= last for r in revocations):
            return _FAIL
        return _REVIEW
    return _PASS


def _duplication(unit: _Unit, raw_name: str, records: list[_Record]) -> int:
    """第八条（三）/ 2026 一（三）: no duplicate of an earlier (or undated), unrevoked excellent result."""
    name = project_key(raw_name)
    revoked = {(key, r.name) for r in records if r.kind == "recognition_revoked" and r.name and (key := unit.key_of(r))}
    exact: set[int] = set()
    same_unit: list[_Record] = []
    for number, r in enumerate(records):
        if r.kind != "excellent_recognized" or not name or r.name != name:
            continue
        if r.year is not None and r.year >= PLAN_YEAR:
            continue
        key = unit.key_of(r)
        if key is not None and (key, r.name) in revoked:
            continue
        exact.add(number)
        if unit.key is not None and key == unit.key:
            same_unit.append(r)
    if same_unit:
        return _REVIEW if all(r.year is None for r in same_unit) else _FAIL
    if exact:
        return _REVIEW
    scored = [
        (score, number, r)
        for number, r in enumerate(records)
        if r.kind in ("excellent_recognized", "approved") and r.name and (score := dice(name, r.name)) >= NEAR_THRESHOLD
    ]
    scored.sort(key=lambda t: (-t[0], t[1]))
    for _, number, r in scored[:NEAR_LIMIT]:
        if number in exact or r.kind != "excellent_recognized" or (r.year is not None and r.year >= PLAN_YEAR):
            continue
        own_revocation = r.ukey is not None and any(
            x.kind == "recognition_revoked" and x.ukey == r.ukey and x.name == r.name for x in records
        )
        if not own_revocation:
            return _REVIEW
    return _PASS


# ---------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------


def baseline_evaluate(app: dict[str, Any], history: list[dict[str, Any]] | PreparedHistory) -> str:
    """The outcome of ``gr.evaluate(app, 2026, history=history)``, without explanations.

    ``history``: a list of events (read on every call), or a :class:`PreparedHistory`.
    """
    applicant, project = _part(app, "applicant"), _part(app, "project")
    declarations, recommender = _part(app, "declarations"), _part(app, "recommender")
    worst = _PASS

    # 第八条（一） / 2026 一（一）: who may apply (twice: the regulation and the plan, same outcome)
    org = _enum(_ORG, applicant.get("org_type"))
    recognized = _bool(applicant.get("recognized_by_authority"))
    if org is None:
        worst = _REVIEW
    elif org in ALLOWED_ORG:
        pass
    elif org in RECOGNIZED_ORG:
        if recognized is False:
            return INELIGIBLE
        if recognized is None:
            worst = _REVIEW
    elif org in REFUSED_ORG:
        return INELIGIBLE
    else:
        worst = _REVIEW

    # registration in Tianjin (专业组织: not required)
    district_raw = _text(applicant.get("district"))
    place, declared = declared_place(district_raw)
    if org not in RECOGNIZED_ORG:
        if place == "outside":
            return INELIGIBLE
        if place in ("missing", "unclear"):
            worst = _REVIEW

    # 统一社会信用代码: form (fail), check character (review), then corroboration (review)
    code = _text(applicant.get("credit_code"))
    if code is None:
        worst = _REVIEW
    else:
        well_formed, check_ok, code_org, division = credit_code_facts(code)
        if not well_formed:
            return INELIGIBLE
        if not check_ok:
            worst = _REVIEW
        if district_raw is not None and place not in ("missing", "unclear"):
            in_tianjin = division.startswith("12")
            if place == "outside":
                if in_tianjin:
                    worst = _REVIEW
            elif not in_tianjin:
                worst = _REVIEW
            else:
                city_level = division in _d.CITY_LEVEL_DIVISION_CODES
                if not city_level and place != "city" and division_district(division) != declared:
                    worst = _REVIEW
        if org is not None:
            compatible = COMPATIBLE.get(org)
            if compatible is not None and code_org is not None and code_org != "other" and code_org not in compatible:
                worst = _REVIEW

    # 第八条（二）: expected benefits
    benefits = _enums(_BEN, project.get("expected_benefits"))
    if benefits is None:
        worst = _REVIEW
    elif not any(b in BENEFITS for b in benefits):
        return INELIGIBLE

    # 2026 一（三）: started 2024 or later, and not after the application
    submitted = _date(app.get("submitted_to_recommender_on"))
    recommended = _date(app.get("recommended_on"))
    applied = submitted or recommended
    start = _date(project.get("start_date"))
    if start is None:
        worst = _REVIEW
    elif start < EARLIEST_START:
        return INELIGIBLE
    elif applied is not None and start > applied:
        worst = _REVIEW

    # 2026 三: direction
    direction = _enum(_DIR, project.get("direction"))
    if direction is None:
        worst = _REVIEW
    elif direction not in DIRECTIONS:
        return INELIGIBLE

    # 第六条 / 2026 四（一）: recommender
    kind = _enum(_REC, recommender.get("kind"))
    if kind is None or kind in UNCLEAR_RECOMMENDERS:
        worst = _REVIEW
    elif kind not in ALLOWED_RECOMMENDERS:
        return INELIGIBLE

    # 第十条 / 2026 四（一）: materials; 第十条: truthfulness
    materials = _enums(_MAT, app.get("materials"))
    if materials is None:
        worst = _REVIEW
    elif any(m not in materials for m in REQUIRED_MATERIALS):
        if "application_form" not in materials:
            return INELIGIBLE
        worst = _REVIEW  # 四（一）「立项申报材料即……申报书」: 第十条's items in the form, not confirmed
    truthful = _bool(declarations.get("truthful"))
    if truthful is False:
        return INELIGIBLE
    if truthful is None:
        worst = _REVIEW

    # 第十二条 / 2026 四（一）: recommended, by 4月20日, after the submission
    if recommended is None:
        worst = _REVIEW
    elif recommended > RECOMMEND_BY:
        return INELIGIBLE
    if submitted is not None and recommended is not None and submitted > recommended:
        worst = _REVIEW

    # the history: duplication (第八条（三）) and the five-year bar (第二十五条)
    name = _text(applicant.get("name"))
    unit = _Unit(code, name)
    project_name = _text(project.get("name"))
    if history:
        records = _records(history)
        if project_name is not None:
            found = _duplication(unit, project_name, records)
            if found == _FAIL:
                return INELIGIBLE
            worst = max(worst, found)
        if code is None and name is None:
            worst = _REVIEW
        else:
            found = _bar(unit, applied, records)
            if found == _FAIL:
                return INELIGIBLE
            worst = max(worst, found)
    elif code is None and name is None:
        worst = _REVIEW
    if project_name is None:
        worst = _REVIEW
    return NEEDS_REVIEW if worst else ELIGIBLE


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


def _on_record(ev: dict[str, Any], records: list[_Record], any_year: bool) -> list[_Record]:
    """The same project's records (same plan year unless ``any_year``), dated no later than the
    event; the unit is matched as for the other joins (code where both have one, else name)."""
    code, unit_name = _text(ev.get("credit_code")), _text(ev.get("unit"))
    unit = _Unit(code, unit_name)
    raw = _text(ev.get("project_name"))
    name = project_key(raw) if raw else ""
    if not (unit.key and name):
        return []
    day = _date(ev.get("date"))
    limit = _yyyymmdd(day) if day else 99999999
    year = ev.get("year")
    year = int(year) if isinstance(year, str) and year.strip() else (year if isinstance(year, int) else None)
    year = year if year is not None else PLAN_YEAR
    return [
        r
        for r in records
        if unit.owns(r) and r.name == name and _yyyymmdd(r.date) <= limit and (any_year or r.year == year)
    ]


def _order(
    ev: dict[str, Any], kind: str, records: list[_Record], requires: tuple[str, ...], any_year: bool, repeat: bool
) -> int:
    unit_unknown = _text(ev.get("credit_code")) is None and _text(ev.get("unit")) is None
    if unit_unknown or _text(ev.get("project_name")) is None:
        return _REVIEW
    found = {r.kind for r in _on_record(ev, records, any_year)}
    if any(k not in found for k in requires):
        return _FAIL
    if repeat and kind in found:
        return _FAIL
    return _PASS


def _recusal(ev: dict[str, Any]) -> int:
    experts = ev.get("experts")
    if not experts:
        return _REVIEW
    unit = _text(ev.get("unit"))
    unit = _unit_name(unit) if unit else None
    code = _text(ev.get("credit_code"))
    code = code.strip().upper() if code else None
    conflicted = unknown = False
    for x in experts:
        affiliation = _text(x.get("affiliation"))
        aff_code = _text(x.get("affiliation_credit_code"))
        declared = _bool(x.get("conflict_declared"))
        same = bool(
            (unit and affiliation and _unit_name(affiliation) == unit)
            or (code and aff_code and aff_code.strip().upper() == code)
        )
        if declared is True or same:
            if not _bool(x.get("withdrawn")):
                conflicted = True
        elif declared is None and not affiliation and not aff_code:
            unknown = True
    return _FAIL if conflicted else _REVIEW if unknown else _PASS


def baseline_evaluate_event(event: dict[str, Any], history: list[dict[str, Any]] | PreparedHistory) -> str:
    """The outcome of ``gr.evaluate_event(event, 2026, history=history)``, without explanations."""
    kind = _enum(_KIND, event.get("kind"))
    if kind is None:
        raise ValueError("event: kind is required")
    records = _records(history)
    day = _date(event.get("date"))
    results: list[int] = []

    # 第六条 / 2026 四（一）: the recommender, when the event names one
    if kind in ("recommended", "results_recommended") and event.get("recommender") is not None:
        rk = _enum(_REC, (event["recommender"] or {}).get("kind"))
        unclear = rk is None or rk in UNCLEAR_RECOMMENDERS
        results.append(_REVIEW if unclear else _PASS if rk in ALLOWED_RECOMMENDERS else _FAIL)
    # 第十三条, 第十七条 ×2, 第二十条 (regulation) and 2026 四 (the plan's procedure)
    regulation_requires = {
        "approved": ("recommended",),
        "results_submitted": ("approved",),
        "results_recommended": ("approved", "results_submitted"),
        "excellent_recognized": ("evaluated",),
    }
    if kind in regulation_requires:
        results.append(_order(event, kind, records, regulation_requires[kind], False, kind == "approved"))
    if kind in PRIOR:
        results.append(_order(event, kind, records, PRIOR[kind], kind == "recognition_revoked", kind == "approved"))
    # 2026 四（一）（六）: the schedule
    if kind == "recommended" or kind == "results_recommended":
        deadline = RECOMMEND_BY if kind == "recommended" else RESULTS_BY
        results.append(_REVIEW if day is None else _PASS if day <= deadline else _FAIL)
    elif kind == "results_submitted":
        notice = _date(event.get("notice_deadline"))
        results.append(_REVIEW if day is None or notice is None else _PASS if day <= notice else _FAIL)
    # 第二十五条: the bar on new applications
    if kind in ("application_submitted", "recommended"):
        code, unit = _text(event.get("credit_code")), _text(event.get("unit"))
        results.append(_REVIEW if code is None and unit is None else _bar(_Unit(code, unit), day, records))
    # 第十八条, 第十九条, 第二十五条
    if kind == "evaluated":
        results.append(_recusal(event))
    elif kind == "fee_charged":
        amount = event.get("amount")
        results.append(_PASS if amount is not None and float(amount) == 0 else _FAIL)
    elif kind == "recognition_revoked":
        found = _order(event, kind, records, ("excellent_recognized",), True, False)
        on_record = _on_record(event, records, True)
        recognised = max((_yyyymmdd(r.date) for r in on_record if r.kind == "excellent_recognized"), default=0)
        if found != _PASS:
            results.append(found)
        elif any(r.kind == "recognition_revoked" and _yyyymmdd(r.date) >= recognised for r in on_record):
            results.append(_FAIL)  # already revoked
        else:
            reason = _enum(_REASON, event.get("reason"))
            unnoticed = day is not None and day >= REGULATION_IN_FORCE and _bool(event.get("public_notice")) is False
            if reason is None or day is None or unnoticed:
                results.append(_REVIEW)
    worst = max(results, default=_PASS)
    return REJECTED if worst == _FAIL else NEEDS_REVIEW if worst == _REVIEW else ACCEPTED


# ---------------------------------------------------------------------------------------------
# Agreement with the library
# ---------------------------------------------------------------------------------------------

#: The applicant of examples/application-2026.yaml and a second, unrelated unit.
APPLICANT_CODE = "91120224064012553U"


def with_check(first17: str) -> str:
    """A code completed with its correct check character."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + _ALPHABET[(31 - total % 31) % 31]


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "application-2026.yaml"


def _json_like(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_like(v) for v in value]
    return value


def example_application() -> dict[str, Any]:
    """examples/application-2026.yaml as JSON-like data (dates as ISO strings): eligible."""
    import yaml

    data: dict[str, Any] = _json_like(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    assert data["applicant"]["credit_code"] == APPLICANT_CODE, "the example's applicant changed"
    return data


_PRODUCTS = ["电机定子", "锂电池隔膜", "光伏组件", "铝合金轮毂", "注塑件", "液压阀", "钢丝绳", "乳制品", "风电叶片"]
_MEASURES = ["返工率", "尺寸精度", "表面缺陷", "生产周期", "能耗", "废品率", "使用寿命", "装配效率", "漏检率"]


def ten_record_history() -> list[dict[str, Any]]:
    """Ten records, of which one (the first) concerns the applicant: its own approved project of
    2024 under the same name. 2026 一（三） forbids only duplicating past *excellent results*, so
    the application stays eligible, but the record joins the application (the same unit and name
    under the any-past-project keys) and the join engine runs. The other nine are other units'
    projects and results."""
    history: list[dict[str, Any]] = [
        {
            "kind": "approved",
            "year": 2024,
            "date": "2024-05-20",
            "credit_code": APPLICANT_CODE,
            "unit": "天津某焊材有限公司",
            "project_name": "降低药芯焊丝焊接飞溅率",
        }
    ]
    kinds = ["approved", "excellent_recognized", "results_submitted"]
    for i in range(9):
        year = 2021 + i % 5
        history.append(
            {
                "kind": kinds[i % 3],
                "year": year,
                "date": f"{year}-{6 + i % 6:02d}-15",
                "credit_code": with_check(f"91120{110 + i % 9}MA0{i}K3T7X"),
                "unit": f"天津市第{i + 1}制造有限公司",
                "project_name": f"降低{_PRODUCTS[i]}{_MEASURES[i]}",
            }
        )
    return history


def distinct_applications(n: int) -> list[dict[str, Any]]:
    """``n`` eligible applications that differ in every cached input (unit, credit code, district,
    project name), so that the library's caches (credit codes, place names, project names) miss
    once ``n`` exceeds their sizes. Deterministic."""
    base = example_application()
    divisions = sorted(_d.CURRENT_DIVISION_CODES.items())
    out = []
    for i in range(n):
        division, district = divisions[i % len(divisions)]
        out.append(
            {
                **base,
                "applicant": {
                    **base["applicant"],
                    "name": f"天津市第{i}号制造有限公司",
                    "credit_code": with_check(f"91{division}{i:09d}"),
                    "district": district,
                },
                "project": {
                    **base["project"],
                    "name": f"降低{_PRODUCTS[i % len(_PRODUCTS)]}{_MEASURES[i // 7 % len(_MEASURES)]}第{i}期",
                },
            }
        )
    return out


def event_and_history() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A results_recommended event with its approval and results submission on record, in a
    history of ten records (the other eight are other units')."""
    unit = {"credit_code": APPLICANT_CODE, "unit": "天津某焊材有限公司", "project_name": "降低药芯焊丝焊接飞溅率"}
    history = [
        {"kind": "approved", "year": 2026, "date": "2026-05-20", **unit},
        {"kind": "results_submitted", "year": 2026, "date": "2026-09-10", **unit},
        *ten_record_history()[1:9],
    ]
    event = {
        "kind": "results_recommended",
        "year": 2026,
        "date": "2026-09-20",
        **unit,
        "recommender": {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"},
    }
    return event, history


_DELETE = object()


def _set(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with ``changes`` applied; a key ``a__b`` is the path ``a.b``."""
    import copy

    out = copy.deepcopy(data)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = out
        for p in parents:
            node = node.setdefault(p, {})
        if value is _DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return out


Case = tuple[str, str, dict[str, Any], list[dict[str, Any]]]


def agreement_cases() -> list[Case]:
    """(label, "application" | "event", input, history): each breaks or bends one clause."""
    app = example_application()
    hist = ten_record_history()
    me = {"credit_code": APPLICANT_CODE, "unit": "天津某焊材有限公司"}
    other = {"unit": "天津另一公司"}
    same = "降低药芯焊丝焊接飞溅率"
    near = "降低药芯焊丝的焊接飞溅率"
    old = "旧项目名称甲"
    undated = {"submitted_to_recommender_on": _DELETE, "recommended_on": _DELETE}

    def excellent(year: int | None, name: str, who: dict[str, Any]) -> dict[str, Any]:
        return {"kind": "excellent_recognized", "year": year, "project_name": name, **who}

    def revoked(day: str, name: str | None = None) -> dict[str, Any]:
        return {"kind": "recognition_revoked", "date": day, **({"project_name": name} if name else {}), **me}

    a: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
        ("example", app, []),
        ("example+history", app, hist),
        ("org government_agency", _set(app, applicant__org_type="机关"), []),
        (
            "org industry recognised",
            _set(app, applicant__org_type="专业组织", applicant__recognized_by_authority=True),
            [],
        ),
        (
            "org industry not recognised",
            _set(app, applicant__org_type="industry_organization", applicant__recognized_by_authority="否"),
            [],
        ),
        ("org industry unknown", _set(app, applicant__org_type="industry_organization"), []),
        ("org other", _set(app, applicant__org_type="other"), []),
        ("org missing", _set(app, applicant__org_type=_DELETE), []),
        ("district outside", _set(app, applicant__district="外省市"), []),
        ("district 河北", _set(app, applicant__district="河北"), []),
        ("district zone", _set(app, applicant__district="泰达"), []),
        ("district city level", _set(app, applicant__district="天津市"), []),
        ("district disagrees", _set(app, applicant__district="和平区"), []),
        ("district 天津宝坻", _set(app, applicant__district="天津宝坻"), []),
        ("district missing", _set(app, applicant__district=_DELETE), []),
        ("district Beijing", _set(app, applicant__district="北京市海淀区"), []),
        ("district province", _set(app, applicant__district="河北省廊坊市"), []),
        ("district typo", _set(app, applicant__district="宝抵区"), []),
        ("district 天津市某镇", _set(app, applicant__district="天津市某某镇"), []),
        ("code malformed", _set(app, applicant__credit_code="91120224064012553"), []),
        ("code bad check", _set(app, applicant__credit_code="91120224064012553A"), []),
        ("code full-width", _set(app, applicant__credit_code="９１１２０２２４０６４０１２５５３Ｕ"), []),
        ("code outside Tianjin", _set(app, applicant__credit_code=with_check("91110108MA01ABCD1")), []),
        ("code city level", _set(app, applicant__credit_code=with_check("91120000MA01ABCD1")), []),
        ("code institution", _set(app, applicant__credit_code=with_check("12120224MA01ABCD1")), []),
        ("code missing", _set(app, applicant__credit_code=_DELETE), []),
        ("benefits empty", _set(app, project__expected_benefits=[]), []),
        ("benefits missing", _set(app, project__expected_benefits=_DELETE), []),
        ("benefits Chinese", _set(app, project__expected_benefits=["自主创新"]), []),
        ("start 2023", _set(app, project__start_date="2023-12-31"), []),
        ("start after applying", _set(app, project__start_date="2026-04-11"), []),
        ("start missing", _set(app, project__start_date=_DELETE), []),
        ("direction missing", _set(app, project__direction=_DELETE), []),
        ("direction Chinese", _set(app, project__direction="质量共性技术攻关"), []),
        ("recommender enterprise", _set(app, recommender__kind="有关企业"), []),
        ("recommender missing", _set(app, recommender__kind=_DELETE), []),
        ("materials lacking", _set(app, materials=["application_form"]), []),
        ("materials missing", _set(app, materials=_DELETE), []),
        ("untruthful", _set(app, declarations__truthful=False), []),
        ("truthful missing", _set(app, declarations=_DELETE), []),
        ("not recommended", _set(app, recommended_on=_DELETE), []),
        ("recommended late", _set(app, recommended_on="2026-04-21"), []),
        ("recommended on the day", _set(app, recommended_on="2026-04-20"), []),
        ("submitted after recommended", _set(app, submitted_to_recommender_on="2026-04-19"), []),
        ("project name missing", _set(app, project__name=_DELETE), []),
        ("unit unknown", _set(app, applicant__credit_code=_DELETE, applicant__name=_DELETE), hist),
        ("dup same unit", app, [excellent(2023, same + "的研究", me)]),
        ("dup same unit this year", app, [excellent(2026, same, me)]),
        ("dup same unit revoked", app, [excellent(2022, same, me), revoked("2023-06-01", same)]),
        ("dup other unit", app, [excellent(2023, same, other)]),
        ("dup near", app, [excellent(2023, near, other)]),
        ("dup near approved only", app, [{**excellent(2023, near, other), "kind": "approved"}]),
        ("bar active", app, [revoked("2025-03-01", old)]),
        ("bar before regulation", app, [revoked("2021-03-01", old)]),
        ("bar same day", app, [revoked("2026-04-10")]),
        ("bar later", app, [revoked("2026-05-10")]),
        ("bar date unknown", _set(app, **undated), [revoked("2026-02-01")]),
        ("bar whole year", _set(app, **undated), [revoked("2025-12-01")]),
        ("bar undated", app, [revoked("")]),
        ("bar by name, no code on record", app, [{**revoked("2025-03-01"), "credit_code": None}]),
        ("bar other code, same name", app, [{**revoked("2025-03-01"), "credit_code": with_check("91120116MA05K3T7X")}]),
        ("dup same unit undated", app, [excellent(None, same, me)]),
        ("dup same unit by name", app, [excellent(2023, same, {"unit": "天津某焊材有限公司"})]),
        (
            "dup same unit by name, other code",
            app,
            [excellent(2023, same, {"unit": "天津某焊材有限公司", "credit_code": with_check("91120116MA05K3T7X")})],
        ),
        (
            "dup other unit revoked",
            app,
            [excellent(2022, same, other), {**revoked("2023-06-01", same), **other, "credit_code": None}],
        ),
        ("dup near revoked", app, [excellent(2022, near, me), revoked("2023-06-01", near)]),
    ]
    out: list[Case] = [(n, "application", x, h) for n, x, h in a]

    event, ehist = event_and_history()
    project = {**me, "project_name": event["project_name"]}
    fields = ("kind", "year", "date", "credit_code", "unit", "project_name")
    evaluated_hist = [*ehist, {k: event[k] for k in fields}]  # its results_recommended on record
    submitted = {**event, "kind": "results_submitted", "date": "2026-09-10"}
    evaluated = {**event, "kind": "evaluated", "date": "2026-10-20"}
    revocation = {**event, "kind": "recognition_revoked", "date": "2027-03-01", "reason": "虚假材料"}
    recognised = [{"kind": "excellent_recognized", "year": 2025, "date": "2025-12-01", **project}]
    applied = {"kind": "application_submitted", "year": 2026, "date": "2026-04-10", **project}

    def panel(*experts: dict[str, Any]) -> dict[str, Any]:
        return {**evaluated, "experts": list(experts)}

    e: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
        ("results_recommended", event, ehist),
        ("results_recommended, nothing on record", event, ehist[2:]),
        ("results_recommended, late", _set(event, date="2026-10-01"), ehist),
        ("results_recommended, bad recommender", _set(event, recommender__kind="enterprise"), ehist),
        ("results_recommended, no project", _set(event, project_name=_DELETE), ehist),
        ("results_recommended, before submission", _set(event, date="2026-09-05"), ehist),
        ("results_submitted, deferred", submitted, ehist[:1]),
        ("results_submitted, notice", {**submitted, "notice_deadline": "2026-09-15"}, ehist[:1]),
        ("results_submitted, late", {**submitted, "notice_deadline": "2026-09-15", "date": "2026-09-16"}, ehist[:1]),
        (
            "approved twice",
            {**event, "kind": "approved", "date": "2026-06-01"},
            [{**applied, "kind": "recommended", "date": "2026-04-18"}, *ehist],
        ),
        ("recommended", {**event, "kind": "recommended", "date": "2026-04-18"}, [applied]),
        (
            "recommended, barred",
            {**event, "kind": "recommended", "date": "2026-04-18"},
            [applied, revoked("2024-05-01", old)],
        ),
        ("application_submitted", applied, []),
        (
            "evaluated, conflict",
            panel({"name": "甲", "affiliation": me["unit"]}, {"name": "乙", "conflict_declared": False}),
            evaluated_hist,
        ),
        (
            "evaluated, withdrawn",
            panel(
                {"name": "甲", "conflict_declared": True, "withdrawn": True}, {"name": "乙", "affiliation": "某大学"}
            ),
            evaluated_hist,
        ),
        ("evaluated, unknown", panel({"name": "甲"}), evaluated_hist),
        (
            "evaluated, no conflict",
            panel({"name": "甲", "affiliation": "某大学"}, {"name": "乙", "conflict_declared": False}),
            evaluated_hist,
        ),
        ("evaluated, no panel", evaluated, evaluated_hist),
        ("fee", {**event, "kind": "fee_charged", "amount": 500}, []),
        ("no fee", {**event, "kind": "fee_charged", "amount": 0}, []),
        ("revoked", revocation, recognised),
        ("revoked, no notice", {**revocation, "reason": "improper_means", "public_notice": False}, recognised),
        ("revoked, never recognised", revocation, ehist),
        ("revoked twice", revocation, [*recognised, {**revocation, "date": "2026-01-10"}]),
        (
            "revoked, recognised again later",
            revocation,
            [{**recognised[0], "date": "2024-01-01", "year": 2023}, {**revocation, "date": "2024-06-01"}, *recognised],
        ),
        ("results_recommended, unit by name", {**event, "credit_code": None}, ehist),
    ]
    out.extend((n, "event", x, h) for n, x, h in e)
    return out


def check_agreement(verbose: bool = False) -> list[str]:
    """Run every agreement case through both; returns the disagreements (empty when none)."""
    import gongguan_rules as gr

    plan = gr.load_plan(PLAN_YEAR)
    problems = []
    for label, subject, data, history in agreement_cases():
        prepared = PreparedHistory(history)
        if subject == "application":
            mine = baseline_evaluate(data, history)
            if baseline_evaluate(data, prepared) != mine:
                problems.append(f"{subject} {label!r}: the baseline differs on a prepared history")
            theirs = gr.evaluate(data, plan, history=history).outcome.value
        else:
            mine = baseline_evaluate_event(data, history)
            if baseline_evaluate_event(data, prepared) != mine:
                problems.append(f"{subject} {label!r}: the baseline differs on a prepared history")
            theirs = gr.evaluate_event(data, plan, history=history).outcome.value
        if verbose:
            print(f"{'ok ' if mine == theirs else 'XX '} {subject:<11} {label:<40} {theirs}")
        if mine != theirs:
            problems.append(f"{subject} {label!r}: baseline {mine}, library {theirs}")
    return problems


if __name__ == "__main__":
    found = check_agreement(verbose=True)
    for line in found:
        print("DISAGREE:", line, file=sys.stderr)
    print(f"{len(agreement_cases()) - len(found)}/{len(agreement_cases())} cases agree")
    sys.exit(1 if found else 0)
