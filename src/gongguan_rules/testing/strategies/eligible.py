"""Eligible applications: every fact satisfies every rule that judges applications under a plan.

合格申报的构造：每项事实都满足方案（及其适用的管理办法规则）。The same builder serves
Hypothesis (:func:`eligible_applications`, choices drawn) and the one fixed example
(:func:`example_application`, the first choice everywhere, the middle day of every period).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

from ...identity.credit_code import ALPHABET
from ...identity.districts import TIANJIN_DISTRICTS, normalize_district
from ...law.checks import (
    ApplicantTypeParams,
    BenefitParams,
    DirectionParams,
    MaterialsParams,
    RecommenderParams,
    SectorParams,
    StartWindowParams,
    StepParams,
    TerritoryParams,
    TopicParams,
)
from ...law.plans import Plan
from ...law.rules import Rule
from ...law.vocab import Benefit, Direction, Material, OrgType, RecommenderKind, TopicType
from .known import APPLICATION_DATE_FIELDS, TIANJIN, StrategyError, UnsatisfiablePlanError, judging_rules, rules_of
from .model import verdicts
from .vocabulary import (
    OTHER_SECTORS,
    PROJECT_NAMES,
    RECOMMENDER_NAMES,
    UNIT_NAMES,
    categories_of,
    credit_code_for,
    district_spellings,
    divisions_of,
)
from .windows import applies_to_district, step_window

T = TypeVar("T")

# --------------------------------------------------------------------------- choosing values


class _Chooser(Protocol):
    def pick(self, options: Sequence[T]) -> T: ...
    def day(self, lo: date, hi: date) -> date: ...
    def some(self, options: Sequence[T]) -> list[T]: ...
    def flag(self) -> bool: ...
    def body(self) -> str: ...


class _Drawn:
    """Choices drawn by Hypothesis."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def pick(self, options: Sequence[T]) -> T:
        return self._draw(st.sampled_from(options))

    def day(self, lo: date, hi: date) -> date:
        return self._draw(st.dates(lo, hi))

    def some(self, options: Sequence[T]) -> list[T]:
        return self._draw(st.lists(st.sampled_from(options), unique=True, max_size=len(options)))

    def flag(self) -> bool:
        return self._draw(st.booleans())

    def body(self) -> str:
        return self._draw(st.text(alphabet=ALPHABET, min_size=8, max_size=8))


class _Fixed:
    """Deterministic choices: the first option, the middle day. 确定性的选择。"""

    def pick(self, options: Sequence[T]) -> T:
        return options[0]

    def day(self, lo: date, hi: date) -> date:
        return lo + (hi - lo) // 2

    def some(self, options: Sequence[T]) -> list[T]:
        return []

    def flag(self) -> bool:
        return False

    def body(self) -> str:
        return "MA05K3T7"


# --------------------------------------------------------------------------- eligible applications


@dataclass
class _Span:
    lo: date
    hi: date

    def narrow(self, lo: date | None, hi: date | None) -> None:
        if lo is not None and lo > self.lo:
            self.lo = lo
        if hi is not None and hi < self.hi:
            self.hi = hi

    @property
    def empty(self) -> bool:
        return self.lo > self.hi


def _intersection(rules: list[Rule], values: Sequence[T], ok: Callable[[Rule, T], bool], what: str) -> list[T]:
    out = list(values)
    for rule in rules:
        out = [v for v in out if ok(rule, v)]
        if not out:
            raise UnsatisfiablePlanError(rule.id, f"no {what} satisfies it together with the other rules")
    return out


def _type_ok(rule: Rule, t: OrgType) -> bool:
    p = rule.params_as(ApplicantTypeParams)
    return t in p.allowed or t in p.recognized


