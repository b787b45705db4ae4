"""The worked example of docs/adding-a-plan.md: a synthetic 2027 plan, caught without new test code.

演示：一个虚构的2027年度方案（tests/fixtures/plan-2027/2027.yaml，由2026年度方案改写：截止日期
4月20日→4月25日、删去重点领域“焊材”、启动时间窗口改为2025年以来）。不为它写任何新测试：

(a) the invariant suite (the pytest plugin, ``--gongguan-plan``) passes on it, run from another
    directory;
(b) a wrong deadline is caught: one left at 2026-04-20 by the loader (date outside the year, with
    file:line), one whose date disagrees with its own text (4月25日) by the invariant
    ``timings_agree_with_text``;
(c) the snapshot of last year's samples, a year on, differs exactly at the deadline, the focus
    sectors and the start window: the control is the same file with its three changes undone
    (2026's text re-issued for 2027), and its samples are judged under both.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr
from gongguan_rules.testing.invariants import INVARIANTS, InvariantViolation, check_timings_agree_with_text
from snapshot_samples import render, samples, snapshot

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "plan-2027" / "2027.yaml"

#: What the 2027 fixture changed from 2026's text re-issued for 2027: (before, after).
CHANGES = (
    ("recommend_by_0420", "recommend_by_0425"),
    ("by: 2027-04-20", "by: 2027-04-25"),
    ("4月20日前", "4月25日前"),
    ("earliest: 2024-01-01", "earliest: 2025-01-01"),
    ("2024年以来", "2025年以来"),
    ("电动自行车、焊材、车用燃料", "电动自行车、车用燃料"),
    ("电动自行车, 焊材, 车用燃料", "电动自行车, 车用燃料"),
)

#: The rules whose findings those changes touch (四（一）: the deadline, for applications and for
#: the recommenders' event; 三: the focus sectors; 一（三）: the start window).
CHANGED_RULES = {"plan.deadline.recommended", "plan.schedule", "plan.focus_sectors", "plan.eligibility.start_window"}


def _write(tmp_path: Path, text: str, name: str = "2027.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _control(tmp_path: Path) -> gr.Plan:
    """The 2027 fixture with its changes undone: 2026's plan re-issued for 2027."""
    text = FIXTURE.read_text(encoding="utf-8")
    for before, after in CHANGES:
        assert after in text, f"the fixture no longer says {after!r}"
        text = text.replace(after, before)
    return gr.load_plan(_write(tmp_path, text, "control-2027.yaml"))


def _plugin_args() -> list[str]:
    """``-p gongguan_rules.testing.plugin`` unless the installed entry point loads it already."""
    installed = any(ep.name == "gongguan_rules" for ep in importlib.metadata.entry_points(group="pytest11"))
    if installed and not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return []
    return ["-p", "gongguan_rules.testing.plugin"]


def _run_suite(cwd: Path, plan: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``pytest --gongguan-plan <plan>`` in a fresh process, from ``cwd`` (not this repository)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "pytest", *_plugin_args(), "--gongguan-plan", str(plan)]
    command += ["-p", "no:cacheprovider", "-q", "-rfEx", *extra]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


def _counts(output: str) -> dict[str, int]:
    last = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|xfailed|xpassed|error|errors)", last)}


# --------------------------------------------------------------------------- (a)


def test_the_suite_passes_on_the_2027_plan_from_anywhere(tmp_path: Path) -> None:
    outside = _write(tmp_path, FIXTURE.read_text(encoding="utf-8"))  # a file outside this repository
    result = _run_suite(tmp_path, outside, "--gongguan-max-examples", "25")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    plan = gr.load_plan(FIXTURE)
    known = [issue for inv in INVARIANTS if (issue := inv.issue(plan)) is not None]
    counts = _counts(result.stdout)
    assert sum(counts.get(k, 0) for k in ("passed", "xfailed", "xpassed")) == len(INVARIANTS), output
    # every item passes but those of known library defects (docs/testing.md), which fail as known
    assert counts.get("passed", 0) >= len(INVARIANTS) - len(known), output
    assert counts.get("xfailed", 0) >= sum(1 for issue in known if issue.strict), output


# --------------------------------------------------------------------------- (b)


