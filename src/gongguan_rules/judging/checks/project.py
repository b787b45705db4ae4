"""What may be proposed: 第八条（二）（三） and the plans' project clauses.

申报项目：预期成效、启动时间、申报方向、课题类型、重点领域（提示）、雷同。
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from enum import StrEnum

from ...law.checks import BenefitParams, DirectionParams, PreferenceParams, SectorParams, StartWindowParams, TopicParams
from ...law.rules import Rule
from ...law.vocab import Benefit, Direction, TopicType
from ..context import Context
from .base import FAIL, INFO, PASS, REVIEW, Result, check, named, names_en, names_zh, show, status_of


@check("expected_benefits")
def expected_benefits(ctx: Context, rule: Rule) -> Result:
    """第八条（二）：在提质增效、节能降耗、优化服务、自主创新等方面预期带来显著成效。"""
    p = rule.params_as(BenefitParams)
    declared = ctx.app.project.expected_benefits
    facts = {"project.expected_benefits": show(declared)}
    names = {"categories": names_zh(Benefit, p.categories), "categories_en": names_en(p.categories)}
    if declared is None:
        return Result(REVIEW, "missing", facts, names)
    if not declared:
        # an explicitly empty list follows the clause's own reading: fail where the text sets the
        # condition (第八条（二）), review where the categories are inferred (2019, 2021)
        return Result(status_of(p.unmatched), "none_declared", facts, names)
    matched = [b for b in declared if b in p.categories]
    if matched:
        return Result(PASS, "matched", facts, {"matched": names_zh(Benefit, matched), "matched_en": names_en(matched)})
    given = {"given": names_zh(Benefit, declared), "given_en": names_en(declared)}
    return Result(status_of(p.unmatched), "unmatched", facts, names | given)


@check("start_date_window")
def start_date_window(ctx: Context, rule: Rule) -> Result:
    """2026 一（三）：申报项目应为2024年以来启动实施的项目。"""
    p = rule.params_as(StartWindowParams)
    start = ctx.app.project.start_date
    applied = ctx.application_date
    facts = {"project.start_date": show(start), "application_date": show(applied)}
    values = {"earliest": p.earliest.isoformat(), "start": show(start), "applied": show(applied)}
    if start is None:
        return Result(REVIEW, "missing", facts, values)
    if start < p.earliest:
        return Result(FAIL, "too_early", facts, values)
    if applied is not None and start > applied:
        return Result(status_of(p.not_started), "not_started", facts, values)
    return Result(PASS, "in_window", facts, values)


def _one_of(field: str, value: StrEnum | None, allowed: Sequence[StrEnum], enum: type[StrEnum], key: str) -> Result:
    """A choice among the values a clause allows: missing → review, allowed → pass, else fail."""
    facts = {field: show(value)}
    names = {"allowed": names_zh(enum, allowed), "allowed_en": names_en(allowed)}
    if value is None:
        return Result(REVIEW, "missing", facts, names)
    chosen = named(key, value)
    if value in allowed:
        return Result(PASS, "allowed", facts, chosen)
    return Result(FAIL, "not_allowed", facts, names | chosen)


@check("direction")
def direction(ctx: Context, rule: Rule) -> Result:
    """2026 三：项目分为质量共性技术攻关和质量精准提升攻关两个申报方向。"""
    allowed = rule.params_as(DirectionParams).allowed
    return _one_of("project.direction", ctx.app.project.direction, allowed, Direction, "direction")


@check("topic_type")
def topic_type(ctx: Context, rule: Rule) -> Result:
    """2021 附表：课题类型（问题解决型、创新型）。"""
    allowed = rule.params_as(TopicParams).allowed
    return _one_of("project.topic_type", ctx.app.project.topic_type, allowed, TopicType, "topic")


#: Generic words after a sector's name that do not change it (生物医药产业 is 生物医药).
_SECTOR_SUFFIXES = ("产业链", "产业", "行业", "领域")


def sector_key(name: str) -> str:
    """A sector's name for matching: no blanks, full-width folded, a generic suffix dropped."""
    text = unicodedata.normalize("NFKC", "".join(name.split()))
    for suffix in _SECTOR_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text.removesuffix(suffix)
    return text


def _sector_match(sector: str, names: list[str]) -> str | None:
    """The listed sector of the same name, if any: by name, never by substring (汽车 is not
    智能网联汽车, 光伏 is not 光伏新能源)."""
    key = sector_key(sector)
    return next((name for name in names if sector_key(name) == key), None)


@check("focus_sector")
def focus_sector(ctx: Context, rule: Rule) -> Result:
    """重点领域（提示，不影响结论）/ focus sectors (information, not eligibility)."""
    p = rule.params_as(SectorParams)
    sector = ctx.app.project.sector
    facts = {"project.sector": sector}
    if sector is None:
        return Result(INFO, "missing", facts)
    emphasised = _sector_match(sector, p.emphasis)
    if emphasised:
        return Result(INFO, "emphasis", facts, {"sector": sector, "match": emphasised})
    matched = _sector_match(sector, p.sectors)
    if matched:
        return Result(INFO, "matched", facts, {"sector": sector, "match": matched})
    return Result(INFO, "not_matched", facts, {"sector": sector})


@check("preferential_direction")
def preferential_direction(ctx: Context, rule: Rule) -> Result:
    """2026 三（一）：本年度将对质量共性技术攻关项目予以倾斜支持（提示）。"""
    p = rule.params_as(PreferenceParams)
    d = ctx.app.project.direction
    facts = {"project.direction": show(d)}
    values = named("preferred", p.direction)
    if d is None:
        return Result(INFO, "missing", facts, values)
    if d == p.direction:
        return Result(INFO, "preferred", facts, values)
    return Result(INFO, "not_preferred", facts, values)
