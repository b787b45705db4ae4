"""The suite: each invariant with its name, its promise and how it runs over a plan (with which
strategies), the known library defects, and the runners.

不变式套件：每条不变式的名称、承诺与运行方式（配合哪些策略），已知的库缺陷，以及运行函数。
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ...judging.evaluate import evaluate, evaluate_event
from ...law.checks import SectorParams
from ...law.plans import Plan
from ..strategies import applications, eligible_applications, events, histories, one_clause_broken
from .common import InvariantViolation, suite_settings
from .evaluation import (
    check_broken_clause,
    check_citations,
    check_deterministic,
    check_eligible,
    check_empty_is_absent,
    check_event_info_neutral,
    check_info_neutral,
    check_json_round_trip,
    check_missing_fact,
    check_model_agrees,
)
from .history import check_bar, check_undated_records
from .plan_files import (
    check_dates_inside_year,
    check_deadlines_on_working_days,
    check_first_half_issue,
    check_stages_in_order,
    check_strategies_know_every_check,
    check_timings_agree_with_text,
)
from .schedule import check_deadline_monotone, check_start_window_edges, check_window_edges

# --------------------------------------------------------------------------- the suite


Runner = Callable[[Plan, settings], None]


def _every_plan(plan: Plan) -> bool:
    return True


def _a_violation(exc: BaseException) -> bool:
    return isinstance(exc, InvariantViolation)


@dataclass(frozen=True)
class KnownIssue:
    """A library defect that makes an invariant fail today. 已知的库缺陷。

    ``affects``: the plans on which it shows; ``matches``: whether a failure is this defect and
    not another; ``strict``: every run shows it (a fixed defect then fails as XPASS, so that the
    mark is removed) — false when only some random draws reach it.
    """

    reason: str
    affects: Callable[[Plan], bool] = _every_plan
    matches: Callable[[BaseException], bool] = _a_violation
    strict: bool = True


@dataclass(frozen=True)
class Invariant:
    """One invariant of the suite: its name, what it promises, and how to run it over a plan."""

    name: str
    zh: str
    en: str
    run: Runner
    property_based: bool = True
    known_issues: tuple[KnownIssue, ...] = ()
    """Library defects that make this invariant fail today (docs/testing.md, known defects)."""

    def issue(self, plan: Plan) -> KnownIssue | None:
        """The known library defect that makes this invariant fail on ``plan``, if any."""
        return next((k for k in self.known_issues if k.affects(plan)), None)


def _property(
    build: Callable[[Plan], Callable[..., None]], **strategies: Callable[[Plan], st.SearchStrategy[Any]]
) -> Runner:
    def run(plan: Plan, s: settings) -> None:
        test = given(**{k: make(plan) for k, make in strategies.items()})(build(plan))
        s(test)()

    return run


def _plain(check: Callable[[Plan], object]) -> Runner:
    def run(plan: Plan, s: settings) -> None:
        check(plan)

    return run


def _offsets() -> st.SearchStrategy[int]:
    return st.integers(min_value=-15, max_value=15)


def _revocations(plan: Plan) -> st.SearchStrategy[date]:
    start = plan.regulation.document.in_force_from
    return st.dates(start - timedelta(days=400), max(date(plan.year, 12, 31), start + timedelta(days=800)))


def _sectors(plan: Plan) -> st.SearchStrategy[str]:
    params = [r.params_as(SectorParams) for r in plan.rules if r.check.name == "focus_sector"]
    names = [s for p in params for s in (*p.sectors, *p.emphasis)]
    return st.one_of(st.sampled_from([*names, "服装"]), st.text(max_size=6))


def _app_then_event(plan: Plan, check: Callable[..., None]) -> Callable[..., None]:
    def test(application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]) -> None:
        check(plan, application, event, history)

    return test


def _deterministic(
    plan: Plan, application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]
) -> None:
    check_deterministic(plan, application, history)
    check_deterministic(plan, event=event, history=history)


def _round_trip(plan: Plan, application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]) -> None:
    check_json_round_trip(evaluate(application, plan, history))
    check_json_round_trip(evaluate_event(event, plan, history))


def _citations(plan: Plan, application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]) -> None:
    check_citations(plan, evaluate(application, plan, history))
    check_citations(plan, evaluate_event(event, plan, history))
    check_citations(plan, evaluate(application, plan))


def _info(plan: Plan, application: dict[str, Any], event: dict[str, Any], history: list[dict[str, Any]]) -> None:
    check_event_info_neutral(evaluate_event(event, plan, history))


def _info_app(plan: Plan) -> Callable[..., None]:
    def test(application: dict[str, Any], sector: str) -> None:
        check_info_neutral(plan, application, sector)

    return test


def _eligible(plan: Plan) -> Callable[..., None]:
    def test(application: dict[str, Any]) -> None:
        check_eligible(plan, application)

    return test


def _broken(plan: Plan) -> Callable[..., None]:
    def test(case: tuple[dict[str, Any], frozenset[str]]) -> None:
        check_broken_clause(plan, *case)

    return test


def _monotone(plan: Plan) -> Callable[..., None]:
    def test(application: dict[str, Any], earlier: int, later: int) -> None:
        check_deadline_monotone(plan, application, min(earlier, later), max(earlier, later))

    return test


def _per_application(check: Callable[[Plan, dict[str, Any]], None]) -> Callable[[Plan], Callable[..., None]]:
    def build(plan: Plan) -> Callable[..., None]:
        def test(application: dict[str, Any]) -> None:
            check(plan, application)

        return test

    return build


def _bar(plan: Plan) -> Callable[..., None]:
    def test(application: dict[str, Any], revoked_on: date, applied: list[int]) -> None:
        check_bar(plan, application, revoked_on, [revoked_on + timedelta(days=k) for k in applied])

    return test


def _combined(check: Callable[..., None]) -> Callable[[Plan], Callable[..., None]]:
    def build(plan: Plan) -> Callable[..., None]:
        return _app_then_event(plan, check)

    return build


def _any(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    return applications(plan)


INVARIANTS: tuple[Invariant, ...] = (
    Invariant(
        "eligible_is_eligible",
        "满足方案每项条件的申报结论为符合",
        "an application satisfying every clause is eligible",
        _property(_eligible, application=eligible_applications),
    ),
    Invariant(
        "broken_clause_fails",
        "违反一个条款的申报不符合，且恰好引用该条款",
        "breaking one clause makes the application ineligible, failing exactly that clause",
        _property(_broken, case=one_clause_broken),
    ),
    Invariant(
        "model_agrees",
        "策略的模型与引擎对每条规则的结论一致",
        "the strategies' model and the engine agree on every rule",
        _property(_per_application(check_model_agrees), application=_any),
    ),
    Invariant(
        "missing_fact_is_review",
        "缺少事实从不导致不符合，需要它的规则为需复核",
        "a missing fact never fails; the rules that need it say review",
        _property(_per_application(check_missing_fact), application=eligible_applications),
    ),
    Invariant(
        "empty_string_is_absent",
        "空字符串等同于未填写",
        "an empty string is the same as an absent field",
        _property(_per_application(check_empty_is_absent), application=eligible_applications),
    ),
    Invariant(
        "deterministic",
        "同一输入得到同一决定",
        "the same input gives the same decision",
        _property(_combined(_deterministic), application=_any, event=events, history=histories),
    ),
    Invariant(
        "json_round_trip",
        "决定经 JSON 往返不变",
        "a decision survives a JSON round trip",
        _property(_combined(_round_trip), application=_any, event=events, history=histories),
    ),
    Invariant(
        "info_never_changes_outcome",
        "提示性结论从不改变结论",
        "info findings never change an outcome",
        _property(_info_app, application=_any, sector=_sectors),
    ),
    Invariant(
        "info_never_changes_event_outcome",
        "提示性结论从不改变事件结论",
        "info findings never change an event's outcome",
        _property(_combined(_info), application=_any, event=events, history=histories),
    ),
    Invariant(
        "citations_known",
        "每条结论引用方案或管理办法所列文件",
        "every finding cites a document the plan or the 管理办法 names",
        _property(_combined(_citations), application=_any, event=events, history=histories),
    ),
    Invariant(
        "deadlines_monotone",
        "截止日期单调：越晚不会越好",
        "deadlines are monotone: later is never better",
        _property(
            _monotone, application=eligible_applications, earlier=lambda p: _offsets(), later=lambda p: _offsets()
        ),
    ),
    Invariant(
        "windows_at_both_edges",
        "每个期间在两端都被遵守",
        "every window of the schedule is respected at both edges",
        _property(_per_application(check_window_edges), application=eligible_applications),
    ),
    Invariant(
        "start_window_at_both_edges",
        "项目启动时间窗口在两端都被遵守",
        "the start-date window is respected at both edges",
        _property(_per_application(check_start_window_edges), application=eligible_applications),
    ),
    Invariant(
        "five_year_bar",
        "五年限制：边界准确且单调",
        "the five-year bar: exact at its edges and monotone",
        _property(
            _bar,
            application=eligible_applications,
            revoked_on=_revocations,
            applied=lambda p: st.lists(st.integers(min_value=-30, max_value=6 * 366), max_size=4),
        ),
    ),
    Invariant(
        "undated_records_are_review",
        "无日期的记录从不使判断出错，其留下的不确定为需复核",
        "an undated record never breaks a decision; what it leaves open is review",
        _property(_per_application(check_undated_records), application=eligible_applications),
    ),
    Invariant(
        "dates_inside_year",
        "日期均在方案年度内",
        "every date is inside the plan's year",
        _plain(check_dates_inside_year),
        False,
    ),
    Invariant(
        "stages_in_order", "工作程序各阶段先后有序", "the stages are in order", _plain(check_stages_in_order), False
    ),
    Invariant(
        "first_half_issue",
        "第九条：市级方案于上半年发布",
        "第九条: a city plan is issued in the first half",
        _plain(check_first_half_issue),
        False,
    ),
    Invariant(
        "timings_agree_with_text",
        "时间参数与原文措辞一致",
        "every timing agrees with its own text",
        _plain(check_timings_agree_with_text),
        False,
    ),
    Invariant(
        "deadlines_on_working_days",
        "截止日期落在周末或法定节假日时给出警告（不失败）",
        "a governed deadline on a weekend or a statutory holiday is warned of (never a failure)",
        _plain(check_deadlines_on_working_days),
        False,
    ),
    Invariant(
        "strategies_know_every_check",
        "策略覆盖每一种检查",
        "the strategies know every check",
        _plain(check_strategies_know_every_check),
        False,
    ),
)


def invariant(name: str) -> Invariant:
    """The invariant of that name. 按名称取不变式。"""
    for inv in INVARIANTS:
        if inv.name == name:
            return inv
    raise KeyError(f"no invariant {name!r}; known: {', '.join(i.name for i in INVARIANTS)}")


def run_invariant(plan: Plan, name: str, s: settings | None = None) -> None:
    """Run one invariant over ``plan``; raises :class:`InvariantViolation` (with Hypothesis's
    minimal falsifying example attached) when it does not hold."""
    invariant(name).run(plan, s or suite_settings())


def run_all(plan: Plan, s: settings | None = None, names: Iterable[str] | None = None) -> None:
    """Run every invariant (or those named) over ``plan``; stops at the first violation."""
    for inv in INVARIANTS:
        if names is None or inv.name in set(names):
            inv.run(plan, s or suite_settings())
