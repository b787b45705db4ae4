"""The HTTP service (optional extra ``server``): ``gongguan-rules serve``. HTTP 服务。

``pip install "gongguan-rules[server]"`` brings FastAPI, uvicorn, python-multipart, Jinja2 and the
documentation page's assets (fastapi-offline: no CDN). :func:`create_app` builds the ASGI
application; docs/service.md describes every endpoint.

- :mod:`.app` — the factory; :mod:`.routes` — the ``/v1`` API; :mod:`.page` — the page at ``/``;
- :mod:`.bodies` — request bodies (the library's models describe them, its readers read them);
- :mod:`.views` — answers about plans, rules and records; :mod:`.errors` — the one error shape;
- :mod:`.guard` — authentication first, then the body's size; :mod:`.auth` — tokens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .auth import TokenFileError, Tokens, hash_token, new_token, read_token_file, token_line

if TYPE_CHECKING:
    from .app import create_app
    from .guard import DEFAULT_MAX_BODY


def __getattr__(name: str) -> Any:
    """``create_app`` and ``DEFAULT_MAX_BODY`` load FastAPI: only when asked for (tokens need none)."""
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "DEFAULT_MAX_BODY":
        from .guard import DEFAULT_MAX_BODY

        return DEFAULT_MAX_BODY
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_MAX_BODY",
    "TokenFileError",
    "Tokens",
    "create_app",
    "hash_token",
    "new_token",
    "read_token_file",
    "token_line",
]
