"""Testing support: Hypothesis strategies built from a plan, the invariant suite and the pytest plugin.

测试支持：由方案生成的 Hypothesis 策略、不变量套件与 pytest 插件（docs/testing.md）。

The strategies (:mod:`gongguan_rules.testing.strategies`) are re-exported here and imported on
first use, so that the pytest plugin (:mod:`gongguan_rules.testing.plugin`) loads without
Hypothesis: installing the library never breaks another project's test run.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "APPLICATION_DATE_FIELDS",
    "BREAKABLE_CHECKS",
    "EVENT_OF_STAGE",
    "KNOWN_CHECKS",
    "OTHER_SECTORS",
    "OUTSIDE_PLACES",
    "PROJECT_NAMES",
    "TIANJIN",
    "UNIT_NAMES",
    "Break",
    "StrategyError",
    "UnknownCheckError",
    "UnsatisfiablePlanError",
    "Verdict",
    "Window",
    "applications",
    "clause_breaks",
    "credit_code_for",
    "district_spellings",
    "eligible_applications",
    "events",
    "example_application",
    "histories",
    "judging_rules",
    "one_clause_broken",
    "set_fact",
    "step_status",
    "step_window",
    "verdict",
    "verdicts",
    "without_fact",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".strategies", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
