"""Invariants of the plan file itself, checked without judging anything: dates inside the year,
stages in order, 第九条's first-half issue, timings that agree with their own words, deadlines on
working days (a warning), and strategies that know every check.

方案文件本身的不变式（不作判断）：日期在年度内、阶段有序、第九条上半年发布、时间参数与原文一致、
截止日期落在工作日（仅警告）、策略认识每一种检查。
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from itertools import pairwise

from ...law.checks import StartWindowParams
from ...law.holidays import HolidayWarning, deadline_warnings
from ...law.plan_model import STAGES
from ...law.plans import Plan
from ..strategies import KNOWN_CHECKS, StrategyError, judging_rules, step_window
from .common import fail_if_any

# --------------------------------------------------------------------------- the plan itself


def check_dates_inside_year(plan: Plan) -> None:
    """Every document of the plan is issued in its year, and every exact date of its schedule
    falls in that year and not before the plan was issued (an organiser's step aside)."""
    problems = [
        f"{d.key}: issued {d.issued_on}, outside {plan.year}"
        for d in plan.spec.documents
        if d.issued_on.year != plan.year
    ]
    issued = plan.governing_document.issued_on
    for s in plan.spec.schedule:
        if s.timing.by is None:
            continue
        if s.timing.by.year != plan.year:
            problems.append(f"{s.id}: {s.timing.text} is dated {s.timing.by}, outside {plan.year}")
        elif s.timing.by < issued and s.role != "organiser":
            problems.append(f"{s.id}: due {s.timing.by}, before the plan was issued on {issued}")
    fail_if_any(f"{plan.path}: a date outside the plan's year", problems)


def check_stages_in_order(plan: Plan) -> None:
    """The procedure lists each stage once, in the order of the process; every step's stage is in
    it; and no later stage is due before an earlier stage opens."""
    order = {stage: n for n, stage in enumerate(STAGES)}
    problems = []
    procedure = plan.spec.procedure
    if len(set(procedure)) != len(procedure):
        problems.append(f"procedure repeats a stage: {procedure}")
    problems += [f"procedure: {b} comes after {a}" for a, b in pairwise(procedure) if order[b] < order[a]]
    problems += [
        f"{s.id}: stage {s.stage} is not in the procedure" for s in plan.spec.schedule if s.stage not in procedure
    ]
    windows = [(s, w) for s in plan.spec.schedule if (w := step_window(plan, s)) is not None]
    for s1, w1 in windows:
        opens = w1.first if w1.first is not None else w1.last
        for s2, w2 in windows:
            if order[s2.stage] > order[s1.stage] and w2.last < opens:
                problems.append(
                    f"{s2.id} ({s2.stage}, {s2.timing.text}) is due before {s1.id} ({s1.stage}, {s1.timing.text}) opens"
                )
    fail_if_any(f"{plan.path}: stages out of order", problems)


def check_first_half_issue(plan: Plan) -> None:
    """第九条: where the 管理办法 governs, the city's yearly plan is published in the first half of
    its year (unless the plan's ``readings.first_half_issue`` is false)."""
    doc = plan.governing_document
    if not (plan.regulation_governs and doc.level == "city" and plan.spec.readings.first_half_issue):
        return
    if doc.issued_on.month > 6:
        fail_if_any(
            f"{plan.path}: 第九条",
            [f"{doc.cite_as} was issued on {doc.issued_on}, not in the first half of {plan.year}"],
        )


_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
_DUE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:前|之前|以前)")
_SINCE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(?:以来|起)")
_MONTH = re.compile(r"(\d{1,2})月")
_QUARTER = re.compile(r"([一二三四])季度")
_PART_WORDS = {"early": ("初", "上旬"), "mid": ("中旬",), "late": ("底", "下旬")}


