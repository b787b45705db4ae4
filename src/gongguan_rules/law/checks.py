"""The checks as the law's data knows them: each check's name, its parameter model, what it judges.

检查的名称、参数模型与所判断的对象。方案加载器只需要这些（不需要检查函数本身）；检查函数在
judging/checks/ 中按名称实现（``@check("name")``），导入时核对二者一一对应。

A plan clause names a check and gives its parameters; the loader validates them against the
model here when the plan is read, so a misspelt parameter fails at load time with its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .plan_model import CiteSpec, one_or_many
from .vocab import Benefit, Direction, EventKind, Material, OrgType, RecommenderKind, TopicType


class Params(BaseModel):
    """Parameters of a check, as a plan or rules/ file gives them. Unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    """A check that takes no parameters."""


# judging/checks/applicant.py


class ApplicantTypeParams(Params):
    """``allowed``: may apply as such (企事业单位); ``recognized``: only when recognised by the
    行业主管部门 (专业组织); ``refused``: may not apply. Any other type is review."""

    allowed: list[OrgType]
    recognized: list[OrgType] = []
    refused: list[OrgType] = []


class TerritoryParams(Params):
    """``territory``: 天津市 or a district; ``applies_to``: the types whose registration is
    required (第八条（一） attaches it to 企事业单位); absent = every applicant."""

    territory: str
    applies_to: list[OrgType] | None = None


# judging/checks/duplication.py


class DuplicationParams(Params):
    """``scope``: ``excellent_results`` (历年优秀成果项目) or ``any_past_project`` (历年项目)."""

    scope: Literal["excellent_results", "any_past_project"]


# judging/checks/lifecycle.py


class DistrictBasis(Params):
    """Why an article of the 管理办法 binds under a district plan too, with where that is written
    (第十八条 and 第十九条: 第二条 extends the 管理办法 to every 成果评定 in the city)."""

    zh: str
    en: str
    cite: list[CiteSpec] = Field(min_length=1)

    _cite_list = field_validator("cite", mode="before")(one_or_many)


class EvaluationParams(Params):
    """``district_basis``: why the rule binds a district plan's evaluation (None: nothing to say)."""

    district_basis: DistrictBasis | None = None


class OrderParams(Params):
    """``requires``: the steps that must be on record first (same project; ``any_year`` for a
    recognition that may date from an earlier year); ``refuse_repeat``: a second event of the
    same kind for the same project and year is refused (a second approval)."""

    requires: list[EventKind] = []
    any_year: bool = False
    refuse_repeat: bool = False


# judging/checks/procedure.py


class MaterialsParams(Params):
    """``required``: the materials the text requires (第十条: 可行性分析、预期成效; the plans:
    申报书/申报表); ``forms``: where the plan asks for more than one 申报书 (2025 附件5 and 附件6),
    their names as written: ``application_form`` stands for them together, so a complete list
    is reported as ``info`` saying which forms the plan asks for, never as one form checked."""

    required: list[Material]
    forms: list[str] = []


class DeclarationParams(Params):
    """``field``: which declaration the clause requires."""

    field: Literal["original", "no_confidential_content", "truthful"]


class RecommenderParams(Params):
    """``allowed``: the kinds of body the text names as recommenders; ``unclear``: kinds the text
    neither names nor excludes (2026 四（一）「区市场监督管理部门」: a 市场监管所 or a 开发区市场监管局
    recommending in its own name), which are review."""

    allowed: list[RecommenderKind]
    unclear: list[RecommenderKind] = []


class StepParams(Params):
    """``step``: the id of the schedule step (in the plan's ``schedule``) this rule judges."""

    step: str


# judging/checks/project.py


class BenefitParams(Params):
    """``categories``: the benefit categories the text names; ``unmatched``: the status when
    the declared benefits name none of them, an explicitly empty list included (fail where the
    text is a condition, review where the categories are inferred from a plan's aims)."""

    categories: list[Benefit]
    unmatched: Literal["fail", "review"] = "fail"


class StartWindowParams(Params):
    """``earliest``: the first start date allowed (2026 一（三）: 2024年以来);
    ``not_started``: the status of a project whose start date is after the application date."""

    earliest: date
    not_started: Literal["fail", "review"] = "review"


class DirectionParams(Params):
    """``allowed``: the plan's directions (2026 三（一）（二）)."""

    allowed: list[Direction]


class TopicParams(Params):
    """``allowed``: the topic types of the 2021 附表 (问题解决型、创新型)."""

    allowed: list[TopicType]


class SectorParams(Params):
    """``sectors``: the focus sectors (重点领域/重点产业链); ``emphasis``: those the text singles
    out for particular support (重点支持…). Matched by name (汽车 is not 智能网联汽车).
    Information only: never eligibility."""

    sectors: list[str]
    emphasis: list[str] = []


class PreferenceParams(Params):
    """``direction``: the direction the plan supports preferentially (2026 三（一） 倾斜支持)."""

    direction: Direction


# judging/checks/standing.py


class TextParams(Params):
    """``text``: the document referred to; ``about``: what it would decide."""

    text: str
    about_zh: str
    about_en: str


@dataclass(frozen=True)
class CheckSpec:
    """A check as plan files may name it.

    ``subjects``: ``application`` and/or ``event`` (every event kind); ``plan_only``: the result
    depends on the plan and the rule alone, never on the subject, so its finding is computed once
    per plan.
    """

    name: str
    params: type[Params]
    subjects: tuple[str, ...] = ("application",)
    plan_only: bool = False


def _specs(*specs: CheckSpec) -> dict[str, CheckSpec]:
    return {s.name: s for s in specs}


#: Every check, by name, in the order of the modules that implement them.
CHECKS: dict[str, CheckSpec] = _specs(
    CheckSpec("applicant_type", ApplicantTypeParams),
    CheckSpec("registered_in_territory", TerritoryParams),
    CheckSpec("credit_code", NoParams),
    CheckSpec("district_corroboration", NoParams),
    CheckSpec("org_type_corroboration", NoParams),
    CheckSpec("duplication", DuplicationParams),
    CheckSpec("debarment", NoParams, subjects=("application", "event")),
    CheckSpec("event_order", OrderParams, subjects=("event",)),
    CheckSpec("procedure_order", NoParams, subjects=("event",)),
    CheckSpec("event_schedule", NoParams, subjects=("event",)),
    CheckSpec("recusal", EvaluationParams, subjects=("event",)),
    CheckSpec("no_fees", EvaluationParams, subjects=("event",)),
    CheckSpec("revocation", NoParams, subjects=("event",)),
    CheckSpec("materials", MaterialsParams),
    CheckSpec("declaration", DeclarationParams),
    CheckSpec("recommender_kind", RecommenderParams, subjects=("application", "event")),
    CheckSpec("recommendation", NoParams),
    CheckSpec("schedule_step", StepParams),
    CheckSpec("dates_in_order", NoParams),
    CheckSpec("expected_benefits", BenefitParams),
    CheckSpec("start_date_window", StartWindowParams),
    CheckSpec("direction", DirectionParams),
    CheckSpec("topic_type", TopicParams),
    CheckSpec("focus_sector", SectorParams),
    CheckSpec("preferential_direction", PreferenceParams),
    CheckSpec("scope", NoParams, subjects=("application", "event"), plan_only=True),
    CheckSpec("plan_published", NoParams, plan_only=True),
    CheckSpec("regulation_validity", NoParams, subjects=("application", "event")),
    CheckSpec("text_not_available", TextParams, subjects=("application", "event"), plan_only=True),
)
