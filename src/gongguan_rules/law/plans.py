"""Loading plans: strictly, with every fault reported at once as ``file:line:column``.

方案的读取：严格校验，一次报告全部错误，每条写明 ``文件:行:列``，拼错的键给出“是否想写”的建议。
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import string
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError

from .._fork import ForkSafeLock
from ..errors import InputError, PlanError, PlanFault, RulesError, loc_to_path
from ..quoting import printable
from .checks import CHECKS, Params
from .citations import Citation
from .counting import years_after
from .data_files import plans_dir, rules_text
from .plan_model import (
    STAGES,
    CheckMessages,
    CiteSpec,
    ClauseSpec,
    DocumentSpec,
    MessagesFile,
    MessageText,
    PlanSpec,
    RegulationDocument,
    RegulationFile,
    RegulationRule,
    RemediesFile,
    StepSpec,
)
from .plan_source import PlanInputError, read_plan_text, unknown_year, year_of
from .rules import Rule
from .strict_yaml import LocatedYaml, read_yaml

REGULATION_KEY = "regulation"
#: The result codes of a 管理办法 rule that does not bind under a plan (its not_applicable finding).
NOT_GOVERNING = "regulation_not_governing"  # the plan was issued outside the 管理办法's span (第二十七条)
DISTRICT_PLAN = "district_plan"  # the article does not bind a district plan's applicants


def _model_fields(*models: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    for model in models:
        names.update(model.model_fields)
    return names


def _vocabulary() -> list[str]:
    from . import plan_model as pm

    models: list[type[BaseModel]] = [
        pm.PlanSpec,
        pm.DocumentSpec,
        pm.ClauseSpec,
        pm.StepSpec,
        pm.TimingSpec,
        pm.CiteSpec,
        pm.Readings,
        pm.FuzzyReadings,
        pm.DuplicationReadings,
    ]
    words = _model_fields(*models)
    for definition in CHECKS.values():
        words.update(definition.params.model_fields)
    return sorted(words)


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"；是否想写“{close[0]}”？/ did you mean {close[0]!r}?" if close else ""


_ZH_ERRORS = {
    "date": "日期无效（应为存在的日期，如 2026-04-20）",
    "datetime": "日期时间无效",
    "int": "应为整数",
    "float": "应为数字",
    "bool": "应为 true 或 false",
    "string": "应为文本",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为映射（键值对）",
    "model_type": "应为映射（键值对）",
    "too_short": "项数不足",
    "too_long": "项数过多",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
}


def _pydantic_faults(
    exc: ValidationError, located: LocatedYaml, path: str, base: tuple[Any, ...] = ()
) -> list[PlanFault]:
    faults = []
    vocabulary = _vocabulary()
    for err in exc.errors(include_url=False):
        loc = (*base, *(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))))
        line, column = located.where(loc)
        kind = err["type"]
        field = loc_to_path(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"未知的键“{key}”/ unknown key {key!r}{_did_you_mean(key, vocabulary)}"
            line, column = located.key_positions.get(loc, (line, column))
        elif kind == "missing":
            message = f"缺少必填项“{field}”/ missing required key {field!r}"
        elif kind == "value_error":
            message = f"{field}: {str(err['msg']).removeprefix('Value error, ')}"
        else:
            zh = _ZH_ERRORS.get(kind, _ZH_ERRORS.get(kind.split("_")[0], "取值无效"))
            message = f"{field}: {zh}（{err.get('input')!r}）/ {err['msg']}"
        faults.append(PlanFault(path, line, column, kind, message, loc))
    return faults


@dataclass(frozen=True)
class Regulation:
    """The 管理办法 as data (rules/regulation.yaml). 管理办法（数据）。"""

    document: RegulationDocument
    rules: tuple[RegulationRule, ...]
    path: str

    @cached_property
    def in_force_until(self) -> date:
        """The last day of the five-year validity (第二十七条): 2023-12-29 → 2028-12-28 (computed
        once: every evaluation reads it)."""
        return years_after(self.document.in_force_from, self.document.valid_years) - timedelta(days=1)

    def in_force_on(self, day: date) -> bool:
        return self.document.in_force_from <= day <= self.in_force_until

    def citation(self, spec: CiteSpec) -> Citation:
        return Citation(document=self.document.number, article=spec.article, item=spec.item, occurrence=spec.occurrence)


def _load_messages() -> MessagesFile:
    path, text = rules_text("messages.yaml")
    located = read_yaml(text)
    if located.faults:
        raise RulesError("\n".join(f"{path}:{f.line}:{f.column}: {f.message}" for f in located.faults))
    try:
        return MessagesFile.model_validate(located.data)
    except ValidationError as exc:
        raise RulesError("\n".join(str(f) for f in _pydantic_faults(exc, located, path))) from None


@lru_cache(maxsize=1)
def messages() -> MessagesFile:
    """rules/messages.yaml: every check's messages in Chinese and English."""
    return _load_messages()


