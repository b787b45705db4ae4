"""README's first command runs the main job on the embedded default: the example application is
judged against the record in ``gongguan.sqlite3`` (SQLite, nothing to configure), created in the
working directory on first use and left unchanged by judging."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "evaluate_example.py"


def test_the_example_judges_against_the_embedded_record(tmp_path: Path) -> None:
    runs = [
        subprocess.run([sys.executable, str(EXAMPLE)], cwd=tmp_path, capture_output=True, text=True, check=False)
        for _ in range(2)
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
        # 2026 一（一）–（三）, 四（一）: the example is eligible, explained in Chinese and English
        assert "结论：符合申报条件（eligible）" in run.stdout
        assert "Outcome: eligible" in run.stdout
        assert "记录 / record: gongguan.sqlite3 (0 条 / records on file)" in run.stdout
    assert (tmp_path / "gongguan.sqlite3").is_file()
    assert runs[0].stdout == runs[1].stdout
