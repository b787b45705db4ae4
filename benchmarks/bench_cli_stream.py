"""Peak memory of the command line on a large batch: flat in the number of rows (issue 12).

命令行批量判断的内存峰值：``evaluate - --format jsonl`` 逐行读入、逐行写出，内存不随行数增长。

Runs ``gongguan-rules evaluate - --plan 2026 --format jsonl`` in a fresh process for 2,000 and
20,000 applications, fed through standard input as they are generated (the input is streamed
too) and the output discarded, and reports each run's peak resident set size (``ru_maxrss`` of
that child, from ``os.wait4``). With ``--file`` the applications are written to a .jsonl file
first and read from it; ``--format json`` measures the streamed JSON array instead.

    python benchmarks/bench_cli_stream.py                  # 2,000 vs 20,000 rows, stdin
    python benchmarks/bench_cli_stream.py --file --rows 2000 20000 50000

Memory, not time, is measured: a busy machine changes the time, not the peak. The ratio of the
largest to the smallest run is printed; flat means close to 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def applications(count: int) -> Iterator[bytes]:
    """``count`` distinct 2026 applications, one JSON line each (every outcome among them)."""
    for n in range(count):
        app = {
            "id": f"B-{n}",
            "applicant": {
                "name": f"天津某制造有限公司{n}",
                "credit_code": "91120224064012553U",
                "org_type": "企业",
                "district": "宝坻区",
            },
            "project": {
                "name": f"降低焊接飞溅率第{n}期",
                "sector": "焊材",
                "direction": "precision_improvement",
                "start_date": "2024-06-01" if n % 5 else "2023-06-01",
                "expected_benefits": ["quality_efficiency"],
            },
            "materials": ["application_form", "feasibility_analysis", "expected_results"],
            "declarations": {"original": True, "no_confidential_content": True, "truthful": n % 7 != 0},
            "recommender": {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"},
            "submitted_to_recommender_on": "2026-04-10",
            "recommended_on": "2026-04-18" if n % 3 else "2026-04-21",
        }
        yield json.dumps(app, ensure_ascii=False).encode() + b"\n"


def peak_rss(count: int, from_file: bool, fmt: str) -> tuple[float, int]:
    """(peak RSS in MiB, exit code) of one evaluate run over ``count`` applications."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "gongguan_rules", "evaluate", "-", "--plan", "2026", "--format", fmt]
    with tempfile.TemporaryDirectory() as folder:
        stdin: int | None = subprocess.PIPE
        if from_file:
            path = Path(folder) / "items.jsonl"
            with path.open("wb") as handle:
                handle.writelines(applications(count))
            command[4] = str(path)
            stdin = subprocess.DEVNULL
        process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.DEVNULL, env=env)
        if not from_file:
            assert process.stdin is not None
            for line in applications(count):
                process.stdin.write(line)
            process.stdin.close()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--file", action="store_true", help="read a .jsonl file instead of standard input")
    parser.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    args = parser.parse_args()
    source = "a .jsonl file" if args.file else "standard input"
    print(f"evaluate --plan 2026 --format {args.format}, input from {source}")
    print(f"{'rows':>8}  {'peak RSS (MiB)':>15}  exit")
    peaks = []
    for count in args.rows:
        peak, code = peak_rss(count, args.file, args.format)
        peaks.append(peak)
        print(f"{count:>8}  {peak:>15.1f}  {code}")
    print(f"ratio largest/smallest run: {peaks[-1] / peaks[0]:.2f} for {args.rows[-1] / args.rows[0]:.0f}x the rows")


if __name__ == "__main__":
    main()
