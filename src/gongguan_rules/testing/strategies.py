"""Hypothesis strategies built from a plan: public API for whoever tests a plan or the engine.

由方案数据生成的 Hypothesis 策略（公开接口）。每个取值都从方案文件的参数推导，不写死常量；
策略所承诺的性质对任何方案文件都成立（见 docs/testing.md）。

The strategies read the plan's compiled rules (``plan.rules``: check kind, parameters, whether
the rule binds under this plan) and its schedule, and generate facts that the rules accept or
refuse. They carry a *model* of every check that can judge an application (:func:`verdict`): what
the check answers for an application with an empty history. The model is written from
product.md's contract and readings, not copied from the checks, so the invariant suite
(:mod:`gongguan_rules.testing.invariants`) compares two independent readings of the same text.

Promises (each is checked by an invariant of the suite, for every bundled plan):

- :func:`applications` — any application in the contract's shape (every field possibly absent,
  enum values in any accepted spelling, dates as ISO dates, Chinese dates or datetimes). Never
  raises :class:`~gongguan_rules.InputError`; the outcome may be anything.
- :func:`eligible_applications` — every fact satisfies every rule that judges applications
  under the plan (the 管理办法's too when it governs; a rule marked not applicable is skipped),
  every contract field is supplied, the history is empty. ``gr.evaluate(app, plan)`` is
  ``eligible`` with no ``fail`` and no ``review`` finding.
- :func:`one_clause_broken` — ``(application, broken)``: an eligible application with one fact
  changed so that it breaks a clause. ``broken`` is the set of every rule id that fails because of
  that fact (a fact read by a 管理办法 rule and a plan clause fails both; the set is computed from
  the model of every rule, never hard-coded). ``gr.evaluate(app, plan)`` is ``ineligible``, the
  rule ids of its ``fail`` findings are exactly ``broken``, no finding is ``review``, and each
  failing finding cites its rule's own citations. When the changed fact is corroborated by the
  credit code (the unit's type, its district), the code is re-issued to agree, so nothing but the
  broken clause is flagged.
- :func:`events` / :func:`histories` — any lifecycle event / list of events in the contract's
  shape, sharing a small pool of units and project names so that joins happen.

A plan that uses a check these strategies do not know raises :class:`UnknownCheckError` naming
it (attrs' rule: a new feature is added to the strategies too); a plan no application can
satisfy raises :class:`UnsatisfiablePlanError` naming the rule.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, Protocol, TypeVar

from hypothesis import reject
from hypothesis import strategies as st

from ..errors import GongguanError
from ..identity.credit_code import (
    ALPHABET,
    CATEGORIES,
    CATEGORY_ORG_TYPES,
    check_character,
    credit_code_info,
    org_check_character,
)
from ..identity.districts import (
    CITY_LEVEL_DIVISION_CODES,
    CURRENT_DIVISION_CODES,
    HISTORICAL_DISTRICT_NAMES,
    HISTORICAL_DIVISION_CODES,
    TIANJIN_DISTRICTS,
    PlaceKind,
    classify_place,
    normalize_district,
)
from ..inputs.application import Application
from ..judging.checks.applicant import _COMPATIBLE as ORG_TYPE_CATEGORY_TYPES
from ..judging.checks.applicant import declared_place
from ..law.checks import (
    ApplicantTypeParams,
    BenefitParams,
    DeclarationParams,
    DirectionParams,
    MaterialsParams,
    RecommenderParams,
    SectorParams,
    StartWindowParams,
    StepParams,
    TerritoryParams,
    TopicParams,
)
from ..law.counting import month_end
from ..law.plan_model import StepSpec
from ..law.plans import Plan
from ..law.rules import Rule
from ..law.vocab import (
    Benefit,
    Direction,
    EventKind,
    Material,
    OrgType,
    RecommenderKind,
    RevocationReason,
    Status,
    TopicType,
    accepted_spellings,
    zh_name,
)

T = TypeVar("T")
Verdict = Literal["ok", "fail", "review"]
"""What the model says of one rule: ``ok`` (pass, info or not applicable), ``fail``, ``review``."""

TIANJIN = "天津市"

#: The application's date field for each stage a ``schedule_step`` clause can judge.
APPLICATION_DATE_FIELDS: dict[str, str] = {
    "submitted": "submitted_to_recommender_on",
    "recommended": "recommended_on",
}

#: Checks that only inform (their findings are ``info``) or always pass for an application.
_ALWAYS_OK = frozenset(
    {"scope", "plan_published", "regulation_validity", "text_not_available", "focus_sector", "preferential_direction"}
)

#: Checks whose rules :func:`one_clause_broken` can break to ``fail`` with a single fact, and how.
BREAKABLE_CHECKS: dict[str, str] = {
    "applicant_type": "org_type → a refused type, or a type that needs recognition, unrecognised (code re-issued)",
    "registered_in_territory": "district → 外省市 or a place outside Tianjin, or another district (code re-issued)",
    "credit_code": "credit_code → a malformed code (length, alphabet, a letter in the division)",
    "expected_benefits": "expected_benefits → [] or benefits the clause does not name (where unmatched is fail)",
    "start_date_window": "project.start_date → the day before earliest (or after the application if not_started fails)",
    "direction": "project.direction → a direction the plan does not allow (only when it allows a subset)",
    "topic_type": "project.topic_type → a type the plan does not allow (only when it allows a subset)",
    "recommender_kind": "recommender.kind → a kind the clause refuses (neither allowed nor unclear)",
    "materials": "materials → without one required material, or []",
    "declaration": "declarations.<field> → false",
    "schedule_step": "the stage's date → the day after the deadline or clearly after the period (where a miss fails)",
}

#: Every check the model knows (all checks that can judge an application). 策略已知的检查。
KNOWN_CHECKS: frozenset[str] = frozenset(
    _ALWAYS_OK
    | set(BREAKABLE_CHECKS)
    | {
        "district_corroboration",
        "org_type_corroboration",
        "duplication",
        "recommendation",
        "dates_in_order",
        "debarment",
    }
)


class StrategyError(GongguanError):
    """The strategies cannot serve this plan. 策略无法用于该方案。"""

    code = "strategy"


class UnknownCheckError(StrategyError):
    """A plan uses a check the strategies have no model of. 策略不认识的检查。"""

    code = "strategy_unknown_check"

    def __init__(self, check: str, rule_id: str) -> None:
        self.check = check
        self.rule_id = rule_id
        super().__init__(
            f"strategies do not know check {check!r} (rule {rule_id}); add it to gongguan_rules.testing "
            f"/ 策略不认识检查“{check}”（规则 {rule_id}），请在 gongguan_rules.testing 中补充"
        )


class UnsatisfiablePlanError(StrategyError):
    """No application can satisfy the plan's rules together. 没有申报能同时满足全部规则。"""

    code = "strategy_unsatisfiable"

    def __init__(self, rule_id: str, reason: str) -> None:
        self.rule_id = rule_id
        super().__init__(f"no application can satisfy {rule_id}: {reason} / 没有申报能满足 {rule_id}")


