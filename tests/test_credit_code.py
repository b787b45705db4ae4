"""Tests of gongguan_rules.identity.credit_code: 统一社会信用代码 per GB 32100-2015.

Standards exercised: GB 32100-2015 (code structure, alphabet, 表1 authority and category codes),
ISO 7064 MOD 31-3 (the 18th character, GB 32100-2015 校验码), GB 11714 (the organisation code in
positions 9-17) and GB/T 2260 (the division code in positions 3-8, Tianjin's districts).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from gongguan_rules.identity.credit_code import (
    ALPHABET,
    CATEGORIES,
    CHECK_WEIGHTS,
    CreditCodeInfo,
    check_character,
    credit_code_info,
    org_check_character,
)

DATA_FILE = Path(__file__).resolve().parents[2] / "shared" / "data" / "uscc-public-valid.txt"

# Published valid codes (python-stdnum's cn.uscc tests and public registers).
PUBLIC_VECTORS = (
    "91110000600037341L",
    "91310115591693856A",
    "9144030071526726XG",
    "121200004013590816",
    "91120224064012553U",
)

DIGITS = "0123456789"
NOT_IN_ALPHABET = "IOSVZ"


def make_code(pair: str, division: str, body: str = "MA05K3T7") -> str:
    """A code with a correct GB 11714 organisation check and a correct MOD 31-3 check."""
    first17 = pair + division + body + org_check_character(body)
    return first17 + check_character(first17)


def read_published_codes() -> list[str]:
    return [
        line.strip()
        for line in DATA_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


# --- Published vectors -------------------------------------------------------------------------


@pytest.mark.parametrize("code", PUBLIC_VECTORS)
def test_public_vectors_pass_check(code: str) -> None:
    """GB 32100-2015 校验码 (ISO 7064 MOD 31-3) and GB 11714: published valid codes pass both."""
    info = credit_code_info(code)
    assert info.code == code
    assert info.well_formed is True
    assert info.check_ok is True
    assert info.expected_check == code[17]
    assert info.org_code_ok is True
    assert info.org_code == code[8:17]
    assert info.problems == ()


def test_tianjin_vector_decoded() -> None:
    """GB 32100-2015 表1 and GB/T 2260: 91120224064012553U is a 工商-registered 企业 of old
    county code 120224 (宝坻县), i.e. today's 宝坻区."""
    info = credit_code_info("91120224064012553U")
    assert info.check_ok is True
    assert info.authority_code == "9"
    assert info.authority == "工商"
    assert info.category_code == "91"
    assert info.category == "企业"
    assert info.org_type == "enterprise"
    assert info.division_code == "120224"
    assert info.in_tianjin is True
    assert info.district == "宝坻区"
    assert info.city_level is False


def test_public_institution_vector_is_city_level() -> None:
    """GB 32100-2015 表1 (12 事业单位) and GB/T 2260 (120000 天津市): city level, no district."""
    info = credit_code_info("121200004013590816")
    assert info.authority == "机构编制"
    assert info.category == "事业单位"
    assert info.org_type == "public_institution"
    assert info.in_tianjin is True
    assert info.city_level is True
    assert info.district is None


def test_outside_tianjin_vector() -> None:
    """GB/T 2260: division 110000 (北京市) is outside Tianjin; city_level only speaks of Tianjin."""
    info = credit_code_info("91110000600037341L")
    assert info.division_code == "110000"
    assert info.in_tianjin is False
    assert info.district is None
    assert info.city_level is False


# --- Wrong check characters ----------------------------------------------------------------------


def test_wrong_check_character_reported() -> None:
    """GB 32100-2015 校验码 (MOD 31-3): the 18th character N is wrong; L is expected."""
    info = credit_code_info("91110000600037341N")
    assert info.well_formed is True
    assert info.check_ok is False
    assert info.expected_check == "L"
    assert info.org_code_ok is True
    assert any("position 18" in p and "'L'" in p and "'N'" in p for p in info.problems)
    assert any("校验码" in p for p in info.problems)


def test_second_invalid_vector() -> None:
    """GB 32100-2015 校验码 (MOD 31-3): 91350211M00013FA1N fails; the check should be 3."""
    info = credit_code_info("91350211M00013FA1N")
    assert info.well_formed is True
    assert info.check_ok is False
    assert info.expected_check == "3"


