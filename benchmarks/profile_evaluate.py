"""Where a call spends its time: cProfile of the benchmark's scenarios, with calls per evaluation.

判断耗时分析：对基准的各场景做 cProfile（累计时间、自身时间各前若干项），并给出每次判断的函数调用次数。

Run from the repository root::

    python benchmarks/profile_evaluate.py                    # a, b.list, c.index; 2,000 calls each
    python benchmarks/profile_evaluate.py a.explain --n 500 --top 25

The scenarios are those of bench_evaluate.py (``a``, ``a.explain``, ``b.index``, ``b.list``,
``c.index``, ``c.list``, ...). cProfile roughly doubles the time of what it watches, and the
machine's load moves it further: read the *calls per evaluation* (exact) and the shares, not the
absolute times; benchmarks/instructions.py counts instructions, bench_evaluate.py measures time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench_evaluate import machine_info, pin, scenarios

ROOT = Path(__file__).resolve().parent.parent


def short(path: str) -> str:
    """A profile's file name, relative to the repository or to site-packages."""
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1]
    if "/lib/python3" in path:
        return "stdlib/" + path.split("/lib/python3", 1)[1].split("/", 1)[-1]
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


def profile(name: str, n: int, top: int) -> None:
    call = scenarios(zen=name.startswith("zen."))[name]
    for _ in range(50):
        call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total_calls = stats.total_calls  # type: ignore[attr-defined]
    print(f"\n=== {name}: {n:,} calls, {total_calls / n:,.0f} function calls per call ===")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top + 2)
        print(f"--- top {top} by {order} (ncalls for all {n:,} calls) ---")
        for line in out.getvalue().splitlines():
            if "(<lambda>)" in line or "profile_evaluate.py" in line:
                continue
            if line.lstrip().startswith("ncalls"):
                print(line)
            elif line.lstrip()[:1].isdigit():
                head, _, where = line.rpartition(" ")
                path, _, function = where.rpartition(":")
                print(f"{head} {short(path)}:{function}" if path else line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", default=["a", "b.list", "c.index"], help="scenarios")
    parser.add_argument("--n", type=int, default=2000, help="calls profiled per scenario")
    parser.add_argument("--top", type=int, default=20, help="lines per table")
    parser.add_argument("--cpu", type=int, default=0, help="the core to pin to")
    args = parser.parse_args(argv)
    for line in machine_info(pin(args.cpu)):
        print(line)
    for name in args.names:
        profile(name, args.n, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
