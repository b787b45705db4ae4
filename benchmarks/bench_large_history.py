"""How much a large history costs per evaluation (issue: 50,000 past projects, ≤ 1–2 ms added).

大量历史记录对单次判断的额外耗时。Run: ``python benchmarks/bench_large_history.py [--records N]``.
The history is indexed once (``gr.HistoryIndex``); each evaluation then looks up the applicant's
unit, the exact name and similar names (bigram index), and joins only those records.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

import gongguan_rules as gr

WORDS = ["提高", "降低", "焊接", "飞溅率", "合格率", "产品", "质量", "工艺", "缺陷", "能耗"]
WORDS += ["优化", "检测", "装配", "精度", "稳定性", "可靠性", "涂层", "铸件", "轴承", "齿轮"]


def history(n: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [
        {
            "kind": rng.choice(["approved", "excellent_recognized"]),
            "year": rng.randint(2015, 2025),
            "date": f"{rng.randint(2015, 2025)}-06-01",
            "credit_code": f"9112{i:014d}",
            "unit": f"单位{i}",
            "project_name": "".join(rng.sample(WORDS, rng.randint(3, 6))),
        }
        for i in range(n)
    ]


def per_eval_ms(app: dict[str, Any], plan: gr.Plan, hist: gr.HistoryIndex | None, n: int) -> float:
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            gr.evaluate(app, plan, history=hist)
        rounds.append((time.perf_counter() - start) / n * 1000)
    return statistics.median(rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=50_000)
    args = parser.parse_args()
    app = yaml.safe_load((Path(__file__).parents[1] / "examples" / "application-2026.yaml").read_text("utf-8"))
    near = {**app, "project": {**app["project"], "name": "提高焊接飞溅率合格率"}}
    plan = gr.load_plan(2026)
    start = time.perf_counter()
    index = gr.HistoryIndex(history(args.records))
    print(f"index {args.records} records: {time.perf_counter() - start:.2f} s (once)")
    base = per_eval_ms(app, plan, None, 1000)
    print(f"no history:                      {base:.3f} ms/evaluation")
    for label, application in (("distinct name", app), ("a name with near matches", near)):
        with_history = per_eval_ms(application, plan, index, 200)
        print(f"{args.records} records, {label:<24} {with_history:.3f} ms  (+{with_history - base:.3f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