def test_pilot_code_well_formed_but_check_fails() -> None:
    """GB 32100-2015 校验码: the early pilot-area code 91350100M0001TGQXM is genuine yet fails the
    MOD 31-3 check; it is reported (well formed, check_ok False), never rejected as malformed."""
    info = credit_code_info("91350100M0001TGQXM")
    assert info.well_formed is True
    assert info.check_ok is False
    assert info.expected_check == "1"
    assert info.category == "企业"
    assert info.in_tianjin is False


# --- The shared file of 200 published codes ----------------------------------------------------


def test_published_file_all_pass_check() -> None:
    """GB 32100-2015 校验码 and GB 11714: every code in shared/data/uscc-public-valid.txt (200
    codes published as valid by python-stdnum's test suite) is well formed, passes the MOD 31-3
    check and the organisation-code check. All 200 do; none is a known-bad code."""
    if not DATA_FILE.exists():
        pytest.skip(f"shared data file not present: {DATA_FILE}")
    codes = read_published_codes()
    assert len(codes) == 200
    assert len(set(codes)) == 200
    failures = {
        code: info.problems for code in codes if not ((info := credit_code_info(code)).check_ok and info.org_code_ok)
    }
    assert failures == {}, f"{len(failures)} published codes fail: {failures}"


def test_published_file_categories_decode() -> None:
    """GB 32100-2015 表1: every published code has a known authority and category."""
    if not DATA_FILE.exists():
        pytest.skip(f"shared data file not present: {DATA_FILE}")
    for code in read_published_codes():
        info = credit_code_info(code)
        assert info.authority is not None, code
        assert info.category is not None, code
        assert info.org_type is not None, code


# --- Malformed input -----------------------------------------------------------------------------


def test_length_17() -> None:
    """GB 32100-2015 代码结构: 18 characters; 17 is malformed and no check is attempted."""
    info = credit_code_info("91120224064012553")
    assert info.well_formed is False
    assert info.check_ok is None
    assert info.expected_check is None
    assert info.org_code_ok is None
    assert info.authority is None
    assert info.district is None
    assert info.in_tianjin is None
    assert info.org_type is None
    assert "长度应为18位，实为17位 / length must be 18, got 17" in info.problems


def test_length_19() -> None:
    """GB 32100-2015 代码结构: 19 characters is malformed."""
    info = credit_code_info("91120224064012553U1")
    assert info.well_formed is False
    assert info.check_ok is None
    assert "长度应为18位，实为19位 / length must be 18, got 19" in info.problems


@pytest.mark.parametrize("letter", list(NOT_IN_ALPHABET))
def test_letters_outside_alphabet(letter: str) -> None:
    """GB 32100-2015 代码字符集: I, O, S, V and Z are not used (position 10 here)."""
    code = "911202240" + letter + "4012553U"
    info = credit_code_info(code)
    assert info.well_formed is False
    assert info.check_ok is None
    assert (
        f"第10位“{letter}”不在代码字符集内 / character 10 '{letter}' is not in the GB 32100 alphabet"
    ) in info.problems


def test_letter_i_at_position_5_message() -> None:
    """GB 32100-2015 代码字符集: the problem names the position and the character."""
    info = credit_code_info("9112I224064012553U")
    assert "第5位“I”不在代码字符集内 / character 5 'I' is not in the GB 32100 alphabet" in (info.problems)


@pytest.mark.parametrize("position", range(3, 9))
def test_non_digit_in_division(position: int) -> None:
    """GB 32100-2015 代码结构: positions 3-8 are the GB/T 2260 division code, digits only."""
    code = "91120224064012553U"
    bad = code[: position - 1] + "A" + code[position:]
    info = credit_code_info(bad)
    assert info.well_formed is False
    assert info.check_ok is None
    assert info.division_code is None
    assert any(f"character {position} 'A' must be a digit" in p for p in info.problems)


