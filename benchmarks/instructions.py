"""Instructions per call, counted by valgrind (callgrind): a measure that a busy machine does not skew.

指令数基准：用 valgrind 的 callgrind 统计每次调用执行的指令数。与耗时不同，指令数不受机器上其他工作的影响，
适合在共用的机器上比较改动前后（但不能代替在空闲机器上测得的耗时）。

    python benchmarks/instructions.py                 # every scenario, 200 calls each
    python benchmarks/instructions.py a zen.a -n 500  # some of them

Each scenario runs in its own process under ``valgrind --tool=callgrind``, once with no timed
call and once with ``n`` calls after the same warm-up; the difference divided by ``n`` is the
count per call (start-up, imports and warm-up cancel out). The scenarios are those of
bench_evaluate.py: ``a`` (no history), ``a.distinct`` (20,000 distinct applications cycled),
``a.explain`` (and ``explain("zh")``), ``b.list`` (10
records as a list), ``b.index``, ``c.index`` and ``c.list`` (an event), the same for zen (``zen.*``) and the
plain-Python baseline (``base.*``). Instructions are not time: memory stalls, branch misses and
zen's threads are not in them; use them to compare versions of one program on one machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCENARIOS = (
    "a",
    "a.distinct",
    "a.explain",
    "b.index",
    "b.list",
    "c.index",
    "c.list",
    "zen.a",
    "zen.a.distinct",
    "zen.a.explain",
    "zen.b.list",
    "base.a",
    "base.b.list",
)

_RUNNER = """
import sys
sys.path.insert(0, {here!r})
from bench_evaluate import scenarios
calls = scenarios(zen={zen}, distinct_count=20_000)[{name!r}]
for _ in range(20):
    calls()
for _ in range({n}):
    calls()
"""


def count(name: str, n: int) -> int:
    """Instructions executed by a process that warms up and makes ``n`` calls of ``name``."""
    script = _RUNNER.format(here=str(HERE), zen=name.startswith("zen."), name=name, n=n)
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            script,
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "RUST_BACKTRACE": "0", "TOKIO_WORKER_THREADS": "1"},
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{name}: valgrind failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"scenarios (default: all of {', '.join(SCENARIOS)})")
    parser.add_argument("-n", type=int, default=200, help="calls counted per scenario (default 200)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    names = args.names or list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s) {unknown}; choose from {', '.join(SCENARIOS)}")
    results: dict[str, float] = {}
    for name in names:
        results[name] = (count(name, args.n) - count(name, 0)) / args.n
        print(f"  {name:<15} {results[name] / 1e6:8.3f} M instructions per call", flush=True)
    pairs = (("a", "zen.a"), ("a.distinct", "zen.a.distinct"), ("a.explain", "zen.a.explain"), ("b.list", "zen.b.list"))
    for lib, peer in (*pairs, ("c.index", "a")):
        if lib in results and peer in results:
            print(f"  {peer} ÷ {lib}: {results[peer] / results[lib]:.2f} (instructions, not time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