def test_a_deadline_left_in_2026_is_refused_with_its_line(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count("by: 2027-04-25") == 1
    wrong = _write(tmp_path, text.replace("by: 2027-04-25", "by: 2026-04-20"))
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "by: 2027-04-25" in row)
    with pytest.raises(gr.PlanError) as caught:
        gr.load_plan(wrong)
    faults = {(f.code, f.line) for f in caught.value.faults}
    assert ("date_outside_year", line) in faults, caught.value
    result = _run_suite(tmp_path, wrong)
    assert result.returncode != 0
    assert f"{wrong}:{line}:" in result.stdout and "date outside the plan year" in result.stdout, result.stdout


def test_a_deadline_that_disagrees_with_its_text_fails_one_invariant(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    old = "timing: {text: 4月25日前, by: 2027-04-25}"
    assert text.count(old) == 1
    wrong = _write(tmp_path, text.replace(old, "timing: {text: 4月25日前, by: 2027-04-20}"))
    plan = gr.load_plan(wrong)  # nothing a schema can see is wrong: it loads
    with pytest.raises(InvariantViolation, match="by 2027-04-20 but its text says 4月25日"):
        check_timings_agree_with_text(plan)
    result = _run_suite(tmp_path, wrong, "--gongguan-max-examples", "10")
    assert result.returncode == 1, result.stdout
    failed = set(re.findall(r"^FAILED \S*gongguan\[[^\]]*\]::(\w+)", result.stdout, flags=re.MULTILINE))
    assert failed == {"timings_agree_with_text"}, result.stdout


# --------------------------------------------------------------------------- (c)


def _by_sample(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s["decision"] for s in data["samples"]}


def _findings(decision: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each rule's finding, without its remedy: a curable remedy names the plan's deadline, so a
    moved deadline rewords every one of them without changing what the rule decides."""
    return {f["rule_id"]: {k: v for k, v in f.items() if k != "remedy"} for f in decision["findings"]}


def test_last_years_samples_differ_exactly_where_the_plan_changed(tmp_path: Path) -> None:
    control = _control(tmp_path)
    plan = gr.load_plan(FIXTURE)
    assert (control.year, control.document) == (plan.year, plan.document)
    sample_list = samples(control)
    before, after = snapshot(control, sample_list), snapshot(plan, sample_list)
    diff = "".join(
        difflib.unified_diff(
            render(before).splitlines(keepends=True), render(after).splitlines(keepends=True), "2026 a year on", "2027"
        )
    )
    old, new = _by_sample(before), _by_sample(after)
    touched = {
        rule_id
        for sample_id, decision in old.items()
        for rule_id, finding in _findings(decision).items()
        if _findings(new[sample_id]).get(rule_id) != finding
    }
    assert touched == CHANGED_RULES, diff[:6000]

    def status(data: dict[str, dict[str, Any]], sample_id: str, rule_id: str) -> str:
        return str(_findings(data[sample_id])[rule_id]["status"])

    # 四（一）: the day after 4月20日 was late (the sample that broke the deadline); it is before 4月25日
    late = "application/break/plan.deadline.recommended"
    assert next(s for s in sample_list if s.id == late).input["recommended_on"] == "2027-04-21"
    assert (status(old, late, "plan.deadline.recommended"), status(new, late, "plan.deadline.recommended")) == (
        "fail",
        "pass",
    )
    assert (old[late]["outcome"], new[late]["outcome"]) == ("ineligible", "eligible")
    event = "event/schedule/recommend_by_0420/2027-04-21"
    assert (old[event]["outcome"], new[event]["outcome"]) == ("rejected", "accepted")
    # 三: 焊材 is no longer a focus sector (information only: the outcome stays)
    welding = "application/sector/焊材"
    assert _findings(old[welding])["plan.focus_sectors"] != _findings(new[welding])["plan.focus_sectors"]
    assert old[welding]["outcome"] == new[welding]["outcome"] == "eligible"
    # 一（三）: a project started on 2024-01-01 was inside the window; now it is too early
    start = "application/start/plan.eligibility.start_window/2024-01-01"
    assert (
        status(old, start, "plan.eligibility.start_window"),
        status(new, start, "plan.eligibility.start_window"),
    ) == (
        "pass",
        "fail",
    )
    # and every outcome that changed is one of those
    flipped = {sid for sid in old if old[sid]["outcome"] != new[sid]["outcome"]}
    assert flipped == {late, event, start}, json.dumps(sorted(flipped), ensure_ascii=False)