@pytest.mark.parametrize("code", ["", " ", "\t\n", "\u3000"])
def test_empty_and_blank(code: str) -> None:
    """GB 32100-2015 代码结构: an empty (or whitespace-only) code is malformed, without raising."""
    info = credit_code_info(code)
    assert info.code == ""
    assert info.well_formed is False
    assert info.check_ok is None
    assert info.problems == ("代码为空 / the code is empty",)


def test_surrounding_whitespace_trimmed() -> None:
    """GB 32100-2015 代码结构: surrounding whitespace (incl. the full-width space) is trimmed."""
    info = credit_code_info(" \t\u300091120224064012553U \n")
    assert info.code == "91120224064012553U"
    assert info.check_ok is True


def test_inner_space_malformed() -> None:
    """GB 32100-2015 代码结构: a space inside the code is not a code character."""
    info = credit_code_info("911202 24064012553U")
    assert info.well_formed is False
    assert any("U+0020" in p for p in info.problems)


def test_lower_case_accepted() -> None:
    """GB 32100-2015 代码字符集 is upper case; lower-case input is upper-cased first."""
    info = credit_code_info("91110000600037341l")
    assert info.code == "91110000600037341L"
    assert info.check_ok is True
    assert credit_code_info("9144030071526726xg") == credit_code_info("9144030071526726XG")


def test_full_width_accepted() -> None:
    """GB 32100-2015 代码字符集: full-width forms (全角) are NFKC-normalised to ASCII first."""
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in "91120224064012553U")
    info = credit_code_info(full_width)
    assert info.code == "91120224064012553U"
    assert info.check_ok is True


@pytest.mark.parametrize("value", [None, 91120224064012553, b"91120224064012553U", ["9"]])
def test_non_str_raises_type_error(value: object) -> None:
    """The contract: credit_code_info never raises for a str; a non-str is a TypeError."""
    with pytest.raises(TypeError):
        credit_code_info(value)  # type: ignore[arg-type]


def test_lone_surrogate_does_not_raise() -> None:
    """The contract: never raises for a str, even one with lone surrogates; still serialisable."""
    info = credit_code_info("\ud8009112")
    assert info.well_formed is False
    assert "\ufffd" in info.code
    assert CreditCodeInfo.model_validate_json(info.model_dump_json()) == info


def test_many_bad_characters_are_summarised() -> None:
    """GB 32100-2015 代码字符集: a long run of bad characters is listed up to 10, then counted."""
    info = credit_code_info("Z" * 30)
    assert len(info.problems) == 1 + 10 + 1
    assert info.problems[-1] == "另有20处字符错误 / and 20 more character problems"


# --- Check-character functions -------------------------------------------------------------------


def test_check_weights_are_powers_of_three() -> None:
    """ISO 7064 MOD 31-3 (GB 32100-2015 校验码): weight i is 3**(i-1) mod 31."""
    assert tuple(pow(3, i, 31) for i in range(17)) == CHECK_WEIGHTS


@pytest.mark.parametrize("code", PUBLIC_VECTORS)
def test_check_character_function(code: str) -> None:
    """GB 32100-2015 校验码: check_character reproduces the published 18th character."""
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize(
    ("first8", "expected"),
    [("06401255", "3"), ("60003734", "1"), ("71526726", "X"), ("MA05K3T7", "0")],
)
def test_org_check_character_function(first8: str, expected: str) -> None:
    """GB 11714: weights 3,7,9,10,5,8,4,2; 11 - S mod 11; 10 → X, 11 → 0."""
    assert org_check_character(first8) == expected


def test_org_check_eleven_maps_to_zero() -> None:
    """GB 11714: a sum divisible by 11 gives 11, written "0"."""
    assert org_check_character("00000000") == "0"


def test_org_check_letters_valued_from_ten() -> None:
    """GB 11714: A=10 … Z=35. "A0000000": S = 30, 11 - 8 = 3."""
    assert org_check_character("A0000000") == "3"


@pytest.mark.parametrize("bad", ["", "9112022406401255", "911202240640125533", "9112022406401255I"])
def test_check_character_rejects_bad_input(bad: str) -> None:
    """GB 32100-2015 校验码: defined over 17 alphabet characters; anything else: ValueError."""
    with pytest.raises(ValueError):
        check_character(bad)


