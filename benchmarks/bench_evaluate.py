"""Benchmark: explained evaluations per second on the 2026 plan, against a plain-Python baseline.

基准：在 2026 年度方案上每秒可完成多少次带说明的判断，与手写的普通 Python 判断（不带说明）对照；
以及一百万次判断前后的常驻内存（RSS）。

Run from the repository root (one command; docs/benchmarks.md explains the output)::

    python benchmarks/bench_evaluate.py            # ~4 minutes
    python benchmarks/bench_evaluate.py --quick    # ~30 seconds, rougher
    python benchmarks/bench_evaluate.py --million  # ~10 minutes: RSS over 1,000,000 evaluations

(the scripts put the repository's src/ first on sys.path, so they measure the working tree.)

What is measured (each library call next to :mod:`baseline`, which does the same checks without
explanations; the ratio is library / baseline):

(a) ``gr.evaluate(app, plan)``: examples/application-2026.yaml as JSON-like data, no history;
    also, for information: 70,000 distinct applications cycled (more than the library's caches
    hold, so no cache answers for a repeated input), the plan given as the year 2026, and the
    application given as a ready ``gr.Application`` model (no input validation);
(b) the same with a history of 10 records of which one concerns the applicant (its own approved
    project of 2024 under the same name: it joins, so the engine runs, and 2026 一（三） forbids
    only duplicating excellent results, so it stays eligible), passed as a prebuilt
    ``HistoryIndex`` and as a plain list (which is validated and indexed on every call);
(c) ``gr.evaluate_event`` of a ``results_recommended`` with its ``approved`` and
    ``results_submitted`` on record (10 records), as a ``HistoryIndex`` and as a list;
(d) RSS (VmRSS of /proc/self/status) before and after N evaluations of (a)/(b) mixed (the
    example, a distinct application, (b) as an index, (b) as a list) and N/5 events (c), with
    RSS at every tenth: N = 200,000 by default, 1,000,000 with ``--million``, 20,000 with
    ``--quick``. The library's bounded caches are filled first, by one pass over the distinct
    applications; "no growth" means RSS rises at most 2 MiB from the first tenth to the end.

The process pins itself to one core (``--cpu``, default 0) where the OS allows it, warms up,
and reports the median of several timed rounds (``time.perf_counter``). Before timing, it checks
that the baseline and the library give the same outcome on the benchmark's inputs and on every
case of :func:`baseline.agreement_cases` (exit status 1 if not), and that the join engine really
runs in (b) and (c). Inputs are fixed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

# measure the working tree's library (src/), not whatever copy of it may be installed
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from baseline import (
    PreparedHistory,
    baseline_evaluate,
    baseline_evaluate_event,
    check_agreement,
    distinct_applications,
    event_and_history,
    example_application,
    ten_record_history,
)

import gongguan_rules as gr
from gongguan_rules.engines import durable as gr_engine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

TARGET_NO_HISTORY = 20_000
TARGET_HISTORY = 5_000
#: "No memory growth": RSS may rise at most this much between the first checkpoint (10 % of the
#: run, once caches and allocator pools have settled) and the end.
RSS_SLACK_KIB = 2048
#: Distinct applications for the cache-free row: more than the largest cache (65,536 names).
DISTINCT = 70_000


# ---------------------------------------------------------------------------------------------
# The machine
# ---------------------------------------------------------------------------------------------


def pin(cpu: int | None) -> str:
    """Pin this process to one core; say what happened."""
    if cpu is None:
        return "not pinned (--no-pin)"
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError as exc:
        return f"not pinned ({exc})"
    return f"pinned to CPU {sorted(os.sched_getaffinity(0))}"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def rss_kib() -> int:
    """VmRSS of this process in KiB (0 where /proc is not available)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def library_state() -> str:
    """The commit checked out and a digest of the library as it is on disk (the working tree may
    differ from the commit): src/gongguan_rules, rules/ and plans/."""
    import hashlib
    import subprocess

    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        head = "unknown"
    digest = hashlib.sha256()
    package = ROOT / "src" / "gongguan_rules"
    files = sorted([*package.rglob("*.py"), *(ROOT / "rules").glob("*.yaml"), *(ROOT / "plans").glob("*.yaml")])
    for f in files:
        digest.update(str(f.relative_to(ROOT)).encode())
        digest.update(f.read_bytes())
    return f"commit {head}, working tree digest {digest.hexdigest()[:12]} ({len(files)} files of src/, rules/, plans/)"


