"""Reading input (product.md, "Inputs and history"): clear errors naming the field path, Chinese
enum names accepted, empty strings as absent, dates in Beijing time, nothing mutated."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

import gongguan_rules as gr
from hostile import HOSTILE_PLANS

EXAMPLE = yaml.safe_load((Path(__file__).parents[1] / "examples" / "application-2026.yaml").read_text(encoding="utf-8"))


def app(**changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(EXAMPLE)
    for path, value in changes.items():
        node = out
        parts = path.split("__")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"project__start_date": "not a date"}, "project.start_date"),
        ({"project__start_date": "2024-02-30"}, "project.start_date"),
        ({"applicant__org_type": "corporation"}, "applicant.org_type"),
        ({"project__expected_benefits": ["quality_efficiency", "fame"]}, "project.expected_benefits[1]"),
        ({"recommender__kind": 7}, "recommender.kind"),
        ({"applicant": ["not", "a", "mapping"]}, "applicant"),
        ({"declarations__truthful": "maybe"}, "declarations.truthful"),
        ({"materials": "application_form"}, "materials"),
    ],
)
def test_unreadable_input_names_the_field(changes: dict[str, Any], path: str) -> None:
    """InputError (a ValueError) names the field path of what cannot be read."""
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(**changes), 2026)
    assert info.value.loc == path
    assert str(info.value).startswith(path)
    assert isinstance(info.value, ValueError)


def test_not_a_mapping() -> None:
    with pytest.raises(gr.InputError) as info:
        gr.evaluate("application", 2026)  # type: ignore[arg-type]
    assert info.value.loc == "application"


def test_history_errors_name_the_item() -> None:
    """A bad history record is reported with its index: history[1].date."""
    history = [{"kind": "approved", "year": 2025, "project_name": "x"}, {"kind": "approved", "date": "soon"}]
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(), 2026, history=history)
    assert info.value.loc == "history[1].date"
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(), 2026, history=[{"kind": "hatched"}])
    assert info.value.loc == "history[0].kind"


def test_chinese_names_and_case_are_accepted() -> None:
    """Enum values are matched after trimming and ignoring case; Chinese names are accepted."""
    chinese = app(
        applicant__org_type=" 企业 ",
        project__direction="质量精准提升攻关",
        project__expected_benefits=["提质增效", "ENERGY_SAVING"],
        recommender__kind="区市场监管局",
        materials=["申报书", "可行性分析", "预期成效"],
    )
    assert gr.evaluate(chinese, 2026).model_dump() == gr.evaluate(EXAMPLE, 2026).model_dump()


def test_empty_string_is_absent() -> None:
    """An empty string is the same as an absent field (review, not fail)."""
    d = gr.evaluate(app(applicant__district=""), 2026)
    assert d.finding("reg.art8.1.registration").status == "review"  # type: ignore[union-attr]
    assert d.outcome == "needs_review"


def test_empty_list_is_a_declared_fact() -> None:
    """expected_benefits: [] is declared (fail, 第八条（二）); absent is unknown (review)."""
    declared = gr.evaluate(app(project__expected_benefits=[]), 2026)
    assert declared.finding("reg.art8.2.benefits").status == "fail"  # type: ignore[union-attr]
    absent = app()
    del absent["project"]["expected_benefits"]
    assert gr.evaluate(absent, 2026).finding("reg.art8.2.benefits").status == "review"  # type: ignore[union-attr]


def test_input_is_never_mutated() -> None:
    """Nothing the caller gave is lost or mutated."""
    given = app(recommended_on=datetime(2026, 4, 20, 23, 59, tzinfo=timezone(timedelta(hours=8))))
    history = [
        {
            "kind": "approved",
            "year": 2024,
            "credit_code": "91120224064012553U",
            "project_name": "降低药芯焊丝焊接飞溅率",
        }
    ]
    before = copy.deepcopy((given, history))
    gr.evaluate(given, 2026, history=history)
    assert (given, history) == before


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        ("2026-04-20", "pass"),
        ("2026-04-21", "fail"),
        ("2026-04-20T23:59:00+08:00", "pass"),
        ("2026-04-21T00:01:00+08:00", "fail"),
        ("2026-04-20T15:59:00Z", "pass"),  # 23:59 in Beijing
        ("2026-04-20T16:01:00Z", "fail"),  # 00:01 on 4月21日 in Beijing
        ("2026-04-20T23:30:00", "pass"),  # naive: read as Beijing time
    ],
)
def test_deadline_is_inclusive_in_beijing_time(moment: str, status: str) -> None:
    """2026 四（一）“4月20日前” ends at 24:00 Beijing time on 4月20日 (民法典 第二百零三条)."""
    d = gr.evaluate(app(recommended_on=moment), 2026)
    assert d.finding("plan.deadline.recommended").status == status  # type: ignore[union-attr]


def test_decision_round_trips_through_json() -> None:
    """model_dump(mode="json") is JSON-ready and Decision.model_validate reads it back equal."""
    import json

    d = gr.evaluate(app(project__start_date="2023-05-01"), 2026)
    text = json.dumps(d.model_dump(mode="json"), ensure_ascii=False)
    back = gr.Decision.model_validate(json.loads(text))
    assert back == d
    assert back.findings[0].citations[0].document == "津政办规〔2023〕12号"


def test_unknown_fields_are_reported_not_dropped_silently() -> None:
    """A misspelt field is not an error (other systems may send more) but the decision says so."""
    given = app()
    given["applicant"]["credit_cod"] = given["applicant"].pop("credit_code")
    d = gr.evaluate(given, 2026)
    assert any("applicant.credit_cod" in w and "applicant.credit_code" in w for w in d.warnings)
    assert d.finding("plan.identity.credit_code").status == "review"  # type: ignore[union-attr]
    assert gr.evaluate(app(), 2026).warnings == []


# ------------------------------------------------------------- issue 10: only a Decision or an InputError


def test_the_api_reads_iso_dates_and_rfc_3339_datetimes_only() -> None:
    """product.md: the API reads only ISO calendar dates and RFC 3339 datetimes, so that the schema
    can say exactly what it accepts; the office forms are InputError naming the field."""
    for text in ("2026-04", "20260418", "2026-W16-6", "2026-108", "2026/4/18", "2026年4月18日", "2026-04-18T10:00"):
        with pytest.raises(gr.InputError) as info:
            gr.evaluate(app(recommended_on=text), 2026)
        assert info.value.loc == "recommended_on", text
    for text in (
        "2026-04-18",
        " 2026-04-18 ",
        "2026-04-18T10:00:00",
        "2026-04-18t10:00:00.5z",
        "2026-04-18 10:00:00+08:00",
    ):
        assert gr.evaluate(app(recommended_on=text), 2026).finding("plan.deadline.recommended").status == "pass"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T23:00:00-05:00",
        "0001-01-01T00:00:00+09:00",
        datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
        datetime(1, 1, 1, 0, tzinfo=timezone(timedelta(hours=9))),
    ],
)
def test_a_datetime_carried_off_the_calendar_is_an_input_error(moment: Any) -> None:
    """Issue 10: a datetime whose offset moves it past 9999-12-31 or before 0001-01-01 in Beijing
    time raised OverflowError; now it is InputError naming the field."""
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(recommended_on=moment), 2026)
    assert info.value.loc == "recommended_on"
    with pytest.raises(gr.InputError) as info:
        gr.evaluate_event({"kind": "approved", "date": moment}, 2026)
    assert info.value.loc == "event.date"


def test_a_bar_running_past_the_calendar_is_judged() -> None:
    """第二十五条 5年内: a revocation dated 9999-06-01 bars its unit past every date the calendar has
    (ValueError before); the revocation is judged, and so is every later application of the unit."""
    code = EXAMPLE["applicant"]["credit_code"]
    revocation = {
        "kind": "recognition_revoked",
        "date": "9999-06-01",
        "credit_code": code,
        "project_name": "降低药芯焊丝焊接飞溅率",
        "reason": "提供虚假材料",
    }
    recognized = {**revocation, "kind": "excellent_recognized", "date": "2025-12-01", "reason": None}
    decision = gr.evaluate_event(revocation, 2026, history=[recognized])
    assert decision.effects["debarred_until"] == "9999-12-31"
    history = [recognized, revocation]
    later = gr.evaluate(app(submitted_to_recommender_on="9999-12-31", recommended_on=""), 2026, history=history)
    assert later.finding("reg.art25.debarment").status == "fail"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"applicant__org_type": "企业\ud800"}, "applicant.org_type"),
        ({"applicant__name": "天津\udfff"}, "applicant.name"),
        ({"project__expected_benefits": ["提质增效", "\ud83d"]}, "project.expected_benefits[1]"),
        ({"recommender__kind": "\udc80"}, "recommender.kind"),
    ],
)
def test_a_lone_surrogate_is_an_input_error_naming_the_field(changes: dict[str, Any], path: str) -> None:
    """Issue 10: a lone surrogate gave UnicodeEncodeError, or a Decision that could not be serialised."""
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(**changes), 2026)
    assert info.value.loc == path
    str(info.value).encode("utf-8")  # the error itself can be printed


def test_a_lone_surrogate_in_an_event_kind_or_a_key() -> None:
    with pytest.raises(gr.InputError) as info:
        gr.evaluate_event({"kind": "\ud800"}, 2026)
    assert info.value.loc == "event.kind"
    with pytest.raises(gr.InputError) as info:
        gr.evaluate({**app(), "\ud800x": 1}, 2026)
    assert "\\ud800x" in info.value.loc
    str(info.value).encode("utf-8")
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(), 2026, history=[{"kind": "approved", "project_name": "x", "unit": "y", "n\udfffote": 1}])
    assert info.value.loc.startswith("history[0].")


def test_deep_nesting_where_a_bool_is_expected() -> None:
    """Issue 10: a deeply nested list where a bool is expected raised RecursionError."""
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(declarations__truthful=deep), 2026)
    assert info.value.loc == "declarations.truthful"
    with pytest.raises(gr.InputError) as info:
        gr.evaluate_event({"kind": "approved", "public_notice": deep, "experts": [deep]}, 2026)
    assert {loc for loc, _ in info.value.errors} == {"event.public_notice", "event.experts[0]"}


@pytest.mark.parametrize(
    "plan",
    HOSTILE_PLANS,
    ids=lambda plan: type(plan).__name__,
)
def test_a_plan_that_names_no_plan_is_an_input_error_naming_plan(plan: Any) -> None:
    """Issue 10: a huge integer, "²", NUL or a path that is not a plan raised OSError/ValueError."""
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(), plan)
    assert info.value.loc == "plan"
    str(info.value).encode("utf-8")


def test_a_file_called_2026_never_shadows_the_bundled_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10: only a path that names a plan file replaces a bundled plan; text of digits is a year."""
    from gongguan_rules.cli.common import plan_ref

    monkeypatch.chdir(tmp_path)
    (tmp_path / "2026").write_text("not: a plan\n", encoding="utf-8")
    assert gr.load_plan("2026") is gr.load_plan(2026)
    assert gr.evaluate(app(), "2026").outcome == "eligible"
    assert plan_ref("2026") == 2026 and plan_ref(" 2026 ") == 2026 and plan_ref("./2026") == "./2026"
    with pytest.raises(gr.PlanError):
        gr.load_plan("./2026")  # the file, when the path says so


