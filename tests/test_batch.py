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