def _build_eligible(plan: Plan, c: _Chooser, district: str | None = None) -> dict[str, Any]:
    rules = judging_rules(plan)

    # 申报单位：类型 (applicant_type), 所在区 (registered_in_territory), 信用代码 (corroborated)
    types = _intersection(rules_of(rules, "applicant_type"), list(OrgType), _type_ok, "unit type")
    org = c.pick(types)
    needs_recognition = any(
        org in r.params_as(ApplicantTypeParams).recognized and org not in r.params_as(ApplicantTypeParams).allowed
        for r in rules_of(rules, "applicant_type")
    )
    recognized = True if needs_recognition else c.flag()
    exempt = (OrgType.industry_organization, OrgType.social_organization)
    targets: set[str] = set()
    for rule in rules_of(rules, "registered_in_territory"):
        tp = rule.params_as(TerritoryParams)
        if tp.applies_to is not None and org not in tp.applies_to and org in exempt:
            continue
        if tp.territory != TIANJIN:
            target = normalize_district(tp.territory)
            if target is None:
                raise UnsatisfiablePlanError(
                    rule.id, f"territory {tp.territory!r} is neither 天津市 nor a Tianjin district"
                )
            targets.add(target)
    if len(targets) > 1:
        raise UnsatisfiablePlanError("registered_in_territory", f"the rules name different districts {sorted(targets)}")
    places = sorted(targets) if targets else [*TIANJIN_DISTRICTS, TIANJIN]
    if district is not None:
        if district not in places:
            raise UnsatisfiablePlanError("registered_in_territory", f"{district!r} is not among {places}")
        places = [district]
    place = c.pick(places)
    spelling = c.pick(district_spellings(place))
    code = credit_code_for(c.pick(categories_of(org)), c.pick(divisions_of(place)), c.body())
    unit_place = place if place != TIANJIN else "滨海新区"
    unit_name = c.pick(UNIT_NAMES).format(unit_place.removesuffix("新区").removesuffix("区"))

    # 申报项目
    sectors: list[str] = []
    for rule in rules_of(plan.rules, "focus_sector"):
        sp = rule.params_as(SectorParams)
        sectors += [s for s in [*sp.sectors, *sp.emphasis] if s not in sectors]
    sector = c.pick([*sectors, *OTHER_SECTORS])
    directions = _intersection(
        rules_of(rules, "direction"),
        list(Direction),
        lambda r, d: d in r.params_as(DirectionParams).allowed,
        "direction",
    )
    topics = _intersection(
        rules_of(rules, "topic_type"), list(TopicType), lambda r, t: t in r.params_as(TopicParams).allowed, "topic type"
    )
    benefits: list[Benefit] = []
    for rule in rules_of(rules, "expected_benefits"):
        bp = rule.params_as(BenefitParams)
        if not bp.categories:
            raise UnsatisfiablePlanError(rule.id, "it names no benefit category")
        if not any(b in bp.categories for b in benefits):
            benefits.append(c.pick(bp.categories))
    benefits += [b for b in c.some(list(Benefit)) if b not in benefits]
    if not benefits:
        benefits = [c.pick(list(Benefit))]

    required: list[Material] = []
    for rule in rules_of(rules, "materials"):
        required += [m for m in rule.params_as(MaterialsParams).required if m not in required]
    extra_materials = c.some(list(Material))
    materials = [m for m in Material if m in required or m in extra_materials]
    kinds = _intersection(
        rules_of(rules, "recommender_kind"),
        list(RecommenderKind),
        lambda r, k: k in r.params_as(RecommenderParams).allowed,
        "recommender kind",
    )
    kind = c.pick(kinds)

    submitted, recommended, start = _dates(plan, rules, spelling, c)
    app: dict[str, Any] = {
        "applicant": {
            "name": unit_name,
            "credit_code": code,
            "org_type": org.value,
            "district": spelling,
            "recognized_by_authority": recognized,
        },
        "project": {
            "name": c.pick(PROJECT_NAMES),
            "sector": sector,
            "direction": c.pick(directions).value,
            "topic_type": c.pick(topics).value,
            "start_date": start.isoformat(),
            "expected_benefits": [b.value for b in benefits],
        },
        "materials": [m.value for m in materials],
        "declarations": {"original": True, "no_confidential_content": True, "truthful": True},
        "recommender": {"name": RECOMMENDER_NAMES[kind].format(unit_place), "kind": kind.value},
        "submitted_to_recommender_on": submitted.isoformat(),
        "recommended_on": recommended.isoformat(),
    }
    wrong = {rid: v for rid, v in verdicts(plan, app).items() if v != "ok"}
    if wrong:  # the builder and the model disagree: a defect of this module, not of the plan
        raise StrategyError(f"internal: the eligible builder made {wrong} for {app}")
    return app


def _dates(plan: Plan, rules: list[Rule], district: str, c: _Chooser) -> tuple[date, date, date]:
    """Dates that every schedule step, the start window and the order of dates accept."""
    year_end = date(plan.year, 12, 31)
    issued = plan.governing_document.issued_on
    spans = {stage: _Span(issued, year_end) for stage in APPLICATION_DATE_FIELDS}
    for rule in rules_of(rules, "schedule_step"):
        step = plan.step(rule.params_as(StepParams).step)
        if not applies_to_district(step, district):
            continue
        window = step_window(plan, step)
        if window is None:
            raise UnsatisfiablePlanError(
                rule.id, "a step deferred to a later notice (按后续通知要求) is review for an application"
            )
        spans[step.stage].narrow(window.first, window.last)
        if spans[step.stage].empty:
            raise UnsatisfiablePlanError(rule.id, f"no {step.stage} date is on time for every step")
    earliest = max(
        (r.params_as(StartWindowParams).earliest for r in rules_of(rules, "start_date_window")), default=None
    )
    sub_span, rec_span = spans["submitted"], spans["recommended"]
    sub_span.narrow(earliest, None)
    rec_span.narrow(sub_span.lo, None)
    if rec_span.empty:
        raise UnsatisfiablePlanError("dates_in_order", "no recommendation date follows an on-time submission")
    recommended = c.day(rec_span.lo, rec_span.hi)
    sub_span.narrow(None, recommended)
    if sub_span.empty:
        raise UnsatisfiablePlanError("start_date_window", "no application date is on or after the earliest start")
    submitted = c.day(sub_span.lo, sub_span.hi)
    lo = earliest if earliest is not None else date(submitted.year - 3, 1, 1)
    return submitted, recommended, c.day(lo, submitted)


def example_application(plan: Plan, district: str | None = None) -> dict[str, Any]:
    """One eligible application for ``plan``, always the same (the first choice everywhere, the
    middle day of every period), optionally of a unit in ``district`` (a district's full name).

    确定性的合格申报（每处取第一个可选值、区间取中间日期），供快照样本等使用。
    """
    return _build_eligible(plan, _Fixed(), district)


def eligible_applications(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    """Applications (JSON-like dicts) whose every fact satisfies the plan: always ``eligible``.

    合格申报：每项事实都满足方案（及其适用的管理办法规则），历史记录为空时结论必为 eligible。
    Raises :class:`UnknownCheckError` / :class:`UnsatisfiablePlanError` when built.
    """
    judging_rules(plan)
    _build_eligible(plan, _Fixed())  # fail early and clearly on an unsatisfiable plan

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        return _build_eligible(plan, _Drawn(draw))

    return build()


def fully_known(plan: Plan) -> bool:
    """Whether the strategies know every check of ``plan`` and an eligible application exists."""
    try:
        judging_rules(plan)
        _build_eligible(plan, _Fixed())
    except StrategyError:
        return False
    return True
