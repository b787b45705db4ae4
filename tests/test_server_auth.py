"""Who may write and read the record: bearer tokens from the token file (product.md, "The HTTP service").

令牌：写入记录、查阅记录与单位状况须持有令牌；令牌文件只存 SHA-256；先核对令牌，再读请求体。
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import gongguan_rules as gr
from gongguan_rules.cli import main
from gongguan_rules.server import TokenFileError, Tokens, create_app, read_token_file, token_line
from server_support import OTHER_TOKEN, TOKEN, TOKEN_NAME, auth, running, token_file

EVENT = {"kind": "立项", "date": "2026-05-20", "year": 2026, "credit_code": "91120224064012553U", "project_name": "甲"}
PROTECTED = [
    ("POST", "/v1/records"),
    ("GET", "/v1/records"),
    ("GET", "/v1/units/91120224064012553U/status"),
]
BAD_HEADERS: list[dict[str, str | bytes]] = [
    {},  # missing
    {"Authorization": ""},
    {"Authorization": TOKEN},  # no scheme
    {"Authorization": f"Basic {TOKEN}"},  # another scheme
    {"Authorization": "Bearer"},  # no token
    {"Authorization": f"Bearer {TOKEN} {TOKEN}"},  # two
    {"Authorization": f"Bearer {TOKEN}x"},  # unknown
    {"Authorization": "Bearer " + hashlib.sha256(TOKEN.encode()).hexdigest()},  # the hash is not the token
    {"Authorization": "Bearer 令牌".encode()},  # not a b64token (UTF-8 bytes in the header)
]


@pytest.fixture(scope="module")
def store() -> Iterator[gr.History]:
    with gr.History() as h:
        yield h


@pytest.fixture(scope="module")
def url(store: gr.History, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tokens = token_file(tmp_path_factory.mktemp("t") / "tokens", [(TOKEN_NAME, TOKEN), ("市场监管委", OTHER_TOKEN)])
    with running(create_app(history=store, tokens=tokens, max_body=4096)) as base:
        yield base


# ---------------------------------------------------------------------- the token file


def test_the_token_file_holds_names_and_hashes(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text(
        "# 令牌文件\n\n"
        + token_line("甲区", "a")
        + "\n  "
        + token_line("甲区", "b")
        + "  \n"
        + token_line("乙", "c")
        + "\n",
        encoding="utf-8",
    )
    assert read_token_file(path) == [
        ("甲区", hashlib.sha256(b"a").hexdigest()),
        ("甲区", hashlib.sha256(b"b").hexdigest()),
        ("乙", hashlib.sha256(b"c").hexdigest()),
    ]
    tokens = Tokens.from_file(path)
    assert tokens.identify("Bearer b") == "甲区" and tokens.identify("bearer  c") == "乙"
    assert tokens.identify("Bearer d") is None and tokens.identify(None) is None


def test_every_faulty_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    digest = hashlib.sha256(b"x").hexdigest()
    path.write_text(f"甲:{digest}\nno colon\n乙:{digest}\n丙:secret\na b:{digest[:-1]}0\n", encoding="utf-8")
    with pytest.raises(TokenFileError) as caught:
        read_token_file(path)
    assert [line for line, _ in caught.value.faults] == [2, 3, 4, 5]
    assert f"{path}:4:" in str(caught.value) and "SHA-256" in str(caught.value)


def test_a_missing_token_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TokenFileError):
        read_token_file(tmp_path / "none")


def test_token_prints_a_token_and_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "滨海新区市场监管局"]) == 0
    token, line = capsys.readouterr().out.splitlines()
    assert line == f"滨海新区市场监管局:{hashlib.sha256(token.encode()).hexdigest()}"
    assert len(token) >= 43
    assert main(["token", "滨海新区市场监管局"]) == 0
    assert capsys.readouterr().out.splitlines()[0] != token  # random each time
    (tmp_path / "tokens").write_text(line + "\n", encoding="utf-8")
    assert Tokens.from_file(tmp_path / "tokens").identify(f"Bearer {token}") == "滨海新区市场监管局"


@pytest.mark.parametrize("name", ["", "a:b", "有 空格", "x" * 65])
def test_token_refuses_a_bad_name(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", name]) == 2
    assert capsys.readouterr().out == ""


def test_serve_refuses_a_faulty_token_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tokens").write_text("甲:not-a-hash\n", encoding="utf-8")
    assert (
        main(
            ["serve", "--port", "0", "--history", str(tmp_path / "h.sqlite3"), "--token-file", str(tmp_path / "tokens")]
        )
        == 2
    )
    assert f"{tmp_path / 'tokens'}:1:" in capsys.readouterr().err


# ---------------------------------------------------------------------- 401 first, whatever the body


@pytest.mark.parametrize(("method", "path"), PROTECTED)
@pytest.mark.parametrize("headers", BAD_HEADERS)
def test_no_valid_token_is_401(
    url: str, store: gr.History, method: str, path: str, headers: dict[str, str | bytes]
) -> None:
    before = len(store)
    r = httpx.request(method, url + path, json={"event": EVENT, "plan": 2026}, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["errors"][0]["loc"] == "Authorization"
    assert len(store) == before  # nothing written


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"\xff\xfe", b'{"event": {"kind": "wedding"}}', b"[" * 50000],
    ids=["bad-json", "not-utf8", "bad-event", "deep"],
)
def test_401_comes_before_the_body_is_read(url: str, store: gr.History, body: bytes) -> None:
    before = len(store)
    r = httpx.post(url + "/v1/records", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 401
    assert len(store) == before


def test_401_comes_before_the_size_of_the_body(url: str) -> None:
    """A body declared far larger than --max-body, without a token: 401, and not one byte of it read."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000000000\r\n\r\n"
        )
        answer = sock.recv(65536).decode("latin-1")
    assert answer.startswith("HTTP/1.1 401")


def test_the_token_names_who_recorded(url: str, store: gr.History) -> None:
    first = httpx.post(url + "/v1/records", json={"event": EVENT, "plan": 2026}, headers=auth())
    second = httpx.post(url + "/v1/records", json={"event": EVENT, "plan": 2026}, headers=auth(OTHER_TOKEN))
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.json()["recorded_by"], second.json()["recorded_by"]) == (TOKEN_NAME, "市场监管委")
    stored = {r.seq: r.recorded_by for r in store.records()}
    assert stored[first.json()["seq"]] == TOKEN_NAME and stored[second.json()["seq"]] == "市场监管委"
    listed = httpx.get(url + "/v1/records", headers=auth(OTHER_TOKEN)).json()
    assert {r["seq"]: r["recorded_by"] for r in listed}[first.json()["seq"]] == TOKEN_NAME


def test_without_a_token_file_the_record_is_closed(tmp_path: Path) -> None:
    with running(create_app()) as base:
        assert httpx.get(base + "/v1/records", headers=auth()).status_code == 401
        assert httpx.get(base + "/v1/plans").status_code == 200  # evaluation, plans and rules stay open


@pytest.mark.parametrize(
    "path", ["/v1/plans", "/v1/plans/2026", "/v1/rules/reg.art25.debarment", "/", "/docs", "/openapi.json"]
)
def test_the_open_addresses_need_no_token(url: str, path: str) -> None:
    assert httpx.get(url + path).status_code == 200