#: The common remedy texts rules/remedies.yaml must give (judging/remedies.py fills them).
REMEDY_COMMON = ("deadline_passed", "deadline")
_PLACEHOLDER = re.compile(r"[a-z_]+")


def _template_problem(template: str) -> str | None:
    """Why a message template cannot be filled, or None. 模板的问题。"""
    if not template.strip():
        return "空的说明 / empty text"
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        return f"模板无效 / not a valid template: {exc}"
    bad = [f for f in fields if not _PLACEHOLDER.fullmatch(f)]
    return f"占位符无效 / bad placeholders {bad}" if bad else None


@lru_cache(maxsize=1)
def remedies() -> RemediesFile:
    """rules/remedies.yaml, read and checked once: every entry names a check and a result code
    of rules/messages.yaml, its templates are valid, and the common texts are all there.

    补正建议：每条对应 messages.yaml 中的一种检查及其结论代码；模板有效；公共说明齐全。
    """
    path, text = rules_text("remedies.yaml")
    located = read_yaml(text)
    faults = [PlanFault(path, f.line, f.column, f.code, f.message, f.loc) for f in located.faults]
    if not faults:
        try:
            spec = RemediesFile.model_validate(located.data)
        except ValidationError as exc:
            faults = _pydantic_faults(exc, located, path)
    if faults:
        raise RulesError("\n".join(str(f) for f in faults))

    def fault(loc: tuple[Any, ...], code: str, message: str) -> None:
        line, column = located.where(loc)
        faults.append(PlanFault(path, line, column, code, message, loc))

    known = messages().checks
    for key in REMEDY_COMMON:
        if key not in spec.common:
            fault(("common",), "missing", f"common 缺少“{key}”/ common lacks {key!r}")
    for key, text_ in spec.common.items():
        for lang in ("zh", "en"):
            problem = _template_problem(getattr(text_, lang))
            if problem:
                fault(("common", key, lang), "template", f"common.{key}.{lang}: {problem}")
    for check, entries in spec.checks.items():
        if check not in known:
            hint = _did_you_mean(check, sorted(known))
            fault(("checks", check), "unknown_check", f"未知的检查“{check}”/ unknown check {check!r}{hint}")
            continue
        for code, entry in entries.items():
            if code not in known[check].codes:
                hint = _did_you_mean(code, sorted(known[check].codes))
                fault(
                    ("checks", check, code),
                    "unknown_code",
                    f"{check}: rules/messages.yaml 没有结论代码“{code}”/ no result code {code!r}{hint}",
                )
            variants = [((), entry)] + ([(("events",), entry.events)] if entry.events else [])
            for sub, variant in variants:
                for lang in ("zh", "en"):
                    problem = _template_problem(getattr(variant, lang))
                    if problem:
                        fault(("checks", check, code, *sub, lang), "template", f"{check}.{code}.{lang}: {problem}")
                for i, fact in enumerate(variant.facts):
                    if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)*|\{[a-z_]+\}", fact):
                        fault(
                            ("checks", check, code, *sub, "facts", i),
                            "bad_fact",
                            f"{check}.{code}: “{fact}”应为字段路径（如 project.start_date）或 {{占位符}} "
                            "/ must be a field path (project.start_date) or a {placeholder}",
                        )
    if faults:
        raise RulesError("\n".join(str(f) for f in faults))
    return spec


