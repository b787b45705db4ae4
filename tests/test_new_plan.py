"""A new plan breaks nothing (issue 11): with a correct ``2027.yaml`` beside the bundled plans,
the tests that list the plans derive them from ``gr.available_plans()`` and still pass.

新方案不会使已有测试失败：在随包方案旁加入正确的 2027 年方案（tests/fixtures/plan-2027/2027.yaml），
列举方案的测试都从 ``gr.available_plans()`` 推出，仍然通过。

The data root (``rules/`` and ``plans/``) is copied to a temporary folder with the fixture added,
and the library is pointed at it (``gongguan_rules.law.data_files.data_root``); then the logic of
the tests that once hard-coded 2019–2026 runs unchanged: the loader's list of plans, the CLI's
``plans``, ``validate`` and ``explain``, and the golden snapshots (a plan with no snapshot yet is
told how to make one, never a raw FileNotFoundError).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import gongguan_rules as gr
import snapshot_samples
import test_cli
import test_plan_loader
import test_snapshots
from gongguan_rules.law import data_files
from gongguan_rules.law.plans import loading as plan_loading

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "plan-2027" / "2027.yaml"


@pytest.fixture
def with_2027(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The bundled data with plans/2027.yaml added, as the library's data root."""
    root = tmp_path / "data"
    shutil.copytree(data_files.rules_dir(), root / "rules")
    shutil.copytree(data_files.plans_dir(), root / "plans")
    shutil.copy(FIXTURE, root / "plans" / "2027.yaml")
    monkeypatch.setattr(data_files, "data_root", lambda: root)
    monkeypatch.setattr(plan_loading, "_BUNDLED", {})  # bundled plans are cached by year
    monkeypatch.setattr(snapshot_samples, "PLANS_DIR", root / "plans")
    yield root


def test_the_new_plan_is_bundled(with_2027: Path) -> None:
    assert 2027 in gr.available_plans()
    assert gr.load_plan(2027).path == str(with_2027 / "plans" / "2027.yaml")


def test_the_loader_tests_hold(with_2027: Path) -> None:
    test_plan_loader.test_bundled_plans_load()


def test_the_cli_tests_hold(with_2027: Path, capsys: pytest.CaptureFixture[str]) -> None:
    test_cli.test_plans(capsys)
    test_cli.test_explain_debarment(capsys)
    test_cli.test_validate_bundled_plans(capsys)


def test_the_snapshot_tests_hold(with_2027: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without its snapshot, the new plan is told how to make one; with it, every snapshot test
    passes for the new plan and the old ones alike."""
    snapshots = tmp_path / "snapshots"
    shutil.copytree(snapshot_samples.SNAPSHOT_DIR, snapshots)
    monkeypatch.setattr(snapshot_samples, "SNAPSHOT_DIR", snapshots)
    new = with_2027 / "plans" / "2027.yaml"
    for test in (test_snapshots.test_snapshot_is_current, test_snapshots.test_snapshot_shape):
        with pytest.raises(BaseException, match=r"no snapshot for plans/2027\.yaml") as info:
            test(new)
        assert snapshot_samples.COMMAND in str(info.value)
    snapshot_samples.snapshot_path(new).write_text(
        snapshot_samples.render(snapshot_samples.snapshot(gr.load_plan(new))), encoding="utf-8"
    )
    assert new in snapshot_samples.plan_files()
    test_snapshots.test_every_snapshot_has_a_plan()
    for plan_file in snapshot_samples.plan_files():
        test_snapshots.test_snapshot_is_current(plan_file)
        test_snapshots.test_snapshot_shape(plan_file)
    test_snapshots.test_sample_outcomes(new)
