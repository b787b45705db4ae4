"""Tianjin's districts (天津市市辖区) and their administrative division codes (行政区划代码).

Two kinds of input are resolved here:

* a declared place (the application's ``applicant.district``), e.g. "滨海新区", "滨海",
  "天津市滨海新区", "塘沽区", "蓟县", "外省市";
* a six-digit division code (行政区划代码, GB/T 2260), e.g. positions 3-8 of a
  统一社会信用代码 (GB 32100-2015).

Both resolve to one of the sixteen *current* districts. Historical names and codes map to the
district that took them over, because a credit code keeps the division of the authority that
first registered the unit and does not change when divisions are merged or renamed.

Sources of the data below:

* GB/T 2260《中华人民共和国行政区划代码》 and the Ministry of Civil Affairs' yearly code lists
  (县级以上行政区划代码): 1201xx are Tianjin's 市辖区, 1202xx its former 县.
* 国函〔2009〕125号《国务院关于同意天津市调整部分行政区划的批复》(2009-10-21): 塘沽区 (120107),
  汉沽区 (120108) and 大港区 (120109) were dissolved and their territory became 滨海新区 (120116).
* County-to-district conversions (撤县设区) approved by the State Council: 武清县 (120222) →
  武清区 (120114) in 2000, 宝坻县 (120224) → 宝坻区 (120115) in 2001, 宁河县 (120221) →
  宁河区 (120117) and 静海县 (120223) → 静海区 (120118) in 2015, 蓟县 (120225) → 蓟州区
  (120119) in 2016.
* City-level codes: 120000 (天津市), 120100 (市辖区) and 120200 (县, the former county level)
  say "in Tianjin" but not which district.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "CITY_LEVEL_DIVISION_CODES",
    "CURRENT_DIVISION_CODES",
    "HISTORICAL_DISTRICT_NAMES",
    "HISTORICAL_DIVISION_CODES",
    "TIANJIN_DISTRICTS",
    "PlaceKind",
    "classify_place",
    "division_district",
    "division_in_tianjin",
    "division_is_city_level",
    "is_outside_tianjin",
    "is_tianjin_city_level",
    "normalize_district",
]

#: The sixteen current districts of Tianjin (天津市现辖16个区), in GB/T 2260 code order.
TIANJIN_DISTRICTS: Final[tuple[str, ...]] = (
    "和平区",
    "河东区",
    "河西区",
    "南开区",
    "河北区",
    "红桥区",
    "东丽区",
    "西青区",
    "津南区",
    "北辰区",
    "武清区",
    "宝坻区",
    "滨海新区",
    "宁河区",
    "静海区",
    "蓟州区",
)

#: Current division codes (现行行政区划代码, GB/T 2260) → district.
CURRENT_DIVISION_CODES: Final[MappingProxyType[str, str]] = MappingProxyType(
    {
        "120101": "和平区",
        "120102": "河东区",
        "120103": "河西区",
        "120104": "南开区",
        "120105": "河北区",
        "120106": "红桥区",
        "120110": "东丽区",
        "120111": "西青区",
        "120112": "津南区",
        "120113": "北辰区",
        "120114": "武清区",
        "120115": "宝坻区",
        "120116": "滨海新区",
        "120117": "宁河区",
        "120118": "静海区",
        "120119": "蓟州区",
    }
)

#: Historical division codes (已撤销的行政区划代码) → (historical name, current district).
#: 120107-120109: dissolved into 滨海新区 by 国函〔2009〕125号; 120221-120225: the former
#: counties, converted to districts (撤县设区) in 2000-2016.
HISTORICAL_DIVISION_CODES: Final[MappingProxyType[str, tuple[str, str]]] = MappingProxyType(
    {
        "120107": ("塘沽区", "滨海新区"),
        "120108": ("汉沽区", "滨海新区"),
        "120109": ("大港区", "滨海新区"),
        "120221": ("宁河县", "宁河区"),
        "120222": ("武清县", "武清区"),
        "120223": ("静海县", "静海区"),
        "120224": ("宝坻县", "宝坻区"),
        "120225": ("蓟县", "蓟州区"),
    }
)

#: City-level codes (市级代码): in Tianjin, district unknown. 120000 天津市, 120100 市辖区,
#: 120200 县 (the former county level).
CITY_LEVEL_DIVISION_CODES: Final[frozenset[str]] = frozenset({"120000", "120100", "120200"})

#: Historical place names (历史地名) → current district (same sources as above).
HISTORICAL_DISTRICT_NAMES: Final[MappingProxyType[str, str]] = MappingProxyType(
    {name: current for name, current in HISTORICAL_DIVISION_CODES.values()}
)

# Names that mean "Tianjin, district unknown" (天津市 / 本市).
_CITY_LEVEL_NAMES: Final[frozenset[str]] = frozenset({"天津", "天津市", "本市"})

# Declarations that the unit is outside Tianjin (外省市 and its usual variants).
_OUTSIDE_MARKERS: Final[frozenset[str]] = frozenset(
    {"外省市", "外省", "外市", "外埠", "外地", "市外", "天津市外", "天津以外", "非天津"}
)

# Bare names that are also names of places outside Tianjin and are therefore not resolved
# without a suffix or a "天津" prefix: "河北" is 河北省 as often as 河北区.
_AMBIGUOUS_BARE_NAMES: Final[frozenset[str]] = frozenset({"河北"})

# Tianjin's functional zones (功能区/开发区) that applicants sometimes give instead of a district.
# They are in Tianjin, but a zone does not always coincide with one district (e.g. parts of
# 天津经济技术开发区 lie in 武清区 and 西青区), so they are not mapped to a district.
_TIANJIN_ZONE_NAMES: Final[frozenset[str]] = frozenset(
    {
        "天津经济技术开发区",
        "经济技术开发区",
        "泰达",
        "天津港保税区",
        "保税区",
        "天津滨海高新技术产业开发区",
        "滨海高新技术产业开发区",
        "滨海高新区",
        "中新天津生态城",
        "生态城",
        "东疆保税港区",
        "东疆综合保税区",
        "东疆",
    }
)

_CITY_PREFIXES: Final[tuple[str, ...]] = ("天津市", "天津")


def _build_name_index() -> dict[str, str]:
    """Map every accepted spelling of a Tianjin district to its current name."""
    index: dict[str, str] = {}
    for district in TIANJIN_DISTRICTS:
        index[district] = district
        bare = district.removesuffix("新区").removesuffix("区")
        index[bare] = district
    for old_name, current in HISTORICAL_DISTRICT_NAMES.items():
        index[old_name] = current
        bare = old_name.removesuffix("区").removesuffix("县")
        if bare != "蓟":  # "蓟" alone is too short to be a reliable declaration.
            index[bare] = current
    for name in _AMBIGUOUS_BARE_NAMES:
        index.pop(name, None)
    return index


_NAME_INDEX: Final[dict[str, str]] = _build_name_index()


def _clean(name: str) -> str:
    """NFKC-normalise and drop all whitespace (全角/半角 spaces included)."""
    normalised = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in normalised if not ch.isspace())


def _strip_city_prefix(cleaned: str) -> str:
    """Remove a leading "天津市" / "天津" (天津市前缀) if something follows it."""
    for prefix in _CITY_PREFIXES:
        if cleaned.startswith(prefix) and len(cleaned) > len(prefix):
            return cleaned[len(prefix) :]
    return cleaned


def normalize_district(name: str) -> str | None:
    """Return the current Tianjin district (现辖区) a declared place names, or None.

    Accepted: the full name ("滨海新区"), the name without its suffix ("滨海", "和平", "蓟州"),
    historical names with or without suffix ("塘沽区", "塘沽", "汉沽", "大港" → "滨海新区";
    "蓟县" → "蓟州区"; "宁河县", "武清县", "静海县", "宝坻县" → their districts), each
    optionally prefixed by "天津市" or "天津" ("天津市滨海新区"). Whitespace anywhere and
    full-width forms are tolerated (NFKC).

    "河北" alone is not resolved (it names 河北省 as well as 河北区); "河北区" and "天津河北" are.
    Returns None for anything that is not a Tianjin district, including "天津市" alone.
    """
    cleaned = _clean(name)
    if not cleaned:
        return None
    direct = _NAME_INDEX.get(cleaned)
    if direct is not None:
        return direct
    stripped = _strip_city_prefix(cleaned)
    if stripped == cleaned:
        return None
    if stripped in _AMBIGUOUS_BARE_NAMES:
        # "天津河北" / "天津市河北": the prefix removes the ambiguity.
        return stripped + "区"
    return _NAME_INDEX.get(stripped)


def is_tianjin_city_level(name: str) -> bool:
    """True when the place is Tianjin as a whole (市级: "天津市", "天津", "本市").

    Such a place is in Tianjin, but its district is unknown.
    """
    return _clean(name) in _CITY_LEVEL_NAMES


class PlaceKind(StrEnum):
    """How a declared place (申报单位所在地) relates to Tianjin."""

    DISTRICT = "district"
    """A Tianjin district, resolved by :func:`normalize_district`."""
    CITY_LEVEL = "city_level"
    """Tianjin as a whole (天津市 / 本市): in Tianjin, district unknown."""
    TIANJIN_OTHER = "tianjin_other"
    """A place in Tianjin that is not a district name (a functional zone, "天津市…")."""
    AMBIGUOUS = "ambiguous"
    """A name that may or may not be in Tianjin ("河北": 河北区 or 河北省)."""
    OUTSIDE = "outside"
    """Outside Tianjin (外省市, or a place that is clearly not in Tianjin)."""
    UNKNOWN = "unknown"
    """Nothing declared (empty or whitespace only)."""


def classify_place(name: str) -> PlaceKind:
    """Classify a declared place (所在地) relative to Tianjin; see :class:`PlaceKind`."""
    cleaned = _clean(name)
    if not cleaned:
        return PlaceKind.UNKNOWN
    if cleaned in _OUTSIDE_MARKERS:
        return PlaceKind.OUTSIDE
    if normalize_district(cleaned) is not None:
        return PlaceKind.DISTRICT
    if cleaned in _CITY_LEVEL_NAMES:
        return PlaceKind.CITY_LEVEL
    if cleaned in _AMBIGUOUS_BARE_NAMES:
        return PlaceKind.AMBIGUOUS
    if cleaned.startswith(_CITY_PREFIXES) or cleaned in _TIANJIN_ZONE_NAMES:
        return PlaceKind.TIANJIN_OTHER
    return PlaceKind.OUTSIDE


# 省级行政区（天津除外）/ China's provincial-level divisions other than Tianjin (GB/T 2260), by
# their short names: a declared place that names one is clearly outside Tianjin.
_PROVINCES: Final[tuple[str, ...]] = (
    "北京",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "台湾",
    "香港",
    "澳门",
)
_OUTSIDE_SUFFIXES: Final[tuple[str, ...]] = ("省", "自治区", "特别行政区", "国", "境外")


def is_clearly_outside_tianjin(name: str) -> bool:
    """True only when the declared place says it is outside Tianjin: 外省市 and the like, a
    province or a provincial-level city other than Tianjin (北京市, 河北省), or a foreign place.

    明确声明在天津市外。无法识别的地名（如错字“宝抵区”）不在此列，由调用方作“需复核”处理。
    """
    if classify_place(name) is not PlaceKind.OUTSIDE:
        return False
    cleaned = _clean(name)
    if cleaned in _OUTSIDE_MARKERS:
        return True
    if cleaned.endswith(_OUTSIDE_SUFFIXES):
        return True
    return any(cleaned.startswith(p) for p in _PROVINCES)


def is_outside_tianjin(name: str) -> bool:
    """True when the declared place is outside Tianjin (外省市 or clearly not in Tianjin).

    False for Tianjin districts (any spelling :func:`normalize_district` accepts), for
    "天津市" / "天津" / "本市", for other places named "天津…" or Tianjin's functional zones
    (e.g. "天津经济技术开发区"), for the ambiguous bare "河北", and for an empty name (nothing
    declared is not a declaration of being outside).
    """
    return classify_place(name) is PlaceKind.OUTSIDE


def _is_division_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def division_in_tianjin(division_code: str) -> bool:
    """True when a six-digit division code (行政区划代码) is in Tianjin (its codes start "12")."""
    return _is_division_code(division_code) and division_code.startswith("12")


def division_is_city_level(division_code: str) -> bool:
    """True for Tianjin's city-level codes (市级代码) 120000, 120100 and 120200."""
    return division_code in CITY_LEVEL_DIVISION_CODES


def division_district(division_code: str) -> str | None:
    """Return the current Tianjin district for a six-digit division code (行政区划代码).

    Historical codes are mapped to the district that took them over (120107 塘沽区 →
    "滨海新区", 120224 宝坻县 → "宝坻区"). Returns None for city-level codes, for codes
    outside Tianjin, for unknown Tianjin codes and for anything that is not six digits.
    """
    current = CURRENT_DIVISION_CODES.get(division_code)
    if current is not None:
        return current
    historical = HISTORICAL_DIVISION_CODES.get(division_code)
    if historical is not None:
        return historical[1]
    return None