@lru_cache(maxsize=1)
def regulation() -> Regulation:
    """rules/regulation.yaml, read and checked once. 读取管理办法规则。"""
    path, text = rules_text("regulation.yaml")
    located = read_yaml(text)
    faults = [PlanFault(path, f.line, f.column, f.code, f.message, f.loc) for f in located.faults]
    if not faults:
        try:
            spec = RegulationFile.model_validate(located.data)
        except ValidationError as exc:
            faults = _pydantic_faults(exc, located, path)
    if faults:
        raise RulesError("\n".join(str(f) for f in faults))
    faults = []
    for i, rule in enumerate(spec.rules):
        faults.extend(_check_clause(rule, ("rules", i), located, path, {REGULATION_KEY}))
        for cite in rule.cite:
            if cite.doc != REGULATION_KEY:
                line, column = located.where(("rules", i, "cite"))
                faults.append(
                    PlanFault(path, line, column, "unknown_document", f"{rule.id}: cite.doc must be {REGULATION_KEY!r}")
                )
    if faults:
        raise RulesError("\n".join(str(f) for f in faults))
    return Regulation(spec.document, tuple(spec.rules), path)


def _check_clause(
    clause: ClauseSpec, loc: tuple[Any, ...], located: LocatedYaml, path: str, documents: set[str]
) -> list[PlanFault]:
    faults: list[PlanFault] = []
    definition = CHECKS.get(clause.check)
    if definition is None:
        line, column = located.where((*loc, "check"))
        hint = _did_you_mean(clause.check, sorted(CHECKS))
        faults.append(
            PlanFault(
                path,
                line,
                column,
                "unknown_check",
                f"{clause.id}: 未知的检查“{clause.check}”/ unknown check {clause.check!r}{hint}",
                (*loc, "check"),
            )
        )
    else:
        try:
            definition.params.model_validate(clause.params)
        except ValidationError as exc:
            faults.extend(_pydantic_faults(exc, located, path, (*loc, "params")))
        judged = _subjects_of(definition.subjects)
        wrong = [s for s in clause.applies_to if s not in judged]
        if wrong:
            line, column = located.where((*loc, "applies_to"))
            faults.append(
                PlanFault(
                    path,
                    line,
                    column,
                    "wrong_subject",
                    f"{clause.id}: 检查“{clause.check}”不能判断 {wrong} / check {clause.check!r} cannot judge {wrong}",
                    (*loc, "applies_to"),
                )
            )
        if clause.check not in messages().checks:
            line, column = located.where((*loc, "check"))
            faults.append(
                PlanFault(
                    path,
                    line,
                    column,
                    "no_messages",
                    f"{clause.id}: rules/messages.yaml has no messages for {clause.check!r}",
                )
            )
    for j, cite in enumerate(clause.cite):
        if cite.doc not in documents:
            line, column = located.where((*loc, "cite", j, "doc"))
            hint = _did_you_mean(cite.doc, sorted(documents))
            faults.append(
                PlanFault(
                    path,
                    line,
                    column,
                    "unknown_document",
                    f"{clause.id}: 引用了未知的文件“{cite.doc}”/ cites an unknown document {cite.doc!r}{hint}",
                    (*loc, "cite", j, "doc"),
                )
            )
    return faults


def _subjects_of(subjects: tuple[str, ...]) -> set[str]:
    from .vocab import EventKind

    out = set()
    if "application" in subjects:
        out.add("application")
    if "event" in subjects:
        out.update(k.value for k in EventKind)
    return out


