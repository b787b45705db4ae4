"""Evaluating an application against a plan. 依据方案判断一份申报。"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..inputs.application import Application
from ..inputs.dates import read_date_argument
from ..inputs.reading import input_error, unknown_fields
from ..law.plans import Plan, resolve_plan
from ..law.rules import Rule
from ..law.vocab import Status
from ..records.events import Event
from ..records.history_index import HistoryIndex, as_history
from .checks import IMPLEMENTATIONS, Result
from .context import Context
from .decision import Decision, Finding, outcome_from_statuses
from .frozen import CitationList, FrozenDict, FrozenList, LazyText, freeze
from .provenance import provenance_of
from .remedies import NEEDS_REMEDY, Subject, remedy_for

_INFERENCE = ("【推定】", "[Inference] ")
_NO_PREFIX = ("", "")
_NO_EFFECTS = FrozenDict()


def _citations(rule: Rule, result: Result | None, plan: Plan) -> CitationList:
    """The citations a finding holds: the result's own (a schedule step's), else the rule's, kept
    once per plan as one shared, immutable list."""
    if result is not None and result.citations:
        return CitationList(result.citations)
    found: CitationList | None = plan.rule_citations.get(rule.id)
    if found is None:
        found = plan.rule_citations[rule.id] = CitationList(rule.citations)
    return found


def render(rule: Rule, result: Result, ctx: Context, subject: Subject) -> Finding:
    """A check's result as a finding, built from parts already checked (not validated again); its
    message is filled when first read. 由检查结果生成结论（说明在首次读取时生成）。"""
    text = rule.messages.codes.get(result.code)
    if text is None:
        raise KeyError(f"rules/messages.yaml: check {rule.check.name!r} has no message {result.code!r}")
    citations = _citations(rule, result, ctx.plan)
    return Finding._build(
        {
            "rule_id": rule.id,
            "status": result.status,
            "code": result.code,
            "citations": citations,
            "facts": freeze(result.facts),
            "messages": LazyText((text.zh, text.en), result.values, _INFERENCE if rule.inference else _NO_PREFIX),
            "inference": rule.inference,
            "remedy": None
            if result.status not in NEEDS_REMEDY
            else remedy_for(rule, result.status, result.code, result.values, citations, ctx, subject),
        }
    )


#: The most findings a plan keeps for reuse (then it starts afresh): bounded memory.
REUSE_LIMIT = 4096


def _reused(rule: Rule, result: Result, ctx: Context, subject: Subject) -> Finding:
    """The finding of a result, shared with every earlier decision under this plan whose same rule
    gave a result with the same status, code, facts and values: findings are immutable, so one
    object serves them all (like the constant findings), and its texts are filled once. A fail or
    review finding is always built afresh: its remedy depends on more than the result (the date).

    (A fact's type is not in the key: the input models type every field, so a fact is never
    ``True`` in one decision and ``1`` in another.)"""
    if result.status in NEEDS_REMEDY or result.citations:  # a step's own citations: not shared
        return render(rule, result, ctx, subject)
    memo: dict[tuple[Any, ...], Finding] = ctx.plan.reused_findings
    key = (rule.id, result.status, result.code, tuple(result.facts.items()), tuple(result.values.items()))
    try:
        found = memo.get(key)
    except TypeError:  # a list among the facts: as a tuple; anything deeper is built as usual
        try:
            key = (rule.id, result.status, result.code, _flat(result.facts), _flat(result.values))
            found = memo.get(key)
        except TypeError:
            return render(rule, result, ctx, subject)
    if found is None:
        if len(memo) >= REUSE_LIMIT:
            memo.clear()
        found = memo[key] = render(rule, result, ctx, subject)
    return found


def _flat(values: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple((name, tuple(value) if type(value) is list else value) for name, value in values.items())


def not_applicable(rule: Rule, plan: Plan) -> Finding:
    """The finding of a rule that does not bind under this plan, saying why. 不适用的规则。"""
    reason = plan.not_applicable_reason(rule)
    assert reason is not None and rule.not_applicable_code is not None
    return Finding._build(
        {
            "rule_id": rule.id,
            "status": Status.not_applicable,
            "code": rule.not_applicable_code,
            "citations": _citations(rule, None, plan),
            "facts": freeze({"plan.year": plan.year, "plan.issued_on": plan.governing_document.issued_on.isoformat()}),
            "messages": LazyText((reason.zh, reason.en)),
            "inference": False,
            "remedy": None,
        }
    )


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
    """The decision date ``as_of`` as a date (None when not given); an InputError names ``as_of``."""
    return read_date_argument(as_of, "as_of")


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


def _decide(ctx: Context, subject: Subject) -> Decision:
    """The decision: one finding per rule, built from parts already checked (never re-validated);
    findings that never vary under a plan are built once and shared (they are immutable)."""
    findings: list[Finding] = []
    plan = ctx.plan
    constant: dict[str, Finding] = plan.constant_findings
    memo: dict[str, Result] = {}
    for rule in plan.rules_for("application" if subject == "application" else ctx.ev.kind.value):
        finding = constant.get(rule.id)
        if finding is None:
            if rule.not_applicable is not None:
                finding = constant[rule.id] = not_applicable(rule, plan)
            elif rule.check.plan_only:
                finding = render(rule, IMPLEMENTATIONS[rule.check.name](ctx, rule), ctx, subject)
                constant[rule.id] = finding
            else:
                result = memo.get(rule.memo_key)
                if result is None:
                    result = memo[rule.memo_key] = IMPLEMENTATIONS[rule.check.name](ctx, rule)
                finding = _reused(rule, result, ctx, subject)
        findings.append(finding)
    effects = ctx.cache.get("effects")
    return Decision._build(
        {
            "subject": subject,
            "outcome": outcome_from_statuses(subject, {f.status for f in findings}),
            "plan_year": plan.year,
            "plan_document": plan.document,
            "as_of": ctx.as_of,
            "subject_id": ctx.application.id if ctx.application is not None else ctx.ev.id,
            "findings": FrozenList(findings),
            "effects": freeze(effects) if effects else _NO_EFFECTS,
            "warnings": FrozenList(ctx.cache.get("warnings", ())),
            "provenance": provenance_of(plan),
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
