"""product.md: `gr.credit_code_info` — 统一社会信用代码 on its own (GB 32100-2015, ISO 7064 MOD 31-3, GB 11714,
GB/T 2260 divisions), checked against an implementation written here; and the input's enums with their Chinese
names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongguan_rules as gr

from .support import (
    ALPHABET,
    BASE,
    CODE_BAODI,
    CODE_BEIJING,
    CODE_CITY,
    CODE_TANGGU,
    app,
    check_character,
    event,
    org_code_ok,
)

# ------------------------------------------------------------------ credit codes


def test_credit_code_info_fields_for_the_contract_example() -> None:
    """product.md: `info = gr.credit_code_info("91120224064012553U")`; well_formed, check_ok, expected_check,
    org_code_ok, authority ("工商"), category ("企业"), division_code ("120224"), in_tianjin, district ("宝坻区")."""
    info = gr.credit_code_info(CODE_BAODI)
    assert info.well_formed is True
    assert info.check_ok is True
    assert info.expected_check == "U"
    assert info.org_code_ok is org_code_ok(CODE_BAODI[8:17])
    assert info.authority == "工商"
    assert info.category == "企业"
    assert info.division_code == "120224"
    assert info.in_tianjin is True
    assert info.district == "宝坻区"


@pytest.mark.parametrize(
    ("code", "district", "in_tianjin"),
    [
        (CODE_TANGGU, "滨海新区", True),  # 120107 the former 塘沽区
        (CODE_CITY, None, True),  # city level: "None at city level"
        (CODE_BEIJING, None, False),  # 110108: "None ... outside"
    ],
)
def test_credit_code_info_district(code: str, district: str | None, in_tianjin: bool) -> None:
    """product.md: info.in_tianjin — True / False; info.district — "the current Tianjin district it maps to
    ("宝坻区"), None at city level or outside"."""
    info = gr.credit_code_info(code)
    assert info.check_ok is True
    assert info.in_tianjin is in_tianjin
    assert info.district == district


@pytest.mark.parametrize(
    ("code", "authority", "category"),
    [
        ("12120224400056783K", "机构编制", "事业单位"),
        ("5112022450001234XP", "民政", "社会团体"),
        ("111202240001234577", "机构编制", "机关"),
        ("92120224MA05T8W13Y", "工商", "个体工商户"),
    ],
)
def test_credit_code_info_authority_and_category(code: str, authority: str, category: str) -> None:
    """product.md: info.authority — position 1 decoded, e.g. "工商" / "机构编制" / "民政"; info.category —
    positions 1-2 decoded, e.g. "企业", "事业单位", "社会团体", "机关", "个体工商户"."""
    assert code[17] == check_character(code[:17])
    info = gr.credit_code_info(code)
    assert info.authority == authority
    assert info.category == category


def test_credit_code_info_bad_check_and_malformed() -> None:
    """product.md: check_ok — "the 18th character matches ISO 7064 MOD 31-3 (None when not well formed)";
    expected_check — "the character it should be (None when not well formed)"; well_formed — "18 characters of
    the GB 32100 alphabet, positions 3-8 digits"."""
    bad = gr.credit_code_info(CODE_BAODI[:17] + "A")
    assert bad.well_formed is True
    assert bad.check_ok is False
    assert bad.expected_check == "U"
    for malformed in (CODE_BAODI[:16], CODE_BAODI + "0", "9112O224064012553U", "911202A4064012553U", ""):
        info = gr.credit_code_info(malformed)
        assert info.well_formed is False, malformed
        assert info.check_ok is None
        assert info.expected_check is None


