"""Remedies: what it would take to satisfy a rule, as declared with the checks' data.

补正建议：每种检查的每个“不符合/需复核”结论代码，在 rules/remedies.yaml 中写明能否补正、补正哪些
事实、如何说明。本模块只做两件事：按结论取出声明的建议并填入取值；以及适用 product.md 的规则——
方案所规范的期限（申报：推荐单位报送主办单位的期限；事件：其所属阶段的期限）在判断日期已经届满的，
原本可以补正的事项一律不能再补正，并引用该期限说明理由。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..identity.districts import normalize_district
from ..law.citations import Citation
from ..law.plan_model import RemedyVariant, StepSpec
from ..law.plans import Plan, remedies
from ..law.rules import Rule
from ..law.vocab import Status
from .checks.lifecycle import STAGE_OF
from .context import Context
from .decision import Remedy
from .frozen import CitationList, FrozenList, LazyText
from .schedule import Span, span_of

Subject = Literal["application", "event"]
#: The statuses whose findings carry a remedy.
NEEDS_REMEDY = frozenset({Status.fail, Status.review})


@dataclass(frozen=True)
class Deadline:
    """The governed deadline of the subject's stage, and whether it had passed on the decision date."""

    step: StepSpec
    span: Span
    passed: bool
    citations: tuple[Citation, ...]
    values: dict[str, str]  # for the common texts: deadline, span, as_of


def governed_deadline(ctx: Context) -> Deadline | None:
    """The deadline of the stage the plan governs for this subject (product.md, "Deadlines"): for an
    application, the recommender's submission to the organiser (2026 四（一） 4月20日前); for an
    event, its own stage's governed step (2026 四（六） 9月30日前 for results_recommended). A step
    deferred to a later notice has a deadline only when the event carries the notice's date.
    Computed once per evaluation. 方案所规范环节的期限，及其在判断日期是否已经届满。
    """
    if "deadline" in ctx.cache:
        found: Deadline | None = ctx.cache["deadline"]
        return found
    plan = ctx.plan
    if ctx.application is not None:
        stage: str | None = "recommended"
        district = normalize_district(ctx.application.applicant.district or "")
        notice = None
    else:
        stage = STAGE_OF.get(ctx.ev.kind)
        district = normalize_district(ctx.ev.district or "")
        notice = ctx.ev.notice_deadline
    candidates: list[tuple[StepSpec, Span]] = []
    for step in plan.steps_for(stage) if stage else []:
        if step.role != "governed" or (step.districts is not None and district not in step.districts):
            continue
        if step.timing.deferred:
            if notice is None:
                continue  # 按后续通知要求, and the notice's date is not given: no deadline to pass
            span = Span(None, notice, None, notice)
        else:
            span = span_of(step.timing, plan.year, plan.spec.readings.fuzzy, plan.spec.readings.deadline_inclusive)
        candidates.append((step, span))
    deadline = None
    if candidates:
        step, span = min(candidates, key=lambda c: c[1].margin_after)
        passed = ctx.as_of is not None and ctx.as_of > span.margin_after  # late even in a fuzzy margin
        as_of = ctx.as_of.isoformat() if ctx.as_of else ""
        values = {"deadline": step.timing.text, "span": span.describe(), "as_of": as_of}
        deadline = Deadline(step, span, passed, tuple(plan.citation(c) for c in step.cite), values)
    ctx.cache["deadline"] = deadline
    return deadline


def remedy_for(
    rule: Rule,
    status: Status,
    code: str,
    values: dict[str, Any],
    citations: CitationList,
    ctx: Context,
    subject: Subject,
) -> Remedy | None:
    """The remedy of a finding: None unless it fails or is review. 某条结论的补正建议。

    Its text is filled when first read (judging/frozen.py); curability and facts are decided now.
    """
    if status not in NEEDS_REMEDY:
        return None
    spec = rule.remedies.get(code)
    if spec is None:
        raise KeyError(f"rules/remedies.yaml: check {rule.check.name!r} has no remedy for {code!r}")
    variant: RemedyVariant = spec.events if subject == "event" and spec.events is not None else spec
    deadline = governed_deadline(ctx) if variant.curable is True else None
    if deadline is None:
        return _remedy(variant.curable, _facts(variant, values), citations, (variant.zh, variant.en), values)
    cites = _with_deadline(rule, citations, deadline, ctx.plan)
    common = remedies().common
    filled = values | deadline.values
    if deadline.passed:  # product.md: once the governed deadline has passed, nothing is curable
        text = common["deadline_passed"]
        return _remedy(False, [], cites, (text.zh, text.en), filled)
    after = common["deadline"]
    return _remedy(True, _facts(variant, values), cites, (variant.zh + after.zh, f"{variant.en} {after.en}"), filled)


def _with_deadline(rule: Rule, citations: CitationList, deadline: Deadline, plan: Plan) -> CitationList:
    """The finding's citations and the deadline's; kept once per plan when they are the rule's own
    (a schedule step's citations, made per evaluation, are merged afresh and not kept)."""
    cache: dict[Any, Any] = plan.rule_citations
    own = cache.get(rule.id) is citations
    key = (rule.id, deadline.step.id)
    if own and key in cache:
        found: CitationList = cache[key]
        return found
    merged = CitationList([*citations, *(c for c in deadline.citations if c not in citations)])
    if own:
        cache[key] = merged
    return merged


def _remedy(
    curable: bool | None, facts: list[str], citations: CitationList, template: tuple[str, str], values: dict[str, Any]
) -> Remedy:
    return Remedy._build(
        {
            "curable": curable,
            "facts": FrozenList(facts),
            "citations": citations,
            "messages": LazyText(template, values),
        }
    )


def _facts(variant: RemedyVariant, values: dict[str, Any]) -> list[str]:
    """The field paths of a remedy, ``{name}`` entries filled from the check's values."""
    out: list[str] = []
    for entry in variant.facts:
        if not entry.startswith("{"):
            out.append(entry)
            continue
        value = values[entry[1:-1]]
        out.extend(value if isinstance(value, list | tuple) else [str(value)])
    return out
