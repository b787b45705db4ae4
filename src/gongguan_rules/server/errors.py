"""Error answers: one shape for every refusal, and the handlers that give it.

错误应答：所有拒绝都用同一种形式 ``{"errors": [{"loc": 字段路径, "msg": 说明}]}``。

``loc`` is a dotted field path as :class:`~gongguan_rules.InputError` writes it, prefixed with
the part of the body it is in (``application.project.start_date``, ``history[2].date``,
``event.kind``), a query or path parameter's name (``limit``, ``year``), or ``(body)`` for the
body as a whole (not JSON, not an object). ``msg`` is Chinese first, English beside. No answer
ever carries a traceback: a record that cannot be reached is 503, and an unexpected fault is
logged on the server and answered 500 with a line that says so and nothing of its insides.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from ..errors import InputError, loc_to_path
from ..records.store import HistoryStoreError

__all__ = ["BODY", "STATUS_MESSAGES", "ErrorBody", "ErrorItem", "error_response", "install_handlers", "refuse"]

BODY = "(body)"
log = logging.getLogger("gongguan_rules.server")


class ErrorItem(BaseModel):
    """One fault: where (a field path) and what. 一处错误：位置（字段路径）与说明。"""

    loc: str
    msg: str


class ErrorBody(BaseModel):
    """The body of every error answer (401, 404, 405, 413, 422, 503). 所有错误应答的内容。"""

    errors: list[ErrorItem]


def error_response(
    status: int, errors: Sequence[tuple[str, str]], headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """An error answer with one entry per fault. 错误应答。"""
    body = {"errors": [{"loc": loc, "msg": msg} for loc, msg in errors]}
    return JSONResponse(body, status_code=status, headers=dict(headers) if headers else None)


def refuse(where: str, message: str, prefix: str = "") -> InputError:
    """An InputError at ``prefix.where`` (for faults the service finds itself). 服务自行发现的输入错误。"""
    return InputError([(f"{prefix}.{where}" if prefix else where, message)])


STATUS_MESSAGES = {
    401: (
        "需要有效的令牌（Authorization: Bearer <令牌>）/ a valid bearer token is required "
        "(Authorization: Bearer <token>)"
    ),
    404: "没有这个地址 / no such address",
    405: "该地址不接受此方法 / this address does not take this method",
    413: "请求体过大 / the request body is too large",
}


def _message(err: dict[str, Any]) -> str:
    """A bilingual message for one pydantic error of a query, path or body envelope."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "缺少必填字段 / required field missing"
    if kind == "extra_forbidden":
        return "未知的字段 / unknown field"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数 / expected an integer"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')} / must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le')} / must be at most {ctx.get('le')}"
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return "应为 JSON 对象 / expected a JSON object"
    if kind in ("string_type", "string_unicode"):
        return "应为文本 / expected text"
    return str(err.get("msg", "无法读取 / cannot be read")).removeprefix("Value error, ")


def _json_position(doc: Any, pos: Any) -> str:
    if isinstance(doc, str) and isinstance(pos, int) and 0 <= pos <= len(doc):
        line = doc.count("\n", 0, pos) + 1
        column = pos - (doc.rfind("\n", 0, pos) + 1) + 1
        return f"第 {line} 行第 {column} 列 / line {line}, column {column}"
    return "位置不明 / position unknown"


def _from_validation(request: Request, exc: RequestValidationError, known: Collection[str]) -> JSONResponse:
    errors: list[tuple[str, str]] = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        where, rest = (loc[0], loc[1:]) if loc else ("body", ())
        if where == "body":
            if err.get("type") == "json_invalid":
                detail = (err.get("ctx") or {}).get("error", "")
                position = _json_position(getattr(exc, "body", None), rest[0] if rest else None)
                errors.append((BODY, f"不是有效的 JSON（{position}）/ not valid JSON: {detail}"))
                continue
            if not rest and err.get("type") == "missing":
                errors.append(
                    (BODY, "缺少请求体（应为 JSON 对象）/ the request has no body (a JSON object is expected)")
                )
                continue
            path = loc_to_path(tuple(p for p in rest if isinstance(p, str | int)))
            message = _message(err)
            if err.get("type") == "extra_forbidden" and rest and isinstance(rest[-1], str):
                message += _did_you_mean(rest[-1], known)
            errors.append((path if rest else BODY, message))
        else:
            name = loc_to_path(tuple(p for p in rest if isinstance(p, str | int)))
            errors.append((name, _message(err)))
    return error_response(422, errors or [(BODY, "无法读取 / cannot be read")])


def _did_you_mean(key: str, known: Collection[str]) -> str:
    """A suggestion for a misspelt body key."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return f"（是否想写“{close[0]}”？/ did you mean {close[0]!r}?）" if close else ""


def _body_fault(cause: BaseException | None) -> str:
    """Why FastAPI could not parse a body it reports only as "error parsing the body"."""
    if isinstance(cause, UnicodeDecodeError):
        return f"不是 UTF-8 编码（第 {cause.start + 1} 个字节）/ not UTF-8 (at byte {cause.start + 1})"
    if isinstance(cause, RecursionError):
        return "JSON 嵌套过深 / the JSON is nested too deeply"
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return "数字过长 / a number has too many digits"
    return "请求体无法读取（应为 UTF-8 编码的 JSON 对象）/ the body cannot be read (a UTF-8 JSON object is expected)"


def install_handlers(app: FastAPI, body_keys: Collection[str] = ()) -> None:
    """Every refusal in the one shape; InputError → 422; nothing unexpected shows its insides.

    ``body_keys`` are the keys the request bodies know, for a "did you mean" on a misspelt one.
    """

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        return error_response(422, exc.errors)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _from_validation(request, exc, body_keys)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI's "There was an error parsing the body"
            return error_response(422, [(BODY, _body_fault(exc.__cause__))])
        detail = exc.detail if isinstance(exc.detail, list) else None
        errors = detail or [("", STATUS_MESSAGES.get(exc.status_code, str(exc.detail)))]
        return error_response(exc.status_code, errors, headers=exc.headers)

    @app.exception_handler(HistoryStoreError)
    async def _record_down(request: Request, exc: HistoryStoreError) -> JSONResponse:
        # the record cannot be reached (a database down, a file locked): the server's fault, said as 503;
        # its details (paths, URLs) are logged, not shown
        log.error("the record is unavailable on %s %s: %s", request.method, request.url.path, exc)
        return error_response(503, [("", "记录暂不可用，请稍后再试 / the record is unavailable; try again later")])

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected fault on %s %s", request.method, request.url.path)
        return error_response(500, [("", "服务内部错误，已记录 / internal error; it has been logged")])
