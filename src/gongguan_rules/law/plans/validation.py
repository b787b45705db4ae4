"""The checks of a whole plan file beyond its schema: document keys, territory, dates inside the
year, the 管理办法's span (第二十七条) and 第九条, unique ids, steps, stages and their order; and,
when the schema already fails, the checks of the clauses that are themselves well formed.

方案文件在结构之外的校验：文件键、适用地域、日期在年度内、管理办法有效期（第二十七条）与第九条、编号
唯一、步骤与阶段及其次序；文件结构有误时，仍校验其中结构完好的条款，以便一次报告全部错误。
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from ...errors import PlanFault
from ..plan_model import STAGES, ClauseSpec, PlanSpec
from ..strict_yaml import LocatedYaml
from .clauses import check_clause
from .faults import did_you_mean
from .regulation_file import REGULATION_KEY, Regulation


def semantic_faults(
    spec: PlanSpec, located: LocatedYaml, path: str, reg: Regulation
) -> tuple[list[PlanFault], list[str]]:
    """The faults and warnings of a plan file whose schema holds. 结构之外的错误与警告。"""
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
            + did_you_mean(spec.governing, keys),
        )
        return faults, warnings
    governing = next(d for d in spec.documents if d.key == spec.governing)
    from ...identity.districts import normalize_district

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
        faults.extend(check_clause(clause, ("clauses", i), located, path, documents))
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
                hint = did_you_mean(str(step), [s.id for s in spec.schedule])
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
                    + did_you_mean(cite.doc, sorted(documents)),
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
            from ...identity.districts import normalize_district

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


def part_faults(located: LocatedYaml, path: str) -> list[PlanFault]:
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
        faults.extend(check_clause(clause, ("clauses", i), located, path, documents))
        if clause.check == "schedule_step" and clause.params.get("step") not in steps:
            step = clause.params.get("step")
            line, column = located.where(("clauses", i, "params", "step"))
            hint = did_you_mean(str(step), sorted(str(x) for x in steps if x))
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
