"""The benchmark runs, and refuses to report when its peers and the library disagree.

Never a timing assertion (docs/benchmarks.md): only that the script works and that its honesty
checks catch a peer that decides differently.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))


def _have_zen() -> bool:
    """zen-engine is installed (benchmarks/zen/ holds its model and would shadow a bare find_spec)."""
    try:
        importlib.metadata.version("zen-engine")
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


HAVE_ZEN = _have_zen()


def test_the_benchmark_runs_in_smoke_mode() -> None:
    """--smoke runs every check and every scenario with tiny counts and names all five targets."""
    command = [sys.executable, str(BENCHMARKS / "bench_evaluate.py"), "--smoke", "--no-pin"]
    if not HAVE_ZEN:
        command.append("--no-zen")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert "all agree" in out and "DISAGREE" not in out
    for number in "12345":
        assert f"    {number}. " in out
    assert "load average before" in out and "these numbers mean nothing" in out


def test_the_baseline_check_catches_a_baseline_that_reads_a_clause_differently(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """2026 四（一） 4月20日前: a baseline that closed a day early disagrees on the case that
    recommends on the day itself, and the check says so."""
    import baseline

    assert baseline.check_agreement() == []
    monkeypatch.setattr(baseline, "RECOMMEND_BY", baseline.RECOMMEND_BY.replace(day=19))
    problems = baseline.check_agreement()
    assert any("recommended on the day" in p for p in problems)


@pytest.mark.skipif(not HAVE_ZEN, reason="zen-engine is not installed (pip install -e '.[benchmark]')")
def test_the_zen_check_catches_a_model_that_decides_differently(tmp_path: Path) -> None:
    """2026 四（一） 4月20日前: zen's model judged with a deadline a day early disagrees with the
    library on the case that recommends on the day, by outcome and by rule."""
    import zen_model
    import zen_peer

    assert zen_peer.model_is_current(), "run python benchmarks/zen_model.py"
    good = zen_peer.ZenPeer()
    problems, counts = zen_peer.check_agreement(good, distinct=5)
    assert problems == [] and counts["messages_equal"] == counts["rules"]

    text = json.dumps(zen_model.build_model(), ensure_ascii=False).replace("f.rec <= 20260420", "f.rec <= 20260419")
    assert "f.rec <= 20260419" in text
    (tmp_path / "model.json").write_text(text, encoding="utf-8")
    problems, _ = zen_peer.check_agreement(zen_peer.ZenPeer(tmp_path / "model.json"), distinct=0)
    assert any("recommended on the day" in p and "outcome" in p for p in problems)
    assert any("plan.deadline.recommended: library pass (on_time), zen fail (late)" in p for p in problems)