# --------------------------------------------------------------------------- the rules


def judging_rules(plan: Plan) -> list[Rule]:
    """The rules that judge an application under ``plan`` (applicable, not marked not applicable).

    Raises :class:`UnknownCheckError` for a check the strategies have no model of.
    """
    out = []
    for rule in plan.rules:
        if not rule.applies("application") or rule.not_applicable is not None:
            continue
        if rule.check.name not in KNOWN_CHECKS:
            raise UnknownCheckError(rule.check.name, rule.id)
        if rule.check.name == "schedule_step":
            step = plan.step(rule.params_as(StepParams).step)
            if step.stage not in APPLICATION_DATE_FIELDS:
                raise StrategyError(
                    f"{rule.id}: schedule_step judges stage {step.stage!r}, for which an application carries no date "
                    f"(only {sorted(APPLICATION_DATE_FIELDS)}) / 申报不含该阶段的日期"
                )
        out.append(rule)
    return out


def _of(rules: Iterable[Rule], check: str) -> list[Rule]:
    return [r for r in rules if r.check.name == check]


# --------------------------------------------------------------------------- schedule windows


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


# --------------------------------------------------------------------------- the model


def _applies_to_district(step: StepSpec, district: str | None) -> bool:
    if step.districts is None:
        return True
    declared = normalize_district(district or "")
    return declared is not None and declared in step.districts


def _application_date(app: Application) -> date | None:
    return app.submitted_to_recommender_on or app.recommended_on


def _status_verdict(status: Status) -> Verdict:
    if status is Status.fail:
        return "fail"
    if status is Status.review:
        return "review"
    return "ok"


