"""The service's API against product.md's table ("The HTTP service"), on a real uvicorn server.

服务接口对照 product.md 的表格逐项测试（真实的 uvicorn 服务，监听 127.0.0.1）。
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.cli.plans import find_rule, rule_appearances, rule_json
from gongguan_rules.judging.schema import json_schemas
from gongguan_rules.server import create_app
from server_support import TOKEN_NAME, auth, running, token_file

UNIT = "91120224064012553U"  # 企业, 宝坻区 (tests/cases/2026.yaml)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "application-2026.yaml"
PROJECT = {"credit_code": UNIT, "unit": "天津某焊材有限公司", "project_name": "降低药芯焊丝焊接飞溅率"}


def as_json(value: Any) -> Any:
    """What a client sends: JSON (dates as ISO strings)."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, date) else str(v)))


#: The example application (examples/application-2026.yaml) as a client sends it: eligible under 2026.
APPLICATION: dict[str, Any] = as_json(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))


def expected_bytes(decision: gr.Decision) -> bytes:
    return json.dumps(decision.model_dump(mode="json")).encode()


@pytest.fixture(scope="module")
def store() -> Iterator[gr.History]:
    with gr.History() as h:
        yield h


@pytest.fixture(scope="module")
def service(store: gr.History, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    tokens = token_file(tmp_path_factory.mktemp("tokens") / "tokens.txt")
    with running(create_app(history=store, tokens=tokens)) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


# ---------------------------------------------------------------------- plans and rules


def test_plans_lists_the_bundled_years(service: httpx.Client) -> None:
    r = service.get("/v1/plans")
    assert r.status_code == 200
    assert r.json() == gr.available_plans() == [2019, 2021, 2025, 2026]


def test_a_plan_shows_documents_clauses_and_schedule_with_citations(service: httpx.Client) -> None:
    data = service.get("/v1/plans/2026").json()
    plan = gr.load_plan(2026)
    assert data["year"] == 2026 and data["document"] == "津市场监管质发〔2026〕2号"
    assert [d["key"] for d in data["documents"]] == [d.key for d in plan.spec.documents]
    assert [r["id"] for r in data["rules"]] == [r.id for r in plan.rules]
    assert all(r["citations"] for r in data["rules"])
    # 四（一）: 于4月20日前报送至市市场监管委 — the governed deadline, cited to its heading
    governed = [s for s in data["schedule"] if s["stage"] == "recommended" and s["role"] == "governed"]
    assert governed and governed[0]["timing"]["by"] == "2026-04-20"
    assert {"document": "津市场监管质发〔2026〕2号", "article": "四", "item": "（一）", "occurrence": None} in governed[
        0
    ]["citations"]
    assert all("/" not in str(r["source"]) for r in data["rules"])  # never a server path


@pytest.mark.parametrize("year", ["1999", "2027", "99999999999999999999999"])
def test_an_unknown_plan_year_is_404_or_unreadable(service: httpx.Client, year: str) -> None:
    r = service.get(f"/v1/plans/{year}")
    assert r.status_code in (404, 422)
    assert r.json()["errors"][0]["loc"] == "year"


def test_a_rule_answers_what_explain_prints(service: httpx.Client) -> None:
    r = service.get("/v1/rules/reg.art25.debarment", params={"plan": 2025})
    assert r.status_code == 200
    plan = gr.load_plan(2025)
    rule = find_rule(plan, "reg.art25.debarment")
    assert rule is not None
    bundled = [gr.load_plan(y) for y in gr.available_plans()]
    expected = as_json(rule_json(plan, rule, rule_appearances(rule, bundled)))
    expected["source"] = "regulation"  # the CLI's path of the file is never served
    expected["citations"] = [gr.Citation.model_validate(c).model_dump(mode="json") for c in expected["citations"]]
    assert r.json() == expected
    assert r.json()["citations"][0]["article"] == "第二十五条"


def test_a_rule_defaults_to_the_latest_plan_that_has_it(service: httpx.Client) -> None:
    assert service.get("/v1/rules/reg.art8.1.unit_type").json()["plan"] == 2026
    only_2019 = next(r.id for r in gr.load_plan(2019).rules if find_rule(gr.load_plan(2026), r.id) is None)
    assert service.get(f"/v1/rules/{only_2019}").json()["plan"] < 2026
    assert service.get(f"/v1/rules/{only_2019}", params={"plan": 2026}).status_code == 404


def test_an_unknown_rule_is_404_with_a_suggestion(service: httpx.Client) -> None:
    r = service.get("/v1/rules/reg.art25.debarmen")
    assert r.status_code == 404
    assert "reg.art25.debarment" in r.json()["errors"][0]["msg"]


# ---------------------------------------------------------------------- evaluation


def test_evaluate_answers_the_bytes_of_model_dump(service: httpx.Client) -> None:
    r = service.post("/v1/evaluate", json={"application": APPLICATION, "plan": 2026, "history": []})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.content == expected_bytes(gr.evaluate(APPLICATION, 2026, history=[]))
    assert r.json()["outcome"] == "eligible"


def test_unknown_fields_warn_as_in_python(service: httpx.Client) -> None:
    app = {**APPLICATION, "applicant": {**APPLICATION["applicant"], "nmae": "x"}}
    r = service.post("/v1/evaluate", json={"application": app, "plan": 2026, "history": []})
    assert r.content == expected_bytes(gr.evaluate(app, 2026, history=[]))
    assert any("applicant.nmae" in w for w in r.json()["warnings"])


@settings(max_examples=25, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_application_gets_the_decision_python_gives(service: httpx.Client, data: st.DataObject) -> None:
    """The same JSON, the same bytes, under every bundled plan (testing.applications)."""
    from gongguan_rules.testing import applications, histories

    year = data.draw(st.sampled_from(gr.available_plans()))
    plan = gr.load_plan(year)
    app = as_json(data.draw(applications(plan)))
    history = as_json(data.draw(histories(plan, max_size=3)))
    as_of = data.draw(st.sampled_from([None, "2026-04-19", "2026-12-31"]))
    r = service.post("/v1/evaluate", json={"application": app, "plan": year, "history": history, "as_of": as_of})
    assert r.status_code == 200, r.text
    assert r.content == expected_bytes(gr.evaluate(app, year, history=history, as_of=as_of))


def test_event_evaluation_is_the_decision_python_gives(service: httpx.Client) -> None:
    # 津市场监管质发〔2026〕2号 四（一）: recommended on 4月21日 is late
    history = [{**PROJECT, "kind": "application_submitted", "date": "2026-04-10", "year": 2026}]
    event = {**PROJECT, "kind": "recommended", "date": "2026-04-21", "year": 2026}
    r = service.post("/v1/events/evaluate", json={"event": event, "plan": 2026, "history": history})
    assert r.status_code == 200
    assert r.content == expected_bytes(gr.evaluate_event(event, 2026, history=history))
    assert r.json()["outcome"] == "rejected"
    # no plan: the event's year names it
    r2 = service.post("/v1/events/evaluate", json={"event": event, "history": history})
    assert r2.content == r.content


# ---------------------------------------------------------------------- unreadable input: 422 with field paths


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"application": {"project": {"start_date": "2026-02-30"}}, "plan": 2026}, "application.project.start_date"),
        ({"application": {"applicant": {"org_type": "公司x"}}, "plan": 2026}, "application.applicant.org_type"),
        ({"application": {"materials": "application_form"}, "plan": 2026}, "application.materials"),
        ({"application": [], "plan": 2026}, "application"),
        ({"application": {}, "plan": 2026, "history": [{}, {"kind": "立项", "date": "x"}]}, "history[0].kind"),
        ({"application": {}, "plan": 2026, "history": {"kind": "立项"}}, "history"),
        ({"application": {}, "plan": 2026, "as_of": "yesterday"}, "as_of"),
        ({"application": {}, "plan": "plans/2026.yaml"}, "plan"),
        ({"application": {}, "plan": "/etc/passwd"}, "plan"),
        ({"application": {}, "plan": 2027}, "plan"),
        ({"application": {}, "plan": True}, "plan"),
        ({"application": {}}, "plan"),
        ({"plan": 2026}, "application"),
        ({"application": {}, "plan": 2026, "histroy": []}, "histroy"),
    ],
)
def test_unreadable_input_is_422_naming_the_field(service: httpx.Client, body: dict[str, Any], loc: str) -> None:
    r = service.post("/v1/evaluate", json=body)
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert loc in [e["loc"] for e in errors]
    assert all(e["msg"] and "Traceback" not in e["msg"] for e in errors)