class Plan:
    """A year's plan, loaded and checked, with the rules it applies. 一个年度方案（已校验）。"""

    def __init__(self, spec: PlanSpec, path: str, regulation: Regulation, warnings: list[str], sha256: str) -> None:
        self.spec = spec
        self.path = path
        self.sha256 = sha256
        """The SHA-256 (hex) of the plan file's bytes as read, computed once when it was loaded.
        方案文件字节的 SHA-256（读取时计算一次）。"""
        self.regulation = regulation
        self.warnings: tuple[str, ...] = tuple(warnings)
        self.documents: dict[str, DocumentSpec] = {d.key: d for d in spec.documents}
        self.governing_document = self.documents[spec.governing]
        self._steps = {s.id: s for s in spec.schedule}
        self.rules: tuple[Rule, ...] = tuple(self._compile())
        self._by_subject: dict[str, tuple[Rule, ...]] = {}
        self.constant_findings: dict[str, Any] = {}  # rule id → its finding when it never varies
        self.rule_citations: dict[Any, Any] = {}  # rule id → its citations as its findings hold them (judging)
        self.reused_findings: dict[Any, Any] = {}  # (rule, result) → its finding, shared (judging/evaluate.py)

    def __repr__(self) -> str:
        return f"<Plan {self.year} {self.document} ({self.path})>"

    @property
    def year(self) -> int:
        return self.spec.year

    @property
    def document(self) -> str:
        """The governing document as a citation names it. 本方案的文号（或标题）。"""
        return self.governing_document.cite_as

    @property
    def level(self) -> str:
        return self.governing_document.level

    @property
    def regulation_governs(self) -> bool:
        return self.spec.readings.regulation_governs

    def rules_for(self, subject: str) -> tuple[Rule, ...]:
        """The rules that judge ``subject`` (``application`` or an event kind), in order."""
        found = self._by_subject.get(subject)
        if found is None:
            found = self._by_subject[subject] = tuple(r for r in self.rules if r.applies(subject))
        return found

    def not_applicable_reason(self, rule: Rule) -> MessageText | None:
        """Why a rule does not bind under this plan (zh, en), placeholders filled; None if it binds.

        某条规则在本方案下不适用的理由。
        """
        if rule.not_applicable is None:
            return None
        values = {
            "issued": self.governing_document.issued_on.isoformat(),
            "start": self.regulation.document.in_force_from.isoformat(),
            "end": self.regulation.in_force_until.isoformat(),
            "document": self.document,
        }
        return MessageText(zh=rule.not_applicable.zh.format_map(values), en=rule.not_applicable.en.format_map(values))

    def step(self, step_id: str) -> StepSpec:
        return self._steps[step_id]

    def steps_for(self, stage: str) -> list[StepSpec]:
        """The schedule steps of one stage, in file order. 某一阶段的时间要求。"""
        return [s for s in self.spec.schedule if s.stage == stage]

    def citation(self, spec: CiteSpec) -> Citation:
        """A citation of this plan file, materialised. 生成引用。"""
        if spec.doc == REGULATION_KEY:
            return self.regulation.citation(spec)
        return Citation(
            document=self.documents[spec.doc].cite_as, article=spec.article, item=spec.item, occurrence=spec.occurrence
        )

    def cited_documents(self) -> set[str]:
        """Every document this plan and the 管理办法 name. 本方案可引用的全部文件。"""
        return {d.cite_as for d in self.spec.documents} | {self.regulation.document.number}

    def _compile(self) -> list[Rule]:
        msgs = messages()
        common = msgs.common
        out: list[Rule] = []
        for rr in self.regulation.rules:
            na: tuple[str, MessageText] | None = None
            if not self.regulation_governs:
                na = (NOT_GOVERNING, common[NOT_GOVERNING])
            elif self.level == "district" and rr.district_plans != "binds":
                zh, _, en = rr.district_plans.partition(" / ")
                na = (DISTRICT_PLAN, MessageText(zh=f"不适用：{zh}。", en=f"Not applicable: {en or zh}."))
            out.append(self._rule(rr, "regulation", msgs.checks[rr.check], na))
        for clause in self.spec.clauses:
            out.append(self._rule(clause, "plan", msgs.checks[clause.check], None))
        return out

    def _rule(self, clause: ClauseSpec, source: str, msg: CheckMessages, na: tuple[str, MessageText] | None) -> Rule:
        definition = CHECKS[clause.check]
        params: Params = definition.params.model_validate(clause.params)
        return Rule(
            id=clause.id,
            check=definition,
            params=params,
            citations=tuple(self.citation(c) for c in clause.cite),
            messages=msg,
            remedies=remedies().checks.get(clause.check, {}),
            source=source,
            quote=clause.quote,
            inference=clause.inference,
            note=clause.note,
            not_applicable=na[1] if na else None,
            not_applicable_code=na[0] if na else None,
            applies_to=tuple(clause.applies_to),
            memo_key=f"{clause.check}:{params.model_dump_json()}",
        )


