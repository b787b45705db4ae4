"""What every check shares: its result and the table of implementations.

检查的公共部分：检查结果与实现登记表（检查的名称与参数模型见 law/checks.py）。
检查是机制（src/），参数与出处是数据（rules/、plans/）。
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...law.checks import CHECKS
from ...law.citations import Citation
from ...law.vocab import (
    Benefit,
    Direction,
    EventKind,
    Material,
    OrgType,
    RecommenderKind,
    RevocationReason,
    Status,
    TopicType,
    zh_name,
)
from ..frozen import FrozenDict, FrozenList

if TYPE_CHECKING:
    from ...law.rules import Rule
    from ..context import Context


@dataclass(slots=True)
class Result:
    """What a check concluded, before it is rendered into a finding.

    ``code`` selects the message in rules/messages.yaml; ``values`` fill its placeholders.
    """

    status: Status
    code: str
    facts: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    citations: tuple[Citation, ...] | None = None


CheckFn = Callable[["Context", "Rule"], Result]

#: The function implementing each check, by the name law/checks.py gives it.
IMPLEMENTATIONS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Implement the check ``name`` of law/checks.py. 实现一种检查。"""

    def register(fn: CheckFn) -> CheckFn:
        if name not in CHECKS:
            raise RuntimeError(f"check {name!r} is not declared in law/checks.py")
        if name in IMPLEMENTATIONS:
            raise RuntimeError(f"check {name!r} implemented twice")
        IMPLEMENTATIONS[name] = fn
        return fn

    return register


def show(value: Any) -> Any:
    """A fact as it appears in a finding: JSON-ready (dates ISO, enums by value) and, for a list or
    a mapping, already frozen as the decision holds it (judging/frozen.py)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return FrozenList([show(v) for v in value])
    if isinstance(value, dict):
        return FrozenDict({str(k): show(v) for k, v in value.items()})
    return str(value)


#: How messages name the contract's enum values in English (never by their raw ids).
ENGLISH_NAMES: dict[type[StrEnum], dict[str, str]] = {
    OrgType: {
        "enterprise": "enterprise",
        "public_institution": "public institution",
        "industry_organization": "professional organisation for industry quality management",
        "social_organization": "social organisation",
        "government_agency": "government agency",
        "individual_business": "individual business",
        "other": "body of another kind",
    },
    RecommenderKind: {
        "city_industry_authority": "city-level industry authority",
        "industry_association": "industry association",
        "district_market_regulator": "district market regulator",
        "zone_market_regulator": "market regulator of a development or functional zone",
        "market_regulation_office": "market regulation office",
        "quality_group_member": "member unit of the quality work leading group",
        "industrial_group": "industrial group",
        "enterprise": "enterprise",
    },
    Benefit: {
        "quality_efficiency": "better quality and efficiency",
        "energy_saving": "energy saving",
        "service_optimization": "better service",
        "independent_innovation": "independent innovation",
    },
    Direction: {
        "common_technology": "common quality technology",
        "precision_improvement": "precise quality improvement",
    },
    TopicType: {"problem_solving": "problem-solving", "innovation": "innovation"},
    Material: {
        "application_form": "application form",
        "feasibility_analysis": "feasibility analysis",
        "expected_results": "expected results",
    },
    EventKind: {
        "application_submitted": "submission to the recommender",
        "recommended": "recommendation",
        "approved": "approval",
        "results_submitted": "submission of results",
        "results_recommended": "recommendation of results",
        "evaluated": "evaluation",
        "excellent_recognized": "recognition as an excellent result",
        "recognition_revoked": "revocation of a recognition",
        "fee_charged": "fee charged",
    },
    RevocationReason: {"false_materials": "false materials", "improper_means": "improper means"},
}

#: Chinese names in messages where the contract's input alias would mislead: an event is never
#: called a 申报 (the application itself); its input alias 申报 stays accepted (law/vocab.py).
_MESSAGE_ZH: dict[type[StrEnum], dict[str, str]] = {EventKind: {"application_submitted": "提交申报材料"}}


def name_zh(enum: type[StrEnum], value: str) -> str:
    """How a message names an enum value in Chinese. 说明中的中文名。"""
    return _MESSAGE_ZH.get(enum, {}).get(value) or zh_name(enum, value)


def name_en(enum: type[StrEnum], value: str) -> str:
    """How a message names an enum value in English (never its raw id). 说明中的英文名。"""
    return ENGLISH_NAMES.get(enum, {}).get(value) or value.replace("_", " ")


def named(key: str, member: StrEnum) -> dict[str, str]:
    """``{key: 中文名, key_en: English name}`` of one enum member, for a message's values."""
    enum = type(member)
    return {key: name_zh(enum, member.value), f"{key}_en": name_en(enum, member.value)}


def names_zh(enum: type[StrEnum], members: Sequence[StrEnum]) -> str:
    """Members joined by 、 in Chinese. 以顿号连接的中文名。"""
    return _names(enum, tuple(members), "zh")


def names_en(members: Sequence[StrEnum]) -> str:
    """Members joined by commas, by their English names. 以逗号连接的英文名。"""
    if not members:
        return ""
    return _names(type(members[0]), tuple(members), "en")


@lru_cache(maxsize=1024)
def _names(enum: type[StrEnum], values: tuple[str, ...], lang: str) -> str:
    if lang == "zh":
        return "、".join(name_zh(enum, v) for v in values)
    return ", ".join(name_en(enum, v) for v in values)


PASS = Status.passed
FAIL = Status.fail
REVIEW = Status.review
INFO = Status.info
NA = Status.not_applicable


def status_of(name: str) -> Status:
    """A status from its value in a readings parameter ("fail" / "review")."""
    return Status(name)
