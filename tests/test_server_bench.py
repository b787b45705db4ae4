"""benchmarks/bench_service.py stays runnable: a tiny run checks 0 errors and 0 lost records.

基准脚本保持可运行：以很小的规模运行一次（不计时，不取数字）。
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_service.py"


def test_the_service_benchmark_runs_and_checks_its_records() -> None:
    args = [sys.executable, str(BENCH), "--evaluations", "40", "--writes", "30", "--clients", "5"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "RESULT: ok (0 errors, 0 lost records)" in done.stdout
    assert "records: 30 acknowledged, 30 on file, lost 0" in done.stdout
