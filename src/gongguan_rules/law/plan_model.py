"""The shape of a plan file (plans/YYYY.yaml) and of the regulation's rules (rules/).

方案文件与规则文件的结构。未知的键一律是错误；每个取值都带出处。
See docs/plan-format.md for a field-by-field guide.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Stage = Literal[
    "submitted",  # 申报单位 → 推荐单位 (application_submitted)
    "recommended",  # 推荐单位 → 主办单位 (recommended)
    "approved",  # 立项 / 确定计划
    "training",  # 宣贯培训
    "implementation",  # 项目实施 / 帮扶指导 / 跟踪服务
    "results_submitted",  # 项目单位 → 推荐单位 (the first 第十七条)
    "results_recommended",  # 推荐单位 → 主办单位 (the second 第十七条)
    "evaluated",  # 成果评定
    "recognized",  # 公示公布 / 认定优秀成果
    "promotion",  # 宣传推广 / 重点推荐 / 成果交流
]
Subject = Literal[
    "application",
    "application_submitted",
    "recommended",
    "approved",
    "results_submitted",
    "results_recommended",
    "evaluated",
    "excellent_recognized",
    "recognition_revoked",
    "fee_charged",
]
STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]  # Literal keeps its values here


class Strict(BaseModel):
    """Unknown keys are errors; values are frozen once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CiteSpec(Strict):
    """A citation as written in a data file: ``{doc: city2026, article: 一, item: （一）}``.

    ``doc`` is the key of a document of the same file, or ``regulation`` for the 管理办法.
    """

    doc: str
    article: str
    item: str | None = None
    occurrence: int | None = Field(default=None, ge=1, le=2)


def one_or_many(value: Any) -> Any:
    """A citation field takes one citation or a list of them."""
    if isinstance(value, dict):
        return [value]
    return value


class MessageText(Strict):
    """A message in Chinese and English. 中英文说明。"""

    zh: str
    en: str


class DocumentSpec(Strict):
    """One published document of the plan year. 年度方案中的一份文件。"""

    key: str
    number: str | None = None
    title: str
    issuer: str
    issued_on: date
    level: Literal["city", "district"]
    role: Literal["plan", "forwarding"]
    parent: str | None = None
    jurisdiction: str
    regulation_annex: str | None = None
    """The annex by which the document attaches the 管理办法 (2025: ``附件2``), when it does."""

    @property
    def cite_as(self) -> str:
        """The document as a citation names it: its number, else its title. 引用名。"""
        return self.number or self.title


class TimingSpec(Strict):
    """When a step is due, as the text says it. 时间要求（原文措辞及其解读）。

    Exactly one of: ``by`` (an exact day, ``X月X日前``), ``month`` (with an optional ``part``:
    early 初/上旬, mid 中旬, late 底/下旬), ``months`` (a span such as 5月-6月), ``quarter``,
    or ``deferred`` (按后续通知要求).
    """

    text: str
    by: date | None = None
    inclusive: bool | None = None
    month: int | None = Field(default=None, ge=1, le=12)
    part: Literal["early", "mid", "late"] | None = None
    months: tuple[int, int] | None = None
    quarter: int | None = Field(default=None, ge=1, le=4)
    deferred: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> TimingSpec:
        kinds = [
            self.by is not None,
            self.month is not None,
            self.months is not None,
            self.quarter is not None,
        ]
        if sum(kinds) > 1:
            raise ValueError(
                "只能给出 by、month、months、quarter 中的一种 / give only one of by, month, months, quarter"
            )
        if sum(kinds) == 0 and not self.deferred:
            raise ValueError("缺少时间：by、month、months、quarter 或 deferred / no timing given")
        if self.part is not None and self.month is None:
            raise ValueError("part 只能与 month 一起使用 / part goes with month")
        if self.inclusive is not None and self.by is None:
            raise ValueError("inclusive 只能与 by 一起使用 / inclusive goes with by")
        if self.months is not None and not (1 <= self.months[0] <= self.months[1] <= 12):
            raise ValueError("months 应为 [起始月, 结束月] / months must be [first, last] within 1-12")
        return self


class StepSpec(Strict):
    """One step of the plan's schedule, with the stage it applies to. 工作程序中的一步。

    ``role``: ``governed`` — the stage the plan itself governs (a miss is the plan's own refusal);
    ``intermediate`` — a collection date addressed to others (a miss is review, the recommender
    may still forward in time); ``organiser`` — the organiser's own step (informs, binds no
    applicant).
    """

    id: str
    stage: Stage
    timing: TimingSpec
    role: Literal["governed", "intermediate", "organiser"]
    districts: list[str] | None = None
    cite: list[CiteSpec] = Field(min_length=1)
    quote: str
    sanction: MessageText | None = None
    """What the text itself says follows lateness (2026 四（六）: 逾期不再接收), verbatim; a late
    step's message quotes it only when it is given here."""

    _cite_list = field_validator("cite", mode="before")(one_or_many)


def _application_only() -> list[Subject]:
    return ["application"]


class ClauseSpec(Strict):
    """One rule instantiated with its parameters and citation. 一条规则及其参数与出处。"""

    id: str
    check: str
    cite: list[CiteSpec] = Field(min_length=1)
    quote: str | None = None
    inference: bool = False
    note: str | None = None
    applies_to: list[Subject] = Field(default_factory=_application_only, min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)

    _cite_list = field_validator("cite", mode="before")(one_or_many)


# Bounded so that every value a plan file gives can be evaluated in every month (issue 10): a day
# of the month that every month has, a margin of at most a month.
DayOfMonth = Annotated[int, Field(ge=1, le=28)]
MarginDays = Annotated[int, Field(ge=0, le=31)]


