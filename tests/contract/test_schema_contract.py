"""product.md, "The JSON Schema is exactly the accepted input": `gongguan-rules schema` accepts every input the
library accepts without warnings and refuses every input it refuses or warns about."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr

from .support import BASE, app, event, run_cli, set_path


@cache
def schemas() -> dict[str, Any]:
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"application", "event", "decision"}
    return data


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    schema = schemas()[name]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_accepts(name: str, instance: Any) -> bool:
    return validator(name).is_valid(instance)


def library_accepts_application(instance: Any) -> bool:
    """Accepted without warnings (product.md: "refuses every input it refuses or warns about")."""
    try:
        d = gr.evaluate(instance, 2026)
    except gr.InputError:
        return False
    return not d.warnings


def library_accepts_event(instance: Any) -> bool:
    try:
        d = gr.evaluate_event(instance, 2026)
    except gr.InputError:
        return False
    return not d.warnings


def test_schema_command_prints_application_event_and_decision() -> None:
    """product.md: "`gongguan-rules schema` (and the service's OpenAPI document)"; docs/cli.md: `schema [NAME]` —
    the JSON Schema of the application, event, decision."""
    for name in ("application", "event", "decision"):
        validator(name)  # a valid JSON Schema
    single = run_cli("schema", "event")
    assert single.returncode == 0
    assert json.loads(single.stdout) == schemas()["event"]


@pytest.mark.parametrize("year", [2019, 2021, 2025, 2026])
def test_the_base_applications_are_valid(year: int) -> None:
    """product.md: the schema "accepts every input the library accepts without warnings"."""
    assert library_accepts_application(BASE[year])
    assert schema_accepts("application", BASE[year])


@pytest.mark.parametrize(
    "changes",
    [
        {"applicant.nmae": "天津某焊材有限公司"},  # misspelt key inside a part
        {"recomended_on": "2026-04-18"},  # misspelt key at the top
        {"project.start_data": "2024-06-01"},
        {"declarations.orginal": True},
        {"recommender.knd": "区市场监管局"},
        {"applicant.address": "天津市宝坻区"},  # a key no one defined
    ],
)
def test_a_misspelt_key_is_refused(changes: dict[str, Any]) -> None:
    """product.md: "objects are closed (a misspelt key is refused)"; the library refuses it or warns about it."""
    instance = app(2026, **changes)
    assert not schema_accepts("application", instance)
    assert not library_accepts_application(instance)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("applicant.org_type", "企业"),
        ("applicant.org_type", "事业单位"),
        ("applicant.org_type", "个体工商户"),
        ("recommender.kind", "区市场监管局"),
        ("recommender.kind", "市级行业主管部门"),
        ("recommender.kind", "行业协会"),
        ("recommender.kind", "质量工作领导小组成员单位"),
        ("project.direction", "质量共性技术攻关"),
        ("project.direction", "质量精准提升攻关"),
        ("project.topic_type", "问题解决型"),
        ("project.topic_type", "创新型"),
        ("project.expected_benefits", ["提质增效", "节能降耗", "优化服务", "自主创新"]),
        ("materials", ["申报书", "可行性分析", "预期成效"]),
    ],
)
def test_chinese_enum_names_are_accepted_by_both(path: str, value: Any) -> None:
    """product.md: "enums list the Chinese names beside the ids (... the schema need only list each value as written
    in this contract)"."""
    instance = app(2026, **{path: value})
    assert schema_accepts("application", instance), path
    try:
        gr.evaluate(instance, 2026)
    except gr.InputError as exc:  # pragma: no cover - the assertion says what went wrong
        pytest.fail(str(exc))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("applicant.org_type", "公司"),
        ("applicant.org_type", "企事业单位"),
        ("applicant.org_type", "社会团体"),
        ("recommender.kind", "区市场监督管理局"),
        ("recommender.kind", "开发区市场监管局"),
        ("materials", ["申报表"]),
        ("project.expected_benefits", ["节约能源降低消耗"]),
    ],
)
def test_other_spellings_agree(path: str, value: Any) -> None:
    """product.md: the schema "accepts every input the library accepts without warnings and refuses every input it
    refuses or warns about"; only case and surrounding spaces are forgiven by the library alone ("the library also
    forgives case and surrounding spaces; the schema need only list each value as written in this contract"). A
    further spelling is either in both or in neither."""
    instance = app(2026, **{path: value})
    assert schema_accepts("application", instance) == library_accepts_application(instance)


@pytest.mark.parametrize(
    ("path", "value"), [("applicant.org_type", " ENTERPRISE "), ("recommender.kind", "District_Market_Regulator")]
)
def test_case_and_spaces_are_forgiven_by_the_library(path: str, value: str) -> None:
    """product.md: "the library also forgives case and surrounding spaces"."""
    assert library_accepts_application(app(2026, **{path: value}))


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2026-04-18", True),
        ("2026-04-18T10:30:00+08:00", True),
        ("2026-04-18T02:30:00Z", True),
        ("2026-04-18T10:30:00", True),  # no offset: Beijing time
        ("2026-04-18T10:30:00.5+08:00", True),
        ("2026-04", False),
        ("20260418", False),
        ("2026-W16-6", False),
        ("2026-108", False),  # ordinal date
        ("2026/4/18", False),  # the table reader alone takes what offices type
        ("2026年4月18日", False),
        ("2026-4-18", False),
        ("2026-02-30", False),
        ("18/04/2026", False),
        ("2026-04-18T25:00:00+08:00", False),
    ],
)
def test_date_forms_agree(value: str, accepted: bool) -> None:
    """product.md: "dates are ISO calendar dates `YYYY-MM-DD` and datetimes are RFC 3339 (an offset, or none for
    Beijing time). So that the two can agree, the API reads only those date forms: `2026-04`, `20260418`, week dates
    and the like are InputError. The table reader alone also takes what offices type"."""
    for path in ("recommended_on", "submitted_to_recommender_on", "project.start_date"):
        instance = app(2026, **{path: value})
        assert schema_accepts("application", instance) is accepted, (path, value)
        if accepted:
            gr.evaluate(instance, 2026)
        else:
            with pytest.raises(gr.InputError) as caught:
                gr.evaluate(instance, 2026)
            assert path in str(caught.value)