def _semantic_faults(
    spec: PlanSpec, located: LocatedYaml, path: str, reg: Regulation
) -> tuple[list[PlanFault], list[str]]:
    faults: list[PlanFault] = []
    warnings: list[str] = []

    def fault(loc: tuple[Any, ...], code: str, message: str) -> None:
        line, column = located.where(loc)
        faults.append(PlanFault(path, line, column, code, message, loc))

    keys = [d.key for d in spec.documents]
    documents = set(keys) | {REGULATION_KEY}
    for i, key in enumerate(keys):
        if keys.index(key) != i:
            fault(("documents", i, "key"), "duplicate_id", f"重复的文件键“{key}”/ duplicate document key {key!r}")
    if spec.governing not in keys:
        fault(
            ("governing",),
            "unknown_document",
            f"governing 指向未知的文件“{spec.governing}”/ unknown document {spec.governing!r}"
            + _did_you_mean(spec.governing, keys),
        )
        return faults, warnings
    governing = next(d for d in spec.documents if d.key == spec.governing)
    from ..identity.districts import normalize_district

    def is_territory(name: str) -> bool:
        return name == "天津市" or normalize_district(name) == name

    if not is_territory(spec.territory):
        fault(
            ("territory",),
            "unknown_territory",
            f"territory “{spec.territory}”应为“天津市”或天津市某区的全称 "
            "/ must be 天津市 or a Tianjin district's full name",
        )
    for i, clause in enumerate(spec.clauses):
        territory = clause.params.get("territory") if clause.check == "registered_in_territory" else None
        if isinstance(territory, str) and not is_territory(territory):
            fault(
                ("clauses", i, "params", "territory"),
                "unknown_territory",
                f"{clause.id}: “{territory}”应为“天津市”或天津市某区的全称 / must be 天津市 or a district's full name",
            )
    for i, doc in enumerate(spec.documents):
        if doc.issued_on.year != spec.year:
            fault(
                ("documents", i, "issued_on"),
                "date_outside_year",
                f"{doc.key}: 印发日期 {doc.issued_on} 不在 {spec.year} 年内 / issued outside the plan year",
            )
    governs = reg.in_force_on(governing.issued_on)
    if spec.readings.regulation_governs != governs:
        fault(
            ("readings", "regulation_governs"),
            "regulation_span",
            f"regulation_governs 应为 {str(governs).lower()}：方案印发于 {governing.issued_on}，管理办法有效期 "
            f"{reg.document.in_force_from}—{reg.in_force_until}（第二十七条）/ must be {str(governs).lower()} "
            "for a plan issued on that date",
        )
    if spec.readings.first_half_issue and governing.level == "city" and governing.issued_on.month > 6:
        warnings.append(
            f"{path}: 第九条：市级方案应于上半年启动申报，本方案印发于 {governing.issued_on} / 第九条: a city plan "
            f"is launched in the first half of the year; this one was issued on {governing.issued_on}"
        )
    ids: dict[str, int] = {}
    for i, clause in enumerate(spec.clauses):
        if clause.id in ids:
            fault(("clauses", i, "id"), "duplicate_id", f"重复的规则编号“{clause.id}”/ duplicate rule id {clause.id!r}")
        ids[clause.id] = i
        faults.extend(_check_clause(clause, ("clauses", i), located, path, documents))
        if clause.check == "schedule_step":
            step = clause.params.get("step")
            stages = {s.id: s.stage for s in spec.schedule}
            if step in stages and stages[step] not in ("submitted", "recommended"):
                fault(
                    ("clauses", i, "params", "step"),
                    "wrong_stage",
                    f"{clause.id}: 步骤“{step}”属于“{stages[step]}”阶段，申报只能按 submitted 或 recommended "
                    "阶段的步骤判断（其余阶段由事件判断）/ an application is judged only against steps of the "
                    "submitted or recommended stage",
                )
            if step not in {s.id for s in spec.schedule}:
                hint = _did_you_mean(str(step), [s.id for s in spec.schedule])
                fault(
                    ("clauses", i, "params", "step"),
                    "unknown_step",
                    f"{clause.id}: 未知的步骤“{step}”/ unknown schedule step {step!r}{hint}",
                )
    reg_ids = {r.id for r in reg.rules}
    for i, clause in enumerate(spec.clauses):
        if clause.id in reg_ids:
            fault(
                ("clauses", i, "id"),
                "duplicate_id",
                f"规则编号“{clause.id}”与管理办法规则重复 / rule id already used by rules/regulation.yaml",
            )
    step_ids: set[str] = set()
    for i, step in enumerate(spec.schedule):
        if step.id in step_ids:
            fault(("schedule", i, "id"), "duplicate_id", f"重复的步骤编号“{step.id}”/ duplicate step id {step.id!r}")
        step_ids.add(step.id)
        for j, cite in enumerate(step.cite):
            if cite.doc not in documents:
                fault(
                    ("schedule", i, "cite", j, "doc"),
                    "unknown_document",
                    f"{step.id}: 引用了未知的文件“{cite.doc}”/ cites an unknown document"
                    + _did_you_mean(cite.doc, sorted(documents)),
                )
        if step.timing.by is not None and step.timing.by.year != spec.year:
            fault(
                ("schedule", i, "timing", "by"),
                "date_outside_year",
                f"{step.id}: 日期 {step.timing.by} 不在 {spec.year} 年内 / date outside the plan year",
            )
        if step.timing.by is not None and step.timing.by < governing.issued_on and step.role != "organiser":
            fault(
                ("schedule", i, "timing", "by"),
                "date_before_issue",
                f"{step.id}: 截止日期 {step.timing.by} 早于方案印发日期 {governing.issued_on} "
                "/ deadline before the plan was issued",
            )
        if step.stage not in spec.procedure:
            fault(
                ("schedule", i, "stage"),
                "unknown_stage",
                f"{step.id}: 阶段“{step.stage}”不在本方案的工作程序中 / stage not in the plan's procedure",
            )
        if step.districts:
            from ..identity.districts import normalize_district

            for k, name in enumerate(step.districts):
                if normalize_district(name) != name:
                    fault(
                        ("schedule", i, "districts", k),
                        "unknown_district",
                        f"{step.id}: “{name}”不是天津市的区（应写全称）/ not a Tianjin district's full name",
                    )
    order = {stage: n for n, stage in enumerate(STAGES)}
    for i in range(1, len(spec.procedure)):
        if order[spec.procedure[i]] < order[spec.procedure[i - 1]]:
            fault(
                ("procedure", i),
                "stage_order",
                f"工作程序顺序有误：“{spec.procedure[i]}”不应在“{spec.procedure[i - 1]}”之后 / stages out of order",
            )
    last: tuple[int, date, str] | None = None
    for i, step in enumerate(spec.schedule):
        if step.timing.by is None:
            continue
        rank = order[step.stage]
        if last is not None and rank > last[0] and step.timing.by < last[1]:
            fault(
                ("schedule", i, "timing", "by"),
                "stage_order",
                f"{step.id}: 日期 {step.timing.by} 早于前一阶段“{last[2]}”的 {last[1]} "
                "/ a later stage due before an earlier one",
            )
        last = (rank, step.timing.by, step.id)
    return faults, warnings