def test_the_field_paths_are_input_errors_paths(service: httpx.Client) -> None:
    app = {"project": {"start_date": "2026-13-01", "expected_benefits": ["提质增效", "bogus"]}}
    with pytest.raises(gr.InputError) as caught:
        gr.evaluate(app, 2026)
    r = service.post("/v1/evaluate", json={"application": app, "plan": 2026, "history": []})
    assert [e["loc"] for e in r.json()["errors"]] == [f"application.{loc}" for loc, _ in caught.value.errors]
    assert [e["msg"] for e in r.json()["errors"]] == [msg for _, msg in caught.value.errors]


def test_a_misspelt_body_key_is_refused_with_a_suggestion(service: httpx.Client) -> None:
    r = service.post("/v1/evaluate", json={"application": {}, "plan": 2026, "histroy": []})
    assert "history" in next(e["msg"] for e in r.json()["errors"] if e["loc"] == "histroy")


def test_an_event_body_names_event_paths(service: httpx.Client) -> None:
    r = service.post("/v1/events/evaluate", json={"event": {"kind": "wedding", "date": "2026-01-01"}, "plan": 2026})
    assert r.status_code == 422
    assert r.json()["errors"][0]["loc"] == "event.kind"
    r = service.post("/v1/events/evaluate", json={"event": {"kind": "approved"}})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == "plan"


