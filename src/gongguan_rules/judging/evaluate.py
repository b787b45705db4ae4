"""Evaluating an application against a plan. 依据方案判断一份申报。"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from pydantic import ValidationError

from ..errors import InputError
from ..inputs.application import Application
from ..inputs.dates import DateParseError, to_beijing_date
from ..inputs.reading import input_error, unknown_fields
from ..law.plans import Plan, resolve_plan
from ..law.rules import Rule
from ..law.vocab import Status
from ..records.events import Event
from ..records.history_index import HistoryIndex, as_history
from .checks import IMPLEMENTATIONS, Result
from .context import Context
from .decision import Decision, outcome_from_statuses

_INFERENCE = {"zh": "【推定】", "en": "[Inference] "}


class _Values(dict[str, Any]):
    """Message values: a missing placeholder shows as itself rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(rule: Rule, result: Result) -> dict[str, Any]:
    """A check's result as a finding (its fields, validated once with the whole decision)."""
    text = rule.messages.codes.get(result.code)
    if text is None:
        raise KeyError(f"rules/messages.yaml: check {rule.check.name!r} has no message {result.code!r}")
    values = _Values(result.values)
    zh = text.zh.format_map(values)
    en = text.en.format_map(values)
    if rule.inference:
        zh, en = _INFERENCE["zh"] + zh, _INFERENCE["en"] + en
    return {
        "rule_id": rule.id,
        "status": result.status,
        "citations": result.citations or rule.citations,
        "facts": result.facts,
        "messages": {"zh": zh, "en": en},
        "inference": rule.inference,
    }


def not_applicable(rule: Rule, plan: Plan) -> dict[str, Any]:
    """The finding of a rule that does not bind under this plan, saying why. 不适用的规则。"""
    reason = plan.not_applicable_reason(rule)
    assert reason is not None
    return {
        "rule_id": rule.id,
        "status": Status.not_applicable,
        "citations": rule.citations,
        "facts": {"plan.year": plan.year, "plan.issued_on": plan.governing_document.issued_on.isoformat()},
        "messages": {"zh": reason.zh, "en": reason.en},
        "inference": False,
    }


def read_application(application: Any) -> Application:
    """Read an application (model or JSON-like mapping); InputError names the field path."""
    if isinstance(application, Application):
        return application
    if not isinstance(application, Mapping):
        raise InputError([("application", f"应为映射（键值对）/ expected a mapping, got {type(application).__name__}")])
    try:
        return Application.model_validate(dict(application))
    except ValidationError as exc:
        raise input_error(exc) from None


def read_as_of(as_of: Any) -> date | None:
    if as_of is None:
        return None
    try:
        return to_beijing_date(as_of)
    except DateParseError as exc:
        raise InputError([("as_of", str(exc))]) from None


def latest_date(dates: Iterable[date | None]) -> date | None:
    """The latest of the dates given (None when there are none). 最晚的日期。"""
    present = [d for d in dates if d is not None]
    return max(present) if present else None


def evaluate(
    application: Application | Mapping[str, Any],
    plan: Plan | int | str,
    history: HistoryIndex | Iterable[Event | Mapping[str, Any]] | None = None,
    as_of: date | str | None = None,
) -> Decision:
    """Judge an application against a plan. 依据方案判断一份申报。

    ``history`` is the whole record (what is not in it did not happen); ``as_of`` is the date of
    the decision, by default the latest date in the input. Decisions never depend on the clock.
    """
    the_plan = resolve_plan(plan)
    app = read_application(application)
    hist = as_history(history)
    when = read_as_of(as_of)
    if when is None:
        when = latest_date(
            [app.submitted_to_recommender_on, app.recommended_on, app.project.start_date, hist.latest_date]
        )
    ctx = Context(plan=the_plan, history=hist, as_of=when, application=app)
    warnings = [] if isinstance(application, Application) else unknown_fields(Application, application)
    if warnings or hist.warnings:
        ctx.cache["warnings"] = [*warnings, *hist.warnings]
    return _decide(ctx, "application")


def _decide(ctx: Context, subject: Literal["application", "event"]) -> Decision:
    findings: list[dict[str, Any]] = []
    plan = ctx.plan
    constant = plan.constant_findings
    memo: dict[str, Result] = {}
    for rule in plan.rules_for("application" if subject == "application" else ctx.ev.kind.value):
        finding = constant.get(rule.id)
        if finding is None:
            if rule.not_applicable is not None:
                finding = constant[rule.id] = not_applicable(rule, plan)
            elif rule.check.plan_only:
                finding = constant[rule.id] = render(rule, IMPLEMENTATIONS[rule.check.name](ctx, rule))
            else:
                result = memo.get(rule.memo_key)
                if result is None:
                    result = memo[rule.memo_key] = IMPLEMENTATIONS[rule.check.name](ctx, rule)
                finding = render(rule, result)
        findings.append(finding)
    statuses = {f["status"] for f in findings}
    return Decision.model_validate(
        {
            "subject": subject,
            "outcome": outcome_from_statuses(subject, statuses),
            "plan_year": ctx.plan.year,
            "plan_document": ctx.plan.document,
            "as_of": ctx.as_of,
            "subject_id": ctx.application.id if ctx.application is not None else ctx.ev.id,
            "findings": findings,
            "effects": dict(ctx.cache.get("effects", {})),
            "warnings": list(ctx.cache.get("warnings", [])),
        }
    )


def evaluate_event(
    event: Event | Mapping[str, Any],
    plan: Plan | int | str,
    history: HistoryIndex | Iterable[Event | Mapping[str, Any]] | None = None,
    as_of: date | str | None = None,
) -> Decision:
    """Judge one lifecycle event against a plan and the record before it. 判断一个事件。

    ``history`` is what is already on record (the event itself excluded): a step that is not
    on it did not happen. The outcome is ``accepted``, ``rejected`` or ``needs_review``;
    ``effects`` carries what the event brings about (a revocation's bar, ``debarred_until``).
    """
    from ..records.history_index import read_event

    the_plan = resolve_plan(plan)
    ev = read_event(event, "event")
    hist = as_history(history)
    when = read_as_of(as_of)
    if when is None:
        when = latest_date([ev.date, hist.latest_date])
    ctx = Context(plan=the_plan, history=hist, as_of=when, event=ev)
    warnings = [] if isinstance(event, Event) else unknown_fields(Event, event)
    if warnings or hist.warnings:
        ctx.cache["warnings"] = [*warnings, *hist.warnings]
    return _decide(ctx, "event")
