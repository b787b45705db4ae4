"""One clause broken: single-fact changes of an eligible application that make a clause fail
cleanly (:func:`clause_breaks`, :func:`one_clause_broken`).

改动合格申报的一项事实、使某一条款不符合（且不引起需复核）的方式。Which rules fail because of a
change is computed from the model of every rule (:mod:`.model`), never hard-coded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

from ...identity.credit_code import credit_code_info
from ...identity.districts import TIANJIN_DISTRICTS, normalize_district
from ...inputs.application import Application
from ...law.checks import (
    ApplicantTypeParams,
    BenefitParams,
    DeclarationParams,
    DirectionParams,
    MaterialsParams,
    RecommenderParams,
    StartWindowParams,
    StepParams,
    TerritoryParams,
    TopicParams,
)
from ...law.plans import Plan
from ...law.rules import Rule
from ...law.vocab import Benefit, Direction, RecommenderKind, TopicType
from .eligible import eligible_applications
from .facts import set_fact
from .known import APPLICATION_DATE_FIELDS, BREAKABLE_CHECKS, TIANJIN, StrategyError, judging_rules
from .model import application_date, verdicts
from .vocabulary import OUTSIDE_PLACES, categories_of, divisions_of, reissue
from .windows import applies_to_district, step_window


@dataclass(frozen=True)
class Break:
    """One fact changed so that a clause fails. 改动一项事实使某一条款不符合。

    ``rule_id``: the clause aimed at; ``fact``: the field changed; ``broken``: every rule id that
    fails because of it; ``application``: the changed application.
    """

    rule_id: str
    fact: str
    description: str
    application: dict[str, Any]
    broken: frozenset[str]


def _mutations(
    plan: Plan, rule: Rule, app: dict[str, Any], parsed: Application
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Candidate changes of one fact aimed at ``rule``: (fact, description, changed application)."""
    name = rule.check.name
    code = parsed.applicant.credit_code or ""
    if name == "applicant_type":
        tp = rule.params_as(ApplicantTypeParams)
        for t in [*tp.refused, *(x for x in tp.recognized if x not in tp.allowed)]:
            changed = set_fact(app, "applicant.org_type", t.value)
            if t in tp.recognized:
                changed = set_fact(changed, "applicant.recognized_by_authority", False)
            for category in categories_of(t)[:1]:
                reissued = reissue(code, category=category)
                if reissued is not None:
                    changed = set_fact(changed, "applicant.credit_code", reissued)
            yield "applicant.org_type", f"org_type → {t.value}", changed
    elif name == "registered_in_territory":
        for place, division in OUTSIDE_PLACES:
            changed = set_fact(app, "applicant.district", place)
            reissued = reissue(code, division=division)
            if reissued is not None:
                changed = set_fact(changed, "applicant.credit_code", reissued)
            yield "applicant.district", f"district → {place}", changed
        territory = rule.params_as(TerritoryParams).territory
        if territory != TIANJIN:
            for other in TIANJIN_DISTRICTS:
                if other == normalize_district(territory):
                    continue
                changed = set_fact(app, "applicant.district", other)
                reissued = reissue(code, division=divisions_of(other)[0])
                if reissued is not None:
                    changed = set_fact(changed, "applicant.credit_code", reissued)
                yield "applicant.district", f"district → {other}", changed
    elif name == "credit_code" and code:
        text = credit_code_info(code).code
        for bad, why in (
            (text[:16], "16 characters"),
            (text[:17] + "I", "character 18 is I"),
            (text[:2] + "A" + text[3:], "a letter in the division"),
        ):
            yield "applicant.credit_code", f"credit_code → {bad} ({why})", set_fact(app, "applicant.credit_code", bad)
    elif name == "expected_benefits":
        bp = rule.params_as(BenefitParams)
        if bp.unmatched != "fail":  # an inferred rule: nothing the applicant declares fails it
            return
        yield "project.expected_benefits", "expected_benefits → []", set_fact(app, "project.expected_benefits", [])
        outside = [b.value for b in Benefit if b not in bp.categories]
        if outside:
            yield (
                "project.expected_benefits",
                f"expected_benefits → {outside}",
                set_fact(app, "project.expected_benefits", outside),
            )
    elif name == "start_date_window":
        wp = rule.params_as(StartWindowParams)
        before = wp.earliest - timedelta(days=1)
        yield (
            "project.start_date",
            f"start_date → {before} (the day before {wp.earliest})",
            set_fact(app, "project.start_date", before.isoformat()),
        )
        applied = application_date(parsed)
        if applied is not None and wp.not_started == "fail":
            after = applied + timedelta(days=1)
            yield (
                "project.start_date",
                f"start_date → {after} (after the application)",
                set_fact(app, "project.start_date", after.isoformat()),
            )
    elif name == "direction":
        directions = rule.params_as(DirectionParams).allowed
        for d in Direction:
            if d not in directions:
                yield "project.direction", f"direction → {d.value}", set_fact(app, "project.direction", d.value)
    elif name == "topic_type":
        topics = rule.params_as(TopicParams).allowed
        for topic in TopicType:
            if topic not in topics:
                yield (
                    "project.topic_type",
                    f"topic_type → {topic.value}",
                    set_fact(app, "project.topic_type", topic.value),
                )
    elif name == "recommender_kind":
        rp = rule.params_as(RecommenderParams)
        for k in RecommenderKind:
            if k not in rp.allowed and k not in rp.unclear:
                yield "recommender.kind", f"recommender.kind → {k.value}", set_fact(app, "recommender.kind", k.value)
    elif name == "materials":
        given = list(app.get("materials") or [])
        for m in rule.params_as(MaterialsParams).required:
            yield (
                "materials",
                f"materials without {m.value}",
                set_fact(app, "materials", [x for x in given if x != m.value]),
            )
        yield "materials", "materials → []", set_fact(app, "materials", [])
    elif name == "declaration":
        said = rule.params_as(DeclarationParams).field
        yield f"declarations.{said}", f"declarations.{said} → false", set_fact(app, f"declarations.{said}", False)
    elif name == "schedule_step":
        step = plan.step(rule.params_as(StepParams).step)
        window = step_window(plan, step)
        field = APPLICATION_DATE_FIELDS[step.stage]
        if window is None or not applies_to_district(step, parsed.applicant.district):
            return
        late = (window.margin_after or window.last) + timedelta(days=1)
        yield field, f"{field} → {late} (after {step.timing.text})", set_fact(app, field, late.isoformat())
        if window.first is not None:
            early = (window.margin_before or window.first) - timedelta(days=1)
            yield field, f"{field} → {early} (before {step.timing.text})", set_fact(app, field, early.isoformat())