# ---------------------------------------------------------------------- the stored record


LIFECYCLE_2025 = [  # a 2025 project from application to excellent result (2025年滨海新区质量攻关活动方案)
    {"kind": "application_submitted", "date": "2025-04-10"},
    {"kind": "recommended", "date": "2025-04-15"},
    {"kind": "approved", "date": "2025-05-20"},
    {"kind": "results_submitted", "date": "2025-09-10"},
    {"kind": "results_recommended", "date": "2025-09-28"},
    {"kind": "evaluated", "date": "2025-10-20"},
    {"kind": "excellent_recognized", "date": "2025-11-20"},
]
REVOCATION = {"kind": "撤销认定", "date": "2026-03-01", "reason": "false_materials", "public_notice": True}


def test_records_history_and_status(service: httpx.Client, store: gr.History) -> None:
    """The record: 201 once stored; history absent reads it, [] reads nothing; listing and status."""
    seqs = []
    for step in LIFECYCLE_2025:
        r = service.post("/v1/records", json={"event": {**PROJECT, **step, "year": 2025}, "plan": 2025}, headers=auth())
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["recorded_by"] == TOKEN_NAME and body["outcome"] != "rejected"
        assert set(body) == {"seq", "event", "decision", "outcome", "recorded_plan", "as_of", "recorded_by"}
        assert store.records()[-1].seq == body["seq"]  # committed before the answer
        seqs.append(body["seq"])

    # history absent: the stored record — an excellent result of the same unit and name (2026 一（三）)
    stored = service.post("/v1/evaluate", json={"application": APPLICATION, "plan": 2026})
    assert stored.content == expected_bytes(gr.evaluate(APPLICATION, 2026, history=store.history()))
    assert "plan.eligibility.excellent_duplication" in [
        f["rule_id"] for f in stored.json()["findings"] if f["status"] == "fail"
    ]
    none = service.post("/v1/evaluate", json={"application": APPLICATION, "plan": 2026, "history": []})
    assert none.json()["outcome"] == "eligible"

    listed = service.get("/v1/records", params={"credit_code": UNIT}, headers=auth()).json()
    assert [r["seq"] for r in listed] == seqs  # oldest first
    assert all(r["recorded_by"] == TOKEN_NAME for r in listed)
    after = service.get("/v1/records", params={"after": seqs[0]}, headers=auth()).json()
    assert [r["seq"] for r in after] == seqs[1:]
    limited = service.get("/v1/records", params={"limit": 2, "after": seqs[0]}, headers=auth()).json()
    assert [r["seq"] for r in limited] == seqs[1:3]
    since = service.get("/v1/records", params={"since": "2025-10-20", "credit_code": UNIT}, headers=auth()).json()
    assert [r["event"]["date"] for r in since] == ["2025-10-20", "2025-11-20"]
    assert service.get("/v1/records", params={"credit_code": "91120116MA05K3T70H"}, headers=auth()).json() == []

    status = service.get(f"/v1/units/{UNIT}/status", headers=auth()).json()
    assert status["on"] == "2025-11-20"  # as_of absent: the latest date on record, never the clock
    assert [p["date"] for p in status["past_projects"]] == ["2025-05-20"]
    assert [e["project_name"] for e in status["excellent_results"]] == [PROJECT["project_name"]]
    early = service.get(f"/v1/units/{UNIT}/status", params={"as_of": "2025-05-19"}, headers=auth()).json()
    assert early["past_projects"] == []

    # 第二十五条: the revocation bars the unit from 2026-03-01 to 2031-03-01, from any office's record
    r = service.post(
        "/v1/records", json={"event": {**PROJECT, **REVOCATION, "year": 2025}, "plan": 2025}, headers=auth()
    )
    assert r.status_code == 201 and r.json()["decision"]["effects"]["debarred_until"] == "2031-03-01"
    status = service.get(f"/v1/units/{UNIT}/status", params={"as_of": "2026-04-10"}, headers=auth()).json()
    assert status["debarred"] is True and status["debarred_until"] == "2031-03-01"
    assert status["excellent_results"] == []
    barred = service.post("/v1/evaluate", json={"application": APPLICATION, "plan": 2026}).json()
    assert "reg.art25.debarment" in [f["rule_id"] for f in barred["findings"] if f["status"] == "fail"]


