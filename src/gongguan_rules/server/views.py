"""What the service answers about plans, rules, records and units: the library's data, typed.

服务关于方案、规则、记录与单位状况的应答模型（均由本库的数据与模型构成）。
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..cli.plans import find_rule, rule_appearances, rule_json
from ..law.citations import Citation
from ..law.plan_model import DocumentSpec, MessageText, Readings, TimingSpec
from ..law.plans import Plan
from ..law.rules import Rule

__all__ = ["PlanSummary", "PlanView", "RuleDetail", "RuleView", "plan_view", "rule_detail"]


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class RuleView(_View):
    """A rule as a plan applies it, with its citations and text. 方案所适用的一条规则。"""

    id: str
    check: str
    title: MessageText
    source: Literal["regulation", "plan"]
    plan: int
    citations: list[Citation]
    quote: str | None = None
    params: dict[str, Any]
    applies_to: list[str]
    inference: bool
    note: str | None = None
    not_applicable: MessageText | None = None


class RuleAppearance(_View):
    """A bundled plan that has the rule, and whether it binds there. 含有该规则的随包方案。"""

    year: int
    document: str
    citations: list[str]
    applies: bool
    not_applicable: MessageText | None = None


class RuleDetail(RuleView):
    """``GET /v1/rules/{rule_id}``: the rule under one plan, and every bundled plan that has it."""

    plans: list[RuleAppearance]


class StepView(_View):
    """One step of a plan's schedule, its timing as written and read, cited. 工作程序中的一步。"""

    id: str
    stage: str
    role: str
    timing: TimingSpec
    districts: list[str] | None = None
    citations: list[Citation]
    quote: str


class PlanSummary(_View):
    """A bundled plan in one line. 随包方案概要。"""

    year: int
    document: str
    title: str
    level: str
    territory: str
    issued_on: date


class PlanView(PlanSummary):
    """``GET /v1/plans/{year}``: the plan's documents, rules (clauses) and schedule, each cited."""

    documents: list[DocumentSpec]
    readings: Readings
    rules: list[RuleView]
    schedule: list[StepView]
    procedure: list[str]
    procedure_citations: list[Citation]


def _rule_data(plan: Plan, rule: Rule) -> dict[str, Any]:
    data = rule_json(plan, rule, [])
    data["source"] = "regulation" if rule.source == "regulation" else "plan"  # never a server path
    return data


def rule_view(plan: Plan, rule: Rule) -> RuleView:
    """A rule under ``plan``. 方案中的一条规则。"""
    return RuleView.model_validate(_rule_data(plan, rule))


def rule_detail(plan: Plan, rule_id: str, bundled: list[Plan]) -> RuleDetail | None:
    """The rule ``rule_id`` under ``plan`` with its appearances, or None when the plan lacks it."""
    rule = find_rule(plan, rule_id)
    if rule is None:
        return None
    data = _rule_data(plan, rule)
    data["plans"] = rule_appearances(rule, bundled)
    return RuleDetail.model_validate(data)


def plan_summary(plan: Plan) -> PlanSummary:
    doc = plan.governing_document
    return PlanSummary(
        year=plan.year,
        document=plan.document,
        title=doc.title,
        level=doc.level,
        territory=plan.spec.territory,
        issued_on=doc.issued_on,
    )


def plan_view(plan: Plan) -> PlanView:
    """A bundled plan: documents, readings, rules, schedule and procedure, with citations."""
    spec = plan.spec
    return PlanView(
        **plan_summary(plan).model_dump(),
        documents=list(spec.documents),
        readings=spec.readings,
        rules=[rule_view(plan, rule) for rule in plan.rules],
        schedule=[
            StepView(
                id=step.id,
                stage=step.stage,
                role=step.role,
                timing=step.timing,
                districts=step.districts,
                citations=[plan.citation(c) for c in step.cite],
                quote=step.quote,
            )
            for step in spec.schedule
        ],
        procedure=list(spec.procedure),
        procedure_citations=[plan.citation(c) for c in spec.procedure_cite],
    )