def clause_breaks(plan: Plan, application: dict[str, Any]) -> list[Break]:
    """Every single-fact change of an eligible ``application`` that breaks a clause cleanly.

    改动一项事实、使某条款不符合且不引起任何需复核的全部方式。A change is kept when the model
    says the aimed rule fails and no rule is ``review``; ``broken`` is every rule that fails.
    Deterministic: the same input gives the same list, in rule order.
    """
    rules = judging_rules(plan)
    parsed = Application.model_validate(application)
    out: list[Break] = []
    seen: set[str] = set()
    for rule in rules:
        if rule.check.name not in BREAKABLE_CHECKS:
            continue
        for fact, description, changed in _mutations(plan, rule, application, parsed):
            key = repr(sorted(_flatten(changed)))
            if key in seen:
                continue
            results = verdicts(plan, changed)
            fails = frozenset(rid for rid, v in results.items() if v == "fail")
            if rule.id in fails and "review" not in results.values():
                seen.add(key)
                out.append(Break(rule.id, fact, description, changed, fails))
    return out


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{prefix}.{k}")
    else:
        yield prefix, repr(value)


def one_clause_broken(plan: Plan) -> st.SearchStrategy[tuple[dict[str, Any], frozenset[str]]]:
    """``(application, broken)``: an eligible application with exactly one clause broken.

    一份合格申报改动一项事实、恰好违反一个条款：``broken`` 是因此不符合的全部规则编号（同一事实
    被管理办法与方案同时规定时两者都在其中）。``gr.evaluate`` 的结论为 ineligible，``fail`` 的规则
    恰为 ``broken``，没有 ``review``。Rules that need a history to fail (duplication, the
    five-year bar) are not broken here; see the invariants for those.
    """
    breakable = [r for r in judging_rules(plan) if r.check.name in BREAKABLE_CHECKS]
    if not breakable:
        raise StrategyError(f"{plan.path}: no rule of this plan can be broken by changing one fact")
    eligible = eligible_applications(plan)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[dict[str, Any], frozenset[str]]:
        app = draw(eligible)
        candidates = clause_breaks(plan, app)
        if not candidates:
            reject()
        aimed = draw(st.sampled_from(sorted({b.rule_id for b in candidates})))
        chosen = draw(st.sampled_from([b for b in candidates if b.rule_id == aimed]))
        return chosen.application, chosen.broken

    return build()
