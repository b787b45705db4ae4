"""Golden snapshots (style.md practice 8): every plan's sample decisions, committed and current.

黄金快照：每个方案的样本决定均已提交且与当前代码一致；过期时给出统一差异及重新生成的命令。
The samples and the regeneration command live in tests/snapshot_samples.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gongguan_rules as gr
import snapshot_samples
from snapshot_samples import (
    COMMAND,
    decide,
    plan_files,
    render,
    samples,
    snapshot,
    snapshot_path,
    stale,
)

MAX_DIFF_LINES = 120


@pytest.mark.parametrize("plan_file", plan_files(), ids=lambda p: p.stem)
def test_snapshot_is_current(plan_file: Path) -> None:
    path = snapshot_path(plan_file)
    assert path.is_file(), f"no snapshot for plans/{plan_file.name}; create it with:\n    {COMMAND}"
    diff = stale(plan_file)
    if diff is not None:
        lines = diff.splitlines()
        shown = "\n".join(lines[:MAX_DIFF_LINES])
        more = f"\n... {len(lines) - MAX_DIFF_LINES} more lines" if len(lines) > MAX_DIFF_LINES else ""
        pytest.fail(
            f"the snapshot of plans/{plan_file.name} is stale: the decisions changed.\n"
            f"If the change is intended, regenerate and review the diff before committing:\n    {COMMAND}\n\n"
            f"{shown}{more}",
            pytrace=False,
        )


def test_every_snapshot_has_a_plan() -> None:
    planned = {snapshot_path(f) for f in plan_files()}
    orphans = sorted(p.name for p in snapshot_samples.SNAPSHOT_DIR.glob("*.json") if p not in planned)
    assert not orphans, f"snapshots without a plan in plans/: {orphans}; delete them"


@pytest.mark.parametrize("plan_file", plan_files(), ids=lambda p: p.stem)
def test_samples_are_deterministic(plan_file: Path) -> None:
    plan = gr.load_plan(plan_file)
    assert render(snapshot(plan)) == render(snapshot(gr.load_plan(plan_file)))
    ids = [s.id for s in samples(plan)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("plan_file", plan_files(), ids=lambda p: p.stem)
def test_snapshot_shape(plan_file: Path) -> None:
    path = snapshot_path(plan_file)
    assert path.is_file(), f"no snapshot for plans/{plan_file.name}; create it with:\n    {COMMAND}"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["plan"]["year"] == gr.load_plan(plan_file).year
    kinds = {s["id"].split("/")[1] if s["subject"] == "application" else "event" for s in data["samples"]}
    assert {"eligible", "break", "missing", "history", "event"} <= kinds, sorted(kinds)
    for sample in data["samples"]:
        for finding in sample["decision"]["findings"]:
            assert set(finding) == {"rule_id", "status", "code", "citations", "messages", "remedy"}
            assert (finding["remedy"] is not None) == (finding["status"] in ("fail", "review")), finding["rule_id"]
            assert finding["citations"], f"{sample['id']}: {finding['rule_id']} cites nothing"


@pytest.mark.parametrize("plan_file", plan_files(), ids=lambda p: p.stem)
def test_sample_outcomes(plan_file: Path) -> None:
    """The samples mean what their names say: the eligible one is eligible, a broken clause is
    ineligible, a missing fact is never ineligible."""
    plan = gr.load_plan(plan_file)
    for sample in samples(plan):
        kind = sample.id.split("/")[1]
        outcome = decide(plan, sample).outcome
        if kind == "eligible":
            assert outcome is gr.Outcome.eligible, sample.id
        elif kind == "break":
            assert outcome is gr.Outcome.ineligible, sample.id
        elif kind == "missing":
            assert outcome is not gr.Outcome.ineligible, sample.id
