"""The checks of one clause, shared by the 管理办法's rules and a plan's clauses: a known check,
parameters its model accepts, subjects it can judge, messages for it, documents it may cite.

单个条款的校验（管理办法规则与方案条款共用）：检查存在、参数有效、判断对象正确、有说明文本、引用的
文件已知。
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...errors import PlanFault
from ..checks import CHECKS
from ..plan_model import ClauseSpec
from ..strict_yaml import LocatedYaml
from .faults import did_you_mean, pydantic_faults
from .rule_files import messages


def check_clause(
    clause: ClauseSpec, loc: tuple[Any, ...], located: LocatedYaml, path: str, documents: set[str]
) -> list[PlanFault]:
    """The faults of one clause (a 管理办法 rule or a plan clause) at ``loc``; ``documents``: the keys it may cite."""
    faults: list[PlanFault] = []
    definition = CHECKS.get(clause.check)
    if definition is None:
        line, column = located.where((*loc, "check"))
        hint = did_you_mean(clause.check, sorted(CHECKS))
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
            faults.extend(pydantic_faults(exc, located, path, (*loc, "params")))
        judged = subjects_of(definition.subjects)
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
            hint = did_you_mean(cite.doc, sorted(documents))
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


def subjects_of(subjects: tuple[str, ...]) -> set[str]:
    """The subjects a check judges: ``application`` and/or every event kind."""
    from ..vocab import EventKind

    out = set()
    if "application" in subjects:
        out.add("application")
    if "event" in subjects:
        out.update(k.value for k in EventKind)
    return out
