"""Hypothesis strategies built from a plan: public API for whoever tests a plan or the engine.

由方案数据生成的 Hypothesis 策略（公开接口）。每个取值都从方案文件的参数推导，不写死常量；
策略所承诺的性质对任何方案文件都成立（见 docs/testing.md）。

The strategies read the plan's compiled rules (``plan.rules``: check kind, parameters, whether
the rule binds under this plan) and its schedule, and generate facts that the rules accept or
refuse. They carry a *model* of every check that can judge an application (:func:`verdict`): what
the check answers for an application with an empty history. The model is written from
product.md's contract and readings, not copied from the checks, so the invariant suite
(:mod:`gongguan_rules.testing.invariants`) compares two independent readings of the same text.

Promises (each is checked by an invariant of the suite, for every bundled plan):

- :func:`applications` — any application in the contract's shape (every field possibly absent,
  enum values in any accepted spelling, dates as ISO dates, Chinese dates or datetimes). Never
  raises :class:`~gongguan_rules.InputError`; the outcome may be anything.
- :func:`eligible_applications` — every fact satisfies every rule that judges applications
  under the plan (the 管理办法's too when it governs; a rule marked not applicable is skipped),
  every contract field is supplied, the history is empty. ``gr.evaluate(app, plan)`` is
  ``eligible`` with no ``fail`` and no ``review`` finding.
- :func:`one_clause_broken` — ``(application, broken)``: an eligible application with one fact
  changed so that it breaks a clause. ``broken`` is the set of every rule id that fails because of
  that fact (a fact read by a 管理办法 rule and a plan clause fails both; the set is computed from
  the model of every rule, never hard-coded). ``gr.evaluate(app, plan)`` is ``ineligible``, the
  rule ids of its ``fail`` findings are exactly ``broken``, no finding is ``review``, and each
  failing finding cites its rule's own citations. When the changed fact is corroborated by the
  credit code (the unit's type, its district), the code is re-issued to agree, so nothing but the
  broken clause is flagged.
- :func:`events` / :func:`histories` — any lifecycle event / list of events in the contract's
  shape, sharing a small pool of units and project names so that joins happen.

A plan that uses a check these strategies do not know raises :class:`UnknownCheckError` naming
it (attrs' rule: a new feature is added to the strategies too); a plan no application can
satisfy raises :class:`UnsatisfiablePlanError` naming the rule.

The package's parts: :mod:`.known` (the checks known, the judging rules, the errors),
:mod:`.windows` (a step's timing as dates), :mod:`.model` (the verdict of each check),
:mod:`.vocabulary` (spellings, places, credit codes, names), :mod:`.facts` (one fact by its
dotted path), :mod:`.eligible` (eligible
applications), :mod:`.breaks` (one clause broken) and :mod:`.shapes` (any application, events,
histories).
"""

from __future__ import annotations

from .breaks import Break, clause_breaks, one_clause_broken
from .eligible import eligible_applications, example_application
from .facts import set_fact, without_fact
from .known import (
    APPLICATION_DATE_FIELDS,
    BREAKABLE_CHECKS,
    EVENT_OF_STAGE,
    KNOWN_CHECKS,
    TIANJIN,
    StrategyError,
    UnknownCheckError,
    UnsatisfiablePlanError,
    Verdict,
    judging_rules,
)
from .model import verdict, verdicts
from .shapes import applications, events, histories
from .vocabulary import OTHER_SECTORS, OUTSIDE_PLACES, PROJECT_NAMES, UNIT_NAMES, credit_code_for, district_spellings
from .windows import Window, step_status, step_window

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