@pytest.mark.parametrize("value", ["2026-04", "20260418", "2026-W16-6", "2026/4/18"])
def test_date_forms_of_events_and_as_of(value: str) -> None:
    """product.md: "`2026-04`, `20260418`, week dates and the like are InputError" — events' dates and `as_of` too."""
    e = event("recommended", value, 2026)
    assert not schema_accepts("event", e)
    with pytest.raises(gr.InputError) as caught:
        gr.evaluate_event(e, 2026)
    assert "date" in str(caught.value)
    with pytest.raises(gr.InputError):
        gr.evaluate(BASE[2026], 2026, as_of=value)


@pytest.mark.parametrize(
    "instance",
    [
        {"kind": "推荐", "date": "2026-04-18", "year": 2026},
        {"kind": "撤销认定", "date": "2026-05-01", "reason": "提供虚假材料", "public_notice": True},
        {"kind": "recognition_revoked", "date": "2026-05-01", "reason": "不正当手段"},
        {
            "kind": "评定",
            "date": "2026-10-10",
            "experts": [{"name": "王某", "affiliation": "天津大学", "conflict_declared": False}],
        },
        {"kind": "fee_charged", "date": "2026-10-10", "amount": 0},
    ],
)
def test_events_with_chinese_kinds_are_valid(instance: dict[str, Any]) -> None:
    """product.md: "Event kinds (Chinese aliases accepted)"; revocation reason `false_materials` 提供虚假材料 |
    `improper_means` 不正当手段."""
    assert schema_accepts("event", instance)
    assert library_accepts_event(instance)


@pytest.mark.parametrize(
    "instance",
    [
        {"kind": "推荐", "date": "2026-04-18", "yaer": 2026},
        {"kind": "评定", "date": "2026-10-10", "experts": [{"name": "王某", "afiliation": "天津大学"}]},
        {"kind": "开会", "date": "2026-04-18"},
        {"date": "2026-04-18"},
        {"kind": "recognition_revoked", "reason": "lied"},
    ],
)
def test_events_refused_by_both(instance: dict[str, Any]) -> None:
    """product.md: objects are closed, enums are closed; the library refuses or warns about the same inputs."""
    assert not schema_accepts("event", instance)
    assert not library_accepts_event(instance)


def test_a_decision_validates_against_the_decision_schema() -> None:
    """docs/cli.md: the decision's schema is "as written by `model_dump(mode="json")`"."""
    for year in (2019, 2021, 2025, 2026):
        for application in (BASE[year], {}):
            dumped = gr.evaluate(application, year).model_dump(mode="json")
            validator("decision").validate(dumped)


# ------------------------------------------------------------------ a property: the two agree

FIELD_VALUES: dict[str, list[Any]] = {
    "applicant.org_type": ["企业", "enterprise", "company", 3, None, "", "公司", "社会团体", "企事业单位"],
    "applicant.credit_code": ["91120224064012553U", 91120224, None],
    "applicant.recognized_by_authority": [True, False, "maybe", None],
    "project.direction": ["质量共性技术攻关", "common_technology", "sideways", None],
    "project.expected_benefits": [[], ["提质增效"], ["x"], "提质增效", None],
    "project.start_date": ["2024-06-01", "2024-06", "2024-06-01T08:00:00+08:00", 20240601, None, "2024-06-31"],
    "materials": [["申报书"], ["application_form", "x"], "申报书", None],
    "declarations.truthful": [True, False, "yes?", None],
    "recommender.kind": [
        "区市场监管局",
        "district_market_regulator",
        "区政府",
        None,
        "区市场监督管理局",
        "开发区/功能区市场监管局",
    ],
    "recommended_on": ["2026-04-18", "2026-04-18T23:59:00+08:00", "20260418", "2026/04/18", None],
    "applicant.nmae": ["x"],
    "project.extra": [1],
    "extra": [True],
}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.sampled_from(sorted(FIELD_VALUES)).flatmap(
            lambda p: st.tuples(st.just(p), st.sampled_from(FIELD_VALUES[p]))
        ),
        max_size=4,
    )
)
def test_schema_and_library_agree(changes: list[tuple[str, Any]]) -> None:
    """product.md: "**The JSON Schema is exactly the accepted input.** `gongguan-rules schema` ... accepts every input
    the library accepts without warnings and refuses every input it refuses or warns about"."""
    instance = copy.deepcopy(BASE[2026])
    for path, value in changes:
        set_path(instance, path, value)
    assert schema_accepts("application", instance) == library_accepts_application(instance), changes
