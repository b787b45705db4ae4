"""Lifecycle events: what happens to a project after it is proposed (product.md, "History and events").

事件：项目从申报到认定、撤销的各个环节。历史记录（history）中的每一项都是一个事件。
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel

from ..inputs.application import OPTIONAL_PART, AbsentAsNone, Recommender
from ..inputs.reading import (
    INPUT_CONFIG,
    OptAmount,
    OptBool,
    OptDate,
    OptText,
    OptYear,
    enum_item_reader,
    enum_reader,
    enum_schema,
)
from ..law.vocab import EventKind, RevocationReason

EventKindField = Annotated[EventKind, enum_item_reader(EventKind), enum_schema(EventKind, optional_field=False)]
ReasonField = Annotated[RevocationReason | None, enum_reader(RevocationReason), enum_schema(RevocationReason)]


class Expert(BaseModel):
    """评定组专家 / an expert on the evaluation panel (第十八条)."""

    model_config = INPUT_CONFIG

    name: OptText = None
    affiliation: OptText = None
    affiliation_credit_code: OptText = None
    conflict_declared: OptBool = None
    withdrawn: OptBool = None


class Event(BaseModel):
    """一个事件 / one event on a project's record.

    Common fields: ``kind``, ``date``, ``year`` (the plan year it belongs to), ``credit_code``,
    ``unit`` and ``project_name``. Kind-specific fields: ``reason`` and ``public_notice`` for a
    revocation (第二十五条), ``experts`` for an evaluation (第十八条), ``amount`` and ``charged_by``
    for a fee (第十九条), ``recommender`` for recommendations, ``notice_deadline`` for a step the
    plan defers to a later notice (按后续通知要求).
    """

    model_config = INPUT_CONFIG

    kind: EventKindField
    id: OptText = None
    date: OptDate = None
    year: OptYear = None
    credit_code: OptText = None
    unit: OptText = None
    project_name: OptText = None
    district: OptText = None
    recommender: Annotated[Recommender | None, AbsentAsNone, OPTIONAL_PART] = None
    reason: ReasonField = None
    public_notice: OptBool = None
    experts: Annotated[list[Expert] | None, AbsentAsNone, OPTIONAL_PART] = None
    amount: OptAmount = None
    charged_by: OptText = None
    notice_deadline: OptDate = None

    def plan_year(self) -> int | None:
        """The plan year of this event: ``year``, else the year of ``date``. 所属方案年度。"""
        if self.year is not None:
            return self.year
        return self.date.year if self.date else None
