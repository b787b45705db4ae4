"""Batch evaluation of a summary table (汇总表) for analysts: one plan, one indexed history."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

import gongguan_rules as gr

EXAMPLE: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parents[1] / "examples" / "application-2026.yaml").read_text("utf-8")
)


def variant(**project: Any) -> dict[str, Any]:
    out = copy.deepcopy(EXAMPLE)
    out["project"].update(project)
    return out


def test_batch_matches_one_by_one() -> None:
    """Each decision of a batch equals the decision of evaluate on its own."""
    apps = [EXAMPLE, variant(start_date="2023-12-31"), variant(expected_benefits=None)]
    history = [
        {"kind": "excellent_recognized", "year": 2024, "credit_code": "91120224064012553U", "project_name": "别的项目"}
    ]
    batch = gr.evaluate_many(apps, 2026, history=history)
    assert batch == [gr.evaluate(a, 2026, history=history) for a in apps]
    assert [d.outcome for d in batch if isinstance(d, gr.Decision)] == ["eligible", "ineligible", "needs_review"]


def test_rows_name_the_failed_rules() -> None:
    """2026 一（三）: a project started before 2024 fails plan.eligibility.start_window."""
    apps = [EXAMPLE, variant(start_date="2023-12-31")]
    rows = gr.decision_rows(gr.evaluate_many(apps, 2026), apps)
    assert rows[0]["outcome"] == "eligible" and rows[0]["fail"] == ""
    assert rows[1]["fail"] == "plan.eligibility.start_window"
    assert "2024-01-01" in rows[1]["explanation"]
    assert rows[1]["credit_code"] == "91120224064012553U"


def test_unreadable_rows_are_located() -> None:
    """A bad row raises with its position, or is collected in its place."""
    apps = [EXAMPLE, variant(start_date="someday")]
    with pytest.raises(gr.InputError) as info:
        gr.evaluate_many(apps, 2026)
    assert info.value.loc == "[1].project.start_date"
    collected = gr.evaluate_many(apps, 2026, on_error="collect")
    assert isinstance(collected[1], gr.InputError)
    assert gr.decision_rows(collected)[1]["outcome"] == "input_error"


# --------------------------------------------------------------------------- workers


def test_workers_give_the_same_decisions_in_input_order() -> None:
    """2026 一（三）: a batch judged by a pool of processes gives each application its own decision,
    in input order, equal to judging it alone; the history is the same record in every worker."""
    starts = ["2024-06-01", "2023-12-31", "2025-01-01", None, "2022-05-05", "2026-03-01", "2024-01-01"]
    apps = [variant(start_date=s, name=f"降低第{i}号焊丝飞溅率") for i, s in enumerate(starts)]
    history = [
        {
            "kind": "excellent_recognized",
            "year": 2024,
            "credit_code": EXAMPLE["applicant"]["credit_code"],
            "project_name": "降低第4号焊丝飞溅率",
        }
    ]
    alone = [gr.evaluate(a, 2026, history=history) for a in apps]
    assert gr.evaluate_many(apps, 2026, history=history, workers=2) == alone
    plan = gr.load_plan(2026)
    assert gr.evaluate_many(iter(apps), plan, history=gr.HistoryIndex(history), workers=3) == alone
    assert [d.outcome.value for d in alone if isinstance(d, gr.Decision)] == [
        "eligible",
        "ineligible",
        "eligible",
        "needs_review",
        "ineligible",
        "eligible",
        "eligible",
    ]


def test_workers_load_a_plan_file_given_by_path() -> None:
    """A plan passed by path is loaded in each worker and judges as in this process."""
    path = Path(__file__).parent / "fixtures" / "plan-2027" / "2027.yaml"
    apps = [EXAMPLE, variant(start_date="2023-12-31")]
    assert gr.evaluate_many(apps, str(path), workers=2) == gr.evaluate_many(apps, str(path))


def test_workers_collect_errors_in_their_places() -> None:
    """Bad input names the field: with on_error="collect" each unreadable application, whether a
    worker or this process found it, is an InputError in its own place."""
    apps: list[Any] = [EXAMPLE, variant(start_date="someday"), "not an application", EXAMPLE]
    collected = gr.evaluate_many(apps, 2026, on_error="collect", workers=2)
    assert [type(x).__name__ for x in collected] == ["Decision", "InputError", "InputError", "Decision"]
    here = gr.evaluate_many(apps, 2026, on_error="collect")
    assert [x if isinstance(x, gr.Decision) else str(x) for x in collected] == [
        x if isinstance(x, gr.Decision) else str(x) for x in here
    ]
    assert isinstance(collected[1], gr.InputError) and collected[1].loc == "[1].project.start_date"
    assert isinstance(collected[2], gr.InputError) and collected[2].loc == "[2].application"


def test_a_worker_that_meets_bad_input_raises_it_located() -> None:
    """With on_error="raise", the first unreadable application in input order is raised, with its
    position, even when a worker found it."""
    apps = [EXAMPLE] * 5 + [variant(start_date="someday")] + [EXAMPLE] * 5 + [variant(start_date="2026-13-01")]
    with pytest.raises(gr.InputError) as info:
        gr.evaluate_many(apps, 2026, workers=2)
    assert info.value.loc == "[5].project.start_date"


def test_workers_must_be_a_positive_count() -> None:
    """workers=None or 1 judges in this process; anything else but a positive int is refused."""
    assert gr.evaluate_many([EXAMPLE], 2026, workers=1) == [gr.evaluate(EXAMPLE, 2026)]
    for bad in (0, -2, True, 1.5, "2"):
        with pytest.raises(ValueError, match="workers"):
            gr.evaluate_many([EXAMPLE], 2026, workers=bad)  # type: ignore[arg-type]
