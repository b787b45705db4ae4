"""The join engines: the fence around durable-rules, the joins it runs (rules/joins.yaml), and
which of the two evaluations of those joins runs here (docs/engine.md).

关联引擎：durable-rules 的围栏、它所执行的关联规则，以及在本环境中由谁执行这些关联（durable-rules 或
同一份规则的 Python 求值）。
"""

from __future__ import annotations

from .choice import (
    DURABLE,
    ENGINES,
    ENV_VAR,
    PYTHON,
    available_engines,
    durable_unavailable,
    engine_from_environment,
    engine_name,
    join,
    using,
)

__all__ = [
    "DURABLE",
    "ENGINES",
    "ENV_VAR",
    "PYTHON",
    "available_engines",
    "durable_unavailable",
    "engine_from_environment",
    "engine_name",
    "join",
    "using",
]
