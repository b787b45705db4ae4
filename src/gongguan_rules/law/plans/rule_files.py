"""The library's own texts: rules/messages.yaml (every check's messages) and rules/remedies.yaml
(what an applicant can do about a finding), each read and checked once.

规则文本：各检查的中英文说明（messages.yaml）与补正建议（remedies.yaml），各读取并校验一次。
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ...errors import PlanFault, RulesError
from ..data_files import rules_text
from ..plan_model import MessagesFile, RemediesFile
from ..strict_yaml import LocatedYaml, read_yaml
from .faults import did_you_mean, pydantic_faults, yaml_faults

M = TypeVar("M", bound=BaseModel)


def read_rules_file(name: str, model: type[M]) -> tuple[M, LocatedYaml, str]:
    """rules/``name`` read strictly into ``model``, with the located YAML and the file's path;
    a :class:`RulesError` lists every fault. 严格读取 rules/ 下的文件。"""
    path, text = rules_text(name)
    located = read_yaml(text)
    faults = yaml_faults(located, path)
    if not faults:
        try:
            return model.model_validate(located.data), located, path
        except ValidationError as exc:
            faults = pydantic_faults(exc, located, path)
    raise RulesError("\n".join(str(f) for f in faults))


@lru_cache(maxsize=1)
def messages() -> MessagesFile:
    """rules/messages.yaml: every check's messages in Chinese and English."""
    return read_rules_file("messages.yaml", MessagesFile)[0]


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
    spec, located, path = read_rules_file("remedies.yaml", RemediesFile)
    faults: list[PlanFault] = []

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
            hint = did_you_mean(check, sorted(known))
            fault(("checks", check), "unknown_check", f"未知的检查“{check}”/ unknown check {check!r}{hint}")
            continue
        for code, entry in entries.items():
            if code not in known[check].codes:
                hint = did_you_mean(code, sorted(known[check].codes))
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
