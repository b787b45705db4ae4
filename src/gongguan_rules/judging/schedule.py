"""Judging a date against a step of a plan's schedule: exact days, fuzzy periods, deferrals.

按工作程序的时间要求判断日期：确切日期（X月X日前，含当日）、模糊期间（4月、8月初、二季度）、
按后续通知要求。模糊期间：确定部分之内为通过，明显之外为未按时，边缘为需复核
（docs/interpretations.md#fuzzy-periods）。
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..law.counting import month_end
from ..law.plan_model import FuzzyReadings, Readings, StepSpec, TimingSpec


@dataclass(frozen=True)
class Span:
    """A period's certain span and its uncertain margins. 期间的确定部分与边缘。"""

    start: date | None
    end: date
    margin_before: date | None
    margin_after: date

    def describe(self) -> str:
        if self.start is None:
            return self.end.isoformat()
        return f"{self.start.isoformat()} — {self.end.isoformat()}"


def span_of(timing: TimingSpec, year: int, fuzzy: FuzzyReadings, inclusive_default: bool) -> Span:
    """The span a timing stands for in ``year``. 某一时间要求在该年度对应的期间。"""
    if timing.by is not None:
        inclusive = inclusive_default if timing.inclusive is None else timing.inclusive
        end = timing.by if inclusive else timing.by - timedelta(days=1)
        return Span(None, end, None, end)
    if timing.month is not None:
        m = timing.month
        last = month_end(year, m)
        if timing.part == "early":
            a, b = fuzzy.early_certain
            ma, mb = fuzzy.early_margin
            return Span(date(year, m, a), date(year, m, b), date(year, m, a), date(year, m, mb))
        if timing.part == "late":
            ma, mb = fuzzy.late_margin
            return Span(date(year, m, fuzzy.late_certain_from), last, date(year, m, ma), last)
        if timing.part == "mid":
            a, b = fuzzy.mid_certain
            start, end = date(year, m, a), date(year, m, b)
            d = timedelta(days=fuzzy.mid_margin_days)
            return Span(start, end, start - d, end + d)
        d = timedelta(days=fuzzy.month_margin_days)
        return Span(date(year, m, 1), last, date(year, m, 1) - d, last + d)
    if timing.months is not None:
        first, final = timing.months
        d = timedelta(days=fuzzy.month_margin_days)
        start, end = date(year, first, 1), month_end(year, final)
        return Span(start, end, start - d, end + d)
    if timing.quarter is not None:
        first = 3 * (timing.quarter - 1) + 1
        d = timedelta(days=fuzzy.quarter_margin_days)
        start, end = date(year, first, 1), month_end(year, first + 2)
        return Span(start, end, start - d, end + d)
    raise ValueError("a deferred timing has no span of its own")


@dataclass(frozen=True)
class Judgement:
    """Where a date falls against a step: on_time | late | early | margin | deferred."""

    where: str
    span: Span | None
    notice_deadline: date | None = None


def judge(day: date, step: StepSpec, year: int, readings: Readings, notice: date | None = None) -> Judgement:
    """Judge ``day`` against ``step``. 判断日期相对于该步骤的位置。

    A deferred step (按后续通知要求) is judged against the later notice's deadline when it is
    supplied (inclusive, like any X月X日前), else it is ``deferred``.
    """
    timing = step.timing
    if timing.deferred:
        if notice is None:
            return Judgement("deferred", None)
        span = Span(None, notice, None, notice)
        return Judgement("on_time" if day <= notice else "late", span, notice)
    span = span_of(timing, year, readings.fuzzy, readings.deadline_inclusive)
    if span.start is None:
        return Judgement("on_time" if day <= span.end else "late", span)
    if span.start <= day <= span.end:
        return Judgement("on_time", span)
    if span.margin_before is not None and span.margin_before <= day < span.start:
        return Judgement("margin", span)
    if span.end < day <= span.margin_after:
        return Judgement("margin", span)
    return Judgement("early" if day < span.start else "late", span)


def sanction_values(step: StepSpec) -> dict[str, str]:
    """What a late step's message adds: the text's own sanction, quoted, only where it states one
    (2026 四（六）「逾期不再接收」); nothing under any other step."""
    if step.sanction is None:
        return {"sanction": "", "sanction_en": ""}
    return {"sanction": f"；原文写明“{step.sanction.zh}”", "sanction_en": f"; the text says: {step.sanction.en}"}
