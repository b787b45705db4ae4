"""A year's plan, loaded and checked: its documents, schedule and readings, and the rules it
applies (the 管理办法's, bound or marked not applicable, then the plan's own clauses), compiled once.

已校验的年度方案：文件、时间安排与解读参数，以及它适用的规则（管理办法的规则及其是否适用、方案自身的
条款），只编译一次。
"""

from __future__ import annotations

from typing import Any

from ..checks import CHECKS, Params
from ..citations import Citation
from ..plan_model import CheckMessages, CiteSpec, ClauseSpec, DocumentSpec, MessageText, PlanSpec, StepSpec
from ..rules import Rule
from .regulation_file import DISTRICT_PLAN, NOT_GOVERNING, REGULATION_KEY, Regulation
from .rule_files import messages, remedies


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
