"""The JSON Schema is exactly the accepted input (product.md, "The JSON Schema is exactly the accepted
input"; issue 8 item 5).

Inputs that ``gr.evaluate`` / ``gr.evaluate_event`` read without an unknown-field warning validate
against ``gongguan-rules schema``; inputs that raise InputError or draw an unknown-field warning do
not. Applications, events and history lists are generated with hypothesis, valid and invalid mixed,
and judged by both; the one forgiveness the schema does not spell out (enum values and yes/no
words in another case or with blanks around them) is not generated. README's own examples validate.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import gongguan_rules as gr
from gongguan_rules.judging.schema import history_schema, json_schemas
from gongguan_rules.law.strict_yaml import read_yaml
from gongguan_rules.law.vocab import (
    Benefit,
    Direction,
    EventKind,
    Material,
    OrgType,
    RecommenderKind,
    RevocationReason,
    TopicType,
    accepted_spellings,
    parse_enum,
)

ROOT = Path(__file__).parents[1]
SCHEMAS = json_schemas()
VALIDATORS = {
    "application": Draft202012Validator(SCHEMAS["application"]),
    "event": Draft202012Validator(SCHEMAS["event"]),
    "history": Draft202012Validator(history_schema()),
}
EXAMPLE = read_yaml((ROOT / "examples" / "application-2026.yaml").read_text(encoding="utf-8")).data
EXAMPLES = settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def library_reads(kind: str, value: Any) -> bool:
    """Whether the library reads ``value`` without InputError and without an unknown-field warning."""
    try:
        if kind == "application":
            decision = gr.evaluate(value, 2026)
        elif kind == "event":
            decision = gr.evaluate_event(value, 2026)
        else:
            decision = gr.evaluate(EXAMPLE, 2026, history=value)
    except gr.InputError:
        return False
    return not any("unknown field" in warning for warning in decision.warnings)


def schema_reads(kind: str, value: Any) -> bool:
    return bool(VALIDATORS[kind].is_valid(value))


# ----------------------------------------------------------------------------- values

BLANKS = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
blank = st.text(alphabet=BLANKS, max_size=3)
surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
with_surrogate = st.tuples(st.text(max_size=3), surrogate, st.text(max_size=3)).map("".join)
json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8)
)
json_value = st.recursive(
    json_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
)


def mix(valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly valid values, now and then an invalid one: so that whole objects come out both ways."""
    return st.integers(0, 12).flatmap(lambda i: invalid if i == 0 else valid)


def listed(enum: type[StrEnum]) -> list[str]:
    return sorted(set(accepted_spellings(enum)) | {m.value for m in enum})


def forgiven_enum(enum: type[StrEnum], value: object) -> bool:
    """Another case or blanks around a listed value: read by the library, not listed by the schema."""
    return isinstance(value, str) and value not in listed(enum) and parse_enum(enum, value) is not None


def enum_value(enum: type[StrEnum]) -> st.SearchStrategy[Any]:
    other = st.one_of(st.text(max_size=8), with_surrogate, json_value).filter(lambda v: not forgiven_enum(enum, v))
    return mix(st.sampled_from(listed(enum)), other)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return mix(strategy, st.one_of(blank, st.none()))


YES_NO = ["true", "yes", "y", "1", "是", "有", "对", "真", "false", "no", "n", "0", "否", "无", "不", "假"]
bools = mix(
    st.one_of(st.booleans(), st.sampled_from([*YES_NO, 0, 1, 0.0, 1.0])),
    st.one_of(
        st.sampled_from([2, -1, 0.5]),
        st.one_of(st.text(max_size=6), json_value).filter(
            lambda v: not (isinstance(v, str) and v not in YES_NO and v.strip().lower() in YES_NO)
        ),
    ),
)

