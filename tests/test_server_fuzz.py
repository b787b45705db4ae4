"""schemathesis against the generated OpenAPI document: no input a client can send gets a 500.

以 schemathesis 依据生成的 OpenAPI 文档对真实服务（uvicorn，127.0.0.1）做模糊测试：任何输入都不得
得到 500。每个接口的样例数固定、可复现（derandomize），时间有界。

Every operation is called with examples drawn from its schema, valid ones and invalid ones
(schemathesis' positive and negative modes), with the token where the document asks for one. The checks: no 5xx,
the answer's status is one the document lists, and its body matches the document's schema.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

import gongguan_rules as gr
from gongguan_rules.server import create_app, hash_token
from server_support import TOKEN, TOKEN_NAME, auth, running

#: Examples per operation and mode: bounded, so that the run is bounded. 每个接口的样例数。
EXAMPLES = int(os.environ.get("GONGGUAN_FUZZ_EXAMPLES", "30"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


#: The application under test, built when the module is collected so that its document can name the
#: operations; the tests call it through a real uvicorn server (fixture ``service``).
APP = create_app(history=gr.History(), tokens={TOKEN_NAME: hash_token(TOKEN)}, max_body=256 * 1024)
CONFIG = SchemathesisConfig.from_dict(
    {  # valid and invalid examples ("all" modes), reproducible
        "seed": 20261201,
        "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True, "database": "none"},
    }
)
schema = schemathesis.openapi.from_dict(APP.openapi(), config=CONFIG)


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    try:
        with running(APP) as url:
            yield url
    finally:
        APP.state.store.close()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_gets_a_server_error(case: schemathesis.Case, service: str) -> None:
    headers = auth() if case.operation.definition.raw.get("security") else None
    case.call_and_validate(base_url=service, headers=headers, checks=CHECKS)
