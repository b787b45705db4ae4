"""The 管理办法 as data (rules/regulation.yaml): its document, its rules, its five-year validity
(第二十七条), and the result codes of a rule of it that does not bind under a plan.

管理办法（数据）：文件、规则、五年有效期（第二十七条），以及其规则在某方案下不适用时的结论代码。
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

from ...errors import PlanFault, RulesError
from ..citations import Citation
from ..counting import years_after
from ..plan_model import CiteSpec, RegulationDocument, RegulationFile, RegulationRule
from .clauses import check_clause
from .rule_files import read_rules_file

REGULATION_KEY = "regulation"
#: The result codes of a 管理办法 rule that does not bind under a plan (its not_applicable finding).
NOT_GOVERNING = "regulation_not_governing"  # the plan was issued outside the 管理办法's span (第二十七条)
DISTRICT_PLAN = "district_plan"  # the article does not bind a district plan's applicants


@dataclass(frozen=True)
class Regulation:
    """The 管理办法 as data (rules/regulation.yaml). 管理办法（数据）。"""

    document: RegulationDocument
    rules: tuple[RegulationRule, ...]
    path: str

    @cached_property
    def in_force_until(self) -> date:
        """The last day of the five-year validity (第二十七条): 2023-12-29 → 2028-12-28 (computed
        once: every evaluation reads it)."""
        return years_after(self.document.in_force_from, self.document.valid_years) - timedelta(days=1)

    def in_force_on(self, day: date) -> bool:
        return self.document.in_force_from <= day <= self.in_force_until

    def citation(self, spec: CiteSpec) -> Citation:
        return Citation(document=self.document.number, article=spec.article, item=spec.item, occurrence=spec.occurrence)


@lru_cache(maxsize=1)
def regulation() -> Regulation:
    """rules/regulation.yaml, read and checked once. 读取管理办法规则。"""
    spec, located, path = read_rules_file("regulation.yaml", RegulationFile)
    faults: list[PlanFault] = []
    for i, rule in enumerate(spec.rules):
        faults.extend(check_clause(rule, ("rules", i), located, path, {REGULATION_KEY}))
        for cite in rule.cite:
            if cite.doc != REGULATION_KEY:
                line, column = located.where(("rules", i, "cite"))
                faults.append(
                    PlanFault(path, line, column, "unknown_document", f"{rule.id}: cite.doc must be {REGULATION_KEY!r}")
                )
    if faults:
        raise RulesError("\n".join(str(f) for f in faults))
    return Regulation(spec.document, tuple(spec.rules), path)
