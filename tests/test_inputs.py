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
