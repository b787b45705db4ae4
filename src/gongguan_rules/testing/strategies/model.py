"""The model of every check that can judge an application: what the check answers for an
application with an empty history (:func:`verdict`).

每种检查对申报（历史记录为空时）的结论模型。Written from product.md's contract and readings, not
copied from the checks, so the invariant suite compares two independent readings of the same text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ...identity.credit_code import credit_code_info
from ...identity.districts import normalize_district
from ...inputs.application import Application
from ...judging.checks.applicant import _COMPATIBLE as ORG_TYPE_CATEGORY_TYPES
from ...judging.checks.applicant import declared_place
from ...law.checks import (
    ApplicantTypeParams,
    BenefitParams,
    DeclarationParams,
    DirectionParams,
    MaterialsParams,
    RecommenderParams,
    StartWindowParams,
    StepParams,
    TerritoryParams,
    TopicParams,
)
from ...law.plans import Plan
from ...law.rules import Rule
from ...law.vocab import Material, OrgType, Status
from .known import ALWAYS_OK, APPLICATION_DATE_FIELDS, TIANJIN, StrategyError, UnknownCheckError, Verdict, judging_rules
from .windows import applies_to_district, step_status


def application_date(app: Application) -> date | None:
    return app.submitted_to_recommender_on or app.recommended_on


def _status_verdict(status: Status) -> Verdict:
    if status is Status.fail:
        return "fail"
    if status is Status.review:
        return "review"
    return "ok"


def verdict(plan: Plan, rule: Rule, app: Application) -> Verdict:
    """What the model says ``rule`` concludes about ``app`` with an empty history. 模型的结论。

    Written from product.md (the contract and "Readings already chosen"); the invariant suite
    checks that the engine agrees. Raises :class:`UnknownCheckError` for an unknown check.
    """
    name = rule.check.name
    p = rule.params
    a = app.applicant
    if name in ALWAYS_OK:
        return "ok"
    if name == "applicant_type":
        assert isinstance(p, ApplicantTypeParams)
        if a.org_type is None:
            return "review"
        if a.org_type in p.allowed:
            return "ok"
        if a.org_type in p.recognized:
            if a.recognized_by_authority is None:
                return "review"
            return "ok" if a.recognized_by_authority else "fail"
        return "fail" if a.org_type in p.refused else "review"
    if name == "registered_in_territory":
        assert isinstance(p, TerritoryParams)
        exempt = (OrgType.industry_organization, OrgType.social_organization)
        if (
            p.applies_to is not None
            and a.org_type is not None
            and a.org_type not in p.applies_to
            and a.org_type in exempt
        ):
            return "ok"
        kind, district = declared_place(a.district)
        if kind == "outside":
            return "fail"
        if kind in ("missing", "unclear"):
            return "review"
        if p.territory == TIANJIN:
            return "ok"
        if kind == "city":
            return "review"
        if district == normalize_district(p.territory):
            return "ok"
        # registration binds 企事业单位 only: with the type unknown the place cannot decide
        return "review" if a.org_type is None and p.applies_to is not None else "fail"
    if name == "credit_code":
        if a.credit_code is None:
            return "review"
        info = credit_code_info(a.credit_code)
        if not info.well_formed:
            return "fail"
        return "ok" if info.check_ok else "review"
    if name == "district_corroboration":
        if a.credit_code is None or a.district is None:
            return "ok"
        info = credit_code_info(a.credit_code)
        if not info.well_formed:
            return "ok"
        kind, declared = declared_place(a.district)
        if kind in ("missing", "unclear"):
            return "ok"
        if kind == "outside":
            return "review" if info.in_tianjin else "ok"
        if not info.in_tianjin:
            return "review"
        if info.city_level or kind == "city" or info.district == declared:
            return "ok"
        return "review"
    if name == "org_type_corroboration":
        if a.credit_code is None or a.org_type is None:
            return "ok"
        info = credit_code_info(a.credit_code)
        if not info.well_formed:
            return "ok"
        compatible = ORG_TYPE_CATEGORY_TYPES.get(a.org_type)
        if compatible is None or info.org_type in (None, "other"):
            return "ok"
        return "ok" if info.org_type in compatible else "review"
    if name == "expected_benefits":
        assert isinstance(p, BenefitParams)
        benefits = app.project.expected_benefits
        if benefits is None:
            return "review"
        if any(b in p.categories for b in benefits):
            return "ok"
        return p.unmatched  # an explicitly empty list follows the clause's reading too
    if name == "start_date_window":
        assert isinstance(p, StartWindowParams)
        start = app.project.start_date
        if start is None:
            return "review"
        if start < p.earliest:
            return "fail"
        applied = application_date(app)
        if applied is not None and start > applied:
            return p.not_started
        return "ok"
    if name in ("direction", "topic_type"):
        assert isinstance(p, DirectionParams | TopicParams)
        value = app.project.direction if name == "direction" else app.project.topic_type
        if value is None:
            return "review"
        return "ok" if value in p.allowed else "fail"
    if name == "recommender_kind":
        assert isinstance(p, RecommenderParams)
        recommender_kind = app.recommender.kind
        if recommender_kind is None or recommender_kind in p.unclear:
            return "review"
        return "ok" if recommender_kind in p.allowed else "fail"
    if name == "materials":
        assert isinstance(p, MaterialsParams)
        if app.materials is None:
            return "review"
        if all(m in app.materials for m in p.required):
            return "ok"
        # where the plan makes its 申报书 the materials, the items it contains are not confirmed
        form_listed = Material.application_form in app.materials
        return "review" if plan.spec.readings.form_is_materials and form_listed else "fail"
    if name == "declaration":
        assert isinstance(p, DeclarationParams)
        value = getattr(app.declarations, p.field)
        if value is None:
            return "review"
        return "ok" if value else "fail"
    if name == "recommendation":
        return "review" if app.recommended_on is None else "ok"
    if name == "dates_in_order":
        sub, rec = app.submitted_to_recommender_on, app.recommended_on
        return "review" if sub is not None and rec is not None and sub > rec else "ok"
    if name == "duplication":
        return "review" if app.project.name is None else "ok"
    if name == "debarment":
        return "review" if a.credit_code is None and a.name is None else "ok"
    if name == "schedule_step":
        assert isinstance(p, StepParams)
        step = plan.step(p.step)
        field = APPLICATION_DATE_FIELDS.get(step.stage)
        if field is None:
            raise StrategyError(f"{rule.id}: schedule_step over stage {step.stage!r}")
        if not applies_to_district(step, a.district):
            return "ok"
        day = getattr(app, field)
        if day is None:
            return "review"
        return _status_verdict(step_status(plan, step, day))
    raise UnknownCheckError(name, rule.id)


def verdicts(plan: Plan, app: Application | dict[str, Any]) -> dict[str, Verdict]:
    """The model's verdict on every judging rule, by rule id. 模型对每条规则的结论。"""
    parsed = app if isinstance(app, Application) else Application.model_validate(app)
    return {r.id: verdict(plan, r, parsed) for r in judging_rules(plan)}
