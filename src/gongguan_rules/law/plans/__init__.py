"""Loading plans: strictly, with every fault reported at once as ``file:line:column``.

方案的读取：严格校验，一次报告全部错误，每条写明 ``文件:行:列``，拼错的键给出“是否想写”的建议。

The package's parts: :mod:`.loading` (the loader: :func:`load_plan`, :func:`parse_plan`,
:func:`resolve_plan`, the caches), :mod:`.compiled` (the compiled :class:`Plan`),
:mod:`.validation` (the checks of a whole plan file), :mod:`.clauses` (the checks of one clause),
:mod:`.regulation_file` (the 管理办法: :func:`regulation`), :mod:`.rule_files` (:func:`messages`,
:func:`remedies`) and :mod:`.faults` (faults as ``file:line:column``).
"""

from __future__ import annotations

from .compiled import Plan
from .loading import available_plans, load_plan, parse_plan, resolve_plan, validate_plan_file
from .regulation_file import DISTRICT_PLAN, NOT_GOVERNING, REGULATION_KEY, Regulation, regulation
from .rule_files import REMEDY_COMMON, messages, remedies

__all__ = [
    "DISTRICT_PLAN",
    "NOT_GOVERNING",
    "REGULATION_KEY",
    "REMEDY_COMMON",
    "Plan",
    "Regulation",
    "available_plans",
    "load_plan",
    "messages",
    "parse_plan",
    "regulation",
    "remedies",
    "resolve_plan",
    "validate_plan_file",
]
