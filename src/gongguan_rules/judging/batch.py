"""Many applications at once, and decisions as a table (for analysts in notebooks).

批量判断与结果表：一次判断汇总表中的全部申报，历史记录只建一次索引；结果可转为行列表或 pandas 表格。
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ..errors import InputError
from ..inputs.application import Application
from ..law.plans import Plan, resolve_plan
from ..records.events import Event
from ..records.history_index import HistoryIndex, as_history
from .decision import Decision
from .evaluate import evaluate


def evaluate_many(
    applications: Iterable[Application | Mapping[str, Any]],
    plan: Plan | int | str,
    history: HistoryIndex | Iterable[Event | Mapping[str, Any]] | None = None,
    as_of: date | str | None = None,
    on_error: str = "raise",
) -> list[Decision | InputError]:
    """Evaluate every application against one plan and one history (indexed once).

    批量判断。``on_error="raise"`` stops at the first unreadable application (the InputError's
    field path is prefixed with its position, e.g. ``[3].project.start_date``);
    ``on_error="collect"`` puts the InputError in that application's place and goes on.
    """
    if on_error not in ("raise", "collect"):
        raise ValueError("on_error must be 'raise' or 'collect'")
    the_plan = resolve_plan(plan)
    index = as_history(history)
    out: list[Decision | InputError] = []
    for number, application in enumerate(applications):
        try:
            out.append(evaluate(application, the_plan, history=index, as_of=as_of))
        except InputError as exc:
            located = InputError([(f"[{number}].{path}", message) for path, message in exc.errors])
            if on_error == "raise":
                raise located from None
            out.append(located)
    return out


def decision_rows(
    decisions: Iterable[Decision | InputError],
    applications: Iterable[Application | Mapping[str, Any]] | None = None,
    lang: str = "zh",
) -> list[dict[str, Any]]:
    """One row per decision: outcome, the failed and review rules, their messages.

    每个决定一行：结论、不符合与需复核的规则及说明。Given the applications, the rows also carry
    the applicant's name and credit code and the project's name.
    """
    apps = list(applications) if applications is not None else None
    rows: list[dict[str, Any]] = []
    for number, decision in enumerate(decisions):
        row: dict[str, Any] = {"index": number}
        if apps is not None:
            row |= _identity(apps[number])
        if isinstance(decision, InputError):
            row |= {"outcome": "input_error", "fail": "", "review": "", "explanation": str(decision)}
        else:
            failed = decision.by_status("fail")
            review = decision.by_status("review")
            row |= {
                "outcome": decision.outcome.value,
                "fail": " ".join(f.rule_id for f in failed),
                "review": " ".join(f.rule_id for f in review),
                "explanation": "\n".join(f.message(lang) for f in failed + review),
            }
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


def to_dataframe(
    decisions: Iterable[Decision | InputError],
    applications: Iterable[Application | Mapping[str, Any]] | None = None,
    lang: str = "zh",
) -> Any:
    """The rows of :func:`decision_rows` as a pandas DataFrame (pandas is optional).

    转为 pandas 表格（需另行安装 pandas）。
    """
    try:
        pd = importlib.import_module("pandas")
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe 需要 pandas：pip install pandas / to_dataframe needs pandas") from None
    return pd.DataFrame(decision_rows(decisions, applications, lang))
