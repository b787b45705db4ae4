"""benchmarks/bench_service.py stays runnable: a tiny run checks 0 errors and 0 lost records.

基准脚本保持可运行：以很小的规模运行一次（不计时，不取数字），记录放在 SQLite 文件与 PostgreSQL 中各一次。
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_service.py"


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_service_benchmark_runs_and_checks_its_records(backend: str, request: pytest.FixtureRequest) -> None:
    where = ["--sqlite"] if backend == "sqlite" else ["--history", request.getfixturevalue("postgres_url")]
    args = [sys.executable, str(BENCH), "--evaluations", "40", "--writes", "30", "--clients", "5", *where]
    done = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "RESULT: ok (0 errors, 0 lost records)" in done.stdout
    assert "records: 30 acknowledged, 30 on file, lost 0" in done.stdout