def verdict(plan: Plan, rule: Rule, app: Application) -> Verdict:
    """What the model says ``rule`` concludes about ``app`` with an empty history. 模型的结论。

    Written from product.md (the contract and "Readings already chosen"); the invariant suite
    checks that the engine agrees. Raises :class:`UnknownCheckError` for an unknown check.
    """
    name = rule.check.name
    p = rule.params
    a = app.applicant
    if name in _ALWAYS_OK:
        return "ok"
    if name == "applicant_type":
        assert isinstance(p, ApplicantTypeParams)
        if a.org_type is None:
            return "review"
        if a.org_type in p.allowed:
            return "ok"
        if a.org_type in p.recognized:
            if a.recognized_by_authority is None:
                return "review"
            return "ok" if a.recognized_by_authority else "fail"
        return "fail" if a.org_type in p.refused else "review"
    if name == "registered_in_territory":
        assert isinstance(p, TerritoryParams)
        exempt = (OrgType.industry_organization, OrgType.social_organization)
        if (
            p.applies_to is not None
            and a.org_type is not None
            and a.org_type not in p.applies_to
            and a.org_type in exempt
        ):
            return "ok"
        kind, district = declared_place(a.district)
        if kind == "outside":
            return "fail"
        if kind in ("missing", "unclear"):
            return "review"
        if p.territory == TIANJIN:
            return "ok"
        if kind == "city":
            return "review"
        if district == normalize_district(p.territory):
            return "ok"
        # registration binds 企事业单位 only: with the type unknown the place cannot decide
        return "review" if a.org_type is None and p.applies_to is not None else "fail"
    if name == "credit_code":
        if a.credit_code is None:
            return "review"
        info = credit_code_info(a.credit_code)
        if not info.well_formed:
            return "fail"
        return "ok" if info.check_ok else "review"
    if name == "district_corroboration":
        if a.credit_code is None or a.district is None:
            return "ok"
        info = credit_code_info(a.credit_code)
        if not info.well_formed:
            return "ok"
        kind, declared = declared_place(a.district)
        if kind in ("missing", "unclear"):
            return "ok"
        if kind == "outside":
            return "review" if info.in_tianjin else "ok"
        if not info.in_tianjin:
            return "review"
        if info.city_level or kind == "city" or info.district == declared:
            return "ok"
        return "review"
    if name == "org_type_corroboration":
        if a.credit_code is None or a.org_type is None:
            return "ok"
        info = credit_code_info(a.credit_code)
        if not info.well_formed:
            return "ok"
        compatible = ORG_TYPE_CATEGORY_TYPES.get(a.org_type)
        if compatible is None or info.org_type in (None, "other"):
            return "ok"
        return "ok" if info.org_type in compatible else "review"
    if name == "expected_benefits":
        assert isinstance(p, BenefitParams)
        benefits = app.project.expected_benefits
        if benefits is None:
            return "review"
        if any(b in p.categories for b in benefits):
            return "ok"
        return p.unmatched  # an explicitly empty list follows the clause's reading too
    if name == "start_date_window":
        assert isinstance(p, StartWindowParams)
        start = app.project.start_date
        if start is None:
            return "review"
        if start < p.earliest:
            return "fail"
        applied = _application_date(app)
        if applied is not None and start > applied:
            return p.not_started
        return "ok"
    if name in ("direction", "topic_type"):
        assert isinstance(p, DirectionParams | TopicParams)
        value = app.project.direction if name == "direction" else app.project.topic_type
        if value is None:
            return "review"
        return "ok" if value in p.allowed else "fail"
    if name == "recommender_kind":
        assert isinstance(p, RecommenderParams)
        recommender_kind = app.recommender.kind
        if recommender_kind is None or recommender_kind in p.unclear:
            return "review"
        return "ok" if recommender_kind in p.allowed else "fail"
    if name == "materials":
        assert isinstance(p, MaterialsParams)
        if app.materials is None:
            return "review"
        if all(m in app.materials for m in p.required):
            return "ok"
        # where the plan makes its 申报书 the materials, the items it contains are not confirmed
        form_listed = Material.application_form in app.materials
        return "review" if plan.spec.readings.form_is_materials and form_listed else "fail"
    if name == "declaration":
        assert isinstance(p, DeclarationParams)
        value = getattr(app.declarations, p.field)
        if value is None:
            return "review"
        return "ok" if value else "fail"
    if name == "recommendation":
        return "review" if app.recommended_on is None else "ok"
    if name == "dates_in_order":
        sub, rec = app.submitted_to_recommender_on, app.recommended_on
        return "review" if sub is not None and rec is not None and sub > rec else "ok"
    if name == "duplication":
        return "review" if app.project.name is None else "ok"
    if name == "debarment":
        return "review" if a.credit_code is None and a.name is None else "ok"
    if name == "schedule_step":
        assert isinstance(p, StepParams)
        step = plan.step(p.step)
        field = APPLICATION_DATE_FIELDS.get(step.stage)
        if field is None:
            raise StrategyError(f"{rule.id}: schedule_step over stage {step.stage!r}")
        if not _applies_to_district(step, a.district):
            return "ok"
        day = getattr(app, field)
        if day is None:
            return "review"
        return _status_verdict(step_status(plan, step, day))
    raise UnknownCheckError(name, rule.id)