def test_a_plan_error_from_evaluate_is_also_an_input_error(tmp_path: Path) -> None:
    """A plan file that cannot be loaded, named as evaluate's plan, is an InputError naming plan and
    a PlanError with its faults (file:line:column)."""
    path = tmp_path / "2027.yaml"
    path.write_text("year: [\n", encoding="utf-8")
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(), str(path))
    assert info.value.loc == "plan"
    assert isinstance(info.value, gr.PlanError) and info.value.faults[0].line is not None


def test_a_10_mb_field_gives_a_short_error_line() -> None:
    """Issue 10, item 5: a 10 MB value is quoted shortened, with its length, in errors and warnings."""
    huge = "滨" * 10_000_000
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(applicant__org_type=huge), 2026)
    assert len(str(info.value)) < 1_000 and "10000000" in str(info.value)
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(recommended_on=huge), 2026)
    assert len(str(info.value)) < 1_000
    decision = gr.evaluate({**app(), huge: 1}, 2026)
    assert len(decision.warnings) == 1 and len(decision.warnings[0]) < 1_000


def test_many_bad_items_give_a_bounded_error() -> None:
    """A list of 100,000 unknown values: the first errors by name, the rest counted."""
    with pytest.raises(gr.InputError) as info:
        gr.evaluate(app(materials=["x"] * 100_000), 2026)
    assert len(info.value.errors) == 21 and "99980 more errors" in str(info.value)