class FuzzyReadings(Strict):
    """How fuzzy periods are read (docs/interpretations.md#fuzzy-periods). 模糊期间的解读。"""

    early_certain: tuple[DayOfMonth, DayOfMonth] = (1, 10)
    early_margin: tuple[DayOfMonth, DayOfMonth] = (11, 15)
    mid_certain: tuple[DayOfMonth, DayOfMonth] = (11, 20)
    mid_margin_days: MarginDays = 3
    late_certain_from: DayOfMonth = 21
    late_margin: tuple[DayOfMonth, DayOfMonth] = (16, 20)
    month_margin_days: MarginDays = 3
    quarter_margin_days: MarginDays = 0  # product.md: "a quarter certain over its months" (no margin)


class DuplicationReadings(Strict):
    """How duplication (雷同) is judged (docs/interpretations.md#duplication). 雷同的判断。"""

    same_unit_same_name: Literal["fail", "review"] = "fail"
    other_unit_same_name: Literal["fail", "review"] = "review"
    near_match: Literal["fail", "review"] = "review"
    near_threshold: float = Field(default=0.8, gt=0, le=1)
    max_reported: int = Field(default=5, ge=1, le=50)


class Readings(Strict):
    """The interpretations this plan is judged by, each a parameter (docs/interpretations.md).

    本方案采用的解读，均为参数，理由见 docs/interpretations.md。
    """

    regulation_governs: bool
    deadline_inclusive: bool = True
    missed_governed_deadline: Literal["fail", "review"] = "fail"
    missed_intermediate_deadline: Literal["fail", "review"] = "review"
    before_period: Literal["review"] = "review"
    """A governed step done clearly before its fuzzy period: only review, since the texts forbid
    lateness (逾期), not earliness (docs/interpretations.md#fuzzy-periods)."""
    deferred_step: Literal["review"] = "review"
    form_is_materials: bool = False
    """The plan makes its 申报书 the application materials (2026 四（一）「立项申报材料即《天津市质量攻关
    项目申报书》」): 第十条's items not listed beside the form are review, not fail
    (docs/interpretations.md#materials-in-the-form)."""
    fuzzy: FuzzyReadings = FuzzyReadings()
    duplication: DuplicationReadings = DuplicationReadings()
    bar_years: int = Field(default=5, ge=1, le=100)  # bounded: a plan must stay evaluable (issue 10)
    bar_same_day: Literal["fail", "review"] = "review"
    first_half_issue: bool = True


class PlanSpec(Strict):
    """A plan file. 一个年度方案文件。"""

    year: int = Field(ge=2000, le=2100)
    title: str
    documents: list[DocumentSpec] = Field(min_length=1)
    governing: str
    territory: str
    readings: Readings
    clauses: list[ClauseSpec]
    schedule: list[StepSpec]
    procedure: list[Stage] = Field(min_length=1)
    procedure_cite: list[CiteSpec] = Field(min_length=1)

    _cite_list = field_validator("procedure_cite", mode="before")(one_or_many)


class RegulationDocument(Strict):
    """The 管理办法 itself. 管理办法本身。"""

    number: str
    title: str
    issuer: str
    issued_on: date
    in_force_from: date
    valid_years: int
    validity_cite: CiteSpec


class RegulationRule(ClauseSpec):
    """A rule of the 管理办法 (rules/regulation.yaml). 管理办法的一条规则。

    ``district_plans``: ``binds`` when the article binds applicants under a district plan too
    (第八条, 第十条, 第二十五条), otherwise the reason it does not, shown as not_applicable.
    """

    district_plans: str = "binds"


class RegulationFile(Strict):
    """rules/regulation.yaml."""

    document: RegulationDocument
    rules: list[RegulationRule]


class CheckMessages(Strict):
    """The messages of one check, by result code (rules/messages.yaml). 一种检查的说明模板。"""

    title: MessageText
    facts: list[str] = Field(default_factory=list)
    codes: dict[str, MessageText]


class MessagesFile(Strict):
    """rules/messages.yaml."""

    checks: dict[str, CheckMessages]
    common: dict[str, MessageText]


class RemedyVariant(Strict):
    """What it would take to satisfy a rule after one result (rules/remedies.yaml). 补正建议。

    ``curable``: ``true`` — supplying or correcting ``facts`` can satisfy the rule; ``false`` —
    nothing the applicant can still change will (a fact of the past or of standing); ``null`` — a
    person must look, and the texts do not say what would settle it. ``facts`` are field paths as
    InputError writes them (``materials``, ``project.start_date``; for an event ``date``); an entry
    ``{name}`` is filled from the check's values (a list value stands for its items). ``zh`` and
    ``en`` are templates filled like the finding's message.
    """

    curable: bool | None
    facts: list[str] = Field(default_factory=list)
    zh: str
    en: str

    @model_validator(mode="after")
    def _facts_match_curable(self) -> RemedyVariant:
        if self.curable is False and self.facts:
            raise ValueError("curable: false 时 facts 应为空 / facts must be empty when curable is false")
        if self.curable is True and not self.facts:
            raise ValueError("curable: true 时应列出 facts / curable: true needs the facts that cure it")
        return self


class RemedySpec(RemedyVariant):
    """A remedy, with an optional variant for events (``events``) where an event's result of the
    same code is cured differently (an application may still change its recommender; a
    recommendation already made cannot be changed)."""

    events: RemedyVariant | None = None


class RemediesFile(Strict):
    """rules/remedies.yaml: for each check, a remedy per fail/review result code."""

    common: dict[str, MessageText]
    checks: dict[str, dict[str, RemedySpec]]