def verdicts(plan: Plan, app: Application | dict[str, Any]) -> dict[str, Verdict]:
    """The model's verdict on every judging rule, by rule id. 模型对每条规则的结论。"""
    parsed = app if isinstance(app, Application) else Application.model_validate(app)
    return {r.id: verdict(plan, r, parsed) for r in judging_rules(plan)}


# --------------------------------------------------------------------------- vocabulary


def district_spellings(district: str) -> list[str]:
    """Spellings of a Tianjin district that normalise to it (全称、简称、旧称，可带“天津市”前缀).

    For ``天津市`` itself: the city-level names (天津市, 天津, 本市).
    """
    if district == TIANJIN:
        return [n for n in ("天津市", "天津", "本市") if classify_place(n) is PlaceKind.CITY_LEVEL]
    bare = district.removesuffix("新区").removesuffix("区")
    candidates = [district, bare, "天津市" + district, "天津" + district]
    for old, current in HISTORICAL_DISTRICT_NAMES.items():
        if current == district:
            candidates += [old, old.removesuffix("区").removesuffix("县")]
    out: list[str] = []
    for c in candidates:
        if c not in out and normalize_district(c) == district and classify_place(c) is PlaceKind.DISTRICT:
            out.append(c)
    return out


#: Places outside Tianjin, as applicants declare them, and a division code of each.
OUTSIDE_PLACES: tuple[tuple[str, str], ...] = (
    ("外省市", "110108"),
    ("北京市海淀区", "110108"),
    ("河北省廊坊市", "131000"),
    ("上海市浦东新区", "310115"),
)


def _divisions_of(place: str) -> list[str]:
    """Division codes a credit code of a unit in ``place`` (a district or 天津市) may carry."""
    if place == TIANJIN:
        codes = list(CURRENT_DIVISION_CODES) + list(HISTORICAL_DIVISION_CODES)
    else:
        codes = [c for c, d in CURRENT_DIVISION_CODES.items() if d == place]
        codes += [c for c, (_, d) in HISTORICAL_DIVISION_CODES.items() if d == place]
    return codes + sorted(CITY_LEVEL_DIVISION_CODES)


def _categories_of(org_type: OrgType) -> list[str]:
    """Category codes (positions 1-2) that agree with a declared type (GB 32100 表1)."""
    compatible = ORG_TYPE_CATEGORY_TYPES.get(org_type)
    if compatible is None:
        return [c for c in CATEGORIES if CATEGORY_ORG_TYPES.get(c, "other") == "other"]
    return [c for c in CATEGORIES if CATEGORY_ORG_TYPES.get(c, "other") in compatible]


def credit_code_for(category: str, division: str, body: str) -> str:
    """A well-formed 统一社会信用代码 with its check characters computed (GB 32100, GB 11714).

    ``category``: positions 1-2 (91 企业, 12 事业单位, ...); ``division``: positions 3-8;
    ``body``: the first eight characters of the organisation code (from the GB 32100 alphabet).
    """
    first17 = category + division + body + org_check_character(body)
    return first17 + check_character(first17)


def _reissue(code: str, category: str | None = None, division: str | None = None) -> str | None:
    info = credit_code_info(code)
    if not info.well_formed:
        return None
    text = info.code
    return credit_code_for(category or text[:2], division or text[2:8], text[8:16])


