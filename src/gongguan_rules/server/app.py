"""The application factory: :func:`create_app`. 服务应用的构造。"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from ..records.history_index import HistoryIndex
from ..records.store import History
from .auth import Tokens
from .bodies import BODY_KEYS
from .errors import install_handlers
from .guard import DEFAULT_MAX_BODY, Guard
from .page import page_router
from .routes import api_router

__all__ = ["DOCS_STATIC", "create_app"]

#: Where the documentation page's scripts and styles are served from (this server, never a CDN).
DOCS_STATIC = "/static/docs"

_DESCRIPTION = """\
天津市质量攻关规则库的 HTTP 服务：判断申报与事件、查阅方案与规则、共享的生命周期记录。
The HTTP service of gongguan-rules: evaluate applications and events, read plans and rules, and keep
a shared record of the lifecycle. 请求与应答的模型即本库的模型（与 `gongguan-rules schema` 同源）。
Writing records, reading records and a unit's status need a bearer token (`--token-file`).
"""


def _tokens(tokens: Tokens | Mapping[str, str] | str | os.PathLike[str] | None) -> Tokens:
    if isinstance(tokens, Tokens):
        return tokens
    if tokens is None:
        return Tokens()
    if isinstance(tokens, Mapping):
        return Tokens(dict(tokens))
    return Tokens.from_file(tokens)


def create_app(
    history: History | str | os.PathLike[str] | None = None,
    tokens: Tokens | Mapping[str, str] | str | os.PathLike[str] | None = None,
    max_body: int = DEFAULT_MAX_BODY,
) -> FastAPI:
    """The service as an ASGI application. 构造服务（ASGI 应用）。

    Args:
        history: the record: a :class:`~gongguan_rules.History`, or what ``History(...)`` takes
            (a path or URL), opened here and closed when the application shuts down; None keeps
            the record in memory.
        tokens: the accepted tokens: a :class:`Tokens`, a mapping ``{name: sha256hex}``, or the
            path of a token file (``NAME:SHA256HEX`` lines); None accepts none, so that writing
            and reading the record are refused.
        max_body: the largest request body in bytes (default 8 MiB); larger is 413.
    """
    if max_body < 0:
        raise ValueError("max_body must not be negative")
    table = _tokens(tokens)
    owned = not isinstance(history, History)
    store = history if isinstance(history, History) else History(history)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                store.close()

    app = FastAPIOffline(
        title="gongguan-rules",
        version=_version(),
        description=_DESCRIPTION,
        docs_url="/docs",
        redoc_url="/redoc",
        static_url=DOCS_STATIC,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.tokens = table
    install_handlers(app, BODY_KEYS)
    app.include_router(api_router(store))

    def record() -> HistoryIndex:
        return store.history()

    app.include_router(page_router(record))
    app.add_middleware(Guard, tokens=table, max_body=max_body)
    return app


def _version() -> str:
    from .. import __version__

    return __version__
