"""Tests of gongguan_rules.identity.districts: Tianjin's districts and GB/T 2260 division codes.

Sources exercised: GB/T 2260 (行政区划代码), 国函〔2009〕125号 (塘沽区、汉沽区、大港区 dissolved
into 滨海新区) and the county-to-district conversions 2000-2016 (武清、宝坻、宁河、静海、蓟县),
as used by product.md "Identity and duplication" (the declared district decides; the credit
code's division corroborates, historical codes mapped).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongguan_rules.identity.districts import (
    CURRENT_DIVISION_CODES,
    HISTORICAL_DIVISION_CODES,
    TIANJIN_DISTRICTS,
    PlaceKind,
    classify_place,
    division_district,
    division_in_tianjin,
    division_is_city_level,
    is_outside_tianjin,
    is_tianjin_city_level,
    normalize_district,
)

EXPECTED_DISTRICTS = [
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
]

CURRENT_CODES = [
    ("120101", "和平区"),
    ("120102", "河东区"),
    ("120103", "河西区"),
    ("120104", "南开区"),
    ("120105", "河北区"),
    ("120106", "红桥区"),
    ("120110", "东丽区"),
    ("120111", "西青区"),
    ("120112", "津南区"),
    ("120113", "北辰区"),
    ("120114", "武清区"),
    ("120115", "宝坻区"),
    ("120116", "滨海新区"),
    ("120117", "宁河区"),
    ("120118", "静海区"),
    ("120119", "蓟州区"),
]

HISTORICAL_CODES = [
    ("120107", "滨海新区"),  # 塘沽区
    ("120108", "滨海新区"),  # 汉沽区
    ("120109", "滨海新区"),  # 大港区
    ("120221", "宁河区"),  # 宁河县
    ("120222", "武清区"),  # 武清县
    ("120223", "静海区"),  # 静海县
    ("120224", "宝坻区"),  # 宝坻县
    ("120225", "蓟州区"),  # 蓟县
]

CITY_LEVEL_CODES = ["120000", "120100", "120200"]

OUTSIDE_CODES = ["110105", "110000", "100000", "130105", "310115", "440300", "211200"]


# --- The district list ---------------------------------------------------------------------------


def test_sixteen_current_districts() -> None:
    """GB/T 2260: Tianjin has sixteen current districts, in code order."""
    assert list(TIANJIN_DISTRICTS) == EXPECTED_DISTRICTS
    assert len(set(TIANJIN_DISTRICTS)) == 16


def test_code_tables_cover_every_district() -> None:
    """GB/T 2260: every current district has exactly one current code."""
    assert sorted(CURRENT_DIVISION_CODES.values()) == sorted(TIANJIN_DISTRICTS)
    for _old_name, current in HISTORICAL_DIVISION_CODES.values():
        assert current in TIANJIN_DISTRICTS


# --- Division codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "district"), CURRENT_CODES)
def test_current_codes(code: str, district: str) -> None:
    """GB/T 2260 current codes 120101-120119 map to their districts."""
    assert division_district(code) == district
    assert division_in_tianjin(code) is True
    assert division_is_city_level(code) is False


@pytest.mark.parametrize(("code", "district"), HISTORICAL_CODES)
def test_historical_codes(code: str, district: str) -> None:
    """国函〔2009〕125号 (120107-120109 → 滨海新区) and 撤县设区 (120221-120225 → districts):
    historical codes map to the current district."""
    assert division_district(code) == district
    assert division_in_tianjin(code) is True
    assert division_is_city_level(code) is False


@pytest.mark.parametrize("code", CITY_LEVEL_CODES)
def test_city_level_codes(code: str) -> None:
    """GB/T 2260 120000 天津市, 120100 市辖区, 120200 县: in Tianjin, no district."""
    assert division_district(code) is None
    assert division_in_tianjin(code) is True
    assert division_is_city_level(code) is True


@pytest.mark.parametrize("code", OUTSIDE_CODES)
def test_outside_codes(code: str) -> None:
    """GB/T 2260: codes not starting with 12 are outside Tianjin (e.g. 110105 北京朝阳)."""
    assert division_district(code) is None
    assert division_in_tianjin(code) is False
    assert division_is_city_level(code) is False


def test_unknown_tianjin_code() -> None:
    """GB/T 2260: 120199 starts with 12 (Tianjin) but names no district."""
    assert division_in_tianjin("120199") is True
    assert division_district("120199") is None
    assert division_is_city_level("120199") is False


@pytest.mark.parametrize("code", ["", "12", "12010", "1201011", "12010A", "１２０１０１", " 120101"])
def test_malformed_division_codes(code: str) -> None:
    """GB/T 2260 codes are six ASCII digits; anything else is not in Tianjin and has no district."""
    assert division_in_tianjin(code) is False
    assert division_district(code) is None
    assert division_is_city_level(code) is False


# --- Declared places -----------------------------------------------------------------------------


@pytest.mark.parametrize("district", EXPECTED_DISTRICTS)
def test_full_names(district: str) -> None:
    """The declared district (applicant.district), full name: resolved to itself."""
    assert normalize_district(district) == district
    assert normalize_district("天津市" + district) == district
    assert normalize_district("天津" + district) == district
    assert is_outside_tianjin(district) is False
    assert is_tianjin_city_level(district) is False
    assert classify_place(district) is PlaceKind.DISTRICT


@pytest.mark.parametrize(
    ("name", "district"),
    [
        ("和平", "和平区"),
        ("河东", "河东区"),
        ("河西", "河西区"),
        ("南开", "南开区"),
        ("红桥", "红桥区"),
        ("东丽", "东丽区"),
        ("西青", "西青区"),
        ("津南", "津南区"),
        ("北辰", "北辰区"),
        ("武清", "武清区"),
        ("宝坻", "宝坻区"),
        ("滨海", "滨海新区"),
        ("宁河", "宁河区"),
        ("静海", "静海区"),
        ("蓟州", "蓟州区"),
        ("天津滨海", "滨海新区"),
        ("天津市和平", "和平区"),
    ],
)
def test_names_without_suffix(name: str, district: str) -> None:
    """The declared district without its suffix (区/新区), optionally prefixed by 天津(市)."""
    assert normalize_district(name) == district
    assert is_outside_tianjin(name) is False


@pytest.mark.parametrize(
    ("name", "district"),
    [
        ("塘沽区", "滨海新区"),
        ("汉沽区", "滨海新区"),
        ("大港区", "滨海新区"),
        ("塘沽", "滨海新区"),
        ("汉沽", "滨海新区"),
        ("大港", "滨海新区"),
        ("天津市塘沽区", "滨海新区"),
        ("蓟县", "蓟州区"),
        ("天津市蓟县", "蓟州区"),
        ("宁河县", "宁河区"),
        ("武清县", "武清区"),
        ("静海县", "静海区"),
        ("宝坻县", "宝坻区"),
    ],
)
def test_historical_names(name: str, district: str) -> None:
    """国函〔2009〕125号 (塘沽、汉沽、大港 → 滨海新区) and 撤县设区 (…县 → …区, 蓟县 → 蓟州区)."""
    assert normalize_district(name) == district
    assert is_outside_tianjin(name) is False


@pytest.mark.parametrize("name", [" 滨海新区 ", "\u3000滨海新区", "天津市 滨海新区", "滨 海", "天津市\t滨海新区\n"])
def test_whitespace_tolerated(name: str) -> None:
    """Declared places are trimmed; inner and full-width spaces are ignored."""
    assert normalize_district(name) == "滨海新区"


def test_hebei_alone_is_ambiguous() -> None:
    """The bare name 河北 means 河北省 as well as 河北区: unresolved alone, resolved with a
    suffix (河北区) or a prefix (天津河北)."""
    assert normalize_district("河北") is None
    assert is_outside_tianjin("河北") is False
    assert classify_place("河北") is PlaceKind.AMBIGUOUS
    assert normalize_district("河北区") == "河北区"
    assert normalize_district("天津河北") == "河北区"
    assert normalize_district("天津市河北") == "河北区"
    assert normalize_district("河北省") is None
    assert is_outside_tianjin("河北省") is True


@pytest.mark.parametrize("name", ["天津市", "天津", "本市", " 天津市 "])
def test_city_level_names(name: str) -> None:
    """The city level (天津市 / 天津 / 本市): in Tianjin, district unknown."""
    assert is_tianjin_city_level(name) is True
    assert normalize_district(name) is None
    assert is_outside_tianjin(name) is False
    assert classify_place(name) is PlaceKind.CITY_LEVEL


@pytest.mark.parametrize("name", ["外省市", "外省", "外埠", "北京市", "北京", "上海市浦东新区", "河北省廊坊市", "深圳"])
def test_outside_names(name: str) -> None:
    """product.md: "外省市" (or any non-Tianjin place) means outside Tianjin."""
    assert is_outside_tianjin(name) is True
    assert normalize_district(name) is None
    assert is_tianjin_city_level(name) is False
    assert classify_place(name) is PlaceKind.OUTSIDE


@pytest.mark.parametrize("name", ["天津经济技术开发区", "天津港保税区", "中新天津生态城", "滨海高新区", "天津市某街道"])
def test_tianjin_places_that_are_not_districts(name: str) -> None:
    """Functional zones and other "天津…" places are in Tianjin, not mapped to one district."""
    assert normalize_district(name) is None
    assert is_outside_tianjin(name) is False
    assert is_tianjin_city_level(name) is False
    assert classify_place(name) is PlaceKind.TIANJIN_OTHER


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_empty_place(name: str) -> None:
    """Nothing declared is unknown: neither a district nor outside Tianjin."""
    assert normalize_district(name) is None
    assert is_outside_tianjin(name) is False
    assert is_tianjin_city_level(name) is False
    assert classify_place(name) is PlaceKind.UNKNOWN


def test_names_and_codes_agree() -> None:
    """GB/T 2260: the name of every current and historical code resolves to the same district
    as the code (the declared district and the credit code can be compared)."""
    for code, name in CURRENT_DIVISION_CODES.items():
        assert normalize_district(name) == division_district(code)
    for code, (old_name, _current) in HISTORICAL_DIVISION_CODES.items():
        assert normalize_district(old_name) == division_district(code)


# --- Properties (hypothesis) -------------------------------------------------------------------


@given(
    st.sampled_from(EXPECTED_DISTRICTS),
    st.sampled_from(["", "天津", "天津市"]),
    st.booleans(),
    st.sampled_from(["", " ", "\u3000", "\t"]),
)
def test_spellings_resolve(district: str, prefix: str, bare: bool, pad: str) -> None:
    """Every accepted spelling (prefix × suffix × padding) resolves to the district; the bare
    "河北" without a prefix is the one exception."""
    name = district.removesuffix("新区").removesuffix("区") if bare else district
    declared = pad + prefix + name + pad
    if name == "河北" and not prefix:
        assert normalize_district(declared) is None
    else:
        assert normalize_district(declared) == district


@given(st.text())
def test_place_functions_total_and_consistent(name: str) -> None:
    """For any text: no exception, a district from the list or None, and the kinds exclusive."""
    district = normalize_district(name)
    assert district is None or district in TIANJIN_DISTRICTS
    outside = is_outside_tianjin(name)
    city = is_tianjin_city_level(name)
    assert not (district is not None and (outside or city))
    assert not (outside and city)
    kind = classify_place(name)
    assert (kind is PlaceKind.DISTRICT) == (district is not None)
    assert (kind is PlaceKind.OUTSIDE) == outside
    assert (kind is PlaceKind.CITY_LEVEL) == city


@given(st.text(st.sampled_from("0123456789"), min_size=6, max_size=6))
def test_division_functions_consistent(code: str) -> None:
    """GB/T 2260: a district implies Tianjin; city level implies Tianjin and no district."""
    district = division_district(code)
    assert district is None or district in TIANJIN_DISTRICTS
    if district is not None:
        assert division_in_tianjin(code)
        assert not division_is_city_level(code)
    if division_is_city_level(code):
        assert division_in_tianjin(code)
        assert district is None
    assert division_in_tianjin(code) == code.startswith("12")
