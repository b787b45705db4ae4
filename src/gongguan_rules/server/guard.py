"""The gate every request passes first: the token, then the size of the body (an ASGI middleware).

所有请求先经过这道门：先核对令牌，再限制请求体大小。

1. **Authentication first.** A request to an address that names units and people (writing or
   reading records, a unit's status: :data:`PROTECTED`) must carry a known bearer token; without
   one it is answered 401 at once, before its body is read and whatever the body holds, so
   nothing is written. The token's holder is left in the request's scope (:data:`RECORDED_BY`).
2. **The body's size.** A body declared (``Content-Length``) larger than ``max_body`` is
   answered 413 before any of it is read; a body sent without a length (chunked) is counted as
   it arrives and refused with 413 as soon as it passes the limit.
3. **Every API body is read as JSON.** The ``/v1`` addresses take JSON and nothing else, so a body
   sent to them is read as JSON whatever its ``Content-Type`` says (none at all, or the
   ``application/x-www-form-urlencoded`` that curl's ``-d`` and Python's urllib put on a body);
   a body that is not JSON is then 422 like any input that cannot be read (product.md, "The HTTP
   service"), never a status of its own.
"""

from __future__ import annotations

import re

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import Tokens
from .errors import BODY, STATUS_MESSAGES, error_response

__all__ = ["DEFAULT_MAX_BODY", "PROTECTED", "RECORDED_BY", "BodyTooLarge", "Guard", "is_protected"]

#: The default largest request body: 8 MiB. 默认请求体上限。
DEFAULT_MAX_BODY = 8 * 1024 * 1024
#: The addresses that need a token, whatever the method. 需要令牌的地址。
PROTECTED = re.compile(r"^/v1/(?:records|units/[^/]+/status)/?$")
#: The scope key under which the token's holder is left for the routes. 令牌持有人。
RECORDED_BY = "gongguan.recorded_by"
#: The addresses whose bodies are JSON, whatever their label. 请求体一律按 JSON 读取的地址。
JSON_API = "/v1/"
_AS_JSON = (b"content-type", b"application/json")


def is_protected(path: str) -> bool:
    """Whether ``path`` needs a bearer token. 该地址是否需要令牌。"""
    return PROTECTED.match(path) is not None


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit; answered 413."""

    def __init__(self, limit: int) -> None:
        self.faults = [(BODY, f"请求体超过 {limit} 字节 / the request body exceeds {limit} bytes")]
        super().__init__(413, detail=self.faults)


def _read_as_json(scope: Scope) -> Scope:
    """``scope`` with its body labelled JSON: an API body is read as JSON whatever its label."""
    headers = [(k, v) for k, v in scope.get("headers", ()) if k.lower() != b"content-type"]
    return {**scope, "headers": [*headers, _AS_JSON]}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class Guard:
    """The ASGI middleware: authentication first, then the body's size. 令牌与请求体大小的门。"""

    def __init__(self, app: ASGIApp, tokens: Tokens, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.tokens = tokens
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if is_protected(scope.get("path", "")):
            holder = self.tokens.identify(_header(scope, b"authorization"))
            if holder is None:
                answer = error_response(
                    401,
                    [("Authorization", STATUS_MESSAGES[401])],
                    headers={"WWW-Authenticate": 'Bearer realm="gongguan-rules"'},
                )
                await answer(scope, receive, send)
                return
            scope[RECORDED_BY] = holder
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_body:
            too_large = BodyTooLarge(self.max_body)
            await error_response(413, too_large.faults)(scope, receive, send)
            return

        if scope.get("path", "").startswith(JSON_API):
            scope = _read_as_json(scope)

        limit = self.max_body
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge as exc:  # raised where no handler answered it (e.g. outside a route)
            if started:
                raise
            await error_response(413, exc.faults)(scope, receive, send)
