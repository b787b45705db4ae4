"""product.md, "The HTTP service": authentication first (401 whatever the body), `--max-body` (413), unreadable input
(422 `{"errors": [{"loc", "msg"}]}`), never 500, `plan` a bundled year only, the OpenAPI document as the accepted
input, `/docs` offline and the page `/` with its forms."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr

from .service_support import (
    MAX_BODY,
    TOKEN,
    assert_error_shape,
    auth,
    unit_code,
)
from .support import BASE, CODE_BAODI, CODE_TANGGU, PLANS_DIR, app

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")


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


def test_the_openapi_document_is_the_accepted_input(client: httpx.Client) -> None:
    """product.md: "**The JSON Schema is exactly the accepted input.** `gongguan-rules schema` (and the service's
    OpenAPI document) accepts every input the library accepts without warnings and refuses every input it refuses":
    what the document allows, the service takes — a blank date is an absent one (the document's own words: "an empty
    (or blank) string is the same as an absent field"), a blank filter filters nothing, and `?plan=` lists the bundled
    years the service knows."""
    doc = client.get("/openapi.json").json()
    params = {p["name"]: p for p in doc["paths"]["/v1/rules/{rule_id}"]["get"]["parameters"]}
    assert json.dumps(params["plan"]["schema"]).count("2026") >= 1
    assert sorted(params["plan"]["schema"].get("enum", [])) == [2019, 2021, 2025, 2026]
    for blank in ("", "  ", "\u3000"):
        r = client.post("/v1/evaluate", json={"application": BASE[2026], "plan": 2026, "history": [], "as_of": blank})
        assert r.status_code == 200, r.text
        assert r.json() == gr.evaluate(BASE[2026], 2026, history=[]).model_dump(mode="json")
        e = {"kind": "推荐", "date": "2026-04-18", "year": 2026, "credit_code": unit_code(81)}
        assert (
            client.post(
                "/v1/events/evaluate", json={"event": e, "plan": 2026, "history": [], "as_of": blank}
            ).status_code
            == 200
        )
    assert client.get("/v1/records", params={"since": ""}, headers=auth()).status_code == 200
    # a blank unit is refused, and the document says so
    assert_error_shape(client.get("/v1/records", params={"credit_code": " "}, headers=auth()), 422, "credit_code")
    records = {p["name"]: p for p in doc["paths"]["/v1/records"]["get"]["parameters"]}
    import jsonschema

    assert not jsonschema.Draft202012Validator(records["credit_code"]["schema"]).is_valid(" ")
    assert jsonschema.Draft202012Validator(records["credit_code"]["schema"]).is_valid(CODE_BAODI)
