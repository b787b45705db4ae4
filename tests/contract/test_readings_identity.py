"""product.md, "Readings already chosen" — identity and duplication: the declared district decides, the credit code
corroborates; the check character; duplication in each plan's scope."""

from __future__ import annotations

from typing import Any

import pytest

import gongguan_rules as gr

from .support import (
    BASE,
    CODE_BAODI,
    CODE_BEIJING,
    CODE_BINHAI_OTHER,
    CODE_CITY,
    CODE_TANGGU,
    P2021,
    P2025,
    P2026,
    app,
    by_status,
    cited,
    looking_at,
    statuses,
)

# ------------------------------------------------------------------ identity


@pytest.mark.parametrize(
    ("code", "district", "status"),
    [
        (CODE_BAODI, "宝坻区", "pass"),  # agree
        (CODE_TANGGU, "滨海新区", "pass"),  # 塘沽 → 滨海新区
        (CODE_CITY, "宝坻区", "pass"),  # city level: cannot tell
        (CODE_BAODI, "和平区", "review"),  # disagree
        (CODE_BEIJING, "宝坻区", "review"),  # non-Tianjin code, Tianjin district
    ],
)
def test_declared_district_decides_credit_code_corroborates(code: str, district: str, status: str) -> None:
    """product.md: "**The declared district decides; the credit code corroborates.** ... Code and declared district
    agree (historical codes mapped: 塘沽/汉沽/大港 → 滨海新区, old county codes → their districts) → pass; a city-level
    code (120000/120100) cannot tell the district → pass, noting it; they disagree, or a non-Tianjin code with a
    Tianjin district → review, showing both."."""
    d = gr.evaluate(app(2026, **{"applicant.credit_code": code, "applicant.district": district}), 2026)
    both = [f for f in d.findings if "applicant.district" in f.facts and "applicant.credit_code" in f.facts]
    assert both, "a rule looks at the district and the code together"
    assert status in statuses(both)
    if status == "review":
        assert d.outcome == "needs_review"
        shown = [f for f in both if f.status == "review"]
        assert all(district in f.message("zh") for f in shown)
        assert all(f.remedy is not None and f.remedy.curable is None for f in shown)
    else:
        assert d.outcome == "eligible"
        assert "review" not in statuses(both) and "fail" not in statuses(both)


def test_city_level_code_is_noted() -> None:
    """product.md: "a city-level code (120000/120100) cannot tell the district → pass, noting it"."""
    d = gr.evaluate(app(2026, **{"applicant.credit_code": CODE_CITY}), 2026)
    noted = [f for f in d.findings if "applicant.credit_code" in f.facts and "applicant.district" in f.facts]
    assert any("120000" in f.message("zh") or "市级" in f.message("zh") for f in noted)


def test_a_bad_check_character_is_review_showing_the_computed_character() -> None:
    """product.md: "**A bad check character is review** (a few genuine early codes fail the checksum), showing the
    computed character"; the remedy is None ("a credit code whose check character fails")."""
    d = gr.evaluate(app(2026, **{"applicant.credit_code": CODE_BAODI[:17] + "A"}), 2026)
    assert d.outcome == "needs_review"
    assert not by_status(d, "fail")
    code_reviews = [f for f in looking_at(d, "applicant.credit_code", "review") if "U" in f.message("en")]
    assert code_reviews, [f.message("en") for f in looking_at(d, "applicant.credit_code")]
    assert any(f.remedy is not None and f.remedy.curable is None for f in code_reviews)


@pytest.mark.parametrize("code", [CODE_BAODI[:16], CODE_BAODI + "9", "9112O224064012553U"])
def test_a_malformed_code_is_a_fail_of_the_field(code: str) -> None:
    """product.md: "a malformed code (length, alphabet) is a fail of the field"."""
    d = gr.evaluate(app(2026, **{"applicant.credit_code": code}), 2026)
    assert d.outcome == "ineligible"
    fails = looking_at(d, "applicant.credit_code", "fail")
    assert fails
    assert any(f.remedy is not None and "applicant.credit_code" in f.remedy.facts for f in fails)


# ------------------------------------------------------------------ duplication


def past(
    kind: str, year: int, name: str = "降低药芯焊丝焊接飞溅率", code: str = CODE_BAODI, unit: str = "天津某焊材有限公司"
) -> dict[str, Any]:
    dates = {2019: "2019-06-01", 2021: "2021-06-01", 2023: "2023-11-20", 2024: "2024-10-20"}
    return {"kind": kind, "date": dates[year], "year": year, "credit_code": code, "unit": unit, "project_name": name}


