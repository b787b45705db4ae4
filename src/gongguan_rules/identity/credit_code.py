"""统一社会信用代码 (unified social credit code) per GB 32100-2015, decoded and checked.

Layout of the 18 characters (GB 32100-2015, 4 代码结构):

====  ==========================================================================
1     登记管理部门码 (registration authority), e.g. 9 工商, 1 机构编制, 5 民政
2     机构类别码 (organisation category within that authority), e.g. 91 企业
3-8   登记管理机关行政区划码 (GB/T 2260 division of the registering authority)
9-17  主体标识码 (organisation code, GB 11714), its 17th character a GB 11714 check
18    校验码 (check character, ISO 7064 MOD 31-3 over positions 1-17)
====  ==========================================================================

The code alphabet (代码字符集) is the digits and the capital letters except I, O, S, V and Z:
``0123456789ABCDEFGHJKLMNPQRTUWXY`` (31 characters, valued 0-30 in that order).

:func:`credit_code_info` only reports. It never decides eligibility: some genuine codes issued
in early pilot areas fail the check character (e.g. ``91350100M0001TGQXM``), and the project's
rule is that a bad check character is ``review`` while a malformed code fails the field.
"""

from __future__ import annotations

import functools
import unicodedata
from types import MappingProxyType
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from .districts import (
    division_district,
    division_in_tianjin,
    division_is_city_level,
)

__all__ = [
    "ALPHABET",
    "AUTHORITIES",
    "CATEGORIES",
    "CATEGORY_ORG_TYPES",
    "CHECK_WEIGHTS",
    "ORG_CHECK_WEIGHTS",
    "CreditCodeInfo",
    "OrgType",
    "check_character",
    "credit_code_info",
    "org_check_character",
]

#: The GB 32100 code alphabet (代码字符集): no I, O, S, V, Z. A character's value is its index.
ALPHABET: Final[str] = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE: Final[MappingProxyType[str, int]] = MappingProxyType({ch: i for i, ch in enumerate(ALPHABET)})

#: ISO 7064 MOD 31-3 weights for positions 1-17 (GB 32100-2015 校验码): 3**(i-1) mod 31.
CHECK_WEIGHTS: Final[tuple[int, ...]] = (
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
)  # fmt: skip

#: GB 11714 weights for the eight body characters of the organisation code (组织机构代码).
ORG_CHECK_WEIGHTS: Final[tuple[int, ...]] = (3, 7, 9, 10, 5, 8, 4, 2)

_LENGTH: Final = 18

#: 登记管理部门码 (position 1), GB 32100-2015 表1 with its amendments (A, N added later).
AUTHORITIES: Final[MappingProxyType[str, str]] = MappingProxyType(
    {
        "1": "机构编制",
        "2": "外交",
        "3": "司法行政",
        "4": "文化",
        "5": "民政",
        "6": "旅游",
        "7": "宗教",
        "8": "工会",
        "9": "工商",
        "A": "中央军委改革和编制办公室",
        "N": "农业",
        "Y": "其他",
    }
)

#: 机构类别码 (positions 1-2), GB 32100-2015 表1 with its amendments.
CATEGORIES: Final[MappingProxyType[str, str]] = MappingProxyType(
    {
        "11": "机关",
        "12": "事业单位",
        "13": "中央编办直接管理机构编制的群众团体",
        "19": "其他",
        "21": "外国常驻新闻机构",
        "29": "其他",
        "31": "律师执业机构",
        "32": "公证处",
        "33": "基层法律服务所",
        "34": "司法鉴定机构",
        "35": "仲裁委员会",
        "39": "其他",
        "41": "外国在华文化中心",
        "49": "其他",
        "51": "社会团体",
        "52": "民办非企业单位",
        "53": "基金会",
        "59": "其他",
        "61": "外国旅游部门常驻代表机构",
        "62": "港澳台地区旅游部门常驻内地（大陆）代表机构",
        "69": "其他",
        "71": "宗教活动场所",
        "72": "宗教院校",
        "79": "其他",
        "81": "基层工会",
        "89": "其他",
        "91": "企业",
        "92": "个体工商户",
        "93": "农民专业合作社",
        "A1": "军队事业单位",
        "A9": "其他",
        "N1": "组级集体经济组织",
        "N2": "村级集体经济组织",
        "N3": "乡镇级集体经济组织",
        "N9": "其他",
        "Y1": "其他",
    }
)

#: The application contract's ``applicant.org_type`` values.
OrgType = Literal[
    "enterprise",
    "public_institution",
    "industry_organization",
    "social_organization",
    "government_agency",
    "individual_business",
    "other",
]

#: The org_type a category suggests; a known category not listed here suggests "other".
#: (93 农民专业合作社 is registered like an enterprise; 52 民办非企业单位 and 53 基金会 are
#: social organisations like 51 社会团体.)
CATEGORY_ORG_TYPES: Final[MappingProxyType[str, OrgType]] = MappingProxyType(
    {
        "11": "government_agency",
        "12": "public_institution",
        "51": "social_organization",
        "52": "social_organization",
        "53": "social_organization",
        "91": "enterprise",
        "92": "individual_business",
        "93": "enterprise",
    }
)

