"""gongguan-rules: 天津市质量攻关管理办法（津政办规〔2023〕12号）及年度方案的规则即代码。

Tianjin's quality-tackling regulation and its yearly plans as data, with decisions that
explain themselves. The public contract is in ../shared/spec/product.md; every name below is
part of it or added beside it.

>>> import gongguan_rules as gr
>>> d = gr.evaluate(application, 2026)
>>> print(d.outcome, d.explain(lang="zh"))
"""

from __future__ import annotations

from .engines import engine_name
from .errors import GongguanError, InputError, PlanError, PlanFault, RulesError
from .identity.credit_code import CreditCodeInfo, credit_code_info
from .inputs.application import Applicant, Application, Declarations, Project, Recommender
from .judging.batch import evaluate_many
from .judging.decision import Decision, Finding, Provenance, Remedy
from .judging.evaluate import evaluate, evaluate_event
from .law.citations import REGULATION_NUMBER, Citation
from .law.plans import Plan, available_plans, load_plan, validate_plan_file
from .law.vocab import (
    Benefit,
    Direction,
    EventKind,
    Material,
    OrgType,
    Outcome,
    RecommenderKind,
    RevocationReason,
    Status,
    TopicType,
)
from .records.events import Event, Expert
from .records.history_index import HistoryIndex
from .records.store import History, HistoryRecord, HistoryStoreError, StoreFault, UnitStatus
from .tables.frames import BatchSummary, decision_rows, summarize, to_dataframe
from .tables.impact import ImpactItem, ImpactReport, compare_plans
from .tables.reader import ApplicationTable, read_applications
from .tables.results import write_results
from .tables.timeline import plot_timeline

__version__ = "0.2.0"  # the one place the version is written (pyproject.toml reads it)

__all__ = [
    "REGULATION_NUMBER",
    "Applicant",
    "Application",
    "ApplicationTable",
    "BatchSummary",
    "Benefit",
    "Citation",
    "CreditCodeInfo",
    "Decision",
    "Declarations",
    "Direction",
    "Event",
    "EventKind",
    "Expert",
    "Finding",
    "GongguanError",
    "History",
    "HistoryIndex",
    "HistoryRecord",
    "HistoryStoreError",
    "ImpactItem",
    "ImpactReport",
    "InputError",
    "Material",
    "OrgType",
    "Outcome",
    "Plan",
    "PlanError",
    "PlanFault",
    "Project",
    "Provenance",
    "Recommender",
    "RecommenderKind",
    "Remedy",
    "RevocationReason",
    "RulesError",
    "Status",
    "StoreFault",
    "TopicType",
    "UnitStatus",
    "__version__",
    "available_plans",
    "compare_plans",
    "credit_code_info",
    "decision_rows",
    "engine_name",
    "evaluate",
    "evaluate_event",
    "evaluate_many",
    "load_plan",
    "plot_timeline",
    "read_applications",
    "summarize",
    "to_dataframe",
    "validate_plan_file",
    "write_results",
]
