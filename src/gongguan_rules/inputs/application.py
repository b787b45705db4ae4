"""The application: the facts an application carries (product.md, "The application").

申报：一份申报所载的事实。所有字段均可缺失；缺失的事实由相关规则给出“需复核”（review）。
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, field_validator

from ..law.vocab import Benefit, Direction, Material, OrgType, RecommenderKind, TopicType
from .reading import INPUT_CONFIG, OptBool, OptDate, OptText, enum_reader

OrgTypeField = Annotated[OrgType | None, enum_reader(OrgType)]
RecommenderKindField = Annotated[RecommenderKind | None, enum_reader(RecommenderKind)]
DirectionField = Annotated[Direction | None, enum_reader(Direction)]
TopicTypeField = Annotated[TopicType | None, enum_reader(TopicType)]
BenefitItem = Annotated[Benefit, enum_reader(Benefit)]
MaterialItem = Annotated[Material, enum_reader(Material)]


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
    expected_benefits: list[BenefitItem] | None = None

    @field_validator("expected_benefits", mode="before")
    @classmethod
    def _empty_list_field(cls, value: object) -> object:
        """An empty string is absent (unknown); an empty list is declared. 空字符串视同缺失。"""
        return None if isinstance(value, str) and not value.strip() else value


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
    applicant: Applicant = Applicant()
    project: Project = Project()
    materials: list[MaterialItem] | None = None
    declarations: Declarations = Declarations()
    recommender: Recommender = Recommender()
    submitted_to_recommender_on: OptDate = None
    recommended_on: OptDate = None

    @field_validator("materials", mode="before")
    @classmethod
    def _empty_materials(cls, value: object) -> object:
        """An empty string is absent (unknown); an empty list is declared. 空字符串视同缺失。"""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("applicant", "project", "declarations", "recommender", mode="before")
    @classmethod
    def _absent_part(cls, value: object) -> object:
        """A part given as null (or "") is the same as an absent part. 缺失的部分视同空。"""
        if value is None or value == "":
            return {}
        return value
