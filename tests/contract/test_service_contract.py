"""product.md, "The HTTP service (optional extra `server`)": `gongguan-rules serve` on a real uvicorn, on
127.0.0.1 and a free port, with a token file and a SQLite history; one server for the whole module.

Each test uses its own unit (credit code) so that the shared record does not tie the tests together."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr

from .support import BASE, CODE_BAODI, CODE_TANGGU, P2025, PLANS_DIR, app, check_character, cited, serving, statuses

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

TOKEN = "contract-token-7f3a9c"
OTHER_TOKEN = "contract-token-second"
NAME = "滨海新区市场监管局"
OTHER_NAME = "宝坻区市场监管局"
MAX_BODY = 65536


def unit_code(n: int) -> str:
    """A well-formed 滨海新区 credit code of its own for each test (check character computed here)."""
    body = f"91120116MA0{n:05d}X"[:17]
    body = body.replace("I", "1").replace("O", "0")
    return body + check_character(body)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("service")
    with serving(tmp, {NAME: TOKEN, OTHER_NAME: OTHER_TOKEN}, MAX_BODY) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=60) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error_shape(response: httpx.Response, status: int, loc: str | None = None) -> list[dict[str, Any]]:
    """product.md: "Input that cannot be read (bad JSON included): 422 with `{"errors": [{"loc": ..., "msg": ...}]}`
    (the same field paths as InputError)"."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    body = response.json()
    assert set(body) == {"errors"}
    assert isinstance(body["errors"], list) and body["errors"]
    for e in body["errors"]:
        assert set(e) == {"loc", "msg"}, e
        assert isinstance(e["loc"], str) and isinstance(e["msg"], str)
    if loc is not None:
        assert loc in [e["loc"] for e in body["errors"]], body
    return body["errors"]


# ------------------------------------------------------------------ plans and rules


def test_get_plans(client: httpx.Client) -> None:
    """product.md: `GET /v1/plans` → `[2019, 2021, 2025, 2026]`."""
    r = client.get("/v1/plans")
    assert r.status_code == 200
    assert r.json() == [2019, 2021, 2025, 2026]


def test_get_a_plan_and_an_unknown_year(client: httpx.Client) -> None:
    """product.md: `GET /v1/plans/{year}` — "the plan's documents, clauses and schedule with citations; an unknown
    year is 404"."""
    r = client.get("/v1/plans/2025")
    assert r.status_code == 200
    text = json.dumps(r.json(), ensure_ascii=False)
    assert P2025 in text
    assert "4月16日前" in text  # 六（四） its schedule
    assert "六" in text and "（四）" in text
    assert client.get("/v1/plans/2030").status_code == 404
    assert client.get("/v1/plans/1").status_code == 404


def test_get_a_rule(client: httpx.Client) -> None:
    """product.md: `GET /v1/rules/{rule_id}` `?plan=` — "the rule, its citation and its text under that plan (default:
    the latest bundled plan)"."""
    d = gr.evaluate(BASE[2025], 2025)
    f = cited(d, "津政办规〔2023〕12号", "第二十五条")[0]
    r = client.get(f"/v1/rules/{f.rule_id}", params={"plan": 2025})
    assert r.status_code == 200, r.text
    text = json.dumps(r.json(), ensure_ascii=False)
    assert "第二十五条" in text
    assert "5年内不接受其再次申报质量攻关项目" in text  # its text
    assert client.get(f"/v1/rules/{f.rule_id}").status_code == 200
    assert client.get("/v1/rules/no.such.rule").status_code == 404


# ------------------------------------------------------------------ evaluation


@pytest.mark.parametrize("year", [2019, 2021, 2025, 2026])
def test_evaluate_is_the_library_byte_for_byte(client: httpx.Client, year: int) -> None:
    """product.md: `POST /v1/evaluate` → "200, the Decision as `model_dump(mode="json")`"; docs/service.md: "byte for
    byte what `gr.evaluate` gives in Python on the same JSON" (`json.dumps(decision.model_dump(mode="json"))`)."""
    application = app(year, **{"applicant.credit_code": unit_code(year)}) if year in (2019, 2025) else BASE[year]
    r = client.post("/v1/evaluate", json={"application": application, "plan": year, "history": []})
    assert r.status_code == 200, r.text
    expected = gr.evaluate(application, year, history=[]).model_dump(mode="json")
    assert r.json() == expected
    assert r.content == json.dumps(expected).encode("utf-8")
    assert gr.Decision.model_validate(r.json()) == gr.evaluate(application, year, history=[])


