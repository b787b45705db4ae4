"""The service as the outside checker reaches it: tokens, a unit of its own per test, the error shape.

服务测试的共用部分：令牌、每个测试各用一个单位、错误应答的形式。The server itself is started once for the package
(tests/contract/conftest.py) by `gongguan-rules serve`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .support import check_character

if TYPE_CHECKING:
    import httpx

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


def record(client: httpx.Client, event: dict[str, Any], plan: int, token: str = TOKEN) -> httpx.Response:
    return client.post("/v1/records", json={"event": event, "plan": plan}, headers=auth(token))
