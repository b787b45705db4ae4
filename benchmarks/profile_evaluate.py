"""Where an explained evaluation spends its time: cProfile and a breakdown by stage.

判断耗时分析：cProfile（累计时间、自身时间各前 15 项）与按阶段的分解。

Run from the repository root::

    PYTHONPATH=src python benchmarks/profile_evaluate.py [--n 5000] [--top 15] [--scenario a b c]

Scenarios as in bench_evaluate.py: (a) no history, (b) 10 records as a prebuilt HistoryIndex,
(c) a results_recommended event with its approval and results submission on record.

The breakdown times each stage of ``gr.evaluate`` on its own, through the library's own
internals (``evaluate.read_application``, ``history_index.as_history``, the checks, ``render``,
``correlate``, the join engine): it reads the library, it never changes it. A stage the current
code no longer has is reported as n/a.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# measure the working tree's library (src/), not whatever copy of it may be installed
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from baseline import event_and_history, example_application, ten_record_history
from bench_evaluate import machine_info, pin

import gongguan_rules as gr
from gongguan_rules.judging.context import Context
from gongguan_rules.records.history_index import as_history

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# the modules (the package exports functions of the same names)
gr_evaluate = importlib.import_module("gongguan_rules.judging.evaluate")
gr_correlate = importlib.import_module("gongguan_rules.judging.correlate")


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


def profile(fn: Callable[[], Any], n: int, top: int) -> str:
    for _ in range(min(n, 500)):
        fn()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        fn()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    # shorten file names in place, so that the table reads file:line
    stats.stats = {(short(f), line, name): v for (f, line, name), v in stats.stats.items()}  # type: ignore[attr-defined]
    for key in ("cumulative", "tottime"):
        out.write(f"\n--- top {top} by {key} ({n} evaluations; times in s for all of them) ---\n")
        stats.sort_stats(key).print_stats(top)
    text = out.getvalue()
    # drop pstats' preamble lines that repeat for each table
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.strip().startswith(("Ordered by", "List reduced"))]
    return "\n".join(lines)


def per_call(fn: Callable[[], Any], n: int) -> float:
    """Microseconds per call (best of 5 runs of n)."""
    for _ in range(min(n, 200)):
        fn()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / n * 1e6


def breakdown(plan: gr.Plan, app: dict[str, Any], history: Any, label: str, n: int) -> None:
    """Each stage of gr.evaluate timed on its own (µs per evaluation)."""
    model = gr_evaluate.read_application(app)
    hist = as_history(history)
    # the rules whose check runs on every evaluation (a finding that depends on the plan alone
    # is computed once per plan by the library when its check is marked plan_only)
    rules = [
        r
        for r in plan.rules
        if r.applies("application") and r.not_applicable is None and not getattr(r.check, "plan_only", False)
    ]

    def context() -> Context:
        return Context(plan=plan, history=hist, as_of=None, application=model)

    def run_checks(ctx: Context) -> list[Any]:
        return [r.check.fn(ctx, r) for r in rules]

    results = list(zip(rules, run_checks(context()), strict=True))
    rows: list[tuple[str, Callable[[], Any]]] = [
        ("whole gr.evaluate", lambda: gr.evaluate(app, plan, history=history)),
        ("read_application (pydantic validation of the dict)", lambda: gr_evaluate.read_application(app)),
        ("as_history (what is passed as history=)", lambda: as_history(history)),
        (f"the {len(rules)} checks run per evaluation, without rendering", lambda: run_checks(context())),
        ("  of which correlate (history joins)", lambda: gr_correlate.correlate(context())),
        ("render (message templates) of their results", lambda: [gr_evaluate.render(r, res) for r, res in results]),
        ("_decide (checks + render + Decision)", lambda: gr_evaluate._decide(context(), "application")),
    ]
    ctx = context()
    if len(hist):
        subject, records, _near = gr_correlate.application_facts(ctx)
        rows += [
            ("  application_facts (pre-selection, name index)", lambda: gr_correlate.application_facts(context())),
            (
                f"  run_joins on durable-rules ({len(records)} record fact(s))",
                lambda: gr_correlate.run_joins(subject, records),
            ),
            (
                "  the same joins evaluated in Python",
                lambda: gr_correlate.run_joins(subject, records, use_engine=False),
            ),
        ]
    print(f"\nBreakdown, {label} (µs per evaluation, best of 5 × {n}) / 分阶段耗时：")
    took: dict[str, float] = {}
    for name, fn in rows:
        try:
            took[name] = per_call(fn, n)
            print(f"  {name:<52} {took[name]:>8.1f}")
        except Exception as exc:  # a stage the current library no longer has
            print(f"  {name:<52} {'n/a':>8}  ({type(exc).__name__}: {exc})")
    parts = (
        "_decide (checks + render + Decision)",
        f"the {len(rules)} checks run per evaluation, without rendering",
        "render (message templates) of their results",
    )
    if all(p in took for p in parts):
        rest = took[parts[0]] - took[parts[1]] - took[parts[2]]
        print(f"  {'  → building the Decision (derived: _decide − checks − render)':<52} {rest:>8.1f}")


def what_if(plan: gr.Plan, app: dict[str, Any], history: list[dict[str, Any]], n: int) -> None:
    """The cost of the pieces the suggestions in docs/benchmarks.md would remove (µs per call).

    Each row times one piece of today's work next to a cheaper way of doing the same; nothing in
    the library is changed.
    """
    from datetime import date

    from gongguan_rules.inputs.reading.application import Application
    from gongguan_rules.inputs.reading.dates import to_beijing_date
    from gongguan_rules.inputs.reading.reading import unknown_fields

    from gongguan_rules.judging.decision import Decision, Finding
    from gongguan_rules.records.events import Event
    from gongguan_rules.records.project_names import ProjectNameIndex, normalize_project_name

    model = gr_evaluate.read_application(app)
    index = gr.HistoryIndex(history)
    rules = [r for r in plan.rules if r.applies("application") and r.not_applicable is None]
    ctx = Context(plan=plan, history=index, as_of=None, application=model)
    results = [r.check.fn(ctx, r) for r in rules]
    findings = [gr_evaluate.render(r, res) for r, res in zip(rules, results, strict=True)]
    per_evaluation = [(r, x) for r, x in zip(rules, results, strict=True) if not getattr(r.check, "plan_only", False)]
    payload: dict[str, Any] = {
        "subject": "application",
        "outcome": "eligible",
        "plan_year": plan.year,
        "plan_document": plan.document,
        "as_of": None,
        "findings": findings,
        "effects": {},
        "warnings": [],
    }

    def construct() -> Decision:
        built = [Finding.model_construct(**{**f, "citations": list(f["citations"])}) for f in findings]
        return Decision.model_construct(**{**payload, "findings": built})

    seen: dict[tuple[str, str], str] = {}
    repeated = []
    for r in rules:
        key = (r.check.name, r.params.model_dump_json())
        if key in seen:
            repeated.append(r)
        seen.setdefault(key, r.id)

    def context() -> Context:
        return Context(plan=plan, history=index, as_of=None, application=model)

    subject, records, _ = gr_correlate.application_facts(context())
    named = [
        (i, e["project_name"])
        for i, e in enumerate(history)
        if e.get("project_name") and e["kind"] in ("approved", "excellent_recognized")
    ]
    # findings that depend only on the plan (and as_of): 第二条, 第九条, 第二十七条, 附件4
    constant_checks = ("scope", "plan_published", "regulation_validity", "text_not_available")
    constant = [r for r in rules if r.check.name in constant_checks]
    cached = sum(1 for r in constant if getattr(r.check, "plan_only", False))
    name = app["project"]["name"]
    rows: list[tuple[str, Callable[[], Any]]] = [
        (f"Decision.model_validate of {len(findings)} findings (today)", lambda: Decision.model_validate(payload)),
        ("  the same built with model_construct (no validation: slower!)", construct),
        (
            f"render: 2 message templates × {len(per_evaluation)} findings rendered per evaluation",
            lambda: [gr_evaluate.render(r, x) for r, x in per_evaluation],
        ),
        (
            f"the {len(repeated)} checks that repeat another rule's check and params",
            lambda: [r.check.fn(ctx, r) for r in repeated],
        ),
        ("Application.model_validate(dict) (today)", lambda: Application.model_validate(app)),
        ("unknown_fields(Application, dict) (today)", lambda: unknown_fields(Application, app)),
        ("to_beijing_date('2026-04-10') (today, per date field)", lambda: to_beijing_date("2026-04-10")),
        ("  date.fromisoformat('2026-04-10') (a fast path)", lambda: date.fromisoformat("2026-04-10")),
        ("normalize_project_name(project name) (lru-cached by the library)", lambda: normalize_project_name(name)),
        (
            f"run_joins on durable-rules, {len(records)} record fact(s) (today, (b))",
            lambda: gr_correlate.run_joins(subject, records),
        ),
        (
            "  the same joins in Python (the explainer's evaluation)",
            lambda: gr_correlate.run_joins(subject, records, use_engine=False),
        ),
        ("HistoryIndex(10 dicts) (paid on every call when history is a list)", lambda: gr.HistoryIndex(history)),
        ("  of which 10 × Event.model_validate", lambda: [Event.model_validate(e) for e in history]),
        (
            f"  of which ProjectNameIndex of the {len(named)} named projects and results",
            lambda: ProjectNameIndex(named),
        ),
        (
            f"the {len(constant)} checks + renders whose finding depends on the plan alone"
            + (f" ({cached} cached per plan today)" if cached else ""),
            lambda: [gr_evaluate.render(r, r.check.fn(context(), r)) for r in constant],
        ),
    ]
    print(f"\nWhat the suggestions would remove (µs per call, best of 5 × {n}) / 各项优化可省去的耗时：")
    for label, fn in rows:
        try:
            print(f"  {label:<68} {per_call(fn, n):>8.1f}")
        except Exception as exc:  # a piece the current library no longer has
            print(f"  {label:<68} {'n/a':>8}  ({type(exc).__name__}: {exc})")
    print(f"  (repeated checks: {', '.join(r.id for r in repeated)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="evaluations per profile (default 5000)")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--scenario", nargs="*", default=["a", "b"], choices=["a", "b", "c"])
    parser.add_argument("--no-breakdown", action="store_true")
    args = parser.parse_args(argv)
    for line in machine_info(pin(0)):
        print(line)

    plan = gr.load_plan(2026)
    app = example_application()
    index = gr.HistoryIndex(ten_record_history())
    event, event_history = event_and_history()
    event_index = gr.HistoryIndex(event_history)
    scenarios = {
        "a": ("(a) no history", lambda: gr.evaluate(app, plan)),
        "b": ("(b) 10 records as a HistoryIndex", lambda: gr.evaluate(app, plan, history=index)),
        "c": ("(c) event, 10 records as a HistoryIndex", lambda: gr.evaluate_event(event, plan, history=event_index)),
    }
    for key in args.scenario:
        label, fn = scenarios[key]
        print(f"\n=== cProfile {label} ===")
        print(profile(fn, args.n, args.top))
    if not args.no_breakdown:
        n = max(200, args.n // 5)
        if "a" in args.scenario:
            breakdown(plan, app, None, "(a) no history", n)
        if "b" in args.scenario:
            breakdown(plan, app, index, "(b) 10 records as a HistoryIndex", n)
        what_if(plan, app, ten_record_history(), n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