def test_evaluate_with_as_of(client: httpx.Client) -> None:
    """product.md: the body `{"application": {...}, "plan": 2026, "history": [...], "as_of": null}`."""
    body = {"application": BASE[2026], "plan": 2026, "history": [], "as_of": "2026-04-21"}
    r = client.post("/v1/evaluate", json=body)
    assert r.status_code == 200
    assert r.json() == gr.evaluate(BASE[2026], 2026, history=[], as_of="2026-04-21").model_dump(mode="json")
    r = client.post("/v1/evaluate", json={**body, "as_of": None})
    assert r.json()["as_of"] == "2026-04-18"


def test_evaluate_an_event(client: httpx.Client) -> None:
    """product.md: `POST /v1/events/evaluate` `{"event": {...}, "plan": 2026, "history": [...]}` → 200, the Decision."""
    code = unit_code(11)
    e = {
        "kind": "推荐",
        "date": "2026-04-21",
        "year": 2026,
        "credit_code": code,
        "unit": "某单位",
        "project_name": "某项目",
    }
    history = [
        {
            "kind": "申报",
            "date": "2026-04-10",
            "year": 2026,
            "credit_code": code,
            "unit": "某单位",
            "project_name": "某项目",
        }
    ]
    r = client.post("/v1/events/evaluate", json={"event": e, "plan": 2026, "history": history})
    assert r.status_code == 200
    expected = gr.evaluate_event(e, 2026, history=history).model_dump(mode="json")
    assert r.json() == expected
    assert r.content == json.dumps(expected).encode("utf-8")
    assert r.json()["outcome"] == "rejected"  # 四（一） 4月20日前


def record(client: httpx.Client, event: dict[str, Any], plan: int, token: str = TOKEN) -> httpx.Response:
    return client.post("/v1/records", json={"event": event, "plan": plan}, headers=auth(token))


def test_history_absent_is_the_stored_record_and_empty_is_none(client: httpx.Client) -> None:
    """product.md: "`history` absent: the server's stored record; a list: exactly that list (`[]`: none)". A project of
    the unit approved under 2021 makes the same project under 2025 a duplicate of a past project (2025 六（三）
    不得与历年项目雷同) when the stored record is read, and not when `[]` is given."""
    code = unit_code(21)
    unit = {"credit_code": code, "unit": "天津某新材料有限公司", "project_name": "提高碳纤维复合材料一致性"}
    for kind, day in (
        ("application_submitted", "2021-04-10"),
        ("recommended", "2021-04-15"),
        ("approved", "2021-06-01"),
    ):
        r = record(client, {"kind": kind, "date": day, "year": 2021, **unit}, 2021)
        assert r.status_code == 201, r.text
        assert r.json()["outcome"] == "accepted", r.json()
    application = app(
        2025, **{"applicant.credit_code": code, "applicant.name": unit["unit"], "project.name": unit["project_name"]}
    )
    stored = client.post("/v1/evaluate", json={"application": application, "plan": 2025})
    none = client.post("/v1/evaluate", json={"application": application, "plan": 2025, "history": []})
    null = client.post("/v1/evaluate", json={"application": application, "plan": 2025, "history": None})
    assert stored.status_code == none.status_code == 200
    d_stored = gr.Decision.model_validate(stored.json())
    d_none = gr.Decision.model_validate(none.json())
    assert d_none.outcome == "eligible"
    assert d_stored.outcome == "ineligible"
    assert "fail" in statuses(cited(d_stored, P2025, "六", "（三）"))
    assert null.status_code == 200 and gr.Decision.model_validate(null.json()).outcome == d_stored.outcome
    # events too: with the record, recommending the same project again is judged against it
    e = {"kind": "results_submitted", "date": "2021-10-10", "year": 2021, "notice_deadline": "2021-10-31", **unit}
    with_record = client.post("/v1/events/evaluate", json={"event": e, "plan": 2021})
    without = client.post("/v1/events/evaluate", json={"event": e, "plan": 2021, "history": []})
    assert gr.Decision.model_validate(without.json()).outcome == "rejected"  # no approval on record
    assert gr.Decision.model_validate(with_record.json()).outcome != "rejected"


