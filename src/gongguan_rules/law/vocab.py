"""The closed vocabularies of the contract, with their Chinese names.

受控词表：合同（product.md）中的枚举值及其中文名称。输入时英文值与中文名均可接受，
匹配前去除首尾空白并忽略大小写。
"""

from __future__ import annotations

from enum import StrEnum


class OrgType(StrEnum):
    """申报单位类型 / the applicant's kind of organisation (第八条（一）)."""

    enterprise = "enterprise"
    public_institution = "public_institution"
    industry_organization = "industry_organization"
    social_organization = "social_organization"
    government_agency = "government_agency"
    individual_business = "individual_business"
    other = "other"


class RecommenderKind(StrEnum):
    """推荐单位类型 / the kind of recommending body."""

    city_industry_authority = "city_industry_authority"
    industry_association = "industry_association"
    district_market_regulator = "district_market_regulator"
    zone_market_regulator = "zone_market_regulator"
    market_regulation_office = "market_regulation_office"
    quality_group_member = "quality_group_member"
    industrial_group = "industrial_group"
    enterprise = "enterprise"


class Benefit(StrEnum):
    """预期成效类别 / expected-benefit categories (第八条（二）)."""

    quality_efficiency = "quality_efficiency"
    energy_saving = "energy_saving"
    service_optimization = "service_optimization"
    independent_innovation = "independent_innovation"


class Direction(StrEnum):
    """2026 申报方向 / the 2026 plan's directions (三)."""

    common_technology = "common_technology"
    precision_improvement = "precision_improvement"


class TopicType(StrEnum):
    """2021 课题类型 / the 2021 topic types (附表)."""

    problem_solving = "problem_solving"
    innovation = "innovation"


class Material(StrEnum):
    """申报材料 / application materials (第十条)."""

    application_form = "application_form"
    feasibility_analysis = "feasibility_analysis"
    expected_results = "expected_results"


class EventKind(StrEnum):
    """事件类型 / lifecycle event kinds."""

    application_submitted = "application_submitted"
    recommended = "recommended"
    approved = "approved"
    results_submitted = "results_submitted"
    results_recommended = "results_recommended"
    evaluated = "evaluated"
    excellent_recognized = "excellent_recognized"
    recognition_revoked = "recognition_revoked"
    fee_charged = "fee_charged"


class RevocationReason(StrEnum):
    """撤销认定的理由 / grounds of revocation (第二十五条)."""

    false_materials = "false_materials"
    improper_means = "improper_means"


class Status(StrEnum):
    """一条规则的结论 / the status of one finding."""

    passed = "pass"
    fail = "fail"
    review = "review"
    not_applicable = "not_applicable"
    info = "info"


class Outcome(StrEnum):
    """整体结论 / the outcome of a decision."""

    eligible = "eligible"
    ineligible = "ineligible"
    needs_review = "needs_review"
    accepted = "accepted"
    rejected = "rejected"


CHINESE_NAMES: dict[type[StrEnum], dict[str, str]] = {
    OrgType: {
        "enterprise": "企业",
        "public_institution": "事业单位",
        "industry_organization": "行业质量管理专业组织",
        "social_organization": "社会组织",
        "government_agency": "机关",
        "individual_business": "个体工商户",
        "other": "其他",
    },
    RecommenderKind: {
        "city_industry_authority": "市级行业主管部门",
        "industry_association": "行业协会",
        "district_market_regulator": "区市场监管局",
        "zone_market_regulator": "开发区/功能区市场监管局",
        "market_regulation_office": "市场监管所",
        "quality_group_member": "质量工作领导小组成员单位",
        "industrial_group": "工业集团/集团公司",
        "enterprise": "有关企业",
    },
    Benefit: {
        "quality_efficiency": "提质增效",
        "energy_saving": "节能降耗",
        "service_optimization": "优化服务",
        "independent_innovation": "自主创新",
    },
    Direction: {
        "common_technology": "质量共性技术攻关",
        "precision_improvement": "质量精准提升攻关",
    },
    TopicType: {"problem_solving": "问题解决型", "innovation": "创新型"},
    Material: {
        "application_form": "申报书",
        "feasibility_analysis": "可行性分析",
        "expected_results": "预期成效",
    },
    EventKind: {
        "application_submitted": "申报",
        "recommended": "推荐",
        "approved": "立项",
        "results_submitted": "提交成果",
        "results_recommended": "推荐成果",
        "evaluated": "评定",
        "excellent_recognized": "认定优秀成果",
        "recognition_revoked": "撤销认定",
        "fee_charged": "收取费用",
    },
    RevocationReason: {"false_materials": "提供虚假材料", "improper_means": "不正当手段"},
}