OFFSETS = ["", "Z", "z", "+08:00", "-00:00", "+00:00", "-05:00", "+05:45", "+14:00", "-12:00", "+23:59", "-23:59"]
iso_dates = st.dates().map(lambda d: d.isoformat())
datetimes = st.builds(
    lambda moment, sep, fraction, offset: moment.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + fraction + offset,
    st.datetimes(),
    st.sampled_from(["T", "t", " "]),
    st.sampled_from(["", ".5", ".123456", ".123456789"]),
    st.sampled_from(OFFSETS),
)
NOT_API_DATES = [
    "2026-04",
    "20260418",
    "2026-W16-6",
    "2026-W16",
    "2026-108",
    "2026/4/18",
    "2026.4.18",
    "2026年4月18日",
    "2026-4-8",
    "2026-04-18T10:00",
    "2026-04-18T24:00:00",
    "2026-04-18T10:00:60",
    "2026-04-18T10:00:00+24:00",
    "2026-04-18T10:00:00+0800",
    "18/04/2026",
    "+2026-04-18",
    "２０２６-04-18",
]
any_day = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)
)
dates = mix(
    st.one_of(iso_dates, datetimes, st.tuples(blank, iso_dates, blank).map("".join)),
    st.one_of(st.sampled_from(NOT_API_DATES), any_day, with_surrogate, json_value),
)
texts = mix(
    st.one_of(st.text(max_size=10), st.integers(-(2**63), 2**63)),
    st.one_of(
        st.integers(), st.integers(-(2**64), 2**64), st.floats(allow_nan=False, allow_infinity=False), with_surrogate
    ),
)
years = mix(
    st.one_of(st.integers(1990, 2100), st.integers(1990, 2100).map(str), st.just(2026.0)),
    st.one_of(
        st.integers(),
        st.sampled_from([" 2026 ", "２０２６", "02026", "1989", "2101", "2026.0", "MMXXVI", 2026.5, 1989]),
        st.booleans(),
        json_value,
    ),
)
amounts = mix(
    st.one_of(st.integers(0, 10**6), st.floats(0, 1e9)),
    st.one_of(
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(2**1020, 2**1030),
        st.sampled_from(["5", "0", True, False]),
        json_value,
    ),
)


def enum_list(enum: type[StrEnum]) -> st.SearchStrategy[Any]:
    return mix(st.lists(enum_value(enum), max_size=3), json_value)


