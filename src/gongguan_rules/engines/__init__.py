"""The join engines: the fence around durable-rules and the joins it runs (rules/joins.yaml).

关联引擎：durable-rules 的围栏及其运行的关联规则。
"""

from __future__ import annotations


def engine_name() -> str:
    """The join engine in use: ``"durable-rules"`` (or ``"python"`` where it cannot run).

    当前使用的关联引擎。
    """
    return "durable-rules"


__all__ = ["engine_name"]
