"""The checks: mechanism in Python, parameters and citations in rules/ and plans/.

检查函数（机制）。导入本包即登记全部检查。Where the law puts each check:

- applicant.py — 第八条（一）: unit type, registration, credit code, corroboration
- project.py — 第八条（二）, 2026 一（三）/三, 2021 附表: benefits, start date, direction, topic, sectors
- duplication.py — 第八条（三） and the plans' 雷同 clauses
- procedure.py — 第六条, 第十条, 第十二条 and each plan's 工作程序 (schedule)
- debarment.py — 第二十五条
- standing.py — 第二条, 第九条, 第二十七条, texts not in our hands
- lifecycle.py — events: 第十三条, 第十七条 ×2, 第十八条, 第十九条, 第二十五条 and the plans' schedules
"""

from ...law.checks import CHECKS
from . import applicant, debarment, duplication, lifecycle, procedure, project, standing
from .base import IMPLEMENTATIONS, CheckFn, Result

_missing = sorted(set(CHECKS) - set(IMPLEMENTATIONS))
if _missing:  # pragma: no cover - a check declared in law/checks.py with no function here
    raise RuntimeError(f"checks declared in law/checks.py but not implemented: {_missing}")

__all__ = [
    "IMPLEMENTATIONS",
    "CheckFn",
    "Result",
    "applicant",
    "debarment",
    "duplication",
    "lifecycle",
    "procedure",
    "project",
    "standing",
]
