"""汇总表 (summary tables): reading applications from Excel, CSV or DataFrames, writing results,
comparing plans, and rendering for notebooks.

汇总表：从 Excel、CSV 或 DataFrame 读取申报，写出结果表，比较两个方案的影响，在笔记本中显示。

The names are exported lazily, so that :mod:`gongguan_rules.tables.headers` (the one header
vocabulary, a leaf module) can be imported by the history-file reader without importing judging.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ApplicationTable": "reader",
    "read_applications": "reader",
    "write_results": "results",
    "compare_plans": "impact",
    "ImpactReport": "impact",
    "ImpactItem": "impact",
    "decision_rows": "frames",
    "to_dataframe": "frames",
    "BatchSummary": "frames",
    "plot_timeline": "timeline",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