def parse_plan(text: str, path: str, sha256: str | None = None) -> Plan:
    """Read a plan from YAML text; raises PlanError listing every fault. 从文本读取方案。

    ``sha256`` is the digest of the file's bytes when the text was read from a file; without it,
    the digest of the text's UTF-8 bytes.
    """
    reg = regulation()
    located = read_yaml(text)
    faults = [PlanFault(path, f.line, f.column, f.code, f.message, f.loc) for f in located.faults]
    # a duplicate key keeps its first value, so the rest of the file can still be checked
    if not isinstance(located.data, dict):
        if not faults:
            faults.append(PlanFault(path, 1, 1, "not_a_mapping", "方案文件应为映射 / a plan file is a mapping of keys"))
        raise PlanError(faults)
    try:
        spec = PlanSpec.model_validate(located.data)
    except ValidationError as exc:
        # report what the schema found and, as far as the parts allow, what the checks find too
        faults += _pydantic_faults(exc, located, path) + _part_faults(located, path)
        raise PlanError(_in_order(faults)) from None
    semantic, warnings = _semantic_faults(spec, located, path, reg)
    faults += semantic
    if faults:
        raise PlanError(_in_order(faults))
    return Plan(spec, path, reg, warnings, sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest())


def _in_order(faults: list[PlanFault]) -> list[PlanFault]:
    """Faults by position in the file, each once."""
    unique = {(f.line, f.column, f.code, f.message): f for f in faults}
    return sorted(unique.values(), key=lambda f: (f.line or 0, f.column or 0))


