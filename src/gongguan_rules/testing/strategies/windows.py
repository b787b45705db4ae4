"""A schedule step's timing as dates (:class:`Window`) and the status a day gets against it.

日程步骤的时间换算为日期，以及某一日期对该步骤的结论。Read from product.md ("Deadlines and
periods") and the plan's ``readings``, independently of :mod:`gongguan_rules.judging.schedule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ...identity.districts import normalize_district
from ...law.counting import month_end
from ...law.plan_model import StepSpec
from ...law.plans import Plan
from ...law.vocab import Status
from .known import StrategyError


@dataclass(frozen=True)
class Window:
    """A step's timing as dates: on time from ``first`` (None: no lower bound) to ``last``;
    ``margin_before`` .. ``first``-1 and ``last``+1 .. ``margin_after`` are the uncertain margins
    (None: no margin on that side). Read from product.md ("Deadlines and periods") and the plan's
    ``readings``, independently of :mod:`gongguan_rules.judging.schedule`."""

    first: date | None
    last: date
    margin_before: date | None = None
    margin_after: date | None = None

    def where(self, day: date) -> Literal["on_time", "margin", "early", "late"]:
        """Where ``day`` falls. 日期所处位置。"""
        if (self.first is None or self.first <= day) and day <= self.last:
            return "on_time"
        if self.first is not None and day < self.first:
            if self.margin_before is not None and day >= self.margin_before:
                return "margin"
            return "early"
        if self.margin_after is not None and day <= self.margin_after:
            return "margin"
        return "late"


def _around(first: date, last: date, days: int) -> Window:
    if days <= 0:
        return Window(first, last)
    d = timedelta(days=days)
    return Window(first, last, first - d, last + d)


def step_window(plan: Plan, step: StepSpec) -> Window | None:
    """The dates a step's timing stands for in the plan's year; None for 按后续通知要求.

    ``X月X日前`` is inclusive unless the plan's reading (or the step) says otherwise; a fuzzy
    period is certain over its span and uncertain in the margins the plan's ``readings.fuzzy``
    gives (初/上旬 1–10 certain, 11–15 margin; 底/下旬 21–end certain, 16–20 margin; a month or a
    span of months ±3 days; a quarter over its three months, with no margin).
    """
    t = step.timing
    if t.deferred:
        return None
    year = plan.year
    fuzzy = plan.spec.readings.fuzzy
    if t.by is not None:
        inclusive = plan.spec.readings.deadline_inclusive if t.inclusive is None else t.inclusive
        return Window(None, t.by if inclusive else t.by - timedelta(days=1))
    if t.month is not None:
        m = t.month
        if t.part == "early":
            first, last = date(year, m, fuzzy.early_certain[0]), date(year, m, fuzzy.early_certain[1])
            after = date(year, m, fuzzy.early_margin[1])
            return Window(first, last, None, after if after > last else None)
        if t.part == "late":
            first, last = date(year, m, fuzzy.late_certain_from), month_end(year, m)
            before = date(year, m, fuzzy.late_margin[0])
            return Window(first, last, before if before < first else None, None)
        if t.part == "mid":
            return _around(
                date(year, m, fuzzy.mid_certain[0]), date(year, m, fuzzy.mid_certain[1]), fuzzy.mid_margin_days
            )
        return _around(date(year, m, 1), month_end(year, m), fuzzy.month_margin_days)
    if t.months is not None:
        return _around(date(year, t.months[0], 1), month_end(year, t.months[1]), fuzzy.month_margin_days)
    if t.quarter is not None:
        first_month = 3 * (t.quarter - 1) + 1
        return _around(date(year, first_month, 1), month_end(year, first_month + 2), fuzzy.quarter_margin_days)
    raise StrategyError(f"{step.id}: a timing with no date, period or deferral")


def step_status(plan: Plan, step: StepSpec, day: date, notice: date | None = None) -> Status:
    """The status a step gives ``day`` (product.md, "Deadlines and periods"). 某一日期对该步骤的结论。

    On time → pass; 按后续通知要求 without the later notice's date → the plan's ``deferred_step``
    reading (review), with it → judged as ``X月X日前`` of that date; any departure from the
    organiser's own step → ``info`` (it binds no applicant); in the uncertain margin → review;
    clearly before a governed step's period → the plan's ``before_period`` reading (review: the
    texts forbid lateness, not earliness); late → the plan's ``missed_governed_deadline`` for a
    governed step; any miss of an intermediate collection date → ``missed_intermediate_deadline``.
    """
    readings = plan.spec.readings
    if step.timing.deferred:
        if notice is None:
            return Status(readings.deferred_step)
        where: str = "on_time" if day <= notice else "late"
    else:
        window = step_window(plan, step)
        assert window is not None
        where = window.where(day)
    if where == "on_time":
        return Status.passed
    if step.role == "organiser":
        return Status.info
    if where == "margin":
        return Status.review
    if step.role == "intermediate":
        return Status(readings.missed_intermediate_deadline)
    if where == "early":
        return Status(readings.before_period)
    return Status(readings.missed_governed_deadline)


def applies_to_district(step: StepSpec, district: str | None) -> bool:
    if step.districts is None:
        return True
    declared = normalize_district(district or "")
    return declared is not None and declared in step.districts