@pytest.mark.parametrize("bad", ["", "0640125", "064012553", "0640125-", "0640125a"])
def test_org_check_character_rejects_bad_input(bad: str) -> None:
    """GB 11714 is defined over 8 characters of 0-9 and A-Z; anything else is a ValueError."""
    with pytest.raises(ValueError):
        org_check_character(bad)


def test_check_functions_reject_non_str() -> None:
    """check_character and org_check_character take str only."""
    with pytest.raises(TypeError):
        check_character(12345678901234567)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        org_check_character(12345678)  # type: ignore[arg-type]


def test_org_code_check_failure_reported() -> None:
    """GB 11714: MA05K3T7 calls for check "0"; "X" at position 17 is reported, not fatal."""
    info = credit_code_info("91120116MA05K3T7XB")
    assert info.well_formed is True
    assert info.check_ok is True
    assert info.org_code_ok is False
    assert info.expected_org_check == "0"
    assert info.district == "滨海新区"
    assert any("GB 11714" in p for p in info.problems)


# --- Division codes (GB/T 2260) ------------------------------------------------------------------

DIVISION_CASES = [
    # current districts
    ("120101", True, "和平区", False),
    ("120102", True, "河东区", False),
    ("120103", True, "河西区", False),
    ("120104", True, "南开区", False),
    ("120105", True, "河北区", False),
    ("120106", True, "红桥区", False),
    ("120110", True, "东丽区", False),
    ("120111", True, "西青区", False),
    ("120112", True, "津南区", False),
    ("120113", True, "北辰区", False),
    ("120114", True, "武清区", False),
    ("120115", True, "宝坻区", False),
    ("120116", True, "滨海新区", False),
    ("120117", True, "宁河区", False),
    ("120118", True, "静海区", False),
    ("120119", True, "蓟州区", False),
    # 国函〔2009〕125号: 塘沽、汉沽、大港 → 滨海新区
    ("120107", True, "滨海新区", False),
    ("120108", True, "滨海新区", False),
    ("120109", True, "滨海新区", False),
    # 撤县设区: old county codes
    ("120221", True, "宁河区", False),
    ("120222", True, "武清区", False),
    ("120223", True, "静海区", False),
    ("120224", True, "宝坻区", False),
    ("120225", True, "蓟州区", False),
    # city level
    ("120000", True, None, True),
    ("120100", True, None, True),
    ("120200", True, None, True),
    # outside Tianjin
    ("110105", False, None, False),
    ("110000", False, None, False),
    ("130105", False, None, False),
    ("310115", False, None, False),
    ("100000", False, None, False),
]


@pytest.mark.parametrize(("division", "in_tianjin", "district", "city_level"), DIVISION_CASES)
def test_division_decoding(division: str, in_tianjin: bool, district: str | None, city_level: bool) -> None:
    """GB 32100-2015 positions 3-8 (GB/T 2260 division): Tianjin, current district, city level;
    historical and old county codes map to today's districts."""
    info = credit_code_info(make_code("91", division))
    assert info.check_ok is True
    assert info.division_code == division
    assert info.in_tianjin is in_tianjin
    assert info.district == district
    assert info.city_level is city_level
    assert info.problems == ()


def test_unknown_tianjin_division_reported() -> None:
    """GB/T 2260: 120199 is not a Tianjin code; in Tianjin, no district, a problem listed."""
    info = credit_code_info(make_code("91", "120199"))
    assert info.check_ok is True
    assert info.in_tianjin is True
    assert info.district is None
    assert info.city_level is False
    assert any("120199" in p and "not a known Tianjin code" in p for p in info.problems)


# --- Authority and category (GB 32100-2015 表1) -------------------------------------------------

