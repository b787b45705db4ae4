"""The entry points: every change from one plan to another, in the order of the sections, and the
rules both plans apply alike. 入口：两个方案之间的全部变化（按栏目排序）与相同的规则。
"""

from __future__ import annotations

from ..plans import Plan
from .model import SECTION_ORDER, PlanChange
from .plan_parts import diff_documents, diff_procedure, diff_readings, diff_territory
from .rule_steps import diff_rules, diff_steps


def diff_plans(a: Plan, b: Plan) -> list[PlanChange]:
    """What changed from plan ``a`` to plan ``b``, grouped by section. 从方案 a 到方案 b 的变化。

    Sections in the order of :data:`SECTIONS`; within a section: documents, territory,
    readings, rules (in ``b``'s order, then those only ``a`` has), the procedure and the
    schedule steps. Deterministic: the same two plans give the same list.
    """
    changes = [
        *diff_documents(a, b),
        *diff_territory(a, b),
        *diff_readings(a, b),
        *diff_rules(a, b),
        *diff_procedure(a, b),
        *diff_steps(a, b),
    ]
    return sorted(changes, key=lambda c: SECTION_ORDER[c.section])


def unchanged_rules(a: Plan, b: Plan) -> list[str]:
    """Ids of the rules both plans apply alike. 两个方案中相同的规则。"""
    changed = {c.id for c in diff_rules(a, b)}
    b_ids = {r.id for r in b.rules}
    return [r.id for r in a.rules if r.id in b_ids and r.id not in changed]
