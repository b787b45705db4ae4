"""Plan impact: the same applications under two plans, whose outcome changes, and why.

方案影响：同一批申报分别按两个方案判断，列出结论变化的申报及其原因（哪条规则的结论变了、方案的哪一处变化所致）。

Between plans of different years, each application's procedural dates (``submitted_to_recommender_on``,
``recommended_on``) and the decision date are moved by the difference in years before it is judged
under the second plan (2月29日 → 2月28日), so that last year's 汇总表 is judged as if it came in this
year; the second decision's warnings say so. ``project.start_date`` and the history are facts about
the past and do not move (product.md, "Plan impact").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import InputError
from ..inputs.application import Application
from ..judging.decision import Decision
from ..judging.evaluate import evaluate, read_application, read_as_of
from ..law.diff import PlanChange, diff_plans
from ..law.plans import Plan, resolve_plan
from ..records.events import Event
from ..records.history_index import HistoryIndex, as_history
from .reader import ApplicationTable

#: The dates an application moves with the plan year (the procedure); the start date does not.
SHIFTED = ("submitted_to_recommender_on", "recommended_on")
_CHANGE_ZH = {"added": "新增条款", "removed": "删去条款", "changed": "条款变化"}


def shift_date(day: date, years: int) -> date:
    """``day`` moved by whole years; 2月29日 becomes 2月28日 in a common year (民法典 第二百零二条)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        if (day.month, day.day) == (2, 29):
            return day.replace(year=day.year + years, day=28)
        raise


def _outcome(decision: Decision | InputError) -> str:
    return "input_error" if isinstance(decision, InputError) else decision.outcome.value


def _statuses(decision: Decision | InputError) -> dict[str, str]:
    return {} if isinstance(decision, InputError) else {f.rule_id: f.status.value for f in decision.findings}


@dataclass
class ImpactItem:
    """One application under both plans. 一份申报在两个方案下的结论。

    ``rules``: the rules judged under both whose status differs; ``only_before`` / ``only_after``:
    rules judged under one plan only; ``causes``: for those rules, the clause-by-clause plan change
    (law/diff/) that explains them, where there is one.
    """

    index: int
    before: Decision | InputError
    after: Decision | InputError
    changed: bool
    rules: list[str]
    only_before: list[str]
    only_after: list[str]
    causes: dict[str, PlanChange] = field(default_factory=dict)
    row: int | None = None

    @property
    def label(self) -> int:
        """The row as the command line numbers it: the spreadsheet row, else the position from 1."""
        return self.row if self.row is not None else self.index + 1

    @property
    def outcome_before(self) -> str:
        return _outcome(self.before)

    @property
    def outcome_after(self) -> str:
        return _outcome(self.after)

    def statuses(self, rule_id: str) -> tuple[str | None, str | None]:
        """The rule's status before and after (None where it is not judged). 规则前后的结论。"""
        return _statuses(self.before).get(rule_id), _statuses(self.after).get(rule_id)

    def moved(self) -> list[str]:
        """The rules that matter to the outcome: changed, or judged on one side only, and fail or
        review on some side."""
        out = []
        for rule in [*self.rules, *self.only_before, *self.only_after]:
            if {"fail", "review"} & set(self.statuses(rule)):
                out.append(rule)
        return out

    def reasons(self, lang: str = "zh") -> list[str]:
        """One line per rule that moved: its statuses and the plan change behind it."""
        lines = []
        for rule in self.moved():
            before, after = self.statuses(rule)
            text = f"{rule}: {before or '—'} → {after or '—'}"
            change = self.causes.get(rule)
            if change is not None:
                cites = [c.label() for c in change.citations("before")] + [c.label() for c in change.citations("after")]
                where = " → ".join(dict.fromkeys(cites))
                text += f"（{_CHANGE_ZH[change.change]}：{where}）" if lang == "zh" else f" ({change.change}: {where})"
            else:
                text += "（条款未变：事实或日期所致）" if lang == "zh" else " (same clause: the facts or the dates)"
            lines.append(text)
        return lines


@dataclass
class ImpactReport:
    """The same applications under two plans (product.md, "Plan impact"). 方案影响报告。"""

    items: list[ImpactItem]
    year_before: int
    year_after: int
    years_moved: int
    changes: list[PlanChange]
    only_before: list[str]
    only_after: list[str]

    def summary(self) -> dict[tuple[str, str], int]:
        """(outcome before, outcome after) → count. 各结论变化的数量。"""
        counts = Counter((item.outcome_before, item.outcome_after) for item in self.items)
        return dict(sorted(counts.items(), key=lambda kv: (kv[0][0] == kv[0][1], -kv[1], kv[0])))

    @property
    def changed(self) -> list[ImpactItem]:
        """The items whose outcome differs. 结论变化的申报。"""
        return [item for item in self.items if item.changed]

    def rows(self, lang: str = "zh") -> list[dict[str, Any]]:
        """One row per application: its row, both outcomes, whether it changed, the rules that moved and why."""
        return [
            {
                "row": item.label,
                "before": item.outcome_before,
                "after": item.outcome_after,
                "changed": item.changed,
                "rules": " ".join(item.moved()),
                "why": "\n".join(item.reasons(lang)),
            }
            for item in self.items
        ]

    def to_dataframe(self, lang: str = "zh") -> Any:
        """:meth:`rows` as a pandas DataFrame (pandas is optional)."""
        from .frames import pandas

        return pandas().DataFrame(self.rows(lang))

    def _repr_html_(self) -> str:
        from .render import impact_html

        return impact_html(self)


