"""Decisions as rows, as a pandas DataFrame, and as a batch summary (for analysts in notebooks).

结果表的行、pandas 表格与批量汇总。Rows are numbered as the command line numbers them: the
spreadsheet row for an :class:`~gongguan_rules.ApplicationTable`, else the item's position from 1
(``item N`` in the command line's error lines).
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..inputs.application import Application
from ..judging.decision import Decision
from ..law.vocab import Outcome
from .reader import ApplicationTable
from .results import check_lang, remedy_text

Applications = ApplicationTable | Iterable[Application | Mapping[str, Any]]


def decision_rows(
    decisions: Iterable[Decision | InputError],
    applications: Applications | None = None,
    lang: str = "zh",
) -> list[dict[str, Any]]:
    """One row per decision: its number, outcome, the failed and review rules, their messages, the
    remedies and the input warnings.

    每个决定一行：``index`` (position from 0, as evaluate_many's ``[n]``), ``row`` (the spreadsheet
    row of a table's application, else the position from 1), the applicant's name and credit code
    and the project's name (given the applications), ``outcome``, ``fail``, ``review``,
    ``explanation``, ``remedies`` and ``warnings`` (the table's notes on the row's cells, then the
    decision's input warnings).
    """
    check_lang(lang)
    table = applications if isinstance(applications, ApplicationTable) else None
    apps: list[Application | Mapping[str, Any]] | None = None
    if table is not None:
        apps = list(table.applications)
    elif applications is not None:
        apps = list(applications)  # type: ignore[arg-type]  # not a table, so an iterable of applications
    rows: list[dict[str, Any]] = []
    for number, decision in enumerate(decisions):
        row: dict[str, Any] = {"index": number, "row": table.rows[number] if table is not None else number + 1}
        if apps is not None:
            row |= _identity(apps[number])
        notes = list(table.row_warnings[number]) if table is not None and table.row_warnings else []
        if isinstance(decision, InputError):
            row |= {"outcome": "input_error", "fail": "", "review": "", "explanation": str(decision), "remedies": ""}
        else:
            failed, review = decision.by_status("fail"), decision.by_status("review")
            row |= {
                "outcome": decision.outcome.value,
                "fail": " ".join(f.rule_id for f in failed),
                "review": " ".join(f.rule_id for f in review),
                "explanation": "\n".join(f.message(lang) for f in failed + review),
                "remedies": "\n".join(t for f in failed + review if (t := remedy_text(f, lang))),
            }
            notes += decision.warnings
        row["warnings"] = "\n".join(notes)
        rows.append(row)
    return rows


def _identity(application: Application | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(application, Application):
        a, p = application.applicant, application.project
        return {"applicant": a.name, "credit_code": a.credit_code, "project": p.name}
    applicant = application.get("applicant") or {}
    project = application.get("project") or {}
    return {
        "applicant": applicant.get("name") if isinstance(applicant, Mapping) else None,
        "credit_code": applicant.get("credit_code") if isinstance(applicant, Mapping) else None,
        "project": project.get("name") if isinstance(project, Mapping) else None,
    }


def pandas() -> Any:
    """pandas, or an ImportError saying how to install it. pandas 为可选依赖。"""
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise ImportError('需要 pandas：pip install "gongguan-rules[excel]" pandas / pandas is needed') from None


def to_dataframe(
    decisions: Iterable[Decision | InputError],
    applications: Applications | None = None,
    lang: str = "zh",
) -> Any:
    """The rows of :func:`decision_rows` as a pandas DataFrame (pandas is optional).

    转为 pandas 表格（需另行安装 pandas）。
    """
    return pandas().DataFrame(decision_rows(decisions, applications, lang))


@dataclass
class BatchSummary:
    """How a batch came out: each outcome's count, and per rule its fail and review counts.

    批量汇总：各结论的数量，以及每条规则的不符合、需复核数。Renders as tables in Jupyter.
    """

    outcomes: Counter[str] = field(default_factory=Counter)
    failing: Counter[str] = field(default_factory=Counter)
    reviewing: Counter[str] = field(default_factory=Counter)
    unreadable: int = 0

    @property
    def total(self) -> int:
        return sum(self.outcomes.values()) + self.unreadable

    def add(self, decision: Decision | InputError) -> None:
        if isinstance(decision, InputError):
            self.unreadable += 1
            return
        self.outcomes[decision.outcome.value] += 1
        for f in decision.findings:
            if f.status.value == "fail":
                self.failing[f.rule_id] += 1
            elif f.status.value == "review":
                self.reviewing[f.rule_id] += 1

    def outcome_counts(self) -> dict[str, int]:
        """Outcome → count, in the contract's order; unreadable items as ``input_error``."""
        out = {o.value: self.outcomes[o.value] for o in Outcome if self.outcomes[o.value]}
        if self.unreadable:
            out["input_error"] = self.unreadable
        return out

    def rule_counts(self) -> list[tuple[str, int, int]]:
        """(rule id, fail count, review count), the most frequent first."""
        rules = set(self.failing) | set(self.reviewing)
        ordered = sorted(rules, key=lambda r: (-(self.failing[r] + self.reviewing[r]), r))
        return [(r, self.failing[r], self.reviewing[r]) for r in ordered]

    def _repr_html_(self) -> str:
        from .render import summary_html

        return summary_html(self)


def summarize(decisions: Iterable[Decision | InputError]) -> BatchSummary:
    """The summary of a batch (outcomes, rules failed and to review). 批量判断的汇总。"""
    summary = BatchSummary()
    for decision in decisions:
        summary.add(decision)
    return summary