@settings(max_examples=150)
@given(
    st.text(alphabet=ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
    st.sampled_from(ALPHABET),
)
def test_credit_code_check_character_matches_mod_31_3(head: str, division: str, body: str, last: str) -> None:
    """product.md: info.well_formed (18 characters of the GB 32100 alphabet, positions 3-8 digits); info.check_ok
    (the 18th character matches ISO 7064 MOD 31-3); info.expected_check; info.org_code_ok (positions 9-17 pass
    the GB 11714 check); info.division_code (positions 3-8). Computed here independently."""
    code = head + division + body + last
    info = gr.credit_code_info(code)
    assert info.well_formed is True
    assert info.expected_check == check_character(code[:17])
    assert info.check_ok is (last == check_character(code[:17]))
    assert info.division_code == division
    assert info.org_code_ok is org_code_ok(code[8:17])
    assert info.in_tianjin is division.startswith("12")


@settings(max_examples=200)
@given(st.text())
def test_credit_code_info_never_raises_for_a_str(text: str) -> None:
    """product.md: `gr.credit_code_info(...)   # 统一社会信用代码 on its own; never raises for a str`."""
    info = gr.credit_code_info(text)
    assert info.well_formed in (True, False)
    if not info.well_formed:
        assert info.check_ok is None and info.expected_check is None


DIVISIONS = {
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
    # historical codes (GB/T 2260 before the mergers): 塘沽/汉沽/大港 → 滨海新区, old counties → their districts
    "120107": "滨海新区",
    "120108": "滨海新区",
    "120109": "滨海新区",
    "120221": "宁河区",
    "120222": "武清区",
    "120223": "静海区",
    "120224": "宝坻区",
    "120225": "蓟州区",
}


@pytest.mark.parametrize(("division", "district"), sorted(DIVISIONS.items()))
def test_credit_code_district_of_every_tianjin_division(division: str, district: str) -> None:
    """product.md: info.district — "the current Tianjin district it maps to ("宝坻区")"; "historical codes mapped:
    塘沽/汉沽/大港 → 滨海新区, old county codes → their districts" (GB/T 2260)."""
    body = f"91{division}MA05K3T7X"
    code = body + check_character(body)
    info = gr.credit_code_info(code)
    assert info.check_ok is True
    assert info.in_tianjin is True
    assert info.district == district
    # and the declared district agrees with it: the credit code corroborates
    d = gr.evaluate(app(2026, **{"applicant.credit_code": code, "applicant.district": district}), 2026)
    assert d.outcome == "eligible", [(f.rule_id, f.status, f.message("en")) for f in d.findings if f.status != "pass"]


@pytest.mark.parametrize("division", ["120000", "120100"])
def test_credit_code_city_level(division: str) -> None:
    """product.md: "a city-level code (120000/120100) cannot tell the district"; info.district "None at city level"."""
    body = f"91{division}MA05K3T7X"
    info = gr.credit_code_info(body + check_character(body))
    assert info.in_tianjin is True and info.district is None


# ------------------------------------------------------------------ enums of the input


@pytest.mark.parametrize(
    ("path", "spelling"),
    [
        ("applicant.org_type", "企业"),
        ("applicant.org_type", "ENTERPRISE"),
        ("applicant.org_type", "  enterprise  "),
        ("recommender.kind", "区市场监管局"),
        ("project.direction", "质量精准提升攻关"),
        ("project.direction", "Precision_Improvement"),
    ],
)
def test_enum_spellings_are_read_alike(path: str, spelling: str) -> None:
    """product.md: "Enum values are matched after trimming and ignoring case; Chinese names are accepted"
    (org_type "Chinese names accepted: 企业, 事业单位, ..."; recommender.kind 区市场监管局; direction
    质量共性技术攻关 / 质量精准提升攻关)."""
    plain = gr.evaluate(BASE[2026], 2026)
    other = gr.evaluate(app(2026, **{path: spelling}), 2026)
    assert [(f.rule_id, f.status, f.code) for f in other.findings] == [
        (f.rule_id, f.status, f.code) for f in plain.findings
    ]
    assert other.outcome == "eligible"


@pytest.mark.parametrize(
    ("year", "path", "chinese", "value"),
    [
        (2026, "applicant.org_type", "事业单位", "public_institution"),
        (2026, "project.direction", "质量共性技术攻关", "common_technology"),
        (2021, "project.topic_type", "问题解决型", "problem_solving"),
        (2021, "project.topic_type", "创新型", "innovation"),
        (2026, "project.expected_benefits", ["节能降耗"], ["energy_saving"]),
        (2026, "project.expected_benefits", ["优化服务"], ["service_optimization"]),
        (2026, "project.expected_benefits", ["自主创新"], ["independent_innovation"]),
        (
            2026,
            "materials",
            ["申报书", "可行性分析", "预期成效"],
            ["application_form", "feasibility_analysis", "expected_results"],
        ),
        (2021, "recommender.kind", "市级行业主管部门", "city_industry_authority"),
        (2021, "recommender.kind", "行业协会", "industry_association"),
        (2021, "recommender.kind", "质量工作领导小组成员单位", "quality_group_member"),
        (2019, "recommender.kind", "市场监管所", "market_regulation_office"),
        (2019, "recommender.kind", "有关企业", "enterprise"),
    ],
)
def test_chinese_enum_names_mean_their_ids(year: int, path: str, chinese: object, value: object) -> None:
    """product.md, "The application (input)": each enum's Chinese name beside its id is accepted and means it."""
    a = gr.evaluate(app(year, **{path: chinese}), year)
    b = gr.evaluate(app(year, **{path: value}), year)
    assert [(f.rule_id, f.status, f.code) for f in a.findings] == [(f.rule_id, f.status, f.code) for f in b.findings]


@pytest.mark.parametrize(
    "kind",
    ["申报", "推荐", "立项", "提交成果", "推荐成果", "评定", "认定优秀成果", "撤销认定", "收取费用"],
)
def test_event_kinds_have_chinese_aliases(kind: str) -> None:
    """product.md, "History and events": "Event kinds (Chinese aliases accepted)"."""
    d = gr.evaluate_event({"kind": kind, "date": "2026-05-20", "year": 2026, "credit_code": CODE_BAODI}, 2026)
    assert isinstance(d, gr.Decision)
    assert d.outcome in ("accepted", "rejected", "needs_review")


def test_event_decisions_have_event_outcomes() -> None:
    """product.md: "events: "accepted" | "rejected" | "needs_review""."""
    d = gr.evaluate_event(
        event("results_submitted", "2026-09-01", 2026, notice_deadline="2026-09-15"), 2026, history=[]
    )
    assert d.outcome == "rejected"  # no approval on record: "what is not in it did not happen"