def _quoted_windows(plan: Plan) -> list[str]:
    """A quote that states a window or a date agrees with the parameter beside it: a start-date
    window's ``X年以来`` with its ``earliest``, and any ``X月X日前`` a clause quotes with the
    exact deadline of some step of the plan."""
    problems = []
    deadlines = {(s.timing.by.month, s.timing.by.day) for s in plan.spec.schedule if s.timing.by is not None}
    for clause in plan.spec.clauses:
        quote = clause.quote or ""
        if clause.check == "start_date_window":
            earliest = StartWindowParams.model_validate(clause.params).earliest
            for y, m, d in _SINCE.findall(quote):
                stated = date(int(y), int(m or 1), int(d or 1))
                if stated != earliest:
                    problems.append(f"{clause.id}: earliest {earliest} but its quote says {y}年{m and m + '月'}以来")
        if clause.check == "schedule_step":
            continue  # compared with its own step below
        for m, d in _DUE.findall(quote):
            if (int(m), int(d)) not in deadlines:
                problems.append(f"{clause.id}: its quote says {m}月{d}日前, which is no deadline of the schedule")
    return problems


def check_timings_agree_with_text(plan: Plan) -> None:
    """Each step's date agrees with its own words: a deadline's day with the ``X月X日`` of its
    ``text`` (and of its quote and of the quotes of the clauses that judge it), a month or
    quarter with the month or quarter its text names; and a quote that states a window or a date
    agrees with the parameter beside it (``2024年以来`` with the start window's ``earliest``, a
    clause's ``X月X日前`` with a deadline of the schedule)."""
    quotes: dict[str, list[str]] = {}
    for clause in plan.spec.clauses:
        if clause.check == "schedule_step" and clause.quote:
            quotes.setdefault(str(clause.params.get("step")), []).append(clause.quote)
    problems = _quoted_windows(plan)
    for s in plan.spec.schedule:
        t = s.timing
        if t.by is not None:
            for where, words in [
                ("text", t.text),
                ("quote", s.quote),
                *(("clause quote", q) for q in quotes.get(s.id, [])),
            ]:
                days = {(int(m), int(d)) for m, d in _DAY.findall(words)}
                if days and (t.by.month, t.by.day) not in days:
                    named = "、".join(f"{m}月{d}日" for m, d in sorted(days))
                    problems.append(f"{s.id}: by {t.by} but its {where} says {named}")
        months = {int(m) for m in _MONTH.findall(t.text)}
        if t.month is not None and months and t.month not in months:
            problems.append(f"{s.id}: month {t.month} but its text says {t.text!r}")
        if t.months is not None and months and not set(t.months) <= months:
            problems.append(f"{s.id}: months {list(t.months)} but its text says {t.text!r}")
        if t.part is not None and not any(w in t.text for w in _PART_WORDS[t.part]):
            problems.append(f"{s.id}: part {t.part} but its text says {t.text!r}")
        quarters = {"一二三四".index(q) + 1 for q in _QUARTER.findall(t.text)}
        if t.quarter is not None and quarters and t.quarter not in quarters:
            problems.append(f"{s.id}: quarter {t.quarter} but its text says {t.text!r}")
    fail_if_any(f"{plan.path}: a timing disagrees with its text", problems)


def check_deadlines_on_working_days(plan: Plan) -> list[str]:
    """Warns (:class:`~gongguan_rules.law.holidays.HolidayWarning`, never fails) when a governed
    deadline falls on a weekend or a statutory holiday, where 民法典 第二百零三条 would move the end
    of a counted period; says so when the holiday data does not cover the year, or when the
    optional ``chinese-calendar`` package is missing and the check was not run. Returns the
    warnings given."""
    messages = deadline_warnings(plan)
    for message in messages:
        warnings.warn(HolidayWarning(message), stacklevel=2)
    return messages


def check_strategies_know_every_check(plan: Plan) -> None:
    """The strategies have a model of every check that judges applications, in the registry and
    in this plan (attrs' rule: a new feature is added to the strategies too)."""
    from ...law.checks import CHECKS

    missing = sorted(name for name, d in CHECKS.items() if "application" in d.subjects and name not in KNOWN_CHECKS)
    problems = [f"check {name!r} judges applications but gongguan_rules.testing has no model of it" for name in missing]
    try:
        judging_rules(plan)
    except StrategyError as exc:
        problems.append(str(exc))
    fail_if_any("the strategies do not cover every check", problems)
