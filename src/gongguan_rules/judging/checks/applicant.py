"""Who may apply: 第八条（一） and the plans' own eligibility clauses (2025 二（一）, 2026 一（一）).

申报主体：单位类型、登记地、统一社会信用代码及其与申报信息的核对。
"""

from __future__ import annotations

from functools import lru_cache

from ...identity.credit_code import credit_code_info
from ...identity.districts import PlaceKind, classify_place, is_clearly_outside_tianjin, normalize_district
from ...law.checks import ApplicantTypeParams, TerritoryParams
from ...law.rules import Rule
from ...law.vocab import OrgType
from ..context import Context
from .base import FAIL, NA, PASS, REVIEW, Result, check, named, show

TIANJIN = "天津市"


def _type_names(org_type: OrgType) -> dict[str, str]:
    return named("org_type", org_type)


@check("applicant_type")
def applicant_type(ctx: Context, rule: Rule) -> Result:
    """第八条（一）：企事业单位，或由行业主管部门认可成立的进行行业质量管理的专业组织。"""
    p = rule.params_as(ApplicantTypeParams)
    a = ctx.app.applicant
    facts = {
        "applicant.org_type": show(a.org_type),
        "applicant.recognized_by_authority": a.recognized_by_authority,
    }
    if a.org_type is None:
        return Result(REVIEW, "missing", facts)
    if a.org_type in p.allowed:
        return Result(PASS, "allowed", facts, _type_names(a.org_type))
    if a.org_type in p.recognized:
        if a.recognized_by_authority is True:
            return Result(PASS, "recognized", facts, _type_names(a.org_type))
        if a.recognized_by_authority is False:
            return Result(FAIL, "not_recognized", facts, _type_names(a.org_type))
        return Result(REVIEW, "recognition_unknown", facts, _type_names(a.org_type))
    if a.org_type in p.refused:
        return Result(FAIL, "refused", facts, _type_names(a.org_type))
    return Result(REVIEW, "unclear", facts, _type_names(a.org_type))


@lru_cache(maxsize=4096)
def declared_place(raw: str | None) -> tuple[str, str | None]:
    """Classify a declared district: missing | district | city | unclear | outside.

    "city" is Tianjin with no district told (天津市, or a functional zone such as
    天津经济技术开发区); "outside" a place that declares itself outside Tianjin (外省市, 北京市);
    "unclear" a name that may or may not be in Tianjin (a bare "河北") or cannot be placed at all.
    """
    if raw is None:
        return ("missing", None)
    kind = classify_place(raw)
    if kind is PlaceKind.DISTRICT:
        return ("district", normalize_district(raw))
    if kind in (PlaceKind.CITY_LEVEL, PlaceKind.TIANJIN_OTHER):
        return ("city", None)  # in Tianjin (天津市, a functional zone), district not told
    if kind is PlaceKind.OUTSIDE and is_clearly_outside_tianjin(raw):
        return ("outside", None)
    if kind is PlaceKind.UNKNOWN:
        return ("missing", None)
    return ("unclear", None)  # 河北 (区 or 省?), or a name that cannot be placed (a typo)


@check("registered_in_territory")
def registered_in_territory(ctx: Context, rule: Rule) -> Result:
    """在本市（或本区）行政区域内登记注册。The declared district decides (product.md)."""
    p = rule.params_as(TerritoryParams)
    a = ctx.app.applicant
    facts = {"applicant.district": a.district, "applicant.org_type": show(a.org_type)}
    values = {"territory": p.territory, "district": a.district}
    if p.applies_to is not None and a.org_type is not None and a.org_type not in p.applies_to:
        return Result(PASS, "not_required", facts, values)
    kind, district = declared_place(a.district)
    if kind == "missing":
        return Result(REVIEW, "missing", facts, values)
    if kind == "outside":
        return Result(FAIL, "outside", facts, values)
    if kind == "unclear":
        return Result(REVIEW, "unclear_place", facts, values)
    if p.territory == TIANJIN:
        return Result(PASS, "inside", facts, values)
    if kind == "city":
        if a.org_type is None and p.applies_to is not None:
            # neither the district nor whether registration binds the unit at all is known
            return Result(REVIEW, "district_unknown_type_unknown", facts, values)
        return Result(REVIEW, "district_unknown", facts, values)
    if district == normalize_district(p.territory):
        return Result(PASS, "inside", facts, values)
    if a.org_type is None and p.applies_to is not None:
        # registration binds 企事业单位 only: with the type unknown, the place cannot decide
        return Result(REVIEW, "other_district_type_unknown", facts, values | {"district": district})
    return Result(FAIL, "other_district", facts, values | {"district": district})