# ------------------------------------------------------------------ records


def test_records_are_stored_with_their_decision_and_recorder(client: httpx.Client) -> None:
    """product.md: `POST /v1/records` `{"event": {...}, "plan": 2026}`, bearer token → "201, the stored record with its
    decision, committed before the answer"; `GET /v1/records` "?credit_code=&since=&limit=&after=" → "a JSON array of
    the records on file, oldest first, each as the store exports it (seq, event, decision, outcome) plus
    `recorded_by`. `since`: event date on or after; `after`: seq greater than; all of them unless `limit` is given"."""
    code = unit_code(31)
    unit = {"credit_code": code, "unit": "天津某电子有限公司", "project_name": "降低贴片虚焊率"}
    posted = []
    for kind, day, token in (
        ("application_submitted", "2026-04-08", TOKEN),
        ("recommended", "2026-04-17", OTHER_TOKEN),
        ("approved", "2026-05-20", TOKEN),
    ):
        r = record(client, {"kind": kind, "date": day, "year": 2026, **unit}, 2026, token)
        assert r.status_code == 201, r.text
        body = r.json()
        assert {"seq", "event", "decision", "outcome", "recorded_by"} <= set(body)
        assert body["recorded_by"] == (NAME if token == TOKEN else OTHER_NAME)
        assert body["outcome"] == body["decision"]["outcome"] == "accepted"
        gr.Decision.model_validate(body["decision"])
        posted.append(body)
    listed = client.get("/v1/records", params={"credit_code": code}, headers=auth())
    assert listed.status_code == 200
    rows = listed.json()
    assert [r["seq"] for r in rows] == [p["seq"] for p in posted]
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)  # oldest first
    assert [r["recorded_by"] for r in rows] == [NAME, OTHER_NAME, NAME]
    assert [r["event"]["kind"] for r in rows] == ["application_submitted", "recommended", "approved"]
    for row in rows:
        assert {"seq", "event", "decision", "outcome", "recorded_by"} <= set(row)
    since = client.get("/v1/records", params={"credit_code": code, "since": "2026-04-17"}, headers=auth()).json()
    assert [r["event"]["date"] for r in since] == ["2026-04-17", "2026-05-20"]
    after = client.get("/v1/records", params={"credit_code": code, "after": posted[0]["seq"]}, headers=auth()).json()
    assert [r["seq"] for r in after] == [p["seq"] for p in posted[1:]]
    limited = client.get("/v1/records", params={"credit_code": code, "limit": 2}, headers=auth()).json()
    assert [r["seq"] for r in limited] == [p["seq"] for p in posted[:2]]
    everything = client.get("/v1/records", headers=auth()).json()
    assert {p["seq"] for p in posted} <= {r["seq"] for r in everything}
    assert [r["seq"] for r in everything] == sorted(r["seq"] for r in everything)


def test_unit_status_as_of_absent_is_the_latest_date_on_record(client: httpx.Client) -> None:
    """product.md: `GET /v1/units/{credit_code}/status` `?as_of=` → "the unit's standing (bar, recognitions); `as_of`
    absent: the latest date on record (never the clock)"."""
    code = unit_code(41)
    unit = {"credit_code": code, "unit": "天津某化工有限公司", "project_name": "降低催化剂损耗"}
    dates = {
        "application_submitted": "2024-04-10",
        "recommended": "2024-04-15",
        "approved": "2024-05-20",
        "results_submitted": "2024-09-10",
        "results_recommended": "2024-09-20",
    }
    for kind, day in dates.items():
        r = record(client, {"kind": kind, "date": day, "year": 2024, "notice_deadline": "2024-12-31", **unit}, 2026)
        assert r.status_code == 201, r.text
    status = client.get(f"/v1/units/{code}/status", headers=auth())
    assert status.status_code == 200, status.text
    every_date = [r["event"].get("date") for r in client.get("/v1/records", headers=auth()).json()]
    latest = max(d for d in every_date if d)
    body = status.json()
    text = json.dumps(body, ensure_ascii=False)
    assert latest in text, (latest, body)
    assert body.get("debarred") is False
    given = client.get(f"/v1/units/{code}/status", params={"as_of": "2024-05-01"}, headers=auth())
    assert given.status_code == 200
    assert "2024-05-01" in json.dumps(given.json())


