"""What a client can send that is not what the service expects: never a 500, never a traceback.

客户端可能发送的异常输入：超大请求体（413）、错误的 JSON、错误的内容类型、孤立代理项……
任何情况下都不返回 500，也不显示回溯。
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

import gongguan_rules as gr
from gongguan_rules.server import DEFAULT_MAX_BODY, create_app
from server_support import auth, running, token_file

LIMIT = 65536
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def store() -> Iterator[gr.History]:
    with gr.History() as h:
        yield h


@pytest.fixture(scope="module")
def url(store: gr.History, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tokens = token_file(tmp_path_factory.mktemp("t") / "tokens")
    with running(create_app(history=store, tokens=tokens, max_body=LIMIT)) as base:
        yield base


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def _read_answer(sock: socket.socket) -> str:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data.decode("latin-1")


def assert_refused(r: httpx.Response, status: int) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    errors = r.json()["errors"]
    assert errors and all(isinstance(e["loc"], str) and e["msg"] for e in errors)
    assert "Traceback" not in r.text and 'File "' not in r.text


def test_the_default_limit_is_8_mib() -> None:
    assert DEFAULT_MAX_BODY == 8 * 1024 * 1024


# ---------------------------------------------------------------------- 413


@pytest.mark.parametrize("path", ["/v1/evaluate", "/v1/events/evaluate", "/", "/table"])
def test_a_declared_length_over_the_limit_is_413_before_reading(url: str, path: str) -> None:
    """Content-Length alone decides: the answer comes without a byte of the body sent."""
    with socket.create_connection(_address(url), timeout=30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {LIMIT + 1}\r\n\r\n".encode()
        )
        assert _read_answer(sock).startswith("HTTP/1.1 413")


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit(url: str) -> None:
    """Chunked, no length: 413 once the limit is passed, while the client is still sending."""
    with socket.create_connection(_address(url), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b'{"application": {"applicant": {"name": "' + b"x" * 1000
        sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sent = len(chunk)
        while sent <= LIMIT:
            piece = b"y" * 1000
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
            time.sleep(0.01)
        # the body is not finished (no terminating chunk): the answer comes anyway
        assert _read_answer(sock).startswith("HTTP/1.1 413")


def test_a_large_streamed_body_through_httpx_is_413(url: str) -> None:
    def parts() -> Iterator[bytes]:
        yield b'{"application": {"applicant": {"name": "'
        for _ in range(80):
            yield b"z" * 1024
        yield b'"}}, "plan": 2026}'

    assert_refused(httpx.post(url + "/v1/evaluate", content=parts(), headers=JSON), 413)


def test_a_body_at_the_limit_is_read(url: str) -> None:
    body = {"application": {"applicant": {"name": ""}}, "plan": 2026, "history": []}
    raw = json.dumps(body).encode()
    name = "甲" * ((LIMIT - len(raw)) // 3)
    raw = json.dumps({**body, "application": {"applicant": {"name": name}}}, ensure_ascii=False).encode()
    raw += b" " * (LIMIT - len(raw))
    assert len(raw) == LIMIT
    assert httpx.post(url + "/v1/evaluate", content=raw, headers=JSON).status_code == 200
    assert_refused(httpx.post(url + "/v1/evaluate", content=raw + b" ", headers=JSON), 413)


# ---------------------------------------------------------------------- unreadable bodies: 422


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b'{"application": {', "JSON"),
        (b"", "body"),
        (b"null", "JSON"),
        (b"[1, 2]", "JSON"),
        (b'"just a string"', "JSON"),
        (b"\xff\xfe\x00{", "JSON"),
        (b'{"application": {"applicant": {"name": "\xe7\x94"}}, "plan": 2026}', "UTF-8"),
        (b"[" * 50000, "nested"),
        (
            b'{"application": {}, "plan": 2026, "history": [{"kind": "approved", "year": ' + b"9" * 5000 + b"}]}",
            "digits",
        ),
        (b'{"application": {}, "plan": NaN}', "plan"),
        (b'{"application": {"applicant": {"name": Infinity}}, "plan": 2026}', "text"),
        (b'{"application": {}, "plan": 2026, "as_of": 20260418}', "as_of"),
    ],
)
def test_unreadable_bodies_are_422(url: str, body: bytes, needle: str) -> None:
    r = httpx.post(url + "/v1/evaluate", content=body, headers=JSON)
    assert_refused(r, 422)
    assert needle.lower() in (r.text.lower() + json.dumps(r.json(), ensure_ascii=False).lower())


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", None],
)
def test_a_body_is_read_as_json_whatever_its_label(url: str, content_type: str | None) -> None:
    """product.md: the body is JSON, and "Input that cannot be read (bad JSON included): 422": a JSON body under
    another label (curl's -d and urllib send form-urlencoded) is read; a body that is not JSON is 422."""
    headers = {"content-type": content_type} if content_type else {}
    r = httpx.post(url + "/v1/evaluate", content=b'{"application": {}, "plan": 2026, "history": []}', headers=headers)
    assert r.status_code == 200
    assert_refused(httpx.post(url + "/v1/evaluate", content=b"application=x&plan=2026", headers=headers), 422)


def test_json_with_a_charset_and_a_json_suffix_is_read(url: str) -> None:
    body = b'{"application": {}, "plan": 2026, "history": []}'
    for content_type in ("application/json; charset=utf-8", "application/problem+json"):
        assert httpx.post(url + "/v1/evaluate", content=body, headers={"content-type": content_type}).status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "loc"),
    [
        (
            "/v1/evaluate",
            '{"application": {"applicant": {"name": "\\ud800"}}, "plan": 2026}',
            "application.applicant.name",
        ),
        (
            "/v1/evaluate",
            '{"application": {}, "plan": 2026, "history": [{"kind": "立项", "unit": "\\udfff"}]}',
            "history[0].unit",
        ),
        (
            "/v1/events/evaluate",
            '{"event": {"kind": "立项", "project_name": "a\\ud83d"}, "plan": 2026}',
            "event.project_name",
        ),
        ("/v1/records", '{"event": {"kind": "立项", "unit": "\\ud800\\ud800"}, "plan": 2026}', "event.unit"),
        ("/v1/evaluate", '{"application": {"\\ud800": 1}, "plan": 2026}', "application"),
    ],
)
def test_a_lone_surrogate_is_422(url: str, store: gr.History, path: str, body: str, loc: str) -> None:
    before = len(store)
    r = httpx.post(url + path, content=body.encode(), headers={**JSON, **auth()})
    assert_refused(r, 422)
    assert r.json()["errors"][0]["loc"] == loc
    assert len(store) == before