# Further Chinese spellings met in the texts and in practice. 其他常见写法。
EXTRA_ALIASES: dict[type[StrEnum], dict[str, str]] = {
    OrgType: {
        "企事业单位": "enterprise",
        "公司": "enterprise",
        "专业组织": "industry_organization",
        "行业组织": "industry_organization",
        "行业协会": "social_organization",
        "社会团体": "social_organization",
        "民办非企业单位": "social_organization",
        "基金会": "social_organization",
        "政府机关": "government_agency",
        "机关单位": "government_agency",
    },
    RecommenderKind: {
        "区市场监督管理部门": "district_market_regulator",
        "区市场监督管理局": "district_market_regulator",
        "有关行业协会": "industry_association",
        "市级行业主管部门": "city_industry_authority",
        "开发区市场监管局": "zone_market_regulator",
        "功能区市场监管局": "zone_market_regulator",
        "工业集团": "industrial_group",
        "集团公司": "industrial_group",
        "质量工作领导小组成员单位": "quality_group_member",
        "企业": "enterprise",
    },
    Benefit: {"节约能源降低消耗": "energy_saving"},
    Material: {"申报表": "application_form", "可行性分析报告": "feasibility_analysis"},
    EventKind: {
        "申报项目": "application_submitted",
        "提交申报": "application_submitted",
        "立项审核通过": "approved",
        "成果提交": "results_submitted",
        "成果推荐": "results_recommended",
        "成果评定": "evaluated",
        "优秀成果": "excellent_recognized",
        "撤销": "recognition_revoked",
        "收费": "fee_charged",
    },
    RevocationReason: {"采取不正当手段": "improper_means", "虚假材料": "false_materials"},
}


def _build_lookup(enum: type[StrEnum]) -> dict[str, str]:
    table: dict[str, str] = {}
    for member in enum:
        table[member.value.lower()] = member.value
    for value, zh in CHINESE_NAMES.get(enum, {}).items():
        table[zh] = value
    for alias, value in EXTRA_ALIASES.get(enum, {}).items():
        table.setdefault(alias, value)
    return table


_LOOKUPS: dict[type[StrEnum], dict[str, str]] = {e: _build_lookup(e) for e in CHINESE_NAMES}
_LOOKUPS[Status] = _build_lookup(Status)
_LOOKUPS[Outcome] = _build_lookup(Outcome)


def parse_enum(enum: type[StrEnum], raw: str) -> str | None:
    """Map an input spelling (English value or Chinese name) to the enum value, or None.

    将输入（英文值或中文名）映射为枚举值；无法识别时返回 None。
    """
    key = raw.strip()
    table = _LOOKUPS[enum]
    return table.get(key.lower()) or table.get(key)


def accepted_spellings(enum: type[StrEnum]) -> list[str]:
    """Every spelling accepted for an enum, for error messages. 可接受的全部写法。"""
    return sorted(_LOOKUPS[enum])


def zh_name(enum: type[StrEnum], value: str) -> str:
    """The Chinese name of an enum value (the value itself when none). 枚举值的中文名。"""
    return CHINESE_NAMES.get(enum, {}).get(value, value)