# ------------------------------------------------------------------ authentication first


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": TOKEN},
    ],
)
def test_401_before_anything(client: httpx.Client, headers: dict[str, str]) -> None:
    """product.md: "Writing records, and reading records or a unit's status ..., require `Authorization: Bearer
    <token>`"; "Authentication comes first: a missing, malformed or unknown token is 401 whatever the body"."""
    assert (
        client.post(
            "/v1/records", content=b"{not json", headers={**headers, "Content-Type": "application/json"}
        ).status_code
        == 401
    )
    huge = b"{" + b" " * (MAX_BODY * 4) + b"}"
    assert (
        client.post("/v1/records", content=huge, headers={**headers, "Content-Type": "application/json"}).status_code
        == 401
    )
    good = {"event": {"kind": "申报", "date": "2026-04-10", "year": 2026, "credit_code": unit_code(51)}, "plan": 2026}
    assert client.post("/v1/records", json=good, headers=headers).status_code == 401
    assert client.get("/v1/records", headers=headers).status_code == 401
    assert client.get(f"/v1/units/{CODE_BAODI}/status", headers=headers).status_code == 401
    # nothing was written
    assert not client.get("/v1/records", params={"credit_code": unit_code(51)}, headers=auth()).json()


def test_evaluation_plans_rules_docs_and_page_are_open(client: httpx.Client) -> None:
    """product.md: "Evaluation, plans, rules, the docs and the page are open."."""
    for path in ("/v1/plans", "/v1/plans/2026", "/openapi.json", "/docs", "/"):
        assert client.get(path).status_code == 200, path
    assert client.post("/v1/evaluate", json={"application": BASE[2026], "plan": 2026, "history": []}).status_code == 200


# ------------------------------------------------------------------ body size


