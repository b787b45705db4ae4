"""The peer's decision model: the 2026 application checks as a GoRules JDM graph for zen-engine.

对照组的决策模型：把 2026 年度申报的各项检查写成 GoRules 的 JDM 决策图，供 zen-engine 运行。

``python benchmarks/zen_model.py`` writes ``benchmarks/zen/application-2026.json`` from the data
the library itself runs on: the rules and their order (``plan.rules_for("application")``), each
rule's parameters (plans/2026.yaml, rules/regulation.yaml), its Chinese messages
(rules/messages.yaml), and the identity tables (districts, credit-code categories, enum
spellings). The benchmark regenerates the model and refuses to run when the committed file is
stale.

The graph, node by node:

1. ``读取 / read`` (expression): the input's facts as the library reads them — enum values or
   their Chinese names, trimmed and case-insensitive; booleans as 是/否 or true/false; ISO
   dates to numbers ``yyyymmdd``; the credit code's form, check character (ISO 7064 MOD 31-3),
   category and division; the declared place (district, city, outside, unclear); every history
   record's kind, year, unit key, and the gram tokens of its project name.
2. three decision tables (``申报单位类型``, ``推荐单位``, ``申报方向``): the rules that are a table
   of allowed values.
3. ``检查 / checks`` (expression): every other rule: registration, credit code and its
   corroboration with district and kind, benefits, start window, duplication of excellent
   results (same unit and name: fail; same name: review; Sørensen–Dice ≥ 0.8 over gram
   multisets among the 20 closest: review), materials, declarations, recommendation, the
   governed deadline, dates in order, the five-year bar, and the information rules.
4. ``说明 / findings`` (expression): one finding per rule, in the library's order, with its
   status, code and Chinese message (the library's template, filled in), and the outcome.

What zen's expression language cannot do is done by the adapter (benchmarks/zen_peer.py), in
Python, and timed as part of zen: Unicode NFKC (full-width characters) and the removal of
punctuation and whitespace inside names, which need a string replace that the language lacks.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))  # the working tree's library

from baseline import _district_index
from baseline import _lookup as lookup  # the library's spellings of each enum

import gongguan_rules as gr
from gongguan_rules.identity import credit_code as _cc
from gongguan_rules.identity import districts as _d
from gongguan_rules.law import vocab as _v

MODEL_PATH = Path(__file__).resolve().parent / "zen" / "application-2026.json"
PLAN_YEAR = 2026
#: Enum spellings as the library reads them (values, Chinese names, aliases).
ENUMS = {
    "ORG": _v.OrgType,
    "REC": _v.RecommenderKind,
    "BEN": _v.Benefit,
    "DIR": _v.Direction,
    "MAT": _v.Material,
    "KIND": _v.EventKind,
}
BOOLS = {
    **dict.fromkeys(["true", "yes", "y", "1", "是", "有", "对", "真"], True),
    **dict.fromkeys(["false", "no", "n", "0", "否", "无", "不", "假"], False),
}


# ---------------------------------------------------------------------------------------------
# Writing zen expressions
# ---------------------------------------------------------------------------------------------


def lit(value: Any) -> str:
    """A Python value as a zen literal (objects with quoted keys)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {lit(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return "[" + ", ".join(lit(v) for v in items) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def enum_of(table: str, expr: str) -> str:
    """An enum field: trimmed, looked up lower-cased, then as written ("?" when unknown)."""
    return (
        f'(type({expr}) != "string" or trim({expr}) == "" ? null : '
        f'({table}[lower(trim({expr}))] ?? {table}[trim({expr})] ?? "?"))'
    )


def enums_of(table: str, expr: str) -> str:
    return f'(type({expr}) != "array" ? null : map({expr}, {enum_of(table, "#")}))'


def bool_of(expr: str) -> str:
    return (
        f'(type({expr}) == "bool" ? {expr} : type({expr}) == "number" ? ({expr} == 1'
        f" ? true : {expr} == 0 ? false : null)"
        f' : type({expr}) == "string" ? BOOL[lower(trim({expr}))] : null)'
    )


def ymd(expr: str) -> str:
    """An ISO date (or RFC 3339 datetime, read in Beijing time) as the number yyyymmdd."""
    return (
        f'(type({expr}) != "string" or trim({expr}) == "" ? null : number((len({expr}) > 10 ? '
        f'd({expr}).tz("Asia/Shanghai") : d({expr})).format("%Y%m%d")))'
    )


def iso(number: str) -> str:
    """yyyymmdd back to ISO, for messages."""
    return (
        f'({number} == null ? "null" : string(floor({number} / 10000)) + "-" + '
        f'(floor({number} / 100) % 100 < 10 ? "0" : "") + string(floor({number} / 100) % 100) + "-" + '
        f'({number} % 100 < 10 ? "0" : "") + string({number} % 100))'
    )


def joined(expr: str, most: int, sep: str = "、") -> str:
    """A list of strings joined (the language has no join; lists here are short)."""
    parts = [f"({expr})[0]"]
    parts += [f'(len({expr}) > {i} ? "{sep}" + ({expr})[{i}] : "")' for i in range(1, most)]
    return f'(len({expr}) == 0 ? "" : ' + " + ".join(parts) + ")"


def grams(chars: str) -> str:
    """The grams of a name split into characters (``split(s, "")`` pads it with "" each side):
    character bigrams, or the one character of a one-character name."""
    return (
        f"(len({chars}) < 3 ? [] : len({chars}) == 3 ? [{chars}[1]] : "
        f"map([1..len({chars}) - 3], {chars}[#] + {chars}[# + 1]))"
    )


def tokens(gram_list: str) -> str:
    """Grams as distinct tokens (``gram#k`` for its k-th occurrence): counting the tokens two
    names share counts their gram multisets' intersection."""
    return (
        f'(len({gram_list}) == 0 ? [] : map([0..len({gram_list}) - 1] as k, {gram_list}[k] + "#" + '
        f"string(count({gram_list}[0:k], # == {gram_list}[k]))))"
    )


def zh_names(table: str, values: list[str]) -> str:
    return "、".join(_v.zh_name(ENUMS_BY_TABLE[table], v) for v in values)


ENUMS_BY_TABLE = dict(ENUMS)


# ---------------------------------------------------------------------------------------------
# 1. Facts
# ---------------------------------------------------------------------------------------------


def facts_expression() -> str:
    """The ``f`` object: every fact the rules read (node 1)."""
    divisions = {code: name for code, name in _d.CURRENT_DIVISION_CODES.items()}
    divisions |= {code: pair[1] for code, pair in _d.HISTORICAL_DIVISION_CODES.items()}
    alphabet = list(_cc.ALPHABET)
    places = sorted(_d._PROVINCES)
    steps = [
        f"ORG = {lit(lookup(_v.OrgType))}",
        f"REC = {lit(lookup(_v.RecommenderKind))}",
        f"BEN = {lit(lookup(_v.Benefit))}",
        f"DIR = {lit(lookup(_v.Direction))}",
        f"MAT = {lit(lookup(_v.Material))}",
        f"KIND = {lit(lookup(_v.EventKind))}",
        f"BOOL = {lit(BOOLS)}",
        f"DIST = {lit(_district_index())}",
        f"DIV = {lit(divisions)}",
        f"VAL = {lit({ch: i for i, ch in enumerate(alphabet)})}",
        f"ALPHA = {lit(alphabet)}",
        f"W = {lit(list(_cc.CHECK_WEIGHTS))}",
        f"CAT = {lit(dict(_cc.CATEGORIES))}",
        f"CATORG = {lit(dict(_cc.CATEGORY_ORG_TYPES))}",
        f"AUTH = {lit(dict(_cc.AUTHORITIES))}",
        "a = application",
        "ap = a.applicant",
        "pr = a.project",
        # the unit
        f"org = {enum_of('ORG', 'ap.org_type')}",
        f"recognized = {bool_of('ap.recognized_by_authority')}",
        # the declared place (norm.district: NFKC, no whitespace, done by the adapter)
        "pl = norm.district",
        # (len and slices count UTF-8 bytes: 天津市 is 9, 天津 6)
        'tjrest = pl == null ? null : (startsWith(pl, "天津市") and len(pl) > 9 ? pl[9:len(pl) - 1] '
        ': startsWith(pl, "天津") and len(pl) > 6 ? pl[6:len(pl) - 1] : null)',
        "viaprefix = tjrest == null ? null : (tjrest in"
        f' {lit(sorted(_d._AMBIGUOUS_BARE_NAMES))} ? tjrest + "区" : DIST[tjrest])',
        "district = pl == null ? null : (DIST[pl] ?? viaprefix)",
        f'place = pl == null or pl == "" ? "missing" : pl in {lit(sorted(_d._OUTSIDE_MARKERS))} ? "outside"'
        ' : district != null ? "district"'
        f' : pl in {lit(sorted(_d._CITY_LEVEL_NAMES))} ? "city"'
        f' : pl in {lit(sorted(_d._AMBIGUOUS_BARE_NAMES))} ? "unclear"'
        f' : startsWith(pl, "天津") or pl in {lit(sorted(_d._TIANJIN_ZONE_NAMES))} ? "city"'
        f" : some({lit(list(_d._OUTSIDE_SUFFIXES))}, endsWith(pl, #)) or some({lit(places)}, startsWith(pl, #))"
        ' ? "outside" : "unclear"',
        # the credit code (norm.code: NFKC, trimmed, upper-cased, done by the adapter)
        "code = norm.code",
        'cc = code == null ? [] : split(code, "")',
        f"DIGIT = {lit(list('0123456789'))}",
        "formed = code != null and len(cc) == 20 and all([1..18], VAL[cc[#]] != null) and all([3..8], cc[#] in DIGIT)",
        "total = formed ? sum(map([1..17], VAL[cc[#]] * W[# - 1])) : 0",
        "expected = formed ? ALPHA[(31 - total % 31) % 31] : null",
        "checkok = formed and cc[18] == expected",
        "category = formed ? cc[1] + cc[2] : null",
        "division = formed ? cc[3] + cc[4] + cc[5] + cc[6] + cc[7] + cc[8] : null",
        "codedistrict = division == null ? null : DIV[division]",
        # what is wrong with a malformed code, as the library lists it
        "ncc = len(cc) - 2",
        'lenprob = code == null or ncc == 18 ? [] : ["长度应为18位，实为" + string(ncc) + "位 /'
        ' length must be 18, got " + string(ncc)]',
        "charprob = code == null or ncc < 1 ? [] : filter(map([1..ncc] as k, VAL[cc[k]] == null ? "
        '"第" + string(k) + "位“" + cc[k] + "”不在代码字符集内 / character " + string(k) + " \'" + cc[k] + '
        '"\' is not in the GB 32100 alphabet" : k >= 3 and k <= 8 and not (cc[k] in DIGIT) ? '
        '"第" + string(k) + "位“" + cc[k] + "”应为数字（第3–8位为行政区划码） / character " '
        '+ string(k) + " \'" + cc[k] + '
        '"\' must be a digit (positions 3-8 are the division code)" : null), # != null)',
        f"problems = flatten([lenprob, len(charprob) > {_cc._MAX_LISTED_CHARACTERS} ? "
        f"flatten([charprob[0:{_cc._MAX_LISTED_CHARACTERS - 1}], "
        f'["另有" + string(len(charprob) - {_cc._MAX_LISTED_CHARACTERS}) + "处字符错误 / and " + '
        f'string(len(charprob) - {_cc._MAX_LISTED_CHARACTERS}) + " more character problems"]]) : charprob])',
        # the project, the materials, the route
        f"benefits = {enums_of('BEN', 'pr.expected_benefits')}",
        f"start = {ymd('pr.start_date')}",
        f"sub = {ymd('a.submitted_to_recommender_on')}",
        f"rec = {ymd('a.recommended_on')}",
        "applied = sub ?? rec",
        f"direction = {enum_of('DIR', 'pr.direction')}",
        f"rkind = {enum_of('REC', 'a.recommender.kind')}",
        f"materials = {enums_of('MAT', 'a.materials')}",
        f"truthful = {bool_of('a.declarations.truthful')}",
        'sector = type(pr.sector) == "string" and trim(pr.sector) != "" ? trim(pr.sector) : null',
        'pname = type(pr.name) == "string" and trim(pr.name) != "" ? trim(pr.name) : null',
        'uname = type(ap.name) == "string" and trim(ap.name) != "" ? trim(ap.name) : null',
        # the unit's identity: its credit code as given, else its normalised name (norm.unit)
        'ucode = type(ap.credit_code) == "string" and trim(ap.credit_code) != "" ? upper(trim(ap.credit_code)) : null',
        'ukey = ucode != null ? ucode : (norm.unit != "" ? "n:" + norm.unit : null)',
        # the history, each record with the key it is joined under and the tokens of its name
        "h = history ?? []",
        "nh = norm.history",
        "raw = len(h) == 0 ? [] : map([0..len(h) - 1] as i, {"
        f"i: i, kind: {enum_of('KIND', 'h[i].kind')}, "
        'code: type(h[i].credit_code) == "string" and trim(h[i].credit_code) != "" ?'
        " upper(trim(h[i].credit_code)) : null, "
        'uname: nh[i].unit, name: nh[i].project, c: split(nh[i].project ?? "", ""), '
        f"date: {ymd('h[i].date')}, y: h[i].year}})",
        "rg = map(raw as r, {i: r.i, kind: r.kind, code: r.code, uname: r.uname, name: r.name, date: r.date, "
        # grams only where a near-name search can use them (projects and excellent results)
        f'y: r.y, gram: r.kind == "approved" or r.kind == "excellent_recognized" ? {grams("r.c")} : []}})',
        "recs = map(rg as r, {i: r.i, kind: r.kind, code: r.code, name: r.name, date: r.date, "
        'year: r.y != null and r.y != "" ? number(r.y) : (r.date != null ? floor(r.date / 10000) : null), '
        'ukey: r.code != null ? r.code : (r.uname != "" ? "n:" + r.uname : null), '
        "own: (ucode != null and r.code == ucode) or "
        '(norm.unit != "" and r.uname == norm.unit and (ucode == null or r.code == null)), '
        f"tok: {tokens('r.gram')}}})",
        'pc = split(norm.project, "")',
        f"pg = {grams('pc')}",
        f"ptok = {tokens('pg')}",
        "latest = max(flatten([filter(map(recs, #.date), # != null), filter([sub, rec, start], # != null), [0]]))",
        "{org: org, recognized: recognized, place: place, district: district, pl: pl, code: code, formed: formed, "
        "checkok: checkok, expected: expected, category: category, division: division, codedistrict: codedistrict, "
        'catorg: category == null ? null : (CAT[category] == null ? null : CATORG[category] ?? "other"), '
        'catname: category == null ? "未知" : CAT[category] ?? "未知", '
        'authname: category == null ? "未知" : AUTH[cc[1]] ?? "未知", '
        "benefits: benefits, start: start, sub: sub, rec: rec, applied: applied, direction: direction, rkind: rkind, "
        "materials: materials, truthful: truthful, sector: sector, pname: pname, uname: uname, ukey: ukey, "
        "pkey: norm.project, ptok: ptok, recs: recs, asof: latest, last: formed ? cc[18] : null, problems: problems}",
    ]
    return "; ".join(steps)


# ---------------------------------------------------------------------------------------------
# 2. Decision tables
# ---------------------------------------------------------------------------------------------


def decision_table(name: str, inputs: list[tuple[str, str]], rows: list[list[str]], path: str) -> dict[str, Any]:
    """A first-hit decision table writing ``{s, c}`` (status, code) under ``t.<path>``."""
    ins = [{"id": f"i{n}", "name": label, "field": field} for n, (label, field) in enumerate(inputs)]
    outs = [{"id": "os", "name": "status", "field": "s"}, {"id": "oc", "name": "code", "field": "c"}]
    rules = []
    for n, row in enumerate(rows):
        *tests, status, code = row
        rule: dict[str, str] = {"_id": f"r{n}"}
        rule |= {f"i{k}": test for k, test in enumerate(tests)}
        rule |= {"os": lit(status), "oc": lit(code)}
        rules.append(rule)
    return {
        "type": "decisionTableNode",
        "name": name,
        "content": {
            "hitPolicy": "first",
            "inputs": ins,
            "outputs": outs,
            "rules": rules,
            "passThrough": True,
            "inputField": None,
            "outputPath": f"t.{path}",
            "executionMode": "single",
        },
    }


def unary_in(values: list[str]) -> str:
    return ", ".join(lit(v) for v in values) if values else "false"


def table_for(rule: Any, key: str) -> dict[str, Any]:
    p = rule.params
    if rule.check.name == "applicant_type":
        rows = [
            ["$ == null", "", "review", "missing"],
            [unary_in(p.allowed), "", "pass", "allowed"],
            [unary_in(p.recognized), "$ == true", "pass", "recognized"],
            [unary_in(p.recognized), "$ == false", "fail", "not_recognized"],
            [unary_in(p.recognized), "", "review", "recognition_unknown"],
            [unary_in(p.refused), "", "fail", "refused"],
            ["", "", "review", "unclear"],
        ]
        return decision_table(
            "申报单位类型 / unit type", [("单位类型", "f.org"), ("经认可", "f.recognized")], rows, key
        )
    if rule.check.name in ("recommender_kind", "direction"):
        field, label = (
            ("f.rkind", "推荐单位类型") if rule.check.name == "recommender_kind" else ("f.direction", "申报方向")
        )
        rows = [
            ["$ == null", "review", "missing"],
            [unary_in(p.allowed), "pass", "allowed"],
            # 2026 四（一）/ 第六条: a kind the text neither names nor excludes is review
            *([[unary_in(p.unclear), "review", "unclear"]] if getattr(p, "unclear", None) else []),
            ["", "fail", "not_allowed"],
        ]
        return decision_table(f"{label} / {rule.check.name}", [(label, field)], rows, key)
    raise KeyError(rule.check.name)


TABLE_CHECKS = {"applicant_type", "recommender_kind", "direction"}


# ---------------------------------------------------------------------------------------------
# 3. Checks: each distinct (check, parameters) once, as {s, c} plus the values its message needs
# ---------------------------------------------------------------------------------------------


def _status(name: str) -> str:
    return lit(name)


def check_expression(rule: Any, plan: gr.Plan) -> str:
    """One rule's check as a zen expression giving ``{s, c}`` (and message values)."""
    name, p = rule.check.name, rule.params
    if name == "registered_in_territory":
        assert p.territory == "天津市", "the 2026 model judges registration in 天津市 only"
        required = "true" if p.applies_to is None else f"(f.org == null or f.org in {lit(p.applies_to)})"
        return (
            f'not {required} ? {{s: "pass", c: "not_required"}} : f.place == "missing" ? {{s: "review", c: "missing"}}'
            ' : f.place == "outside" ? {s: "fail", c: "outside"} : f.place == "unclear"'
            ' ? {s: "review", c: "unclear_place"}'
            ' : {s: "pass", c: "inside"}'
        )
    if name == "credit_code":
        return (
            'f.code == null ? {s: "review", c: "missing"} : not f.formed ? {s: "fail", c: "malformed"}'
            ' : not f.checkok ? {s: "review", c: "bad_check"} : {s: "pass", c: "valid"}'
        )
    if name == "district_corroboration":
        return (
            'f.code == null or f.pl == null ? {s: "not_applicable", c: "missing"}'
            ' : not f.formed ? {s: "not_applicable", c: "malformed"}'
            ' : f.place == "missing" or f.place == "unclear" ? {s: "not_applicable", c: "unclear_place"}'
            ' : f.place == "outside" ? (startsWith(f.division, "12") ? {s: "review",'
            ' c: "declared_outside_code_tianjin"}'
            ' : {s: "pass", c: "agree_outside"})'
            ' : not startsWith(f.division, "12") ? {s: "review", c: "code_outside"}'
            f' : f.division in {lit(sorted(_d.CITY_LEVEL_DIVISION_CODES))} ? {{s: "pass", c: "city_level"}}'
            ' : f.place == "city" or f.codedistrict == f.district ? {s: "pass", c:'
            ' "agree"} : {s: "review", c: "disagree"}'
        )
    if name == "org_type_corroboration":
        compatible = {
            "enterprise": ["enterprise"],
            "public_institution": ["public_institution"],
            "industry_organization": ["social_organization", "public_institution"],
            "social_organization": ["social_organization"],
            "government_agency": ["government_agency"],
            "individual_business": ["individual_business"],
        }
        return (
            f"@C = {lit(compatible)}; "
            'f.code == null or f.org == null ? {s: "not_applicable", c: "missing"}'
            ' : not f.formed ? {s: "not_applicable", c: "malformed"}'
            ' : @C[f.org] == null or f.catorg == null or f.catorg == "other" ? {s: "pass", c: "not_decisive"}'
            ' : f.catorg in @C[f.org] ? {s: "pass", c: "agree"} : {s: "review", c: "disagree"}'
        )
    if name == "expected_benefits":
        return (
            'f.benefits == null ? {s: "review", c: "missing"} : len(f.benefits) == 0 ? {s: "fail", c: "none_declared"}'
            f' : some(f.benefits, # in {lit(p.categories)}) ? {{s: "pass", c: "matched", '
            f"m: filter(f.benefits, # in {lit(p.categories)})}}"
            f' : {{s: {_status(p.unmatched)}, c: "unmatched"}}'
        )
    if name == "start_date_window":
        earliest = int(p.earliest.strftime("%Y%m%d"))
        return (
            'f.start == null ? {s: "review", c: "missing"}'
            f' : f.start < {earliest} ? {{s: "fail", c: "too_early"}}'
            f' : f.applied != null and f.start > f.applied ? {{s: {_status(p.not_started)}, c: "not_started"}}'
            ' : {s: "pass", c: "in_window"}'
        )
    if name == "duplication":
        return duplication_expression(rule, plan)
    if name == "materials":
        lacking = f"filter({lit(p.required)}, not (# in f.materials))"
        missing = f'{{s: "fail", c: "incomplete", m: {lacking}}}'
        if plan.spec.readings.form_is_materials:  # 2026 四（一）: the 申报书 is the materials
            unconfirmed = f'{{s: "review", c: "in_form_unconfirmed", m: {lacking}}}'
            missing = f'("application_form" in f.materials ? {unconfirmed} : {missing})'
        complete = '{s: "pass", c: "several_forms"}' if len(p.forms) > 1 else '{s: "pass", c: "complete"}'
        return (
            'f.materials == null ? {s: "review", c: "missing"}'
            f" : some({lit(p.required)}, not (# in f.materials)) ? {missing}"
            f" : {complete}"
        )
    if name == "declaration":
        assert p.field == "truthful", "the 2026 model reads the truthfulness declaration only"
        return (
            'f.truthful == null ? {s: "review", c: "truthful.missing"} : f.truthful == false'
            ' ? {s: "fail", c: "truthful.false"} : {s: "pass", c: "truthful.true"}'
        )
    if name == "recommendation":
        return 'f.rec == null ? {s: "review", c: "missing"} : {s: "pass", c: "recommended"}'
    if name == "schedule_step":
        step = plan.step(p.step)
        assert step.timing.by is not None and step.role == "governed" and step.stage == "recommended"
        assert step.districts is None
        by = int(step.timing.by.strftime("%Y%m%d"))
        late = plan.spec.readings.missed_governed_deadline
        return (
            'f.rec == null ? {s: "review", c: "missing"}'
            f' : f.rec <= {by} ? {{s: "pass", c: "on_time"}} : {{s: {_status(late)}, c: "late"}}'
        )
    if name == "dates_in_order":
        return (
            'f.sub != null and f.rec != null and f.sub > f.rec ? {s: "review", c: "recommended_before_submitted"}'
            ' : f.sub == null and f.rec == null ? {s: "not_applicable", c: "no_dates"} : {s: "pass", c: "in_order"}'
        )
    if name == "debarment":
        return debarment_expression(plan)
    if name == "focus_sector":
        emphasis, sectors = lit(p.emphasis), lit(p.sectors)
        # by name, not by substring (汽车 is not 智能网联汽车); a generic ending does not change a name
        match = (
            'filter({names}, # == f.sector or f.sector == # + "产业链" or f.sector == # + "产业"'
            ' or f.sector == # + "行业" or f.sector == # + "领域")'
        )
        return (
            'f.sector == null ? {s: "info", c: "missing"}'
            f' : len({match.format(names=emphasis)}) > 0 ? {{s: "info", c: "emphasis",'
            f" m: {match.format(names=emphasis)}[0]}}"
            f' : len({match.format(names=sectors)}) > 0 ? {{s: "info", c: "matched", m:'
            f" {match.format(names=sectors)}[0]}}"
            ' : {s: "info", c: "not_matched"}'
        )
    if name == "preferential_direction":
        return (
            'f.direction == null ? {s: "info", c: "missing"}'
            f' : f.direction == {lit(p.direction.value)} ? {{s: "info", c: "preferred"}}'
            f' : {{s: "info", c: "not_preferred"}}'
        )
    if name == "regulation_validity":
        end = int(plan.regulation.in_force_until.strftime("%Y%m%d"))
        return f'f.asof > {end} ? {{s: "info", c: "expired"}} : {{s: "info", c: "in_force"}}'
    if name == "scope":
        return '{s: "pass", c: "in_scope"}'
    if name == "plan_published":
        code = "first_half" if plan.governing_document.issued_on.month <= 6 else "late"
        return f'{{s: "info", c: "{code}"}}'
    if name == "text_not_available":
        return '{s: "info", c: "not_checked"}'
    raise KeyError(f"the 2026 model has no check {name!r}")


def duplication_expression(rule: Any, plan: gr.Plan) -> str:
    """第八条（三） / 2026 一（三）: no duplicate of an earlier (or undated), unrevoked excellent result."""
    assert rule.params.scope == "excellent_results"
    readings = plan.spec.readings.duplication
    year, limit = plan.year, readings.max_reported * 4
    threshold = readings.near_threshold
    status = {
        "same": readings.same_unit_same_name,
        "name": readings.other_unit_same_name,
        "near": readings.near_match,
    }
    return "; ".join(
        [
            # the key each record joins under: the applicant's own for its own records
            "@rk = map(f.recs, {i: #.i, kind: #.kind, name: #.name, year: #.year, tok: #.tok, ukey: #.ukey, "
            "key: #.own ? f.ukey : #.ukey})",
            '@revoked = map(filter(@rk, #.kind == "recognition_revoked" and #.name != null and #.key != null), '
            '#.key + "|" + #.name)',
            f'@exact = filter(@rk, #.kind == "excellent_recognized" and f.pkey != "" and #.name == f.pkey'
            f' and (#.year == null or #.year < {year}) and not (#.key != null and (#.key + "|" + #.name) in @revoked))',
            "@same = filter(@exact, f.ukey != null and #.key == f.ukey)",
            "@exactids = map(@exact, #.i)",
            # Sørensen–Dice over the gram multisets (tokens: gram#occurrence)
            '@named = filter(@rk, (#.kind == "excellent_recognized" or #.kind == "approved") and #.name != null)',
            "@scored = map(@named as r, {i: r.i, kind: r.kind, year: r.year, ukey: r.ukey, name: r.name, "
            "d: r.name == f.pkey ? 1 : (len(r.tok) + len(f.ptok) == 0 ? 0 : "
            "2 * count(r.tok, # in f.ptok) / (len(r.tok) + len(f.ptok)))})",
            f"@hits = filter(@scored, #.d >= {threshold})",
            f"@top = filter(@hits as x, count(@hits, #.d > x.d or (#.d == x.d and #.i < x.i)) < {limit})",
            f'@near = filter(@top as x, not (x.i in @exactids) and x.kind == "excellent_recognized"'
            f" and (x.year == null or x.year < {year}) and not (x.ukey != null and"
            ' some(@rk, #.kind == "recognition_revoked" and #.ukey == x.ukey and #.name == x.name)))',
            "@best = filter(@near as x, none(@near, #.d > x.d or (#.d == x.d and #.i < x.i)))",
            'f.pname == null ? {s: "review", c: "name_missing"}'
            ' : len(@same) > 0 ? (all(@same, #.year == null) ? {s: "review", c: "same_unit_year_unknown", m: @same}'
            f' : {{s: {lit(status["same"])}, c: "same_unit", m: @same}})'
            f' : len(@exact) > 0 ? {{s: {lit(status["name"])}, c: "same_name", m: @exact}}'
            f' : len(@near) > 0 ? {{s: {lit(status["near"])}, c: "near", m: @best, n: len(@near)}}'
            ' : {s: "pass", c: "none"}',
        ]
    )


def debarment_expression(plan: gr.Plan) -> str:
    """第二十五条: the five-year bar after a revocation made on or after the 管理办法 took effect."""
    in_force = int(plan.regulation.document.in_force_from.strftime("%Y%m%d"))
    years = plan.spec.readings.bar_years
    first, last = plan.year * 10000 + 101, plan.year * 10000 + 1231
    # the bar ends on the same day `years` later; 2月29日 → 2月28日 comes free with yyyymmdd
    # numbers (no 29 February in the year it ends, so ≤ …0229 is ≤ …0228)
    span = years * 10000
    same_day = "review" if plan.spec.readings.bar_same_day == "review" else "fail"
    return "; ".join(
        [
            '@revs = filter(f.recs, #.kind == "recognition_revoked" and #.own and'
            f" (#.date == null or #.date >= {in_force}))",
            "@dated = filter(@revs, #.date != null)",
            "@active = f.applied != null and some(@dated, #.date < f.applied and f.applied <= #.date + "
            + str(span)
            + ")",
            "@sameday = f.applied != null and some(@dated, #.date == f.applied)",
            'f.ukey == null ? {s: "review", c: "unit_unknown"} : len(@revs) == 0 ? {s: "pass", c: "none"}'
            ' : @active ? {s: "fail", c: "barred", m: filter(@dated, #.date < f.applied and f.applied <= #.date + '
            + str(span)
            + ")}"
            f' : @sameday ? {{s: "{same_day}", c: "same_day", m: filter(@dated, #.date == f.applied)}}'
            ' : len(@dated) < len(@revs) ? {s: "review", c: "undated", n: len(@revs) - len(@dated)}'
            f" : f.applied == null ? (some(@dated, #.date < {first} and #.date + {span} >= {last})"
            f' ? {{s: "fail", c: "barred_whole_year", m: filter(@dated, #.date <'
            f" {first} and #.date + {span} >= {last})}}"
            ' : {s: "review", c: "date_unknown", m: @dated}) : {s: "pass", c: "outside_bar", m: @dated}',
        ]
    )


# ---------------------------------------------------------------------------------------------
# 4. Findings: the library's messages, filled in
# ---------------------------------------------------------------------------------------------


def message_values(rule: Any, plan: gr.Plan, v: str, texts: list[str]) -> dict[str, str]:
    """Each placeholder of the rule's messages as a zen expression (``v``: the check's result)."""
    p, name = rule.params, rule.check.name
    values: dict[str, Callable[[], str]] = {
        "org_type": lambda: "ORGZH[f.org] ?? f.org",
        "territory": lambda: lit(getattr(p, "territory", plan.spec.territory)),
        "district": lambda: "f.pl",
        "category": lambda: "f.catname",
        "expected": lambda: "f.expected",
        "given": lambda: "f.last" if name == "credit_code" else joined("map(f.benefits, BENZH[#] ?? #)", 8),
        "problems": lambda: joined("f.problems", _cc._MAX_LISTED_CHARACTERS + 2, "；"),
        "division": lambda: "f.division",
        "declared": lambda: "f.pl" if name == "district_corroboration" else "ORGZH[f.org] ?? f.org",
        "code_district": lambda: "f.codedistrict",
        "authority": lambda: "f.authname",
        "categories": lambda: lit(zh_names("BEN", getattr(p, "categories", []))),
        "matched": lambda: joined(f"map({v}.m, BENZH[#])", 4),
        "earliest": lambda: lit(p.earliest.isoformat()) if name == "start_date_window" else '""',
        "start": lambda: (
            iso("f.start") if name == "start_date_window" else lit(plan.regulation.document.in_force_from.isoformat())
        ),
        "applied": lambda: iso("f.applied"),
        "scope_zh": lambda: lit("历年优秀成果项目"),
        "match_name": lambda: f"h[{v}.m[0].i].project_name",
        "match_unit": lambda: f'h[{v}.m[0].i].unit ?? h[{v}.m[0].i].credit_code ?? ""',
        "match_year": lambda: f'{v}.m[0].year ?? "?"',
        "count": lambda: f"{v}.n" if name == "debarment" else f"len({v}.m ?? [])",
        "score": lambda: f"string(round({v}.m[0].d * 100) / 100)",
        "allowed": lambda: lit(
            zh_names("DIR" if name == "direction" else "REC", [x.value for x in getattr(p, "allowed", [])])
        ),
        "direction": lambda: "DIRZH[f.direction] ?? f.direction",
        "preferred": lambda: (
            lit(_v.zh_name(_v.Direction, p.direction.value)) if name == "preferential_direction" else '""'
        ),
        "sector": lambda: "f.sector",
        "match": lambda: f"{v}.m",
        "kind": lambda: "RECZH[f.rkind] ?? f.rkind",
        "required": lambda: lit(zh_names("MAT", [x.value for x in getattr(p, "required", [])])),
        "lacking": lambda: joined(f"map({v}.m, MATZH[#])", 4),
        "text": lambda: lit(p.text) if name == "text_not_available" else lit(plan.step(p.step).timing.text),
        "about": lambda: lit(p.about_zh),
        "on": lambda: iso("f.rec"),
        "day": lambda: iso("f.rec"),
        "field": lambda: lit("推荐单位报送的日期"),
        "span": lambda: lit(plan.step(p.step).timing.by.isoformat()) if name == "schedule_step" else '""',
        "rec": lambda: iso("f.rec"),
        "sub": lambda: iso("f.sub"),
        "years": lambda: str(plan.spec.readings.bar_years),
        "until": lambda: iso(f"({v}.m[0].date + {plan.spec.readings.bar_years * 10000})"),
        "revoked": lambda: iso(f"{v}.m[0].date"),
        "document": lambda: lit(plan.document),
        "issued": lambda: lit(plan.governing_document.issued_on.isoformat()),
        "end": lambda: lit(plan.regulation.in_force_until.isoformat()),
        "as_of": lambda: iso("f.asof"),
        "subject": lambda: lit("本申报"),
        "sanction": lambda: lit(_sanction(plan, p) if name == "schedule_step" else ""),
        "basis": lambda: '""',
        "forms": lambda: lit("、".join(getattr(p, "forms", []))),
    }
    used = {m for text in texts for m in re.findall(r"\{(\w+)\}", text)}
    return {key: values[key]() for key in used}


def _sanction(plan: gr.Plan, p: Any) -> str:
    """What a late step's message adds: the text's own sanction, where the step states one."""
    sanction = plan.step(p.step).sanction
    return f"；原文写明“{sanction.zh}”" if sanction is not None else ""


def template(text: str, values: dict[str, str]) -> str:
    """A message template as a zen template string, each ``{name}`` a ``${expression}``."""

    def fill(match: re.Match[str]) -> str:
        return "${" + values[match.group(1)] + "}"

    return "`" + re.sub(r"\{(\w+)\}", fill, text.replace("`", "'")) + "`"


def findings_expression(plan: gr.Plan, rules: list[Any], keys: dict[str, str], codes_of: dict[str, list[str]]) -> str:
    names = {
        "ORGZH": {m.value: _v.zh_name(_v.OrgType, m.value) for m in _v.OrgType},
        "RECZH": {m.value: _v.zh_name(_v.RecommenderKind, m.value) for m in _v.RecommenderKind},
        "DIRZH": {m.value: _v.zh_name(_v.Direction, m.value) for m in _v.Direction},
        "BENZH": {m.value: _v.zh_name(_v.Benefit, m.value) for m in _v.Benefit},
        "MATZH": {m.value: _v.zh_name(_v.Material, m.value) for m in _v.Material},
    }
    steps = [f"{k} = {lit(v)}" for k, v in names.items()]
    steps.append("h = history ?? []")
    entries = []
    for rule in rules:
        v = keys[rule.id]
        codes = {code: rule.messages.codes[code] for code in codes_of[v]}
        values = message_values(rule, plan, v, [t.zh for t in codes.values()])
        message = '""'
        for code, text in reversed(list(codes.items())):
            message = f"{v}.c == {lit(code)} ? {template(text.zh, values)} : ({message})"
        entries.append(f"{{rule_id: {lit(rule.id)}, status: {v}.s, code: {v}.c, message: {message}}}")
    steps.append("findings = [" + ", ".join(entries) + "]")
    steps.append(
        "statuses = map(findings, #.status); "
        'outcome = "fail" in statuses ? "ineligible" : "review" in statuses ? "needs_review" : "eligible"'
    )
    steps.append("{outcome: outcome, findings: findings}")
    return "; ".join(steps)


# ---------------------------------------------------------------------------------------------
# The graph
# ---------------------------------------------------------------------------------------------


def build_model(plan: gr.Plan | None = None) -> dict[str, Any]:
    """The JDM graph of the 2026 application checks. 生成 2026 年度申报检查的 JDM 决策图。"""
    plan = plan or gr.load_plan(PLAN_YEAR)
    rules = list(plan.rules_for("application"))
    keys: dict[str, str] = {}  # rule id -> where its result is (t.<key> or r.<key>)
    tables: dict[str, dict[str, Any]] = {}
    checks: dict[str, str] = {}
    memo: dict[str, str] = {}
    for rule in rules:
        key = memo.setdefault(rule.memo_key, f"{rule.check.name}_{len(memo)}")
        if rule.check.name in TABLE_CHECKS:
            tables.setdefault(key, table_for(rule, key))
            keys[rule.id] = f"t.{key}"
        elif key not in checks:
            # a check's own variables are written @name: each check gets its own
            checks[key] = check_expression(rule, plan).replace("@", f"{key}_")
            keys[rule.id] = f"r.{key}"
        else:
            keys[rule.id] = f"r.{key}"
    # the codes each check can give (a message template for each)
    codes_of = {f"r.{k}": list(dict.fromkeys(re.findall(r'c: "([\w.]+)"', body))) for k, body in checks.items()}
    codes_of |= {
        f"t.{k}": list(dict.fromkeys(json.loads(r["oc"]) for r in table["content"]["rules"]))
        for k, table in tables.items()
    }
    nodes: list[dict[str, Any]] = [
        {"type": "inputNode", "name": "申报 / request"},
        _expression_node("读取 / read", "f", facts_expression()),
        *tables.values(),
        _expression_node("检查 / checks", "r", _sequence(checks)),
        _expression_node(
            "说明 / findings", "result", findings_expression(plan, rules, keys, codes_of), pass_through=False
        ),
        {"type": "outputNode", "name": "决定 / decision"},
    ]
    for n, node in enumerate(nodes):
        node["id"] = f"n{n}"
        node["position"] = {"x": 240 * n, "y": 0}
    edges = [
        {"id": f"e{n}", "sourceId": f"n{n}", "targetId": f"n{n + 1}", "type": "edge"} for n in range(len(nodes) - 1)
    ]
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


def _sequence(checks: dict[str, str]) -> str:
    """Every check as ``key = …`` (its own assignments first), then the object of them all."""
    steps = []
    for key, body in checks.items():
        *local, final = body.split("; ")
        steps += [*local, f"{key} = {final}"]
    return "; ".join([*steps, "{" + ", ".join(f"{k}: {k}" for k in checks) + "}"])


def _expression_node(name: str, key: str, expression: str, pass_through: bool = True) -> dict[str, Any]:
    return {
        "type": "expressionNode",
        "name": name,
        "content": {
            "expressions": [{"id": f"x{key}", "key": key, "value": expression}],
            "passThrough": pass_through,
            "inputField": None,
            "outputPath": None,
            "executionMode": "single",
        },
    }


def model_text() -> str:
    return json.dumps(build_model(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    MODEL_PATH.parent.mkdir(exist_ok=True)
    MODEL_PATH.write_text(model_text(), encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size:,} bytes)")