def test_2026_duplicate_of_an_excellent_result_fails() -> None:
    """product.md: "the same unit with the same normalised project name as a record in the plan's scope → fail".
    2026 一（三）: 不得与历年优秀成果项目雷同; 第八条（三）."""
    d = gr.evaluate(BASE[2026], 2026, history=[past("excellent_recognized", 2024)])
    assert d.outcome == "ineligible"
    assert "fail" in statuses(cited(d, P2026, "一", "（三）"))
    fails = [f for f in by_status(d, "fail") if "project.name" in f.facts]
    assert fails and all(f.remedy is not None and f.remedy.curable is False for f in fails)


def test_2026_past_project_that_was_not_excellent_is_out_of_scope() -> None:
    """product.md: "duplication scope (excellent results vs any past project)"; seed README: 2026 一（三） forbids
    duplicating past *excellent results*: an approved project that was not recognised is outside its scope."""
    d = gr.evaluate(BASE[2026], 2026, history=[past("approved", 2024)])
    assert not [f for f in by_status(d, "fail") if "project.name" in f.facts]


def test_2021_duplicate_of_any_past_project_fails() -> None:
    """Seed README: "2019 七（三）, 2021 三（一） and 2025 六（三） forbid duplicating *any past project*"."""
    d = gr.evaluate(BASE[2021], 2021, history=[past("approved", 2019)])
    assert d.outcome == "ineligible"
    assert "fail" in statuses(cited(d, P2021, "三", "（一）", fact="project.name"))


def test_2025_both_clauses_each_under_its_own_citation() -> None:
    """product.md: "Where one document has both an excellent-results clause and an any-past-project clause (2025:
    二（三） and 六（三）), a match under either is reported under its own citation."."""
    code = {"code": CODE_TANGGU}
    approved_only = gr.evaluate(BASE[2025], 2025, history=[past("approved", 2023, **code)])
    assert "fail" in statuses(cited(approved_only, P2025, "六", "（三）", fact="project.name"))
    assert "fail" not in statuses(cited(approved_only, P2025, "二", "（三）"))
    excellent = gr.evaluate(BASE[2025], 2025, history=[past("excellent_recognized", 2023, **code)])
    assert "fail" in statuses(cited(excellent, P2025, "二", "（三）"))


def test_same_name_from_another_unit_is_review_naming_the_record() -> None:
    """product.md: "the same name from another unit, or a near-identical name → review, naming the closest records"."""
    other = past("excellent_recognized", 2024, code=CODE_BINHAI_OTHER, unit="天津另一焊材有限公司")
    d = gr.evaluate(BASE[2026], 2026, history=[other])
    assert d.outcome == "needs_review"
    reviews = [f for f in by_status(d, "review") if "project.name" in f.facts]
    assert reviews
    assert any("天津另一焊材有限公司" in f.message("zh") or CODE_BINHAI_OTHER in f.message("zh") for f in reviews)
    assert all(f.remedy is not None and f.remedy.curable is None for f in reviews)  # "a near-duplicate name"


def test_near_identical_name_is_review() -> None:
    """product.md: "a near-identical name → review, naming the closest records"."""
    near = past("excellent_recognized", 2024, name="降低药芯焊丝焊接飞溅量")  # one character apart
    d = gr.evaluate(BASE[2026], 2026, history=[near])
    assert d.outcome == "needs_review"
    reviews = [f for f in by_status(d, "review") if "project.name" in f.facts]
    assert reviews
    assert any("降低药芯焊丝焊接飞溅量" in f.message("zh") for f in reviews)


def test_normalised_name_matches() -> None:
    """product.md: "the same unit with the same normalised project name" — full-width/half-width spacing and
    surrounding blanks do not make a different name."""
    d = gr.evaluate(
        app(2026, **{"project.name": "　降低药芯焊丝焊接飞溅率 "}), 2026, history=[past("excellent_recognized", 2024)]
    )
    assert d.outcome == "ineligible"


@pytest.mark.parametrize("place", ["外省市", "北京市海淀区", "河北省廊坊市", "上海市"])
@pytest.mark.parametrize("year", [2021, 2025, 2026])
def test_any_non_tianjin_place_is_outside(place: str, year: int) -> None:
    """product.md: `district` — "Tianjin district where registered; "外省市" (or any non-Tianjin place) when outside
    Tianjin"; "A unit that declares itself outside Tianjin fails a Tianjin plan."."""
    d = gr.evaluate(app(year, **{"applicant.district": place, "applicant.credit_code": CODE_BEIJING}), year)
    assert d.outcome == "ineligible"
    assert [f for f in by_status(d, "fail") if "applicant.district" in f.facts]