# Written out independently of the module's table.
CATEGORY_CASES = [
    ("11", "机构编制", "机关", "government_agency"),
    ("12", "机构编制", "事业单位", "public_institution"),
    ("13", "机构编制", "中央编办直接管理机构编制的群众团体", "other"),
    ("19", "机构编制", "其他", "other"),
    ("21", "外交", "外国常驻新闻机构", "other"),
    ("29", "外交", "其他", "other"),
    ("31", "司法行政", "律师执业机构", "other"),
    ("32", "司法行政", "公证处", "other"),
    ("33", "司法行政", "基层法律服务所", "other"),
    ("34", "司法行政", "司法鉴定机构", "other"),
    ("35", "司法行政", "仲裁委员会", "other"),
    ("39", "司法行政", "其他", "other"),
    ("41", "文化", "外国在华文化中心", "other"),
    ("49", "文化", "其他", "other"),
    ("51", "民政", "社会团体", "social_organization"),
    ("52", "民政", "民办非企业单位", "social_organization"),
    ("53", "民政", "基金会", "social_organization"),
    ("59", "民政", "其他", "other"),
    ("61", "旅游", "外国旅游部门常驻代表机构", "other"),
    ("62", "旅游", "港澳台地区旅游部门常驻内地（大陆）代表机构", "other"),
    ("69", "旅游", "其他", "other"),
    ("71", "宗教", "宗教活动场所", "other"),
    ("72", "宗教", "宗教院校", "other"),
    ("79", "宗教", "其他", "other"),
    ("81", "工会", "基层工会", "other"),
    ("89", "工会", "其他", "other"),
    ("91", "工商", "企业", "enterprise"),
    ("92", "工商", "个体工商户", "individual_business"),
    ("93", "工商", "农民专业合作社", "enterprise"),
    ("A1", "中央军委改革和编制办公室", "军队事业单位", "other"),
    ("A9", "中央军委改革和编制办公室", "其他", "other"),
    ("N1", "农业", "组级集体经济组织", "other"),
    ("N2", "农业", "村级集体经济组织", "other"),
    ("N3", "农业", "乡镇级集体经济组织", "other"),
    ("N9", "农业", "其他", "other"),
    ("Y1", "其他", "其他", "other"),
]


@pytest.mark.parametrize(("pair", "authority", "category", "org_type"), CATEGORY_CASES)
def test_category_decoding(pair: str, authority: str, category: str, org_type: str) -> None:
    """GB 32100-2015 表1: position 1 (登记管理部门码) and positions 1-2 (机构类别码) decoded,
    with the contract org_type each category suggests."""
    info = credit_code_info(make_code(pair, "120116"))
    assert info.check_ok is True
    assert info.authority_code == pair[0]
    assert info.authority == authority
    assert info.category_code == pair
    assert info.category == category
    assert info.org_type == org_type
    assert info.problems == ()


def test_category_table_is_complete() -> None:
    """GB 32100-2015 表1: the module's table has exactly the pairs tested above."""
    assert set(CATEGORIES) == {pair for pair, *_ in CATEGORY_CASES}


def test_unknown_authority() -> None:
    """GB 32100-2015 表1: "B" is not a registration authority code; reported, not decoded."""
    info = credit_code_info(make_code("B1", "120101"))
    assert info.well_formed is True
    assert info.check_ok is True
    assert info.authority is None
    assert info.category is None
    assert info.org_type is None
    assert any("registration authority code 'B'" in p for p in info.problems)


def test_unknown_category_of_known_authority() -> None:
    """GB 32100-2015 表1: 工商 has 91, 92, 93; "94" is reported, the authority still decoded."""
    info = credit_code_info(make_code("94", "120101"))
    assert info.authority == "工商"
    assert info.category is None
    assert info.org_type is None
    assert any("organisation category code '94'" in p for p in info.problems)


# --- The model ---------------------------------------------------------------------------------


def test_model_is_frozen() -> None:
    """The contract: CreditCodeInfo is an immutable (frozen) pydantic model."""
    info = credit_code_info("91120224064012553U")
    with pytest.raises(ValidationError):
        info.check_ok = False  # type: ignore[misc]


def test_model_json_round_trip() -> None:
    """The contract: JSON-ready; model_validate reads model_dump(mode="json") back equal."""
    for code in (*PUBLIC_VECTORS, "91350100M0001TGQXM", "9112I22406", ""):
        info = credit_code_info(code)
        assert CreditCodeInfo.model_validate(info.model_dump(mode="json")) == info


def test_contract_field_names() -> None:
    """The public API contract (product.md, credit_code_info): these names must exist."""
    contract = {
        "code",
        "well_formed",
        "check_ok",
        "expected_check",
        "org_code_ok",
        "authority",
        "category",
        "division_code",
        "in_tianjin",
        "district",
        "city_level",
        "org_type",
        "problems",
    }
    assert contract <= set(CreditCodeInfo.model_fields)


