"""The application: the facts an application carries (product.md, "The application").

申报：一份申报所载的事实。所有字段均可缺失；缺失的事实由相关规则给出“需复核”（review）。
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field

from ..law.vocab import Benefit, Direction, Material, OrgType, RecommenderKind, TopicType
from .reading import (
    INPUT_CONFIG,
    OptBool,
    OptDate,
    OptText,
    absent_part,
    absent_value,
    enum_item_reader,
    enum_reader,
    enum_schema,
    part_schema,
)

OrgTypeField = Annotated[OrgType | None, enum_reader(OrgType), enum_schema(OrgType)]
RecommenderKindField = Annotated[RecommenderKind | None, enum_reader(RecommenderKind), enum_schema(RecommenderKind)]
DirectionField = Annotated[Direction | None, enum_reader(Direction), enum_schema(Direction)]
TopicTypeField = Annotated[TopicType | None, enum_reader(TopicType), enum_schema(TopicType)]
BenefitItem = Annotated[Benefit, enum_item_reader(Benefit), enum_schema(Benefit, optional_field=False)]
MaterialItem = Annotated[Material, enum_item_reader(Material), enum_schema(Material, optional_field=False)]
#: A list that may be absent: null or a blank string is unknown; an empty list is a declared fact.
#: 列表：null 或空字符串为未知；空列表是申报人声明的事实。
AbsentAsNone = BeforeValidator(absent_value)
#: A nested part (applicant, project, ...) given as null or a blank string is an empty part.
AbsentAsEmpty = BeforeValidator(absent_part)
OPTIONAL_PART = Field(json_schema_extra=part_schema)


class Applicant(BaseModel):
    """申报单位 / the applying unit."""

    model_config = INPUT_CONFIG

    name: OptText = None
    credit_code: OptText = None
    org_type: OrgTypeField = None
    district: OptText = None
    recognized_by_authority: OptBool = None


class Project(BaseModel):
    """申报项目 / the project."""

    model_config = INPUT_CONFIG

    name: OptText = None
    sector: OptText = None
    direction: DirectionField = None
    topic_type: TopicTypeField = None
    start_date: OptDate = None
    expected_benefits: Annotated[list[BenefitItem] | None, AbsentAsNone, OPTIONAL_PART] = None


class Declarations(BaseModel):
    """申报单位的声明 / the applicant's declarations (不得抄袭、不得违反保密规定、真实性)."""

    model_config = INPUT_CONFIG

    original: OptBool = None
    no_confidential_content: OptBool = None
    truthful: OptBool = None


class Recommender(BaseModel):
    """推荐单位 / the recommending body."""

    model_config = INPUT_CONFIG

    name: OptText = None
    kind: RecommenderKindField = None


class Application(BaseModel):
    """一份申报 / one application, as product.md's contract gives it.

    ``id`` is the caller's own identifier (e.g. a row of a 汇总表), carried to ``Decision.subject_id``.
    """

    model_config = INPUT_CONFIG

    id: OptText = None
    applicant: Annotated[Applicant, AbsentAsEmpty, OPTIONAL_PART] = Applicant()
    project: Annotated[Project, AbsentAsEmpty, OPTIONAL_PART] = Project()
    materials: Annotated[list[MaterialItem] | None, AbsentAsNone, OPTIONAL_PART] = None
    declarations: Annotated[Declarations, AbsentAsEmpty, OPTIONAL_PART] = Declarations()
    recommender: Annotated[Recommender, AbsentAsEmpty, OPTIONAL_PART] = Recommender()
    submitted_to_recommender_on: OptDate = None
    recommended_on: OptDate = None
