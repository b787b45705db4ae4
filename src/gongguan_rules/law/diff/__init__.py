"""What changed between two plans, clause by clause, with the citations of both sides.

方案对比：逐条比较两个年度方案的规则（按编号）、文件、适用地域、解读参数、工作程序与时间要求，
每处变化列出两边的出处（文号、条或提纲标题、项）。

>>> import gongguan_rules as gr
>>> from gongguan_rules.law.diff import diff_plans
>>> for change in diff_plans(gr.load_plan(2025), gr.load_plan(2026)):
...     print(change.section, change.change, change.id)

What is compared, and how things are matched:

- **rules**: every rule the plan applies, the 管理办法's and the plan's own, matched by ``id``.
  A rule has changed when its check, its parameters, the subjects it judges, whether it is an
  inference, or whether it binds under the plan (a 管理办法 article not in force, or not binding a
  district plan) differ. A ``schedule_step`` rule is compared by the step it names (stage, role
  and timing), not by the step's id. The wording of a quote and the document a citation names
  change every year and are shown, not counted as a change.
- **schedule steps**: matched by ``id``, then the remaining ones stage by stage in file order.
  An exact day is compared within its year (4月16日 of 2025 and of 2026 are the same deadline).
- **documents**: the governing document, then the others by key, else by level, role and
  jurisdiction. **territory**, **readings** (each parameter by its dotted name) and
  **procedure** (the order of stages) are compared as values.

The package's parts: :mod:`.model` (the change model, the sections, field comparison and pairing),
:mod:`.rule_steps` (rules and schedule steps), :mod:`.plan_parts` (documents, territory, readings,
procedure) and :mod:`.compare` (:func:`diff_plans`, :func:`unchanged_rules`).
"""

from __future__ import annotations

from .compare import diff_plans, unchanged_rules
from .model import CHECK_SECTIONS, SECTIONS, ChangeKind, Compared, FieldChange, Part, PlanChange, Section
from .rule_steps import not_applicable_reason

__all__ = [
    "CHECK_SECTIONS",
    "SECTIONS",
    "ChangeKind",
    "Compared",
    "FieldChange",
    "Part",
    "PlanChange",
    "Section",
    "diff_plans",
    "not_applicable_reason",
    "unchanged_rules",
]