_MAX_LISTED_CHARACTERS: Final = 10


class CreditCodeInfo(BaseModel):
    """What a 统一社会信用代码 says about itself (GB 32100-2015). Reports; never judges.

    Every derived field is None when the code is not well formed.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    """The input, NFKC-normalised, trimmed and upper-cased (lone surrogates become U+FFFD)."""
    well_formed: bool
    """18 characters of the GB 32100 alphabet with positions 3-8 digits (代码结构)."""
    check_ok: bool | None = None
    """The 18th character matches ISO 7064 MOD 31-3 (校验码正确)."""
    expected_check: str | None = None
    """The check character positions 1-17 call for."""
    org_code: str | None = None
    """Positions 9-17: the organisation code (主体标识码 / 组织机构代码, GB 11714)."""
    org_code_ok: bool | None = None
    """Positions 9-17 pass the GB 11714 check (position 17 is their check character)."""
    expected_org_check: str | None = None
    """The GB 11714 check character positions 9-16 call for."""
    authority_code: str | None = None
    """Position 1: 登记管理部门码."""
    authority: str | None = None
    """Position 1 decoded, e.g. "工商"; None when not in the GB 32100 table."""
    category_code: str | None = None
    """Positions 1-2: 机构类别码."""
    category: str | None = None
    """Positions 1-2 decoded, e.g. "企业"; None when not in the GB 32100 table."""
    org_type: OrgType | None = None
    """The contract org_type the category suggests; None when the category is unknown."""
    division_code: str | None = None
    """Positions 3-8: the registering authority's division (行政区划码, GB/T 2260)."""
    in_tianjin: bool | None = None
    """The division is in Tianjin (code starts "12")."""
    district: str | None = None
    """The current Tianjin district the division maps to; None at city level or outside."""
    city_level: bool | None = None
    """A Tianjin city-level division (120000, 120100, 120200): in Tianjin, district unknown.
    False outside Tianjin."""
    problems: tuple[str, ...] = ()
    """What is wrong with the code, each "中文 / English"; empty when nothing is."""


def _show(ch: str) -> str:
    """A character for a message: itself when printable, else its code point."""
    if ch.isprintable() and not ch.isspace():
        return ch
    return f"U+{ord(ch):04X}"


def _is_ascii_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def check_character(first17: str) -> str:
    """The GB 32100 check character (校验码) for positions 1-17: ISO 7064 MOD 31-3.

    S = Σ value(cᵢ)·wᵢ with wᵢ = 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28;
    the check value is (31 − S mod 31) mod 31, mapped back through :data:`ALPHABET`.

    Raises TypeError for a non-str and ValueError unless ``first17`` is exactly 17 characters
    of the alphabet (upper case).
    """
    if not isinstance(first17, str):
        raise TypeError(f"first17 must be a str, not {type(first17).__name__}")
    if len(first17) != len(CHECK_WEIGHTS):
        raise ValueError(f"expected 17 characters, got {len(first17)}")
    total = 0
    for position, (ch, weight) in enumerate(zip(first17, CHECK_WEIGHTS, strict=True), start=1):
        value = _VALUE.get(ch)
        if value is None:
            raise ValueError(f"character {position} {_show(ch)!r} is not in the GB 32100 alphabet")
        total += value * weight
    return ALPHABET[(31 - total % 31) % 31]


def _org_value(ch: str) -> int | None:
    if _is_ascii_digit(ch):
        return ord(ch) - ord("0")
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    return None


def org_check_character(first8: str) -> str:
    """The GB 11714 check character of an organisation code (组织机构代码校验码).

    Characters are valued 0-9 for digits and 10-35 for A-Z; S = Σ value·w with
    w = 3, 7, 9, 10, 5, 8, 4, 2; C = 11 − S mod 11, written "X" for 10 and "0" for 11.

    Raises TypeError for a non-str and ValueError unless ``first8`` is exactly 8 characters
    of 0-9 and A-Z.
    """
    if not isinstance(first8, str):
        raise TypeError(f"first8 must be a str, not {type(first8).__name__}")
    if len(first8) != len(ORG_CHECK_WEIGHTS):
        raise ValueError(f"expected 8 characters, got {len(first8)}")
    total = 0
    for position, (ch, weight) in enumerate(zip(first8, ORG_CHECK_WEIGHTS, strict=True), start=1):
        value = _org_value(ch)
        if value is None:
            raise ValueError(f"character {position} {_show(ch)!r} is not 0-9 or A-Z")
        total += value * weight
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def _normalise(code: str) -> str:
    """NFKC (全角→半角), trim, upper-case; lone surrogates become U+FFFD."""
    text = unicodedata.normalize("NFKC", code).strip().upper()
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        text = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def _form_problems(text: str) -> list[str]:
    """Length, alphabet and positions-3-8 problems (GB 32100-2015 代码结构)."""
    if not text:
        return ["代码为空 / the code is empty"]
    problems: list[str] = []
    if len(text) != _LENGTH:
        problems.append(f"长度应为18位，实为{len(text)}位 / length must be 18, got {len(text)}")
    character_problems: list[str] = []
    for position, ch in enumerate(text, start=1):
        shown = _show(ch)
        if ch not in _VALUE:
            character_problems.append(
                f"第{position}位“{shown}”不在代码字符集内 / "
                f"character {position} '{shown}' is not in the GB 32100 alphabet"
            )
        elif 3 <= position <= 8 and not _is_ascii_digit(ch):
            character_problems.append(
                f"第{position}位“{shown}”应为数字（第3–8位为行政区划码） / "
                f"character {position} '{shown}' must be a digit "
                "(positions 3-8 are the division code)"
            )
    if len(character_problems) > _MAX_LISTED_CHARACTERS:
        more = len(character_problems) - _MAX_LISTED_CHARACTERS
        character_problems = character_problems[:_MAX_LISTED_CHARACTERS]
        character_problems.append(f"另有{more}处字符错误 / and {more} more character problems")
    problems.extend(character_problems)
    return problems


