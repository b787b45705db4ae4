"""The values the strategies write: district spellings, places outside Tianjin, credit codes with
their check characters, unit, project, sector and recommender names.

策略使用的取值：区名的各种写法、外省市地名、带校验码的统一社会信用代码，以及单位、项目、行业与
推荐单位的名称。
"""

from __future__ import annotations

from ...identity.credit_code import (
    CATEGORIES,
    CATEGORY_ORG_TYPES,
    check_character,
    credit_code_info,
    org_check_character,
)
from ...identity.districts import (
    CITY_LEVEL_DIVISION_CODES,
    CURRENT_DIVISION_CODES,
    HISTORICAL_DISTRICT_NAMES,
    HISTORICAL_DIVISION_CODES,
    PlaceKind,
    classify_place,
    normalize_district,
)
from ...judging.checks.applicant import _COMPATIBLE as ORG_TYPE_CATEGORY_TYPES
from ...law.vocab import OrgType, RecommenderKind
from .known import TIANJIN


def district_spellings(district: str) -> list[str]:
    """Spellings of a Tianjin district that normalise to it (全称、简称、旧称，可带“天津市”前缀).

    For ``天津市`` itself: the city-level names (天津市, 天津, 本市).
    """
    if district == TIANJIN:
        return [n for n in ("天津市", "天津", "本市") if classify_place(n) is PlaceKind.CITY_LEVEL]
    bare = district.removesuffix("新区").removesuffix("区")
    candidates = [district, bare, "天津市" + district, "天津" + district]
    for old, current in HISTORICAL_DISTRICT_NAMES.items():
        if current == district:
            candidates += [old, old.removesuffix("区").removesuffix("县")]
    out: list[str] = []
    for c in candidates:
        if c not in out and normalize_district(c) == district and classify_place(c) is PlaceKind.DISTRICT:
            out.append(c)
    return out


#: Places outside Tianjin, as applicants declare them, and a division code of each.
OUTSIDE_PLACES: tuple[tuple[str, str], ...] = (
    ("外省市", "110108"),
    ("北京市海淀区", "110108"),
    ("河北省廊坊市", "131000"),
    ("上海市浦东新区", "310115"),
)


def divisions_of(place: str) -> list[str]:
    """Division codes a credit code of a unit in ``place`` (a district or 天津市) may carry."""
    if place == TIANJIN:
        codes = list(CURRENT_DIVISION_CODES) + list(HISTORICAL_DIVISION_CODES)
    else:
        codes = [c for c, d in CURRENT_DIVISION_CODES.items() if d == place]
        codes += [c for c, (_, d) in HISTORICAL_DIVISION_CODES.items() if d == place]
    return codes + sorted(CITY_LEVEL_DIVISION_CODES)


def categories_of(org_type: OrgType) -> list[str]:
    """Category codes (positions 1-2) that agree with a declared type (GB 32100 表1)."""
    compatible = ORG_TYPE_CATEGORY_TYPES.get(org_type)
    if compatible is None:
        return [c for c in CATEGORIES if CATEGORY_ORG_TYPES.get(c, "other") == "other"]
    return [c for c in CATEGORIES if CATEGORY_ORG_TYPES.get(c, "other") in compatible]


def credit_code_for(category: str, division: str, body: str) -> str:
    """A well-formed 统一社会信用代码 with its check characters computed (GB 32100, GB 11714).

    ``category``: positions 1-2 (91 企业, 12 事业单位, ...); ``division``: positions 3-8;
    ``body``: the first eight characters of the organisation code (from the GB 32100 alphabet).
    """
    first17 = category + division + body + org_check_character(body)
    return first17 + check_character(first17)


def reissue(code: str, category: str | None = None, division: str | None = None) -> str | None:
    info = credit_code_info(code)
    if not info.well_formed:
        return None
    text = info.code
    return credit_code_for(category or text[:2], division or text[2:8], text[8:16])


UNIT_NAMES = ("天津{}精工制造有限公司", "天津{}焊材科技有限公司", "天津市{}质量检测研究院", "天津{}新能源股份有限公司")
PROJECT_NAMES = (
    "降低药芯焊丝焊接飞溅率",
    "提高电动自行车控制器一次交验合格率",
    "降低光伏组件隐裂不良率",
    "提升羽绒制品蓬松度稳定性",
    "缩短协作机器人装配调试周期",
    "降低车用燃料硫含量波动",
)
OTHER_SECTORS = ("服装", "食品加工", "印刷包装")
RECOMMENDER_NAMES: dict[RecommenderKind, str] = {
    RecommenderKind.city_industry_authority: "天津市工业和信息化局",
    RecommenderKind.industry_association: "天津市焊接协会",
    RecommenderKind.district_market_regulator: "天津市{}市场监督管理局",
    RecommenderKind.zone_market_regulator: "天津经济技术开发区市场监督管理局",
    RecommenderKind.market_regulation_office: "{}新港市场监督管理所",
    RecommenderKind.quality_group_member: "天津市科学技术局",
    RecommenderKind.industrial_group: "天津渤海化工集团有限责任公司",
    RecommenderKind.enterprise: "天津某龙头企业有限公司",
}