def test_413_from_the_declared_length(base_url: str) -> None:
    """product.md: "`--max-body`: the largest request body accepted (default 8 MiB); larger is 413, decided from the
    declared length before the body is read"."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(
            b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {MAX_BODY + 1}\r\n\r\n".encode()
        )  # and not one byte of the body
        answer = s.recv(65536).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]


def test_413_for_a_streamed_body(client: httpx.Client) -> None:
    """product.md: "... and for a streamed body as soon as it passes the limit"."""

    def chunks() -> Iterator[bytes]:
        yield b'{"application": {"applicant": {"name": "'
        for _ in range(40):
            yield b"x" * 4096

    r = client.post("/v1/evaluate", content=chunks(), headers={"Content-Type": "application/json"})
    assert_error_shape(r, 413)


def test_a_body_under_the_limit_is_read(client: httpx.Client) -> None:
    """product.md: bodies up to `--max-body` are accepted."""
    padded = app(2026, **{"project.sector": "焊材" + " " * 1000})
    assert client.post("/v1/evaluate", json={"application": padded, "plan": 2026, "history": []}).status_code == 200


# ------------------------------------------------------------------ 422


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (
            {"application": app(2026, **{"project.start_date": "2026-02-30"}), "plan": 2026},
            "application.project.start_date",
        ),
        (
            {"application": app(2026, **{"applicant.org_type": "合作社"}), "plan": 2026},
            "application.applicant.org_type",
        ),
        ({"application": app(2026, recommended_on="2026-04"), "plan": 2026}, "application.recommended_on"),
        (
            {"application": BASE[2026], "plan": 2026, "history": [{"kind": "开会", "date": "2026-01-01"}]},
            "history[0].kind",
        ),
        ({"application": BASE[2026], "plan": 2026, "as_of": "2026-02-30"}, "as_of"),
    ],
)
def test_422_names_the_field_path(client: httpx.Client, body: dict[str, Any], loc: str) -> None:
    """product.md: "Input that cannot be read ...: 422 with `{"errors": [{"loc": "application.project.start_date",
    "msg": "..."}]}` (the same field paths as InputError)"."""
    assert_error_shape(client.post("/v1/evaluate", json=body), 422, loc)


def test_422_for_an_event(client: httpx.Client) -> None:
    """product.md: 422 with the same field paths as InputError, under the body's part (`event.`)."""
    r = client.post(
        "/v1/events/evaluate", json={"event": {"kind": "推荐", "date": "2026-13-01", "year": 2026}, "plan": 2026}
    )
    assert_error_shape(r, 422, "event.date")


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"", b"[]", b'"text"', b"\xff\xfe{}", b'{"application": {}, "plan": 2026', b"null"],
)
def test_422_for_bad_json(client: httpx.Client, raw: bytes) -> None:
    """product.md: "Input that cannot be read (bad JSON included): 422 with `{"errors": [{"loc", "msg"}]}`"; "The
    service never answers 500 to anything a client can send."."""
    r = client.post("/v1/evaluate", content=raw, headers={"Content-Type": "application/json"})
    assert_error_shape(r, 422)


@pytest.mark.parametrize(
    "plan",
    [2030, 1999, "2026", str(PLANS_DIR / "2026.yaml"), "plans/2026.yaml", "../plans/2026.yaml", None, {"year": 2026}],
)
def test_plan_is_a_bundled_year_only(client: httpx.Client, plan: Any) -> None:
    """product.md: "`plan` in a body is a bundled year. The server reads no file path a client names."."""
    r = client.post("/v1/evaluate", json={"application": BASE[2026], "plan": plan, "history": []})
    if plan == "2026":
        assert r.status_code in (200, 422)
        return
    if plan is None:
        assert r.status_code in (200, 422)
        return
    assert r.status_code in (404, 422), (plan, r.status_code)
    if r.status_code == 422:
        assert_error_shape(r, 422, "plan")


def test_never_500(client: httpx.Client) -> None:
    """product.md: "The service never answers 500 to anything a client can send."."""
    bodies: list[Any] = [
        {"application": {"applicant": {"name": "\ud800"}}, "plan": 2026},
        {"application": {"applicant": None}, "plan": 2026},
        {"application": [], "plan": 2026},
        {"application": {"project": {"expected_benefits": [None]}}, "plan": 2026},
        {"application": {"recommended_on": 10**30}, "plan": 2026},
        {"application": {}, "plan": 2**70},
        {"application": {}, "plan": -1},
        {"event": {}, "plan": 2026},
        {"application": {"applicant": {"name": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}}, "plan": 2026},
    ]
    for body in bodies:
        text = json.dumps(body)
        r = client.post(
            "/v1/evaluate", content=text.encode("utf-8", "surrogatepass"), headers={"Content-Type": "application/json"}
        )
        assert r.status_code < 500, (body, r.status_code, r.text[:300])
    for path in ("/v1/plans/abc", "/v1/rules/%00", "/v1/units/%ff/status", "/v1/plans/99999999999999999999999"):
        assert client.get(path, headers=auth()).status_code < 500, path


# ------------------------------------------------------------------ docs and the page


def test_openapi_document(client: httpx.Client) -> None:
    """product.md: `GET /openapi.json` — the OpenAPI document; its schema of the application is the library's (a
    misspelt key is refused: "objects are closed")."""
    r = client.get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    paths = doc["paths"]
    for path in (
        "/v1/plans",
        "/v1/plans/{year}",
        "/v1/evaluate",
        "/v1/events/evaluate",
        "/v1/records",
        "/v1/units/{credit_code}/status",
        "/v1/rules/{rule_id}",
    ):
        assert path in paths, path
    text = json.dumps(doc)
    assert '"additionalProperties": false' in text


def _external_assets(html: str) -> list[str]:
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    return [r for r in refs if re.match(r"^(https?:)?//", r)]


def test_docs_page_works_offline(client: httpx.Client) -> None:
    """product.md: "`GET /docs` ... the OpenAPI document and its page; the page works with the network closed (no
    CDN)"."""
    r = client.get("/docs")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    html = r.text
    assert not _external_assets(html), _external_assets(html)
    assert not re.search(r"cdn\.|unpkg|jsdelivr", html)
    for ref in re.findall(r"""(?:src|href)\s*=\s*["']([^"'#]+)["']""", html):
        if ref.startswith("/"):
            assert client.get(ref).status_code == 200, ref


def test_the_page_is_chinese_html_with_a_real_form(client: httpx.Client) -> None:
    """product.md: `GET /` — "a page in Chinese, served as HTML with a real `<form>` (it works without scripts), where
    a public servant checks one application or uploads a 汇总表 and downloads the results workbook"."""
    r = client.get("/")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    html = r.text
    assert re.search(r"<html[^>]*lang=[\"']zh", html)
    assert "<form" in html
    assert re.search(r"<form[^>]*action=", html) or re.search(r"<form[^>]*method=[\"']post", html, re.I)
    assert 'type="file"' in html or "type='file'" in html
    assert "汇总表" in html
    assert not _external_assets(html)


def test_the_page_upload_returns_a_workbook(client: httpx.Client, tmp_path: Path) -> None:
    """product.md: the page "uploads a 汇总表 and downloads the results workbook" — through its form, without
    scripts."""
    html = client.get("/").text
    forms = re.findall(r"<form[^>]*>.*?</form>", html, re.S)
    upload = next(f for f in forms if 'type="file"' in f or "type='file'" in f)
    action = re.search(r"action=[\"']([^\"']+)[\"']", upload)
    target = action.group(1) if action else "/"
    file_field = re.search(r"<input[^>]*type=[\"']file[\"'][^>]*name=[\"']([^\"']+)[\"']", upload) or re.search(
        r"<input[^>]*name=[\"']([^\"']+)[\"'][^>]*type=[\"']file[\"']", upload
    )
    assert file_field
    fields: dict[str, str] = {}
    for select in re.findall(r"<select[^>]*name=[\"']([^\"']+)[\"'][^>]*>(.*?)</select>", upload, re.S):
        name, options = select
        chosen = re.search(r"<option[^>]*value=[\"']([^\"']*)[\"'][^>]*selected", options) or re.search(
            r"<option[^>]*value=[\"']([^\"']*)[\"']", options
        )
        if chosen:
            fields[name] = chosen.group(1)
    for name, value in re.findall(
        r"<input[^>]*type=[\"']hidden[\"'][^>]*name=[\"']([^\"']+)[\"'][^>]*value=[\"']([^\"']*)[\"']", upload
    ):
        fields[name] = value
    csv_text = f"项目名称,所在区,统一社会信用代码,推荐日期\n降低药芯焊丝焊接飞溅率,滨海新区,{CODE_TANGGU},2026-04-18\n"
    r = client.post(
        target, data=fields, files={file_field.group(1): ("汇总表.csv", csv_text.encode("utf-8"), "text/csv")}
    )
    assert r.status_code == 200, r.text[:500]
    assert r.content[:2] == b"PK"  # an .xlsx workbook
    path = tmp_path / "结果.xlsx"
    path.write_bytes(r.content)
    openpyxl = pytest.importorskip("openpyxl")
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert "结论" in rows[0]


def test_a_recorded_revocation_bars_the_unit(client: httpx.Client) -> None:
    """product.md: "`--history`: ... the shared record of several offices or servers"; `GET /v1/units/{credit_code}/
    status` — "the unit's standing (bar, recognitions)"; 第二十五条: a revocation recorded by one office bars the unit's
    new application at another (the service's stored record is the history when `history` is absent)."""
    code = unit_code(61)
    unit = {"credit_code": code, "unit": "天津某装备有限公司", "project_name": "提高液压阀密封可靠性"}
    panel = [{"name": "王某", "affiliation": "天津大学", "conflict_declared": False}]
    steps = [
        ("application_submitted", "2026-04-10", {}),
        ("recommended", "2026-04-18", {}),
        ("approved", "2026-05-20", {}),
        ("results_submitted", "2026-09-10", {"notice_deadline": "2026-09-15"}),
        ("results_recommended", "2026-09-28", {}),
        ("evaluated", "2026-10-20", {"experts": panel}),
        ("excellent_recognized", "2026-11-20", {}),
        ("recognition_revoked", "2026-12-01", {"reason": "false_materials", "public_notice": True}),
    ]
    for kind, day, extra in steps:
        r = record(client, {"kind": kind, "date": day, "year": 2026, **unit, **extra}, 2026)
        assert r.status_code == 201, r.text
        assert r.json()["outcome"] != "rejected", (kind, r.json()["decision"])
    status = client.get(f"/v1/units/{code}/status", params={"as_of": "2027-03-01"}, headers=auth())
    assert status.status_code == 200
    body = status.json()
    assert body["debarred"] is True
    assert body["debarred_until"] == "2031-12-01"  # the corresponding date five years later
    text = json.dumps(body, ensure_ascii=False)
    assert "recognition_revoked" in text
    after_bar = client.get(f"/v1/units/{code}/status", params={"as_of": "2031-12-02"}, headers=auth()).json()
    assert after_bar["debarred"] is False
    application = app(
        2026,
        **{
            "applicant.credit_code": code,
            "applicant.district": "滨海新区",
            "project.name": "降低液压阀泄漏率",
            "submitted_to_recommender_on": "2027-03-01",
            "recommended_on": "2027-03-05",
        },
    )
    barred = gr.Decision.model_validate(
        client.post("/v1/evaluate", json={"application": application, "plan": 2026}).json()
    )
    assert statuses(cited(barred, "津政办规〔2023〕12号", "第二十五条")) == {"fail"}
    free = client.post("/v1/evaluate", json={"application": application, "plan": 2026, "history": []}).json()
    assert statuses(cited(gr.Decision.model_validate(free), "津政办规〔2023〕12号", "第二十五条")) == {"pass"}


def test_rule_default_plan_is_the_latest(client: httpx.Client) -> None:
    """product.md: `GET /v1/rules/{rule_id}` `?plan=` — "(default: the latest bundled plan)"."""
    on_day = cited(gr.evaluate(BASE[2026], 2026), "津市场监管质发〔2026〕2号", "四", "（一）", fact="recommended_on")
    f = next(f for f in on_day if "4月20日" in f.message("zh"))  # the deadline's own rule
    default = client.get(f"/v1/rules/{f.rule_id}")
    latest = client.get(f"/v1/rules/{f.rule_id}", params={"plan": 2026})
    assert default.status_code == latest.status_code == 200
    assert default.json() == latest.json()
    assert "4月20日" in json.dumps(default.json(), ensure_ascii=False)
    older = client.get(f"/v1/rules/{f.rule_id}", params={"plan": 2021})
    assert older.status_code == 200
    assert "4月16日" in json.dumps(older.json(), ensure_ascii=False)


def test_the_default_history_is_gongguan_sqlite3_in_the_working_directory(tmp_path: Path) -> None:
    """product.md: "The default is `gongguan.sqlite3` in the working directory (the embedded default: nothing to set
    up)."; `gr.History(url_or_path)` accepts the same forms as `--history`."""
    import subprocess
    import time

    from .support import cli_command, free_port, sha256_hex

    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"{NAME}:{sha256_hex(TOKEN.encode())}\n", "utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [*cli_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--token-file", str(tokens)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
            e = {
                "kind": "申报",
                "date": "2026-04-10",
                "year": 2026,
                "credit_code": unit_code(71),
                "unit": "某单位",
                "project_name": "某项目",
            }
            assert c.post("/v1/records", json={"event": e, "plan": 2026}, headers=auth()).status_code == 201
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert (tmp_path / "gongguan.sqlite3").exists()
    # the same file by each of the forms gr.History accepts
    for form in (
        str(tmp_path / "gongguan.sqlite3"),
        tmp_path / "gongguan.sqlite3",
        f"sqlite:///{tmp_path.as_posix()}/gongguan.sqlite3",
    ):
        store = gr.History(form)
        try:
            assert isinstance(store, gr.History)
        finally:
            store.close()


def test_the_page_checks_one_application_without_scripts(client: httpx.Client) -> None:
    """product.md: `GET /` — "a page in Chinese, served as HTML with a real `<form>` (it works without scripts), where a
    public servant checks one application"; the answer is the library's decision, shown in Chinese."""
    html = client.get("/").text
    form = next(f for f in re.findall(r"<form[^>]*>.*?</form>", html, re.S) if 'type="file"' not in f)
    action = re.search(r"action=[\"']([^\"']+)[\"']", form)
    names = set(re.findall(r"name=[\"']([^\"']+)[\"']", form))
    base = BASE[2026]
    fields: list[tuple[str, str]] = [("plan", "2026"), ("history", "none")]
    flat = {
        "applicant.name": base["applicant"]["name"],
        "applicant.credit_code": base["applicant"]["credit_code"],
        "applicant.org_type": base["applicant"]["org_type"],
        "applicant.district": base["applicant"]["district"],
        "project.name": base["project"]["name"],
        "project.sector": base["project"]["sector"],
        "project.direction": base["project"]["direction"],
        "project.start_date": base["project"]["start_date"],
        "recommender.name": base["recommender"]["name"],
        "recommender.kind": base["recommender"]["kind"],
        "submitted_to_recommender_on": base["submitted_to_recommender_on"],
        "recommended_on": "2026-04-21",
        "declarations.original": "yes",
        "declarations.no_confidential_content": "yes",
        "declarations.truthful": "yes",
    }
    assert set(flat) <= names, set(flat) - names  # every contract field has its control
    fields += list(flat.items())
    fields += [("project.expected_benefits", v) for v in base["project"]["expected_benefits"]]
    fields += [("materials", v) for v in base["materials"]]
    r = client.post(
        action.group(1) if action else "/",
        content="&".join(f"{httpx.QueryParams({k: v})}" for k, v in fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 200, r.text[:500]
    assert "text/html" in r.headers["content-type"]
    expected = gr.evaluate(app(2026, recommended_on="2026-04-21"), 2026, history=[])
    assert expected.outcome == "ineligible"
    assert "不符合申报条件" in r.text
    for f in expected.findings:
        if f.status == "fail":
            assert f.message("zh") in r.text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


@pytest.mark.parametrize(
    "content_type",
    [None, "application/x-www-form-urlencoded", "text/plain", "application/json; charset=utf-8"],
)
def test_a_json_body_is_read_whatever_its_label(base_url: str, content_type: str | None) -> None:
    """product.md: `POST /v1/evaluate` with the body `{"application": {...}, "plan": 2026, ...}` → 200, the Decision;
    "Input that cannot be read (bad JSON included): 422 with `{"errors": [...]}`" — no other status for a body. A
    script using Python's urllib (which labels a body form-urlencoded) or curl's `-d` sends exactly this."""
    import urllib.request

    body = json.dumps({"application": BASE[2026], "plan": 2026, "history": []}).encode()
    request = urllib.request.Request(base_url + "/v1/evaluate", data=body, method="POST")
    if content_type is None:
        request.add_unredirected_header("Content-Type", "")
    else:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 200
        assert json.loads(answer.read()) == gr.evaluate(BASE[2026], 2026, history=[]).model_dump(mode="json")
    with httpx.Client(base_url=base_url, timeout=60) as c:
        headers = {"Content-Type": content_type} if content_type else {}
        assert_error_shape(c.post("/v1/evaluate", content=b"application=x&plan=2026", headers=headers), 422)


@pytest.mark.parametrize(
    ("year", "needles"),
    [
        (
            2019,
            ["2019年滨海新区质量攻关活动方案", "滨海新区质量工作领导小组办公室", "津质量组办〔2019〕2号", "district"],
        ),
        (2021, ["津质量组办〔2021〕1号", "天津市质量工作领导小组办公室", "city", "4月12日"]),
        (
            2025,
            ["津滨市场监管质监〔2025〕4号", "天津市滨海新区市场监督管理局", "津市场监管质发〔2025〕3号", "district"],
        ),
        (2026, ["津市场监管质发〔2026〕2号", "天津市市场监督管理委员会", "city", "9月30日"]),
    ],
)
def test_each_plan_says_its_issuer_level_and_parent(client: httpx.Client, year: int, needles: list[str]) -> None:
    """product.md: "From each plan: its issuing body, level (city/district) and parent document; ... every deadline
    and period of its schedule"; `GET /v1/plans/{year}` — "the plan's documents, clauses and schedule with
    citations". Seed README: 2019 implements 津质量组办〔2019〕2号, 2025 implements 津市场监管质发〔2025〕3号."""
    text = json.dumps(client.get(f"/v1/plans/{year}").json(), ensure_ascii=False)
    for needle in needles:
        assert needle in text, needle