def test_status_with_nothing_dated_on_record_asks_for_as_of(tmp_path: Any) -> None:
    with running(create_app(tokens=token_file(tmp_path / "t"))) as url, httpx.Client(base_url=url) as client:
        r = client.get(f"/v1/units/{UNIT}/status", headers=auth())
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == "as_of"


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"since": "2026-02-30"}, "since"),
        ({"limit": "-1"}, "limit"),
        ({"after": "x"}, "after"),
        ({"credit_code": " "}, "credit_code"),
    ],
)
def test_bad_record_queries_are_422(service: httpx.Client, params: dict[str, str], loc: str) -> None:
    r = service.get("/v1/records", params=params, headers=auth())
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == loc


# ---------------------------------------------------------------------- the OpenAPI document


def _resolve(node: Any, components: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """A schema with every $ref replaced by what it names.

    Keys whose value is null are left out on both sides: FastAPI writes its document with
    ``exclude_none`` (so ``"default": null``, an annotation that validates nothing, is absent).
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                return {"$recursive": name}
            return _resolve(components[name], components, (*seen, name))
        return {
            k: _resolve(v, components, seen) for k, v in node.items() if k not in ("$defs", "$schema") and v is not None
        }
    if isinstance(node, list):
        return [_resolve(v, components, seen) for v in node]
    return node


def test_openapi_schemas_are_gongguan_rules_schema(service: httpx.Client) -> None:
    """The application, event and decision in /openapi.json are `gongguan-rules schema`'s, modulo $ref layout."""
    doc = service.get("/openapi.json").json()
    components = doc["components"]["schemas"]
    bodies = {
        "application": ("/v1/evaluate", "application"),
        "event": ("/v1/events/evaluate", "event"),
    }
    for name, schema in json_schemas().items():
        own = _resolve(schema, schema.get("$defs", {}))
        if name in bodies:
            path, key = bodies[name]
            ref = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
            served = _resolve(ref, components)["properties"][key]
        else:
            ref = doc["paths"]["/v1/evaluate"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
            served = _resolve(ref, components)
        assert served == own, name


def test_the_openapi_document_marks_what_needs_a_token(service: httpx.Client) -> None:
    doc = service.get("/openapi.json").json()
    secured = {(m, p) for p, ops in doc["paths"].items() for m, op in ops.items() if op.get("security")}
    assert secured == {("post", "/v1/records"), ("get", "/v1/records"), ("get", "/v1/units/{credit_code}/status")}


def test_docs_service_md_describes_every_operation(service: httpx.Client) -> None:
    """docs/service.md names every path the service documents, and every one it names exists."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "service.md").read_text(encoding="utf-8")
    paths = set(service.get("/openapi.json").json()["paths"])
    assert {p for p in paths if p not in text} == set()
    named = set(re.findall(r"`(?:GET|POST) (/v1/[^`? ]*)", text))
    assert named <= paths


def test_a_record_that_cannot_be_reached_is_503_not_500(tmp_path: Path) -> None:
    store = gr.History(tmp_path / "record.sqlite3")
    app = create_app(history=store, tokens=token_file(tmp_path / "t"))
    store.close()  # as if the database had gone away
    with running(app) as url, httpx.Client(base_url=url) as client:
        r = client.post("/v1/records", json={"event": {**PROJECT, "kind": "立项"}, "plan": 2026}, headers=auth())
        assert r.status_code == 503 and "record.sqlite3" not in r.text
        assert client.post("/v1/evaluate", json={"application": APPLICATION, "plan": 2026}).status_code == 503
        given = client.post("/v1/evaluate", json={"application": APPLICATION, "plan": 2026, "history": []})
        assert given.status_code == 200  # a decision on the history given needs no record