def machine_info(pinned: str) -> list[str]:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return [
        f"Python       {platform.python_version()} ({platform.python_implementation()}, {platform.python_compiler()})",
        f"durable-rules {version('durable_rules')}; pydantic {version('pydantic')} "
        f"(core {version('pydantic_core')}); gongguan-rules {gr.__version__}",
        f"Machine      {platform.system()} {platform.release()} {platform.machine()}; {cpu_model()}; "
        f"{os.cpu_count()} CPUs",
        f"Affinity     {pinned}; load average {load} (other work on the machine skews the numbers)",
        f"Library      {library_state()}; imported from {Path(gr.__file__).parent}",
    ]


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------


def rate(fn: Callable[[], Any], rounds: int, seconds: float, warmup: float) -> tuple[float, list[float]]:
    """Median evaluations per second over ``rounds`` rounds of about ``seconds`` each."""
    end = time.perf_counter() + warmup
    calls = 0
    while time.perf_counter() < end or calls < 50:
        fn()
        calls += 1
    # size a round from a short probe
    n = 50
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        took = time.perf_counter() - start
        if took >= 0.05:
            break
        n *= 2
    per_round = max(50, int(n * seconds / took))
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            fn()
        rates.append(per_round / (time.perf_counter() - start))
    return statistics.median(rates), rates


def fmt_rate(x: float) -> str:
    return f"{x:,.0f}"


# ---------------------------------------------------------------------------------------------
# The checks before timing
# ---------------------------------------------------------------------------------------------