def credit_code_info(code: str) -> CreditCodeInfo:
    """统一社会信用代码的解读（结果为不可变对象，同一代码只计算一次）。See :func:`_credit_code_info`."""
    if not isinstance(code, str):
        raise TypeError(f"credit_code_info takes a str, not {type(code).__name__}")
    return _credit_code_info(code)


@functools.lru_cache(maxsize=8192)
def _credit_code_info(code: str) -> CreditCodeInfo:
    """Decode and check a 统一社会信用代码 (GB 32100-2015). Never raises for a ``str``.

    The input is NFKC-normalised (full-width → half-width), trimmed and upper-cased first;
    whitespace inside the code is not removed and makes it malformed. For a well-formed code
    the check character (ISO 7064 MOD 31-3), the organisation code (GB 11714), the authority
    and category (GB 32100 表1) and the division (GB/T 2260, Tianjin's districts with
    historical codes mapped) are reported; every problem found is listed in ``problems``.

    Raises TypeError when ``code`` is not a str.
    """
    if not isinstance(code, str):
        raise TypeError(f"code must be a str, not {type(code).__name__}")
    text = _normalise(code)
    problems = _form_problems(text)
    if problems:
        return CreditCodeInfo(code=text, well_formed=False, problems=tuple(problems))

    expected_check = check_character(text[:17])
    check_ok = text[17] == expected_check
    if not check_ok:
        problems.append(
            f"校验码（第18位）应为“{expected_check}”，实为“{text[17]}” / "
            f"check character (position 18) should be '{expected_check}', got '{text[17]}'"
        )

    org_code = text[8:17]
    expected_org_check = org_check_character(org_code[:8])
    org_code_ok = org_code[8] == expected_org_check
    if not org_code_ok:
        problems.append(
            f"组织机构代码（第9–17位）校验码应为“{expected_org_check}”，实为“{org_code[8]}” / "
            f"organisation code (positions 9-17) check character should be "
            f"'{expected_org_check}', got '{org_code[8]}' (GB 11714)"
        )

    authority_code = text[0]
    authority = AUTHORITIES.get(authority_code)
    category_code = text[:2]
    category = CATEGORIES.get(category_code)
    if authority is None:
        problems.append(
            f"第1位登记管理部门码“{authority_code}”不在GB 32100代码表内 / "
            f"registration authority code '{authority_code}' (position 1) "
            "is not in the GB 32100 table"
        )
    elif category is None:
        problems.append(
            f"第1–2位机构类别码“{category_code}”不在GB 32100代码表内 / "
            f"organisation category code '{category_code}' (positions 1-2) "
            "is not in the GB 32100 table"
        )
    org_type: OrgType | None = None
    if category is not None:
        org_type = CATEGORY_ORG_TYPES.get(category_code, "other")

    division_code = text[2:8]
    in_tianjin = division_in_tianjin(division_code)
    district = division_district(division_code) if in_tianjin else None
    city_level = in_tianjin and division_is_city_level(division_code)
    if in_tianjin and district is None and not city_level:
        problems.append(
            f"第3–8位行政区划码“{division_code}”不是已知的天津市区划代码 / "
            f"division code '{division_code}' (positions 3-8) is not a known Tianjin code"
        )

    return CreditCodeInfo(
        code=text,
        well_formed=True,
        check_ok=check_ok,
        expected_check=expected_check,
        org_code=org_code,
        org_code_ok=org_code_ok,
        expected_org_check=expected_org_check,
        authority_code=authority_code,
        authority=authority,
        category_code=category_code,
        category=category,
        org_type=org_type,
        division_code=division_code,
        in_tianjin=in_tianjin,
        district=district,
        city_level=city_level,
        problems=tuple(problems),
    )
