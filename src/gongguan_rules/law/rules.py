"""A rule as a plan applies it: a check with its parameters, citations and messages, all from data.

可执行的规则：一种检查加上数据文件中的参数、出处与说明模板。
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from .checks import CheckSpec, Params
from .citations import Citation
from .plan_model import CheckMessages, MessageText, RemedySpec

P = TypeVar("P", bound=Params)


@dataclass(frozen=True)
class Rule:
    """One rule as a plan applies it. 方案所适用的一条规则。

    ``source`` is ``regulation`` (rules/regulation.yaml) or ``plan`` (the plan file);
    ``not_applicable`` holds the reason (zh, en) when the rule does not bind under this plan, and
    ``not_applicable_code`` the code of that finding.
    """

    id: str
    check: CheckSpec
    params: Params
    citations: tuple[Citation, ...]
    messages: CheckMessages
    source: str
    quote: str | None = None
    inference: bool = False
    note: str | None = None
    not_applicable: MessageText | None = None
    not_applicable_code: str | None = None
    """The result code of the not_applicable finding: ``regulation_not_governing`` (the plan was
    issued outside the 管理办法's span, 第二十七条) or ``district_plan`` (an article that does not
    bind a district plan's applicants)."""
    applies_to: tuple[str, ...] = ("application",)
    memo_key: str = ""
    """Rules with the same check and parameters decide alike (a plan clause repeating a 管理办法
    rule): the result is computed once per evaluation and rendered under each rule."""
    remedies: Mapping[str, RemedySpec] = field(default_factory=dict)
    """The check's remedies by result code (rules/remedies.yaml): one for every code that can
    fail or be review."""

    def params_as(self, model: type[P]) -> P:
        """The parameters, typed. 类型化的参数。"""
        if not isinstance(self.params, model):
            raise TypeError(f"rule {self.id}: parameters are {type(self.params).__name__}")
        return self.params

    def applies(self, subject: str) -> bool:
        """Whether the rule judges this subject: ``application`` or an event kind."""
        return subject in self.applies_to