class Cycle:
    """The items of a list one after another, round and round."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.position = -1

    def __call__(self) -> dict[str, Any]:
        self.position = (self.position + 1) % len(self.items)
        return self.items[self.position]


class EngineCounter:
    """Counts JoinEngine.run calls while active (to show that the engine runs in (b) and (c))."""

    def __init__(self) -> None:
        self.calls = 0
        self._original = gr_engine.JoinEngine.run

    def __enter__(self) -> EngineCounter:
        original = self._original
        counter = self

        def counted(engine: Any, subject: Any, records: Any) -> Any:
            counter.calls += 1
            return original(engine, subject, records)

        gr_engine.JoinEngine.run = counted  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        gr_engine.JoinEngine.run = self._original  # type: ignore[method-assign]


def self_check(plan: gr.Plan, scenarios: dict[str, tuple[Callable[[], Any], Callable[[], str], str]]) -> bool:
    ok = True
    problems = check_agreement()
    if problems:
        ok = False
        for p in problems:
            print(f"  DISAGREE {p}")
    from baseline import agreement_cases

    print(f"  baseline vs library on {len(agreement_cases())} agreement cases: "
          f"{'all agree' if not problems else f'{len(problems)} disagree'}")
    for key, (lib, base, expected) in scenarios.items():
        with EngineCounter() as counter:
            decision = lib()
        got, mine = decision.outcome.value, base()
        agree = got == mine == expected
        ok &= agree
        engine = f"engine ran {counter.calls}×" if counter.calls else "engine not run"
        print(f"  {key:<18} library {got:<10} baseline {mine:<10} expected {expected:<10} "
              f"{len(decision.findings)} findings, {engine}  {'ok' if agree else 'MISMATCH'}")
    return ok


# ---------------------------------------------------------------------------------------------
# Memory
# ---------------------------------------------------------------------------------------------


def memory_run(total: int, apps: list[Callable[[], Any]], events: list[Callable[[], Any]]) -> dict[str, Any]:
    """``total`` application evaluations cycling through ``apps`` and ``total // 5`` events
    cycling through ``events``, interleaved; RSS at every tenth."""
    n_events = total // 5
    gc.collect()
    before = rss_kib()
    objects_before = len(gc.get_objects())
    threads_before = threading.active_count()
    checkpoints: list[tuple[int, int, float]] = []
    step = max(1, total // 10)
    start = time.perf_counter()
    done_events = 0
    for i in range(total):
        apps[i % len(apps)]()
        if i % 5 == 4 and done_events < n_events:
            events[done_events % len(events)]()
            done_events += 1
        if (i + 1) % step == 0:
            gc.collect()
            checkpoints.append((i + 1, rss_kib(), time.perf_counter() - start))
            print(f"    {i + 1:>9,} evaluations + {done_events:>7,} events: RSS {checkpoints[-1][1]:,} KiB "
                  f"({checkpoints[-1][2]:.0f} s)", flush=True)
    gc.collect()
    after = rss_kib()
    return {
        "total": total,
        "events": done_events,
        "before": before,
        "after": after,
        "checkpoints": checkpoints,
        "objects": (objects_before, len(gc.get_objects())),
        "threads": (threads_before, threading.active_count()),
        "seconds": time.perf_counter() - start,
    }


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds; 20,000 evaluations for RSS")
    parser.add_argument("--million", action="store_true", help="RSS over 1,000,000 evaluations and 200,000 events")
    parser.add_argument("--rounds", type=int, help="timed rounds per measurement (default 7, quick 3)")
    parser.add_argument("--cpu", type=int, default=0, help="the core to pin to (default 0)")
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one core")
    parser.add_argument("--no-memory", action="store_true", help="skip the RSS run")
    args = parser.parse_args(argv)

    rounds = args.rounds or (3 if args.quick else 7)
    seconds = 0.3 if args.quick else 1.0
    warmup = 0.3 if args.quick else 1.0
    total = 1_000_000 if args.million else (20_000 if args.quick else 200_000)

    pinned = pin(None if args.no_pin else args.cpu)
    print("gongguan-rules evaluation benchmark (2026 plan) / 2026 年度方案判断速度基准")
    for line in machine_info(pinned):
        print("  " + line)

    plan = gr.load_plan(2026)
    app = example_application()
    model = gr.Application.model_validate(app)
    history = ten_record_history()
    index = gr.HistoryIndex(history)
    event, event_history = event_and_history()
    event_index = gr.HistoryIndex(event_history)

    # More distinct applications than the library's caches hold (credit codes 8,192; places
    # 4,096; project names 65,536), cycled, so that no cache answers for a repeated input.
    distinct = distinct_applications(10_000 if args.quick else DISTINCT)
    lib_next, base_next = Cycle(distinct), Cycle(distinct)

    library: dict[str, Callable[[], Any]] = {
        "a": lambda: gr.evaluate(app, plan),
        "a.distinct": lambda: gr.evaluate(lib_next(), plan),
        "a.year": lambda: gr.evaluate(app, 2026),
        "a.model": lambda: gr.evaluate(model, plan),
        "b.index": lambda: gr.evaluate(app, plan, history=index),
        "b.list": lambda: gr.evaluate(app, plan, history=history),
        "c.index": lambda: gr.evaluate_event(event, plan, history=event_index),
        "c.list": lambda: gr.evaluate_event(event, plan, history=event_history),
    }
    prepared, event_prepared = PreparedHistory(history), PreparedHistory(event_history)
    base: dict[str, Callable[[], str]] = {
        "a": lambda: baseline_evaluate(app, []),
        "a.distinct": lambda: baseline_evaluate(base_next(), []),
        "b.index": lambda: baseline_evaluate(app, prepared),
        "b.list": lambda: baseline_evaluate(app, history),
        "c.index": lambda: baseline_evaluate_event(event, event_prepared),
        "c.list": lambda: baseline_evaluate_event(event, event_history),
    }

    print("\nSelf-check (the comparison is honest only if both decide alike) / 自检：")
    expected = {"a": "eligible", "b": "eligible", "c": "accepted"}
    ok = self_check(
        plan,
        {key: (fn, base[key] if key in base else base[key[0]], expected[key[0]]) for key, fn in library.items()},
    )
    sample = distinct[:: max(1, len(distinct) // 200)]
    wrong = [
        i for i, x in enumerate(sample)
        if not (gr.evaluate(x, plan).outcome.value == baseline_evaluate(x, []) == "eligible")
    ]
    ok &= not wrong
    print(f"  a.distinct: {len(sample)} of the {len(distinct):,} distinct applications checked: "
          f"{'all eligible in both' if not wrong else f'{len(wrong)} MISMATCH'}")
    if not ok:
        print("Self-check failed: the baseline and the library disagree; no numbers are reported.")
        return 1

    print(f"\nThroughput: median of {rounds} rounds of ~{seconds:g} s after {warmup:g} s warm-up "
          "/ 吞吐量（中位数）")
    measured: dict[str, float] = {}
    spread: dict[str, list[float]] = {}
    for key, fn in [*library.items(), *((f"base.{k}", f) for k, f in base.items())]:
        measured[key], spread[key] = rate(fn, rounds, seconds, warmup)
        print(f"  measured {key:<16} {fmt_rate(measured[key]):>9} /s", flush=True)

    rows = [
        ("(a) no history", "a", "a", TARGET_NO_HISTORY),
        (f"(a) {len(distinct):,} distinct, cycled", "a.distinct", "a.distinct", None),
        ("(a) plan given as 2026", "a.year", "a", None),
        ("(a) app as a model", "a.model", "a", None),
        ("(b) 10 records, HistoryIndex", "b.index", "b.index", TARGET_HISTORY),
        ("(b) 10 records, plain list", "b.list", "b.list", TARGET_HISTORY),
        ("(c) event, HistoryIndex", "c.index", "c.index", None),
        ("(c) event, plain list", "c.list", "c.list", None),
    ]
    print()
    header = f"  {'scenario':<30} {'library/s':>10} {'µs/eval':>8} {'baseline/s':>11} {'lib/base':>9}  "
    header += f"{'spread':>13}  target"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for label, key, bkey, target in rows:
        lib, b = measured[key], measured[f"base.{bkey}"]
        low, high = min(spread[key]), max(spread[key])
        if target is None:
            verdict = "—"
        else:
            verdict = f"≥ {target:,}: " + ("met" if lib >= target else f"NOT met ({lib / target:.0%} of it)")
        print(f"  {label:<30} {fmt_rate(lib):>10} {1e6 / lib:>8.0f} {fmt_rate(b):>11} {lib / b:>9.4f}  "
              f"{fmt_rate(low):>6}–{fmt_rate(high):<6}  {verdict}")
    print("  lib/base = library rate ÷ baseline rate (1 would be as fast as plain Python); "
          "spread = slowest–fastest round;")
    print("  the HistoryIndex rows compare with the baseline on a history read once (PreparedHistory), "
          "the list rows with the baseline reading the list on every call")

    if args.no_memory:
        return 0
    print(f"\nMemory: {total:,} evaluations of (a)/(b) mixed (a, a.distinct, b.index, b.list) and {total // 5:,} "
          f"events (c.index, c.list){'' if args.million else ' — run with --million for 1,000,000'} "
          "/ 内存")
    # fill the library's bounded caches first (one pass over the distinct applications), so that
    # what is left to see is growth, not caches reaching their bounds
    start = time.perf_counter()
    for _ in distinct:
        library["a.distinct"]()
    print(f"  caches filled with {len(distinct):,} distinct applications first ({time.perf_counter() - start:.0f} s)")
    result = memory_run(
        total,
        [library["a"], library["a.distinct"], library["b.index"], library["b.list"]],
        [library["c.index"], library["c.list"]],
    )
    first = result["checkpoints"][0][1] if result["checkpoints"] else result["before"]
    growth = result["after"] - result["before"]
    settled = result["after"] - first
    verdict = "no growth" if settled <= RSS_SLACK_KIB else "GROWS"
    print(f"  RSS before {result['before']:,} KiB, after {result['after']:,} KiB: {growth:+,} KiB overall, "
          f"{settled:+,} KiB after the first 10 % → {verdict} (slack {RSS_SLACK_KIB:,} KiB)")
    print(f"  Python objects {result['objects'][0]:,} → {result['objects'][1]:,}; "
          f"threads {result['threads'][0]} → {result['threads'][1]}; "
          f"{result['total'] + result['events']:,} calls in {result['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