def test_a_surrogate_pair_is_a_character(url: str) -> None:
    r = httpx.post(
        url + "/v1/evaluate",
        content=b'{"application": {"applicant": {"name": "\\ud83d\\ude00"}}, "plan": 2026, "history": []}',
        headers=JSON,
    )
    assert r.status_code == 200


def test_control_characters_are_stored_or_refused_never_500(url: str, store: gr.History) -> None:
    r = httpx.post(
        url + "/v1/records",
        json={
            "event": {"kind": "立项", "date": "2026-05-20", "unit": "a\x00b\x1f", "project_name": "\u202e甲"},
            "plan": 2026,
        },
        headers=auth(),
    )
    assert r.status_code in (201, 422), r.text
    if r.status_code == 201:
        assert store.records()[-1].event.unit == "a\x00b\x1f"


@pytest.mark.parametrize(
    "path",
    [
        "/v1/rules/%ED%A0%80",
        "/v1/rules/" + "a" * 5000,
        "/v1/plans/-1",
        "/v1/plans/1e3",
        "/v1/units/%00/status",
        "/v1/nothing",
        "/%ff",
    ],
)
def test_odd_paths_are_answered_not_crashed(url: str, path: str) -> None:
    r = httpx.get(url + path, headers=auth())
    assert r.status_code in (200, 401, 404, 422), r.text
    assert "Traceback" not in r.text


def test_a_method_not_allowed_is_405(url: str) -> None:
    assert_refused(httpx.put(url + "/v1/plans"), 405)
    assert_refused(httpx.delete(url + "/v1/evaluate"), 405)


def test_an_upload_larger_than_the_limit_is_413(url: str) -> None:
    """The page's upload streams through the same gate: a table over --max-body is refused."""
    big = b"a,b\n" + b"x,y\n" * (LIMIT // 4 + 10)
    r = httpx.post(url + "/table", data={"plan": "2026"}, files={"file": ("表.csv", big, "text/csv")})
    assert_refused(r, 413)