def _part_faults(located: LocatedYaml, path: str) -> list[PlanFault]:
    """Load-time checks of the clauses that are themselves well formed, when the whole file is not.

    文件整体未通过结构校验时，仍对其中结构完好的规则条目作检查（未知的检查、参数、引用、步骤），
    以便一次报告全部错误。
    """
    data = located.data
    faults: list[PlanFault] = []
    documents = {REGULATION_KEY}
    for doc in data.get("documents") or []:
        if isinstance(doc, dict) and isinstance(doc.get("key"), str):
            documents.add(doc["key"])
    steps = {s.get("id") for s in data.get("schedule") or [] if isinstance(s, dict)}
    for i, raw in enumerate(data.get("clauses") or []):
        try:
            clause = ClauseSpec.model_validate(raw)
        except ValidationError:
            continue  # already reported by the schema
        faults.extend(_check_clause(clause, ("clauses", i), located, path, documents))
        if clause.check == "schedule_step" and clause.params.get("step") not in steps:
            step = clause.params.get("step")
            line, column = located.where(("clauses", i, "params", "step"))
            hint = _did_you_mean(str(step), sorted(str(x) for x in steps if x))
            faults.append(
                PlanFault(
                    path,
                    line,
                    column,
                    "unknown_step",
                    f"{clause.id}: 未知的步骤“{step}”/ unknown schedule step {step!r}{hint}",
                )
            )
    return faults


def available_plans() -> list[int]:
    """Years of the bundled plans, ascending. 随包方案的年度。"""
    years = []
    for p in plans_dir().glob("*.yaml"):
        if p.stem.isdigit():
            years.append(int(p.stem))
    return sorted(years)


