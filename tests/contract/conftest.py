"""The HTTP service for the contract tests: one `gongguan-rules serve` on 127.0.0.1 and a free port for the package.

Each test uses its own unit (credit code, `service_support.unit_code`) so that the shared record does not tie the
tests together.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .service_support import MAX_BODY, NAME, OTHER_NAME, OTHER_TOKEN, TOKEN
from .support import serving


@pytest.fixture(scope="package")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for extra in ("fastapi", "uvicorn", "httpx"):
        pytest.importorskip(extra)
    tmp = tmp_path_factory.mktemp("service")
    with serving(tmp, {NAME: TOKEN, OTHER_NAME: OTHER_TOKEN}, MAX_BODY) as url:
        yield url


@pytest.fixture(scope="package")
def client(base_url: str) -> Iterator[Any]:
    httpx = pytest.importorskip("httpx")
    with httpx.Client(base_url=base_url, timeout=60) as c:
        yield c