# --- Properties (hypothesis) -------------------------------------------------------------------

alphabet_char = st.sampled_from(ALPHABET)
digit_char = st.sampled_from(DIGITS)


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    """17 random GB 32100 characters (positions 3-8 digits) plus their MOD 31-3 check."""
    head = draw(st.text(alphabet_char, min_size=2, max_size=2))
    division = draw(st.text(digit_char, min_size=6, max_size=6))
    body = draw(st.text(alphabet_char, min_size=9, max_size=9))
    first17 = head + division + body
    return first17 + check_character(first17)


@given(valid_codes())
def test_generated_codes_pass(code: str) -> None:
    """ISO 7064 MOD 31-3 (GB 32100-2015 校验码): 17 characters plus the computed check pass."""
    info = credit_code_info(code)
    assert info.well_formed is True
    assert info.check_ok is True
    assert info.expected_check == code[17]


@given(
    valid_codes(),
    st.integers(min_value=0, max_value=17),
    st.sampled_from(ALPHABET + NOT_IN_ALPHABET + "abcxyz-*#. 中０"),
)
def test_single_substitution_detected(code: str, index: int, replacement: str) -> None:
    """ISO 7064 MOD 31-3 detects every single-character substitution: weights 3**i are units
    mod 31 (a prime) and character values differ by 1-30, so the weighted sum changes mod 31.
    A substituted code is therefore either malformed or fails the check."""
    original = code[index]
    if credit_code_info(replacement).code == original:
        # The same character after normalisation (e.g. "l" for "L"): no substitution.
        replacement = "I"
    mutated = code[:index] + replacement + code[index + 1 :]
    info = credit_code_info(mutated)
    assert info.well_formed is False or info.check_ok is False


@given(valid_codes(), st.integers(min_value=0, max_value=15))
def test_adjacent_transposition_in_first_17_detected(code: str, index: int) -> None:
    """ISO 7064 MOD 31-3: swapping two different adjacent characters among positions 1-17
    changes the sum by (a - b)·3**i·(1 - 3) ≢ 0 mod 31, so it is always detected."""
    if code[index] == code[index + 1]:
        return
    swapped = code[:index] + code[index + 1] + code[index] + code[index + 2 :]
    info = credit_code_info(swapped)
    assert info.well_formed is False or info.check_ok is False


@given(st.text())
def test_never_raises_for_any_str(text: str) -> None:
    """The contract: credit_code_info never raises for a str; the answer is consistent."""
    info = credit_code_info(text)
    assert isinstance(info, CreditCodeInfo)
    if info.well_formed:
        assert len(info.code) == 18
        assert info.check_ok is (info.expected_check == info.code[17])
        assert info.division_code == info.code[2:8]
    else:
        assert info.problems
        assert info.check_ok is None
        assert info.district is None


@given(valid_codes())
def test_lower_case_equivalent(code: str) -> None:
    """GB 32100-2015 代码字符集: lower-case input decodes like its upper-case form."""
    assert credit_code_info(code.lower()) == credit_code_info(code)


@given(st.text(alphabet_char, min_size=17, max_size=17))
def test_check_character_agrees_with_info(first17: str) -> None:
    """GB 32100-2015 校验码: the check value C satisfies S + C ≡ 0 mod 31, and expected_check
    is check_character of positions 1-17 whenever the code is well formed."""
    check = check_character(first17)
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, CHECK_WEIGHTS, strict=True))
    assert (total + ALPHABET.index(check)) % 31 == 0
    info = credit_code_info(first17 + check)
    if info.well_formed:
        assert info.expected_check == check
        assert info.check_ok is True


@given(st.text(st.sampled_from(DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=8, max_size=8))
def test_org_check_congruence(first8: str) -> None:
    """GB 11714: the check value C satisfies S + C ≡ 0 mod 11 (C = 10 written X, 11 → 0)."""
    check = org_check_character(first8)
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in first8]
    total = sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    value = 10 if check == "X" else int(check)
    assert (total + value) % 11 == 0
