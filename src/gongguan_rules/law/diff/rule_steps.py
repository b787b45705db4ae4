"""The rules and the schedule steps of two plans compared: a rule by its id (a ``schedule_step``
rule by the step it names: stage, role and timing), a step by its id and then by its stage.

规则与时间安排的比较：规则按编号（``schedule_step`` 规则按其所指步骤的阶段、角色与时间），步骤先按
编号、再按阶段配对。
"""

from __future__ import annotations

from typing import Any

from ..plan_model import StepSpec, TimingSpec
from ..plans import Plan
from ..rules import Rule
from .model import CHECK_SECTIONS, Compared, FieldChange, PlanChange, Section, cites, field_changes, pair


def _timing(timing: TimingSpec) -> dict[str, Any]:
    out = timing.model_dump(mode="json", exclude_none=True)
    if not out.get("deferred"):
        out.pop("deferred", None)
    return out


def _timing_key(timing: TimingSpec, year: int) -> dict[str, Any]:
    """Timing as compared: an exact day within its plan year, the wording left out."""
    out = _timing(timing)
    out.pop("text", None)
    if timing.by is not None:
        out["by"] = [timing.by.year - year, timing.by.month, timing.by.day]
    return out


def _step_side(plan: Plan, step: StepSpec) -> dict[str, Any]:
    side: dict[str, Any] = {
        "id": step.id,
        "stage": step.stage,
        "role": step.role,
        "timing": _timing(step.timing),
    }
    if step.districts:
        side["districts"] = list(step.districts)
    side["quote"] = step.quote
    side["citations"] = cites(plan.citation(c) for c in step.cite)
    return side


def _step_fields(plan: Plan, step: StepSpec, prefix: str = "") -> Compared:
    return {
        f"{prefix}stage": (step.stage, step.stage),
        f"{prefix}role": (step.role, step.role),
        f"{prefix}timing": (_timing_key(step.timing, plan.year), _timing(step.timing)),
        f"{prefix}districts": (sorted(step.districts or []), list(step.districts or [])),
    }


def _rule_step(plan: Plan, rule: Rule) -> StepSpec | None:
    if rule.check.name != "schedule_step":
        return None
    step_id = rule.params.model_dump().get("step")
    try:
        return plan.step(str(step_id))
    except KeyError:
        return None


def not_applicable_reason(plan: Plan, rule: Rule) -> dict[str, str] | None:
    """Why a rule does not bind under a plan (zh, en), its placeholders filled; None when it binds.

    规则在该方案下不适用的理由（已填入日期与文号）；适用时为 None。
    """
    reason = plan.not_applicable_reason(rule)
    return None if reason is None else {"zh": reason.zh, "en": reason.en}


def _rule_side(plan: Plan, rule: Rule) -> dict[str, Any]:
    side: dict[str, Any] = {
        "id": rule.id,
        "source": rule.source,
        "check": rule.check.name,
        "params": rule.params.model_dump(mode="json"),
        "applies_to": list(rule.applies_to),
        "inference": rule.inference,
        "applies": rule.not_applicable is None,
    }
    reason = not_applicable_reason(plan, rule)
    if reason is not None:
        side["not_applicable"] = reason
    step = _rule_step(plan, rule)
    if step is not None:
        side["step"] = _step_side(plan, step)
    if rule.note:
        side["note"] = rule.note
    if rule.quote:
        side["quote"] = rule.quote
    side["citations"] = cites(rule.citations)
    return side


def _rule_fields(plan: Plan, rule: Rule) -> Compared:
    """The substance of a rule, as compared. 规则的实质内容（用于比较）。"""
    params = rule.params.model_dump(mode="json")
    fields: Compared = {"check": (rule.check.name, rule.check.name)}
    step = _rule_step(plan, rule)
    if step is not None:
        params.pop("step", None)
        fields.update(_step_fields(plan, step, "step."))
    for name, value in params.items():
        fields[f"params.{name}"] = (value, value)
    fields["applies_to"] = (sorted(rule.applies_to), list(rule.applies_to))
    fields["inference"] = (rule.inference, rule.inference)
    applies = rule.not_applicable is None
    fields["applies"] = (applies, applies)
    return fields


def _rule_section(rule: Rule) -> Section:
    return CHECK_SECTIONS.get(rule.check.name, "other")


def _title(rule: Rule) -> dict[str, str]:
    return {"zh": rule.messages.title.zh, "en": rule.messages.title.en}


def diff_rules(a: Plan, b: Plan) -> list[PlanChange]:
    """The rules added, changed (by id) and removed, in ``b``'s order then those only ``a`` has."""
    out: list[PlanChange] = []
    a_rules = {r.id: r for r in a.rules}
    b_ids = {r.id for r in b.rules}
    for rule in b.rules:
        old = a_rules.get(rule.id)
        if old is None:
            out.append(
                PlanChange(
                    section=_rule_section(rule),
                    change="added",
                    part="rule",
                    id=rule.id,
                    title=_title(rule),
                    after=_rule_side(b, rule),
                )
            )
            continue
        fields = field_changes(_rule_fields(a, old), _rule_fields(b, rule))
        if fields:
            out.append(
                PlanChange(
                    section=_rule_section(rule),
                    change="changed",
                    part="rule",
                    id=rule.id,
                    title=_title(rule),
                    matched_by="id",
                    fields=fields,
                    before=_rule_side(a, old),
                    after=_rule_side(b, rule),
                )
            )
    for rule in a.rules:
        if rule.id not in b_ids:
            out.append(
                PlanChange(
                    section=_rule_section(rule),
                    change="removed",
                    part="rule",
                    id=rule.id,
                    title=_title(rule),
                    before=_rule_side(a, rule),
                )
            )
    return out


def _step_id(step: StepSpec) -> object:
    return step.id


def _step_stage(step: StepSpec) -> object:
    return step.stage


def diff_steps(a: Plan, b: Plan) -> list[PlanChange]:
    """The schedule steps added, changed (paired by id, then by stage) and removed."""
    out: list[PlanChange] = []
    pairs, removed, added = pair(a.spec.schedule, b.spec.schedule, [("id", _step_id), ("stage", _step_stage)])
    by_after = {new.id: (old, how) for old, new, how in pairs}
    added_ids = {s.id for s in added}
    for step in b.spec.schedule:
        if step.id in added_ids:
            out.append(
                PlanChange(section="deadlines", change="added", part="step", id=step.id, after=_step_side(b, step))
            )
            continue
        old, how = by_after[step.id]
        fields = field_changes(_step_fields(a, old), _step_fields(b, step))
        if old.id != step.id:
            fields.insert(0, FieldChange(field="id", before=old.id, after=step.id))
        if fields:
            out.append(
                PlanChange(
                    section="deadlines",
                    change="changed",
                    part="step",
                    id=step.id,
                    matched_by=how,
                    fields=fields,
                    before=_step_side(a, old),
                    after=_step_side(b, step),
                )
            )
    for step in removed:
        out.append(
            PlanChange(section="deadlines", change="removed", part="step", id=step.id, before=_step_side(a, step))
        )
    return out