_CACHE_LOCK = ForkSafeLock()  # free again in a forked child (gongguan_rules._fork)
_BUNDLED: dict[int, Plan] = {}


def load_plan(plan: int | str | os.PathLike[str]) -> Plan:
    """A bundled plan by year, or any plan file by path. 按年度读取随包方案，或按路径读取方案文件。

    Text of ASCII digits is a year, never a path (law/plan_source.py). Raises :class:`PlanError`
    naming the file, line and column of every fault; a reference that names no plan raises
    :class:`PlanInputError`, a PlanError that is also an InputError naming ``plan``.
    """
    if isinstance(plan, bool):
        raise TypeError("load_plan takes a year (int) or a path")
    if isinstance(plan, str) and (year := year_of(plan)) is not None:
        plan = year
    if isinstance(plan, int):
        with _CACHE_LOCK:
            if plan in _BUNDLED:
                return _BUNDLED[plan]
        available = available_plans()
        if plan not in available:
            raise unknown_year(plan, str(plans_dir()), available)
        path = plans_dir() / f"{plan}.yaml"
        text, digest = read_plan_text(path)
        loaded = parse_plan(text, str(path), digest)
        with _CACHE_LOCK:
            _BUNDLED.setdefault(plan, loaded)
            return _BUNDLED[plan]
    if isinstance(plan, str | os.PathLike):
        return _load_file(plan)
    raise TypeError(f"load_plan takes a year (int) or a path, not {type(plan).__name__}")


# Plan files already compiled, by (path as given, resolved path, mtime, size): evaluating many
# applications against a plan given by path compiles it once; an edited file is read again.
_BY_FILE: dict[tuple[str, str, int, int], Plan] = {}
_BY_FILE_LIMIT = 32


def _load_file(plan: str | os.PathLike[str]) -> Plan:
    given = os.fspath(plan)
    try:
        st = os.stat(given)
        key: tuple[str, str, int, int] | None = (given, os.path.realpath(given), st.st_mtime_ns, st.st_size)
    except (OSError, ValueError):
        key = None  # read_plan_text says why
    if key is not None:
        with _CACHE_LOCK:
            if key in _BY_FILE:
                return _BY_FILE[key]
    text, digest = read_plan_text(given)
    loaded = parse_plan(text, printable(given, 4096), digest)
    if key is not None:
        with _CACHE_LOCK:
            if len(_BY_FILE) >= _BY_FILE_LIMIT:
                del _BY_FILE[next(iter(_BY_FILE))]
            _BY_FILE[key] = loaded
    return loaded


def validate_plan_file(path: str | os.PathLike[str]) -> tuple[list[PlanFault], list[str]]:
    """Every fault and warning of a plan file, without raising. 校验方案文件（不抛出）。

    The warnings: the plan's own (第九条) and the governed deadlines that fall on a weekend or a
    statutory holiday (:mod:`gongguan_rules.law.holidays`)."""
    from .holidays import deadline_warnings

    try:
        plan = load_plan(path)
    except PlanError as exc:
        return exc.faults, []
    return [], [*plan.warnings, *deadline_warnings(plan)]  # a deadline on a rest day (民法典 第二百零三条)


def resolve_plan(plan: Any) -> Plan:
    """Accept a Plan, a year or a path. 接受方案对象、年度或路径。

    Whatever cannot be loaded raises :class:`PlanInputError`: an InputError naming ``plan`` (so
    that ``gr.evaluate`` gives only a Decision or an InputError) and a PlanError with the faults.
    """
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, int | str | os.PathLike) and not isinstance(plan, bool):
        try:
            return load_plan(plan)
        except PlanError as exc:
            raise PlanInputError.from_plan_error(exc) from None
    raise InputError([("plan", f"应为方案、年度或路径 / expected a Plan, a year or a path, got {type(plan).__name__}")])