UNIT_NAMES = ("天津{}精工制造有限公司", "天津{}焊材科技有限公司", "天津市{}质量检测研究院", "天津{}新能源股份有限公司")
PROJECT_NAMES = (
    "降低药芯焊丝焊接飞溅率",
    "提高电动自行车控制器一次交验合格率",
    "降低光伏组件隐裂不良率",
    "提升羽绒制品蓬松度稳定性",
    "缩短协作机器人装配调试周期",
    "降低车用燃料硫含量波动",
)
OTHER_SECTORS = ("服装", "食品加工", "印刷包装")
_RECOMMENDER_NAMES: dict[RecommenderKind, str] = {
    RecommenderKind.city_industry_authority: "天津市工业和信息化局",
    RecommenderKind.industry_association: "天津市焊接协会",
    RecommenderKind.district_market_regulator: "天津市{}市场监督管理局",
    RecommenderKind.zone_market_regulator: "天津经济技术开发区市场监督管理局",
    RecommenderKind.market_regulation_office: "{}新港市场监督管理所",
    RecommenderKind.quality_group_member: "天津市科学技术局",
    RecommenderKind.industrial_group: "天津渤海化工集团有限责任公司",
    RecommenderKind.enterprise: "天津某龙头企业有限公司",
}


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
    types = _intersection(_of(rules, "applicant_type"), list(OrgType), _type_ok, "unit type")
    org = c.pick(types)
    needs_recognition = any(
        org in r.params_as(ApplicantTypeParams).recognized and org not in r.params_as(ApplicantTypeParams).allowed
        for r in _of(rules, "applicant_type")
    )
    recognized = True if needs_recognition else c.flag()
    exempt = (OrgType.industry_organization, OrgType.social_organization)
    targets: set[str] = set()
    for rule in _of(rules, "registered_in_territory"):
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
    code = credit_code_for(c.pick(_categories_of(org)), c.pick(_divisions_of(place)), c.body())
    unit_place = place if place != TIANJIN else "滨海新区"
    unit_name = c.pick(UNIT_NAMES).format(unit_place.removesuffix("新区").removesuffix("区"))

    # 申报项目
    sectors: list[str] = []
    for rule in _of(plan.rules, "focus_sector"):
        sp = rule.params_as(SectorParams)
        sectors += [s for s in [*sp.sectors, *sp.emphasis] if s not in sectors]
    sector = c.pick([*sectors, *OTHER_SECTORS])
    directions = _intersection(
        _of(rules, "direction"), list(Direction), lambda r, d: d in r.params_as(DirectionParams).allowed, "direction"
    )
    topics = _intersection(
        _of(rules, "topic_type"), list(TopicType), lambda r, t: t in r.params_as(TopicParams).allowed, "topic type"
    )
    benefits: list[Benefit] = []
    for rule in _of(rules, "expected_benefits"):
        bp = rule.params_as(BenefitParams)
        if not bp.categories:
            raise UnsatisfiablePlanError(rule.id, "it names no benefit category")
        if not any(b in bp.categories for b in benefits):
            benefits.append(c.pick(bp.categories))
    benefits += [b for b in c.some(list(Benefit)) if b not in benefits]
    if not benefits:
        benefits = [c.pick(list(Benefit))]

    required: list[Material] = []
    for rule in _of(rules, "materials"):
        required += [m for m in rule.params_as(MaterialsParams).required if m not in required]
    extra_materials = c.some(list(Material))
    materials = [m for m in Material if m in required or m in extra_materials]
    kinds = _intersection(
        _of(rules, "recommender_kind"),
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
        "recommender": {"name": _RECOMMENDER_NAMES[kind].format(unit_place), "kind": kind.value},
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
    for rule in _of(rules, "schedule_step"):
        step = plan.step(rule.params_as(StepParams).step)
        if not _applies_to_district(step, district):
            continue
        window = step_window(plan, step)
        if window is None:
            raise UnsatisfiablePlanError(
                rule.id, "a step deferred to a later notice (按后续通知要求) is review for an application"
            )
        spans[step.stage].narrow(window.first, window.last)
        if spans[step.stage].empty:
            raise UnsatisfiablePlanError(rule.id, f"no {step.stage} date is on time for every step")
    earliest = max((r.params_as(StartWindowParams).earliest for r in _of(rules, "start_date_window")), default=None)
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


# --------------------------------------------------------------------------- breaking one clause


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


def _set(app: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(app)
    node = out
    *parents, last = path.split(".")
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return out


def _mutations(
    plan: Plan, rule: Rule, app: dict[str, Any], parsed: Application
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Candidate changes of one fact aimed at ``rule``: (fact, description, changed application)."""
    name = rule.check.name
    code = parsed.applicant.credit_code or ""
    if name == "applicant_type":
        tp = rule.params_as(ApplicantTypeParams)
        for t in [*tp.refused, *(x for x in tp.recognized if x not in tp.allowed)]:
            changed = _set(app, "applicant.org_type", t.value)
            if t in tp.recognized:
                changed = _set(changed, "applicant.recognized_by_authority", False)
            for category in _categories_of(t)[:1]:
                reissued = _reissue(code, category=category)
                if reissued is not None:
                    changed = _set(changed, "applicant.credit_code", reissued)
            yield "applicant.org_type", f"org_type → {t.value}", changed
    elif name == "registered_in_territory":
        for place, division in OUTSIDE_PLACES:
            changed = _set(app, "applicant.district", place)
            reissued = _reissue(code, division=division)
            if reissued is not None:
                changed = _set(changed, "applicant.credit_code", reissued)
            yield "applicant.district", f"district → {place}", changed
        territory = rule.params_as(TerritoryParams).territory
        if territory != TIANJIN:
            for other in TIANJIN_DISTRICTS:
                if other == normalize_district(territory):
                    continue
                changed = _set(app, "applicant.district", other)
                reissued = _reissue(code, division=_divisions_of(other)[0])
                if reissued is not None:
                    changed = _set(changed, "applicant.credit_code", reissued)
                yield "applicant.district", f"district → {other}", changed
    elif name == "credit_code" and code:
        text = credit_code_info(code).code
        for bad, why in (
            (text[:16], "16 characters"),
            (text[:17] + "I", "character 18 is I"),
            (text[:2] + "A" + text[3:], "a letter in the division"),
        ):
            yield "applicant.credit_code", f"credit_code → {bad} ({why})", _set(app, "applicant.credit_code", bad)
    elif name == "expected_benefits":
        bp = rule.params_as(BenefitParams)
        if bp.unmatched != "fail":  # an inferred rule: nothing the applicant declares fails it
            return
        yield "project.expected_benefits", "expected_benefits → []", _set(app, "project.expected_benefits", [])
        outside = [b.value for b in Benefit if b not in bp.categories]
        if outside:
            yield (
                "project.expected_benefits",
                f"expected_benefits → {outside}",
                _set(app, "project.expected_benefits", outside),
            )
    elif name == "start_date_window":
        wp = rule.params_as(StartWindowParams)
        before = wp.earliest - timedelta(days=1)
        yield (
            "project.start_date",
            f"start_date → {before} (the day before {wp.earliest})",
            _set(app, "project.start_date", before.isoformat()),
        )
        applied = _application_date(parsed)
        if applied is not None and wp.not_started == "fail":
            after = applied + timedelta(days=1)
            yield (
                "project.start_date",
                f"start_date → {after} (after the application)",
                _set(app, "project.start_date", after.isoformat()),
            )
    elif name == "direction":
        directions = rule.params_as(DirectionParams).allowed
        for d in Direction:
            if d not in directions:
                yield "project.direction", f"direction → {d.value}", _set(app, "project.direction", d.value)
    elif name == "topic_type":
        topics = rule.params_as(TopicParams).allowed
        for topic in TopicType:
            if topic not in topics:
                yield "project.topic_type", f"topic_type → {topic.value}", _set(app, "project.topic_type", topic.value)
    elif name == "recommender_kind":
        rp = rule.params_as(RecommenderParams)
        for k in RecommenderKind:
            if k not in rp.allowed and k not in rp.unclear:
                yield "recommender.kind", f"recommender.kind → {k.value}", _set(app, "recommender.kind", k.value)
    elif name == "materials":
        given = list(app.get("materials") or [])
        for m in rule.params_as(MaterialsParams).required:
            yield (
                "materials",
                f"materials without {m.value}",
                _set(app, "materials", [x for x in given if x != m.value]),
            )
        yield "materials", "materials → []", _set(app, "materials", [])
    elif name == "declaration":
        said = rule.params_as(DeclarationParams).field
        yield f"declarations.{said}", f"declarations.{said} → false", _set(app, f"declarations.{said}", False)
    elif name == "schedule_step":
        step = plan.step(rule.params_as(StepParams).step)
        window = step_window(plan, step)
        field = APPLICATION_DATE_FIELDS[step.stage]
        if window is None or not _applies_to_district(step, parsed.applicant.district):
            return
        late = (window.margin_after or window.last) + timedelta(days=1)
        yield field, f"{field} → {late} (after {step.timing.text})", _set(app, field, late.isoformat())
        if window.first is not None:
            early = (window.margin_before or window.first) - timedelta(days=1)
            yield field, f"{field} → {early} (before {step.timing.text})", _set(app, field, early.isoformat())


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


# --------------------------------------------------------------------------- any application


# The date forms the API reads (inputs/dates.py): ISO dates and RFC 3339 datetimes.
_DATE_FORMATS: tuple[Callable[[date], str], ...] = (
    lambda d: d.isoformat(),
    lambda d: f" {d.isoformat()} ",
    lambda d: f"{d.isoformat()}T09:30:00",
    lambda d: f"{d.isoformat()}T23:59:00+08:00",
    lambda d: f"{d.isoformat()}T16:30:00Z",
)


def _dates_near(plan: Plan) -> st.SearchStrategy[date]:
    anchors = [s.timing.by for s in plan.spec.schedule if s.timing.by is not None]
    anchors += [r.params_as(StartWindowParams).earliest for r in _of(plan.rules, "start_date_window")]
    near = st.sampled_from(anchors or [date(plan.year, 4, 1)]).flatmap(
        lambda a: st.integers(-3, 3).map(lambda k: a + timedelta(days=k))
    )
    return st.one_of(near, st.dates(date(plan.year - 3, 1, 1), date(plan.year + 1, 12, 31)))


def _date_text(plan: Plan) -> st.SearchStrategy[str]:
    return st.tuples(_dates_near(plan), st.sampled_from(_DATE_FORMATS)).map(lambda pair: pair[1](pair[0]))


def _spelling(enum: type[Any]) -> st.SearchStrategy[str]:
    values = [m.value for m in enum]
    return st.one_of(
        st.sampled_from(values),
        st.sampled_from(accepted_spellings(enum)),
        st.sampled_from(values).map(lambda v: f" {v.upper()} "),
        st.sampled_from([zh_name(enum, v) for v in values]),
    )


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value, or absent (None), or the empty string, the same as absent."""
    return st.one_of(strategy, strategy, st.none(), st.just(""))


def _places(plan: Plan) -> st.SearchStrategy[str]:
    spellings = [s for d in TIANJIN_DISTRICTS for s in district_spellings(d)] + district_spellings(TIANJIN)
    others = [p for p, _ in OUTSIDE_PLACES] + ["河北", "滨海高新区", "天津经济技术开发区", "外地"]
    return st.one_of(st.sampled_from(spellings), st.sampled_from(others), st.text(max_size=8))


@st.composite
def _credit_codes(draw: st.DrawFn) -> str:
    code = credit_code_for(
        draw(st.sampled_from(sorted(CATEGORIES))),
        draw(st.sampled_from([*_divisions_of(TIANJIN), "110108", "129999"])),
        draw(st.text(alphabet=ALPHABET, min_size=8, max_size=8)),
    )
    variant = draw(st.sampled_from(["valid", "valid", "bad_check", "lower", "malformed", "text"]))
    if variant == "bad_check":
        return code[:17] + ("0" if code[17] != "0" else "1")
    if variant == "lower":
        return code.lower()
    if variant == "malformed":
        return draw(st.text(alphabet=ALPHABET + "IOSVZ", min_size=0, max_size=20))
    if variant == "text":
        return draw(st.text(max_size=20))
    return code


def _pool(plan: Plan) -> tuple[list[tuple[str, str]], list[str]]:
    """A small pool of units (code, name) and project names shared by applications and events."""
    base = example_application(plan) if _fully_known(plan) else None
    units = [
        (credit_code_for("91", "120116", "MA05K3T7"), "天津滨海精工制造有限公司"),
        (credit_code_for("12", "120224", "40005678"), "天津市宝坻质量检测研究院"),
    ]
    if base is not None:
        units.insert(0, (base["applicant"]["credit_code"], base["applicant"]["name"]))
    return units, list(PROJECT_NAMES[:3])


def _fully_known(plan: Plan) -> bool:
    try:
        judging_rules(plan)
        _build_eligible(plan, _Fixed())
    except StrategyError:
        return False
    return True


def _perturb(app: dict[str, Any], fields: list[tuple[str, st.SearchStrategy[Any]]], draw: st.DrawFn) -> dict[str, Any]:
    out = copy.deepcopy(app)
    for path, strategy in draw(st.lists(st.sampled_from(fields), unique_by=lambda f: f[0], max_size=4)):
        *parents, last = path.split(".")
        node = out
        for key in parents:
            node = node.setdefault(key, {})
        choice = draw(st.sampled_from(["remove", "null", "empty", "value"]))
        if choice == "remove":
            node.pop(last, None)
        elif choice == "null":
            node[last] = None
        elif choice == "empty":
            node[last] = ""
        else:
            node[last] = draw(strategy)
    return out


def applications(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    """Any application in the contract's shape, valid or not. 任意形状合规的申报（可能不合格）。

    Every field may be absent, null or empty (an empty string, the same as absent, list fields
    included); enum values come in any accepted spelling (English value, Chinese name, upper case
    with blanks); dates as ISO dates or RFC 3339 datetimes (with an offset, or none for Beijing
    time); credit codes valid, with a wrong check character,
    lower case or malformed. Half the draws start from an eligible application and change a few
    fields, so that every rule is reached on both sides. ``gr.evaluate`` never raises on them.
    """
    units, names = _pool(plan)
    sectors = [s for r in _of(plan.rules, "focus_sector") for s in r.params_as(SectorParams).sectors]
    text = st.text(max_size=12)
    dates = _date_text(plan)
    fields: list[tuple[str, st.SearchStrategy[Any]]] = [
        ("applicant.name", st.one_of(st.sampled_from([n for _, n in units]), text)),
        ("applicant.credit_code", st.one_of(st.sampled_from([c for c, _ in units]), _credit_codes())),
        ("applicant.org_type", _spelling(OrgType)),
        ("applicant.district", _places(plan)),
        ("applicant.recognized_by_authority", st.sampled_from([True, False, "是", "否"])),
        ("project.name", st.one_of(st.sampled_from(names), text)),
        ("project.sector", st.one_of(st.sampled_from([*sectors, *OTHER_SECTORS]), text)),
        ("project.direction", _spelling(Direction)),
        ("project.topic_type", _spelling(TopicType)),
        ("project.start_date", dates),
        ("project.expected_benefits", st.lists(_spelling(Benefit), max_size=4)),
        ("materials", st.lists(_spelling(Material), max_size=4)),
        ("declarations.original", st.booleans()),
        ("declarations.no_confidential_content", st.booleans()),
        ("declarations.truthful", st.booleans()),
        ("recommender.name", text),
        ("recommender.kind", _spelling(RecommenderKind)),
        ("submitted_to_recommender_on", dates),
        ("recommended_on", dates),
    ]
    eligible = eligible_applications(plan) if _fully_known(plan) else None

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        if eligible is not None and draw(st.booleans()):
            return _perturb(draw(eligible), fields, draw)
        app: dict[str, Any] = {}
        for path, strategy in fields:
            value = draw(_maybe(strategy))
            if value is None and draw(st.booleans()):
                continue
            *parents, last = path.split(".")
            node = app
            for key in parents:
                node = node.setdefault(key, {})
            node[last] = value
        return app

    return build()


# --------------------------------------------------------------------------- events and histories


def events(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    """Any lifecycle event in the contract's shape. 任意形状合规的事件。

    Units and project names come from a small pool (the same as :func:`applications`) so that a
    history drawn with :func:`histories` correlates with them.
    """
    units, names = _pool(plan)
    dates = _date_text(plan)
    expert = st.fixed_dictionaries(
        {},
        optional={
            "name": st.sampled_from(["张工", "李教授", "王研究员"]),
            "affiliation": st.sampled_from([n for _, n in units] + ["天津大学"]),
            "affiliation_credit_code": st.sampled_from([c for c, _ in units]),
            "conflict_declared": st.booleans(),
            "withdrawn": st.booleans(),
        },
    )
    return st.fixed_dictionaries(
        {"kind": _spelling(EventKind)},
        optional={
            "date": dates,
            "year": st.sampled_from([plan.year, plan.year - 1, plan.year - 3]),
            "credit_code": st.sampled_from([c for c, _ in units]),
            "unit": st.sampled_from([n for _, n in units]),
            "project_name": st.sampled_from(names),
            "district": _places(plan),
            "recommender": st.fixed_dictionaries(
                {}, optional={"name": st.text(max_size=8), "kind": _spelling(RecommenderKind)}
            ),
            "reason": _spelling(RevocationReason),
            "public_notice": st.booleans(),
            "experts": st.lists(expert, max_size=3),
            "amount": st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
            "charged_by": st.text(max_size=8),
            "notice_deadline": dates,
        },
    )


def histories(plan: Plan, max_size: int = 6) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Lists of events (a history on record) for ``plan``. 历史记录。"""
    return st.lists(events(plan), max_size=max_size)
