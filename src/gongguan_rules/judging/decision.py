"""Decisions that explain themselves. 自带说明的决定。

A :class:`Decision` lists one :class:`Finding` per rule considered, in a stable order; each names
its rule, its result code, its citations, the facts it read and a message in Chinese and English,
and a fail or review finding also what it would take to satisfy the rule (:class:`Remedy`). The
:class:`Provenance` names the library, plan file, rules data and engine behind the decision.
docs/decisions.md explains the fields other systems act on.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..law.citations import Citation
from ..law.vocab import Outcome, Status
from .frozen import CitationList, FrozenDict, FrozenList, LazyText, freeze, freeze_citations, freeze_list

Lang = Literal["zh", "en"]

_STATUS_ZH = {
    "pass": "通过",
    "fail": "不符合",
    "review": "需复核",
    "not_applicable": "不适用",
    "info": "提示",
}
_OUTCOME_ZH = {
    "eligible": "符合申报条件",
    "ineligible": "不符合申报条件",
    "needs_review": "需人工复核",
    "accepted": "予以接受",
    "rejected": "不予接受",
}
#: Result codes: lower-case ASCII letters, digits, ``_`` and ``.`` (product.md).
CODE_PATTERN = r"^[a-z0-9_.]*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
_STATUS_MARK = {"pass": "✓", "fail": "✗", "review": "?", "not_applicable": "–", "info": "i"}
_ORDER = ("fail", "review", "pass", "info", "not_applicable")


FrozenFacts = Annotated[dict[str, Any], AfterValidator(freeze)]
Citations = Annotated[list[Citation], Field(min_length=1), AfterValidator(freeze_citations)]
Texts = Annotated[list[str], AfterValidator(freeze_list)]


class _Built(BaseModel):
    """A frozen model that the library can also build from parts it has already checked, without
    validating them again (docs/engine.md, "Building a decision"); reading one back from JSON
    validates as usual."""

    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)

    @classmethod
    def _build(cls, fields: dict[str, Any]) -> Self:
        """An instance holding exactly ``fields`` (every field, already valid and frozen)."""
        obj = cls.__new__(cls)
        fields_set = _ALL_FIELDS.get(cls) or _ALL_FIELDS.setdefault(cls, set(cls.model_fields))
        setattr_ = object.__setattr__
        setattr_(obj, "__dict__", fields)
        setattr_(obj, "__pydantic_fields_set__", fields_set)
        setattr_(obj, "__pydantic_extra__", None)
        setattr_(obj, "__pydantic_private__", None)
        return obj


#: Every field of each built model, as its ``model_fields_set``: one set shared by every built
#: instance (pydantic copies it before it would change it, in ``model_copy``).
_ALL_FIELDS: dict[type[_Built], set[str]] = {}


class Remedy(_Built):
    """What it would take to satisfy a rule after a fail or review finding. 补正建议。

    ``curable``: True — supplying or correcting ``facts`` (all of them together) can satisfy the
    rule; False — nothing the applicant can still change will (a fact of the past or of standing,
    or the plan's governed deadline has passed), and ``facts`` is empty; None — a person must
    look, and the texts do not say what would settle it (``facts``: what to look at).
    ``citations`` cite like the finding's (plus the deadline a remedy depends on).
    """

    curable: bool | None
    facts: Texts
    citations: Citations
    messages: LazyText

    def message(self, lang: str = "zh") -> str:
        """What it would take, in ``zh`` or ``en``. 补正建议的说明。"""
        return _text(self.messages, lang)

    def __hash__(self) -> int:
        return hash((self.curable, tuple(self.facts), tuple(self.citations)))


class Finding(_Built):
    """The conclusion of one rule. 一条规则的结论。"""

    rule_id: str
    status: Status
    code: str = Field(default="", pattern=CODE_PATTERN)
    """The stable result code within the rule (the code that selects its message), documented
    per rule in docs/rules.md; empty only in a decision recorded before codes existed (0.1.0)."""
    citations: Citations
    facts: FrozenFacts
    messages: LazyText
    inference: bool = False
    remedy: Remedy | None = None
    """What it would take to satisfy the rule: on every fail and review finding, else None."""

    def message(self, lang: str = "zh") -> str:
        """The explanation of this finding in ``zh`` or ``en``. 本条结论的说明。"""
        return _text(self.messages, lang)

    def cites(self, article: str, item: str | None = None) -> bool:
        """Whether a citation names this article (and item). 是否引用了该条（项）。"""
        return any(c.article == article and (item is None or c.item == item) for c in self.citations)

    def __hash__(self) -> int:
        return hash((self.rule_id, self.status, self.code, tuple(self.citations)))


def _text(texts: LazyText, lang: str) -> str:
    if lang not in texts:
        raise ValueError(f"unknown language {lang!r}; expected 'zh' or 'en'")
    return texts[lang]


class Provenance(_Built):
    """Which law-as-data, library and engine produced a decision. 决定的来源。

    ``plan_sha256``: the SHA-256 of the plan file's bytes as loaded; ``rules_sha256``: the SHA-256
    of rules/ (for each rules/*.yaml in name order: its name, a NUL byte, its bytes, a NUL byte);
    ``engine``: the join engine that ran (``gr.engine_name()``). A stored or exported decision can be
    traced to the exact data that produced it (docs/decisions.md).
    """

    library_version: str
    plan_year: int
    plan_sha256: str = Field(pattern=SHA256_PATTERN)
    rules_sha256: str = Field(pattern=SHA256_PATTERN)
    engine: str


class Decision(_Built):
    """The decision on one application or event. 对一份申报或一个事件的决定。

    Immutable all the way down (its lists and mappings refuse changes), hashable, and safe to
    share between threads: its texts are filled when first read, the same for every reader.
    """

    subject: Literal["application", "event"]
    outcome: Outcome
    plan_year: int
    plan_document: str
    as_of: date | None = None
    subject_id: str | None = None
    findings: Annotated[list[Finding], AfterValidator(freeze_list)]
    effects: FrozenFacts = Field(default_factory=FrozenDict)
    warnings: Texts = Field(default_factory=FrozenList)
    provenance: Provenance | None = None
    """The library, plan file, rules data and engine that produced it; None only in a decision
    recorded before provenance existed (0.1.0)."""

    def __hash__(self) -> int:
        key = tuple((f.rule_id, f.status, f.code) for f in self.findings)
        return hash((self.subject, self.outcome, self.plan_year, self.as_of, self.subject_id, key))

    def by_status(self, status: str) -> list[Finding]:
        """Findings with the given status. 指定状态的结论。"""
        return [f for f in self.findings if f.status == status]

    def finding(self, rule_id: str) -> Finding | None:
        """The finding of one rule, or None. 某条规则的结论。"""
        for f in self.findings:
            if f.rule_id == rule_id:
                return f
        return None

    @property
    def failed(self) -> list[Finding]:
        return self.by_status("fail")

    @property
    def to_review(self) -> list[Finding]:
        return self.by_status("review")

    def explain(self, lang: str = "zh") -> str:
        """The whole decision as readable text. 以可读文字说明整个决定。"""
        if lang not in ("zh", "en"):
            raise ValueError(f"unknown language {lang!r}; expected 'zh' or 'en'")
        lines: list[str] = []
        outcome = self.outcome.value
        if lang == "zh":
            subject = "申报" if self.subject == "application" else "事件"
            lines.append(f"结论：{_OUTCOME_ZH[outcome]}（{outcome}）")
            lines.append(f"依据：{self.plan_document}（{self.plan_year}年度）对该{subject}的判断")
            if self.as_of:
                lines.append(f"判断日期：{self.as_of.isoformat()}")
        else:
            lines.append(f"Outcome: {outcome}")
            lines.append(f"Judged under: {self.plan_document} (plan year {self.plan_year})")
            if self.as_of:
                lines.append(f"As of: {self.as_of.isoformat()}")
        groups: dict[str, list[Finding]] = {status: [] for status in _ORDER}
        for f in self.findings:
            groups[f.status.value].append(f)
        for status in _ORDER:
            group = groups[status]
            if not group:
                continue
            title = _STATUS_ZH[status] if lang == "zh" else status
            mark = _STATUS_MARK[status]
            lines.append("")
            lines.append(f"[{title}] ({len(group)})")
            lines.extend(_block(f, mark, lang) for f in group)
        if self.warnings:
            lines.append("")
            lines.append("输入提示：" if lang == "zh" else "Input warnings:")
            lines.extend(f"  ! {w}" for w in self.warnings)
        if self.effects:
            lines.append("")
            lines.append("效果：" if lang == "zh" else "Effects:")
            for key, value in self.effects.items():
                lines.append(f"  {key}: {value}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain("zh")

    def _repr_html_(self) -> str:
        """Render in Jupyter: failures first, then reviews, the date and input warnings. 在 Jupyter 中显示。"""
        from ..tables.render import decision_html

        return decision_html(self)


#: The text explain() writes for a finding without a remedy (pass, info, not applicable), by the
#: finding's identity and the language: such findings are shared by every decision whose rule gave
#: the same result under a plan (judging/evaluate.py, ``_reused``), so their text is the same every
#: time. The finding itself is kept with its text, so an identity is never taken for another
#: object's; at most BLOCK_LIMIT are kept (then the table starts again).
_BLOCKS: dict[tuple[int, str], tuple[Finding, str]] = {}
BLOCK_LIMIT = 4096


def _block(f: Finding, mark: str, lang: str) -> str:
    """A finding's lines in explain(): its mark, rule, code and citations; its message; its remedy."""
    key = (id(f), lang)
    kept = _BLOCKS.get(key)
    if kept is not None and kept[0] is f:
        return kept[1]
    code = f" ({f.code})" if f.code else ""
    text = f"  {mark} {f.rule_id}{code}  〔{_label(f.citations)}〕\n      {f.messages[lang]}"
    if f.remedy is not None:  # fail and review: never shared (the remedy depends on the date)
        return f"{text}\n      {_remedy_line(f.remedy, f.citations, lang)}"
    if len(_BLOCKS) >= BLOCK_LIMIT:
        _BLOCKS.clear()
    _BLOCKS[key] = (f, text)
    return text


def curability_label(remedy: Remedy, lang: str) -> str:
    """``可补正：materials`` / ``不能补正`` / ``需人工判断`` (en: curable / not curable / for a person to judge)."""
    if remedy.curable is True:
        return ("可补正：" if lang == "zh" else "curable: ") + ", ".join(remedy.facts)
    if remedy.curable is False:
        return "不能补正" if lang == "zh" else "not curable"
    return "需人工判断" if lang == "zh" else "for a person to judge"


def _label(citations: list[Citation]) -> str:
    """Citations as a reader writes them, joined by ``；`` (kept by a finding's own list)."""
    if isinstance(citations, CitationList):
        return citations.label()
    return "；".join(c.label() for c in citations)


def _remedy_line(remedy: Remedy, finding_citations: list[Citation], lang: str) -> str:
    more = [c.label() for c in remedy.citations if c not in finding_citations]
    cites = f"  〔{'；'.join(more)}〕" if more else ""
    if lang == "zh":
        return f"→ 补正建议（{curability_label(remedy, lang)}）：{remedy.message(lang)}{cites}"
    return f"→ Remedy ({curability_label(remedy, lang)}): {remedy.message(lang)}{cites}"


def outcome_of(subject: Literal["application", "event"], findings: list[Finding]) -> Outcome:
    """Any fail → ineligible/rejected; else any review → needs_review; else eligible/accepted.

    ``info`` and ``not_applicable`` findings never change the outcome. 提示与不适用不影响结论。
    """
    return outcome_from_statuses(subject, {f.status for f in findings})


def outcome_from_statuses(subject: Literal["application", "event"], statuses: set[Status]) -> Outcome:
    """The outcome rule on the set of statuses found. 由结论状态得出整体结论。"""
    if Status.fail in statuses:
        return Outcome.ineligible if subject == "application" else Outcome.rejected
    if Status.review in statuses:
        return Outcome.needs_review
    return Outcome.eligible if subject == "application" else Outcome.accepted