def _shifted(app: Application, years: int) -> tuple[Application, list[str]]:
    moved: dict[str, Any] = {}
    notes: list[str] = []
    for name in SHIFTED:
        day = getattr(app, name)
        if day is None:
            continue
        try:
            moved[name] = shift_date(day, years)
        except (ValueError, OverflowError):
            raise InputError([(name, _off_calendar(years))]) from None
        notes.append(f"{name} {day.isoformat()} → {moved[name].isoformat()}")
    return app.model_copy(update=moved), notes


def _off_calendar(years: int) -> str:
    return f"顺延 {years} 年后超出日历 / moved by {years} years, the date leaves the calendar"


def _note(year: int, years: int, moved: list[str]) -> str:
    what = "；".join(moved) if moved else "无程序日期 / no procedural date"
    return (
        f"为按 {year} 年度方案判断，申报的程序日期与判断日期已顺延 {years} 年（{what}），"
        f"项目启动日期与历史记录不变 / to judge under the {year} plan, the procedural dates and the decision date "
        f"were moved by {years} year(s) ({what}); the start date and the history stay as they were"
    )


def compare_plans(
    applications: ApplicationTable | Iterable[Application | Mapping[str, Any]],
    a: Plan | int | str,
    b: Plan | int | str,
    history: HistoryIndex | Iterable[Event | Mapping[str, Any]] | None = None,
    shift_years: bool = True,
    as_of: date | str | None = None,
    on_error: str = "raise",
) -> ImpactReport:
    """Judge each application under plan ``a`` and plan ``b``; say whose outcome changes and why.

    比较同一批申报在两个方案下的结论。``applications``: dicts, models or an ApplicationTable (its rows
    then label the items). ``shift_years``: move the procedural dates and ``as_of`` by the difference
    in plan years before judging under ``b`` (False: every date as given). ``on_error="raise"``
    stops at the first unreadable application (``[3].project.start_date``); ``"collect"`` puts the
    InputError in its place on both sides.
    """
    if on_error not in ("raise", "collect"):
        raise ValueError("on_error must be 'raise' or 'collect'")
    plan_a, plan_b = resolve_plan(a), resolve_plan(b)
    index = as_history(history)
    when = read_as_of(as_of)
    years = plan_b.year - plan_a.year if shift_years else 0
    rules_a, rules_b = [r.id for r in plan_a.rules], [r.id for r in plan_b.rules]
    changes = diff_plans(plan_a, plan_b)
    by_rule = {c.id: c for c in changes if c.part == "rule"}
    table = applications if isinstance(applications, ApplicationTable) else None
    items: list[ImpactItem] = []
    source: Iterable[Application | Mapping[str, Any]] = table.applications if table is not None else applications  # type: ignore[assignment]
    for number, raw in enumerate(source):
        before: Decision | InputError
        after: Decision | InputError
        try:
            before, after = _judge(raw, plan_a, plan_b, index, when, years)
        except InputError as exc:
            located = InputError([(f"[{number}].{loc}", message) for loc, message in exc.errors])
            if on_error == "raise":
                raise located from None
            before = after = located
        items.append(_item(number, before, after, by_rule, table.rows[number] if table is not None else None))
    return ImpactReport(
        items,
        plan_a.year,
        plan_b.year,
        years,
        changes,
        [r for r in rules_a if r not in set(rules_b)],
        [r for r in rules_b if r not in set(rules_a)],
    )


def _judge(
    raw: Application | Mapping[str, Any], plan_a: Plan, plan_b: Plan, index: HistoryIndex, when: date | None, years: int
) -> tuple[Decision, Decision]:
    before = evaluate(raw, plan_a, history=index, as_of=when)
    if not years:
        return before, evaluate(raw, plan_b, history=index, as_of=when)
    app, moved = _shifted(read_application(raw), years)
    day = when or before.as_of
    try:
        later = shift_date(day, years) if day is not None else None
    except (ValueError, OverflowError):
        raise InputError([("as_of", _off_calendar(years))]) from None
    after = evaluate(app, plan_b, history=index, as_of=later)
    warnings = [_note(plan_b.year, years, moved), *before.warnings]
    return before, after.model_copy(update={"warnings": warnings})


def _item(
    number: int,
    before: Decision | InputError,
    after: Decision | InputError,
    by_rule: dict[str, PlanChange],
    row: int | None,
) -> ImpactItem:
    first, second = _statuses(before), _statuses(after)
    both = [r for r in first if r in second]
    rules = [r for r in both if first[r] != second[r]]
    only_before = [r for r in first if r not in second]
    only_after = [r for r in second if r not in first]
    causes = {r: by_rule[r] for r in [*rules, *only_before, *only_after] if r in by_rule}
    changed = _outcome(before) != _outcome(after)
    return ImpactItem(number, before, after, changed, rules, only_before, only_after, causes, row)
