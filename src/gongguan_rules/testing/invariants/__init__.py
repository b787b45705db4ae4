"""The invariant suite: properties every plan must keep, as plain functions usable anywhere.

不变式：任何方案都应满足的性质。每条不变式是一个普通函数（``check_*``，违反时抛出
:class:`InvariantViolation`），可在任何测试框架中调用；:data:`INVARIANTS` 将它们与
:mod:`gongguan_rules.testing` 的策略组合成可运行的套件，pytest 插件
（:mod:`gongguan_rules.testing.plugin`）为每个方案、每条不变式生成一个测试项。

>>> import gongguan_rules as gr
>>> from gongguan_rules.testing.invariants import run_invariant
>>> run_invariant(gr.load_plan("plans/2027.yaml"), "eligible_is_eligible")

Nothing here reads the library's own schedule or date arithmetic to compute an expectation: the
windows, the five-year bar and the edges are computed again from the plan's data and
product.md's readings (via :mod:`gongguan_rules.testing`), so a disagreement is a finding.
docs/testing.md lists every invariant with its exact promise.

The package's parts: :mod:`.common` (the profile, the violation, shared inputs),
:mod:`.evaluation` (what any decision keeps), :mod:`.schedule` (windows and deadlines),
:mod:`.history` (the five-year bar, undated records), :mod:`.plan_files` (the plan file itself)
and :mod:`.registry` (:data:`INVARIANTS` and the runners).
"""

from __future__ import annotations

from .common import PROFILE, InvariantViolation, suite_settings
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
from .history import bar_end, check_bar, check_undated_records
from .plan_files import (
    check_dates_inside_year,
    check_deadlines_on_working_days,
    check_first_half_issue,
    check_stages_in_order,
    check_strategies_know_every_check,
    check_timings_agree_with_text,
)
from .registry import INVARIANTS, Invariant, KnownIssue, Runner, invariant, run_all, run_invariant
from .schedule import check_deadline_monotone, check_start_window_edges, check_window_edges

__all__ = [
    "INVARIANTS",
    "PROFILE",
    "Invariant",
    "InvariantViolation",
    "KnownIssue",
    "Runner",
    "bar_end",
    "check_bar",
    "check_broken_clause",
    "check_citations",
    "check_dates_inside_year",
    "check_deadline_monotone",
    "check_deadlines_on_working_days",
    "check_deterministic",
    "check_eligible",
    "check_empty_is_absent",
    "check_event_info_neutral",
    "check_first_half_issue",
    "check_info_neutral",
    "check_json_round_trip",
    "check_missing_fact",
    "check_model_agrees",
    "check_stages_in_order",
    "check_start_window_edges",
    "check_strategies_know_every_check",
    "check_timings_agree_with_text",
    "check_undated_records",
    "check_window_edges",
    "invariant",
    "run_all",
    "run_invariant",
    "suite_settings",
]
