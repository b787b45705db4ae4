"""The pytest items of the invariant suite: one file per plan, one item per invariant.

不变式套件的 pytest 测试项。Imported by :mod:`gongguan_rules.testing.plugin` only when a plan is to
be checked, so that installing the package never makes another project's pytest need
Hypothesis (a test extra).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

from ..errors import PlanError
from ..law.plans import Plan, load_plan
from .invariants import INVARIANTS, Invariant, InvariantViolation, KnownIssue, suite_settings

__all__ = ["MARKER", "InvariantItem", "KnownDefect", "PlanSuite"]

MARKER = "gongguan"


class PlanSuite(pytest.File):
    """One plan file: loads it (a plan that does not load is a collection error naming file:line)
    and yields one :class:`InvariantItem` per invariant."""

    def collect(self) -> Iterator[InvariantItem]:
        plan = load_plan(self.path)
        base = suite_settings(self.config.getoption("gongguan_max_examples"))
        for inv in INVARIANTS:
            issue = inv.issue(plan)
            s = base if issue is None else settings(base, phases=[Phase.explicit, Phase.reuse, Phase.generate])
            item: InvariantItem = InvariantItem.from_parent(
                self, name=inv.name, invariant=inv, plan=plan, hypothesis_settings=s, issue=issue
            )
            item.add_marker(MARKER)
            if issue is not None:
                item.add_marker(pytest.mark.xfail(reason=issue.reason, strict=issue.strict, raises=KnownDefect))
            yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, PlanError):
            return f"the plan file does not load / 方案文件无法读取:\n{excinfo.value}"
        return super().repr_failure(excinfo)


class KnownDefect(Exception):
    """A failure that is a known library defect (:class:`gongguan_rules.testing.invariants.KnownIssue`);
    the item is marked xfail for exactly this, so any other failure still fails."""


class InvariantItem(pytest.Item):
    """One invariant over one plan. 一个方案的一条不变式。"""

    def __init__(
        self,
        *,
        invariant: Invariant,
        plan: Plan,
        hypothesis_settings: settings,
        issue: KnownIssue | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.invariant = invariant
        self.plan = plan
        self.hypothesis_settings = hypothesis_settings
        self.issue = issue

    def runtest(self) -> None:
        try:
            self.invariant.run(self.plan, self.hypothesis_settings)
        except Exception as exc:
            if self.issue is not None and self.issue.matches(exc):
                raise KnownDefect(self.issue.reason) from exc
            raise

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        value = excinfo.value
        if isinstance(value, InvariantViolation):
            notes = "\n".join(getattr(value, "__notes__", []))
            head = f"{self.invariant.name}: {self.invariant.en} / {self.invariant.zh}\nplan: {self.plan.path}"
            return f"{head}\n\n{value}" + (f"\n\n{notes}" if notes else "")
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.parent.name if self.parent else ''}::{self.name}"