@check("credit_code")
def credit_code(ctx: Context, rule: Rule) -> Result:
    """统一社会信用代码（GB 32100-2015）：格式错误不符合；校验位不符需复核（个别早期试点代码）。"""
    code = ctx.app.applicant.credit_code
    facts: dict[str, object] = {"applicant.credit_code": code}
    if code is None:
        return Result(REVIEW, "missing", facts)
    info = credit_code_info(code)
    if not info.well_formed:
        return Result(FAIL, "malformed", facts, {"problems": "；".join(info.problems)})
    facts["check_ok"] = info.check_ok
    if not info.check_ok:
        return Result(REVIEW, "bad_check", facts, {"expected": info.expected_check, "given": code[-1]})
    return Result(PASS, "valid", facts, {"category": info.category or "未知"})


@check("district_corroboration")
def district_corroboration(ctx: Context, rule: Rule) -> Result:
    """申报的所在区为准，信用代码第3-8位（首次登记机关的行政区划）作佐证。"""
    a = ctx.app.applicant
    facts: dict[str, object] = {"applicant.district": a.district, "applicant.credit_code": a.credit_code}
    if a.credit_code is None or a.district is None:
        return Result(NA, "missing", facts)
    info = credit_code_info(a.credit_code)
    if not info.well_formed:
        return Result(NA, "malformed", facts)
    facts["division_code"] = info.division_code
    facts["code_district"] = info.district
    values = {"division": info.division_code, "declared": a.district, "code_district": info.district}
    kind, declared = declared_place(a.district)
    if kind in ("missing", "unclear"):
        return Result(NA, "unclear_place", facts, values)
    if kind == "outside":
        if info.in_tianjin:
            return Result(REVIEW, "declared_outside_code_tianjin", facts, values)
        return Result(PASS, "agree_outside", facts, values)
    if not info.in_tianjin:
        return Result(REVIEW, "code_outside", facts, values)
    if info.city_level:
        return Result(PASS, "city_level", facts, values)
    if kind == "city" or info.district == declared:
        return Result(PASS, "agree", facts, values)
    return Result(REVIEW, "disagree", facts, values)


_COMPATIBLE: dict[OrgType, set[str]] = {
    OrgType.enterprise: {"enterprise"},
    OrgType.public_institution: {"public_institution"},
    OrgType.industry_organization: {"social_organization", "public_institution"},
    OrgType.social_organization: {"social_organization"},
    OrgType.government_agency: {"government_agency"},
    OrgType.individual_business: {"individual_business"},
}


@check("org_type_corroboration")
def org_type_corroboration(ctx: Context, rule: Rule) -> Result:
    """申报的单位类型与信用代码第1-2位（登记管理部门与机构类别）核对。"""
    a = ctx.app.applicant
    facts: dict[str, object] = {"applicant.org_type": show(a.org_type), "applicant.credit_code": a.credit_code}
    if a.credit_code is None or a.org_type is None:
        return Result(NA, "missing", facts)
    info = credit_code_info(a.credit_code)
    if not info.well_formed:
        return Result(NA, "malformed", facts)
    facts["code_category"] = info.category
    values = {
        **named("declared", a.org_type),
        "category": info.category or "未知",
        "authority": info.authority or "未知",
    }
    compatible = _COMPATIBLE.get(a.org_type)
    if compatible is None or info.org_type is None or info.org_type == "other":
        return Result(PASS, "not_decisive", facts, values)
    if info.org_type in compatible:
        return Result(PASS, "agree", facts, values)
    return Result(REVIEW, "disagree", facts, values)
