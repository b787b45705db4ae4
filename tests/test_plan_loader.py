"""The strict loader (style.md practices 2 and 5): every fault at once, as file:line:column.

第九条 (a city plan published in the first half of its year) is a warning, not an error;
第二十七条 decides whether the 管理办法 governs a plan, and the file must say so consistently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gongguan_rules as gr
from gongguan_rules.law.data_files import plans_dir

PLAN_2026 = (plans_dir() / "2026.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "2027.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = text.splitlines()
    seen = 0
    for number, line in enumerate(lines, start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


#: The plans whose texts we hold, and the document each is published as.
PUBLISHED = {
    2019: "2019年滨海新区质量攻关活动方案",
    2021: "津质量组办〔2021〕1号",
    2025: "津滨市场监管质监〔2025〕4号",
    2026: "津市场监管质发〔2026〕2号",
}


def test_bundled_plans_load() -> None:
    """Every file of plans/ is a bundled plan that loads, named by its governing document; the
    four plans we hold the texts of name their documents as published."""
    years = gr.available_plans()
    assert years == sorted(int(p.stem) for p in plans_dir().glob("*.yaml"))
    documents = {y: gr.load_plan(y).document for y in years}
    assert all(documents[y] == gr.load_plan(y).governing_document.cite_as for y in years)
    assert PUBLISHED.items() <= documents.items()


def test_load_by_path_and_year_agree(tmp_path: Path) -> None:
    """A plan file loads by path exactly as by year."""
    by_path = gr.load_plan(write(tmp_path, PLAN_2026, "copy.yaml"))
    assert [r.id for r in by_path.rules] == [r.id for r in gr.load_plan(2026).rules]
    assert gr.load_plan(str(tmp_path / "copy.yaml")).year == 2026


def test_every_fault_reported_at_once_with_positions(tmp_path: Path) -> None:
    """Duplicate key, misspelt key, impossible date, unknown document, check and step: one error,
    every fault with its file:line:column, in line order."""
    text = PLAN_2026.replace("territory: 天津市\n", "territory: 天津市\nterritory: 天津市\n", 1)
    text = text.replace("procedure_cite:", "procedure_cit:", 1)
    text = text.replace("by: 2026-04-20", "by: 2026-02-30", 1)
    text = text.replace(
        "cite: {doc: city2026, article: 三, item: （一）}", "cite: {doc: city2062, article: 三, item: （一）}", 1
    )
    text = text.replace("check: direction\n", "check: directoin\n", 1)
    text = text.replace("params: {step: recommend_by_0420}", "params: {step: recommend_by_0402}", 1)
    path = write(tmp_path, text)
    with pytest.raises(gr.PlanError) as info:
        gr.load_plan(path)
    faults = info.value.faults
    codes = [f.code for f in faults]
    for code in ("duplicate_key", "extra_forbidden", "missing", "unknown_document", "unknown_check", "unknown_step"):
        assert code in codes, code
    assert any("2026-02-30" in f.message for f in faults)
    assert [f.line for f in faults] == sorted(f.line or 0 for f in faults)
    by_code = {f.code: f for f in faults}
    assert by_code["duplicate_key"].line == line_of(text, "territory: 天津市", 2)
    assert by_code["extra_forbidden"].line == line_of(text, "procedure_cit:")
    assert "did you mean 'procedure_cite'" in by_code["extra_forbidden"].message
    assert by_code["unknown_check"].line == line_of(text, "check: directoin")
    assert all(str(f).startswith(f"{path}:{f.line}:{f.column}: ") for f in faults)


def test_semantic_faults_reported_together(tmp_path: Path) -> None:
    """An impossible date, a citation to an unknown document and an unknown check, all at once."""
    text = PLAN_2026.replace("by: 2026-04-20", "by: 2026-02-30", 1)
    path = write(tmp_path, text)
    with pytest.raises(gr.PlanError) as info:
        gr.load_plan(path)
    (fault,) = info.value.faults
    assert fault.line == line_of(text, "by: 2026-02-30")
    assert "2026-02-30" in str(fault) or "date" in str(fault).lower()

    text = PLAN_2026.replace(
        "cite: {doc: city2026, article: 三, item: （一）}", "cite: {doc: city2062, article: 三, item: （一）}", 1
    )
    text = text.replace("check: direction\n", "check: directoin\n", 1)
    text = text.replace("params: {step: recommend_by_0420}", "params: {step: recommend_by_0402}", 1)
    path = write(tmp_path, text)
    with pytest.raises(gr.PlanError) as info:
        gr.load_plan(path)
    faults = {f.code: f for f in info.value.faults}
    assert set(faults) == {"unknown_document", "unknown_check", "unknown_step"}
    assert "city2026" in faults["unknown_document"].message
    assert "direction" in faults["unknown_check"].message
    assert "recommend_by_0420" in faults["unknown_step"].message
    assert faults["unknown_check"].line == line_of(text, "check: directoin")


def test_unsafe_yaml_is_refused(tmp_path: Path) -> None:
    """Only safe YAML: a Python tag is an error, never executed."""
    path = write(
        tmp_path,
        PLAN_2026.replace(
            "title: 2026年天津市质量攻关工作方案\n", "title: !!python/object/apply:os.system ['true']\n", 1
        ),
    )
    with pytest.raises(gr.PlanError) as info:
        gr.load_plan(path)
    assert info.value.faults[0].line == line_of(PLAN_2026, "title: 2026年天津市质量攻关工作方案")


def test_deadline_outside_the_plan_year(tmp_path: Path) -> None:
    """A 2027 plan that kept 2026's deadline is caught (a date outside the plan's year)."""
    text = PLAN_2026.replace("year: 2026", "year: 2027", 1).replace("issued_on: 2026-03-23", "issued_on: 2027-03-20", 1)
    with pytest.raises(gr.PlanError) as info:
        gr.load_plan(write(tmp_path, text))
    codes = {f.code for f in info.value.faults}
    assert "date_outside_year" in codes and codes <= {"date_outside_year", "date_before_issue"}


def test_regulation_span_must_match_the_issue_date(tmp_path: Path) -> None:
    """第二十七条: a plan issued in the span is governed by the 管理办法; the file must say so."""
    text = PLAN_2026.replace("regulation_governs: true", "regulation_governs: false", 1)
    with pytest.raises(gr.PlanError) as info:
        gr.load_plan(write(tmp_path, text))
    (fault,) = info.value.faults
    assert fault.code == "regulation_span"
    assert fault.line == line_of(text, "regulation_governs: false")


def test_first_half_publication_is_a_warning(tmp_path: Path) -> None:
    """第九条: a city plan issued in July loads, with a warning on the plan and from validate."""
    text = PLAN_2026.replace("issued_on: 2026-03-23", "issued_on: 2026-03-23", 1)
    text = text.replace("issued_on: 2026-03-23", "issued_on: 2026-07-01", 1).replace(
        "by: 2026-04-20", "by: 2026-07-20", 1
    )
    path = write(tmp_path, text)
    plan = gr.load_plan(path)
    assert len(plan.warnings) == 1 and "第九条" in plan.warnings[0]
    faults, warnings = gr.validate_plan_file(path)
    assert faults == [] and warnings[: len(plan.warnings)] == list(plan.warnings)


def test_missing_file_and_unknown_year(tmp_path: Path) -> None:
    """Errors name the file: a missing file, an unknown bundled year."""
    with pytest.raises(gr.PlanError) as info:
        gr.load_plan(tmp_path / "nope.yaml")
    assert str(tmp_path / "nope.yaml") in str(info.value)
    with pytest.raises(gr.PlanError) as info:
        gr.load_plan(2099)
    assert ", ".join(str(y) for y in gr.available_plans()) in str(info.value)


def test_plan_error_carries_data() -> None:
    """PlanError is a ValueError and a GongguanError with its position as attributes."""
    err = gr.PlanError([gr.PlanFault("p.yaml", 3, 5, "x", "bad")])
    assert isinstance(err, ValueError) and isinstance(err, gr.GongguanError)
    assert (err.path, err.line, err.column) == ("p.yaml", 3, 5)
    assert str(err) == "p.yaml:3:5: bad"