def closed_object(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """An object of known fields, now and then with an unknown key (a misspelling, or a surrogate)."""
    known = st.fixed_dictionaries({}, optional=fields)
    unknown_key = st.one_of(st.text(max_size=6), with_surrogate).filter(lambda k: k not in fields)
    extra = mix(st.just({}), st.dictionaries(unknown_key, json_value, min_size=1, max_size=1))
    return st.tuples(known, extra).map(lambda pair: {**pair[0], **pair[1]})


def part(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """A nested part: an object, or absent as null or a blank string, or anything else."""
    return mix(mix(closed_object(fields), st.one_of(blank, st.none())), json_value)


RECOMMENDER = {"name": optional(texts), "kind": optional(enum_value(RecommenderKind))}
applications = closed_object(
    {
        "id": optional(texts),
        "applicant": part(
            {
                "name": optional(texts),
                "credit_code": optional(texts),
                "org_type": optional(enum_value(OrgType)),
                "district": optional(texts),
                "recognized_by_authority": optional(bools),
            }
        ),
        "project": part(
            {
                "name": optional(texts),
                "sector": optional(texts),
                "direction": optional(enum_value(Direction)),
                "topic_type": optional(enum_value(TopicType)),
                "start_date": optional(dates),
                "expected_benefits": optional(enum_list(Benefit)),
            }
        ),
        "materials": optional(enum_list(Material)),
        "declarations": part({name: optional(bools) for name in ("original", "no_confidential_content", "truthful")}),
        "recommender": part(RECOMMENDER),
        "submitted_to_recommender_on": optional(dates),
        "recommended_on": optional(dates),
    }
)
EXPERT = {
    "name": optional(texts),
    "affiliation": optional(texts),
    "affiliation_credit_code": optional(texts),
    "conflict_declared": optional(bools),
    "withdrawn": optional(bools),
}
EVENT_FIELDS = {
    "id": optional(texts),
    "date": optional(dates),
    "year": optional(years),
    "credit_code": optional(texts),
    "unit": optional(texts),
    "project_name": optional(texts),
    "district": optional(texts),
    "recommender": part(RECOMMENDER),
    "reason": optional(enum_value(RevocationReason)),
    "public_notice": optional(bools),
    "experts": optional(mix(st.lists(part(EXPERT), max_size=3), json_value)),
    "amount": optional(amounts),
    "charged_by": optional(texts),
    "notice_deadline": optional(dates),
}
kinds = mix(enum_value(EventKind), st.one_of(st.none(), blank, st.just(None)))
events = st.tuples(kinds, st.integers(0, 9), closed_object(EVENT_FIELDS)).map(
    lambda parts: {"kind": parts[0], **parts[2]} if parts[1] else parts[2]
)
histories = mix(st.lists(events, max_size=4), json_value)


# ----------------------------------------------------------------------------- the properties


@EXAMPLES
@given(applications)
def test_applications_read_exactly_as_the_schema_says(application: dict[str, Any]) -> None:
    """product.md: the schema accepts every application the library reads without a warning, and
    refuses every one that raises InputError or draws an unknown-field warning."""
    assert library_reads("application", application) == schema_reads("application", application)


@EXAMPLES
@given(events)
def test_events_read_exactly_as_the_schema_says(event: dict[str, Any]) -> None:
    """product.md "History and events": the same for events, Chinese kinds and reasons included."""
    assert library_reads("event", event) == schema_reads("event", event)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(histories)
def test_history_lists_read_exactly_as_the_schema_says(history: Any) -> None:
    """product.md "Inputs and history": a history list is events; an unknown key in one of them
    is a warning (history[2].note), and the schema refuses it."""
    assert library_reads("history", history) == schema_reads("history", history)


@pytest.mark.parametrize(
    ("kind", "value", "accepted"),
    [
        ("application", {"project": {"start_date": "2024-06-01"}}, True),
        ("application", {"recommended_on": "2026-04-20T23:59:00+08:00"}, True),
        ("application", {"recommended_on": "2026-04-20T15:59:00Z"}, True),
        ("application", {"recommended_on": "2026-04-20T23:30:00"}, True),
        ("application", {"recommended_on": "2026-04"}, False),
        ("application", {"recommended_on": "20260418"}, False),
        ("application", {"recommended_on": "2026-W16-6"}, False),
        ("application", {"recommended_on": "2026/4/18"}, False),
        ("application", {"recommended_on": "2026年4月18日"}, False),
        ("application", {"recommended_on": "9999-12-31T23:00:00-05:00"}, False),
        ("application", {"applicant": {"org_type": "企业"}}, True),
        ("application", {"applicant": {"org_type": "corporation"}}, False),
        ("application", {"applicant": {"credit_code": 911101088001234555}}, True),
        ("application", {"applicant": {"credit_cod": "x"}}, False),
        ("application", {"materials": ""}, True),
        ("application", {"materials": []}, True),
        ("application", {"declarations": {"truthful": "是"}}, True),
        ("application", {"declarations": {"truthful": "maybe"}}, False),
        ("application", {"applicant": {"name": "天津\ud800"}}, False),
        ("event", {"kind": "推荐成果", "date": "2026-09-30T23:59:00+08:00"}, True),
        ("event", {"kind": "撤销认定", "reason": "提供虚假材料", "date": "9999-12-31"}, True),
        ("event", {"kind": "\ud800"}, False),
        ("event", {"kind": "approved", "year": "2026"}, True),
        ("event", {"kind": "approved", "year": 1989}, False),
        ("event", {"kind": "evaluated", "experts": [{"name": "张工", "conflict_declared": True}]}, True),
        ("event", {"kind": "evaluated", "experts": [{"nme": "张工"}]}, False),
        ("event", {"kind": "fee_charged", "amount": "5"}, False),
        ("event", {"date": "2026-05-20"}, False),
    ],
)
def test_named_cases(kind: str, value: dict[str, Any], accepted: bool) -> None:
    """The cases product.md names, each read alike by the library and the schema."""
    assert library_reads(kind, value) is accepted
    assert schema_reads(kind, value) is accepted


def test_schemas_are_valid_and_closed() -> None:
    """Every schema is valid draft 2020-12; every input object is closed (a misspelt key is
    caught at the boundary), nested ones included; enums list the Chinese names."""
    for schema in [*SCHEMAS.values(), history_schema()]:
        Draft202012Validator.check_schema(schema)
    for name in ("application", "event"):
        schema = SCHEMAS[name]
        objects = [schema, *schema.get("$defs", {}).values()]
        objects = [o for o in objects if o.get("type") == "object"]
        assert len(objects) >= (5 if name == "application" else 3)
        assert all(o.get("additionalProperties") is False for o in objects), name
    kind = SCHEMAS["event"]["properties"]["kind"]
    assert {"approved", "立项", "results_recommended", "推荐成果"} <= set(kind["enum"])


def test_a_datetime_is_judged_in_beijing_time_through_the_schema() -> None:
    """A datetime the schema accepts is judged on its Beijing date (民法典 第二百零三条)."""
    late = datetime(2026, 4, 20, 23, 30, tzinfo=timezone(timedelta(hours=-5))).isoformat()
    assert schema_reads("application", {"recommended_on": late})
    decision = gr.evaluate({**EXAMPLE, "recommended_on": late}, 2026)
    assert decision.finding("plan.deadline.recommended").status == "fail"  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- README's examples


def _objects_in(text: str) -> list[Any]:
    """Every JSON object or Python dict literal written in the code blocks of a Markdown text
    (an elided ``...`` removed)."""
    found: list[Any] = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        covered = 0  # an object inside one already read is part of it, not an example of its own
        for start in (m.start() for m in re.finditer(r"\{\s*\"", block)):
            if start < covered:
                continue
            depth = 0
            for end in range(start, len(block)):
                depth += {"{": 1, "}": -1}.get(block[end], 0)
                if depth == 0:
                    break
            covered = end + 1
            literal = re.sub(r",\s*\.\.\.", "", block[start : end + 1])
            try:
                found.append(json.loads(literal))
            except json.JSONDecodeError:
                try:
                    found.append(ast.literal_eval(literal))
                except (ValueError, SyntaxError):
                    continue
    return found


def _inputs(obj: Any) -> list[tuple[str, Any]]:
    """The applications, events and histories an example holds (a request body holds several)."""
    if not isinstance(obj, dict):
        return []
    if {"application", "event", "history"} & set(obj):
        out = [(k, obj[k]) for k in ("application", "event") if isinstance(obj.get(k), dict)]
        if isinstance(obj.get("history"), list) and obj["history"]:
            out.append(("history", obj["history"]))
        return out
    if "kind" in obj:
        return [("event", obj)]
    return [("application", obj)]


def test_readmes_examples_validate() -> None:
    """README's own examples (its code blocks and the example files it names) are valid input, and
    the library reads them without a warning."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples: list[tuple[str, Any]] = []
    for obj in _objects_in(readme):
        examples.extend(_inputs(obj))
    for name in sorted(set(re.findall(r"examples/[\w.-]+\.(?:ya?ml|json)", readme))):
        text = (ROOT / name).read_text(encoding="utf-8")
        examples.extend(_inputs(json.loads(text) if name.endswith(".json") else read_yaml(text).data))
    assert len(examples) >= 3, examples
    for kind, value in examples:
        errors = [e.message for e in VALIDATORS[kind].iter_errors(value)]
        assert errors == [], (kind, value, errors)
        assert library_reads(kind, value), (kind, value)


def test_any_generator_over_the_models_gives_the_same_closed_schema() -> None:
    """The customisation lives on the models: generated as an OpenAPI document's components
    (FastAPI's way: ``models_json_schema`` with ``#/components/schemas/{model}``), the schemas are
    the same, refs aside."""
    from pydantic.json_schema import models_json_schema

    from gongguan_rules.inputs.application import Application
    from gongguan_rules.records.events import Event

    _, document = models_json_schema(
        [(Application, "validation"), (Event, "validation")], ref_template="#/components/schemas/{model}"
    )
    components = document["$defs"]
    for name in ("Application", "Applicant", "Project", "Declarations", "Recommender", "Event", "Expert"):
        assert components[name]["additionalProperties"] is False, name
    as_openapi = json.dumps(components["Application"]).replace("#/components/schemas/", "#/$defs/")
    alone = {k: v for k, v in SCHEMAS["application"].items() if k not in ("$defs", "$schema")}
    assert json.loads(as_openapi) == alone
