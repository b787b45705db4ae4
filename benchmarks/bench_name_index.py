"""Benchmark: ProjectNameIndex.similar against a brute-force scan, on 50,000 names.

基准：在 50,000 个项目名称上比较索引查询与逐条比较的耗时。

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_name_index.py [--names 50000] [--queries 2000]

Two corpora are measured: ``random`` (8–20 characters drawn uniformly from 3,500 CJK
ideographs) and ``titles``, which imitates real project titles (an opening verb such as 提高/降低,
a product, a quality measure, filler) so that common bigrams (提高, 合格, 格率) have long posting
lists, which is much harder for the index. Queries are a mix of indexed names, lightly edited
indexed names and fresh names. The script also checks that the index returns
exactly what the brute-force scan returns, and exits with status 1 if it does not.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter

from gongguan_rules.records.project_names import (
    ProjectNameIndex,
    name_grams,
    normalize_project_name,
)

VERBS = ["提高", "降低", "提升", "减少", "优化", "缩短", "改善", "攻克", "研制", "控制"]
PRODUCTS = [
    "药芯焊丝",
    "汽车座椅",
    "锂电池隔膜",
    "光伏组件",
    "铝合金轮毂",
    "不锈钢管",
    "注塑件",
    "电机定子",
    "齿轮箱",
    "液压阀",
    "钢丝绳",
    "轴承套圈",
    "电路板",
    "预制构件",
    "乳制品",
    "中成药",
    "医用导管",
    "涂料",
    "橡胶密封圈",
    "风电叶片",
    "轨道车辆转向架",
    "集装箱",
]
MEASURES = [
    "一次交检合格率",
    "焊接飞溅率",
    "不良率",
    "返工率",
    "尺寸精度",
    "表面缺陷",
    "生产周期",
    "能耗",
    "废品率",
    "使用寿命",
    "装配效率",
    "客户投诉率",
    "漏检率",
    "质量稳定性",
]
FILLER = "的在与及其关键工艺技术质量过程参数检测装置方法系统自动化智能新型高效精密改进分析"
COMMON_CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]


def make_random_name(rng: random.Random) -> str:
    """8–20 ideographs drawn uniformly."""
    return "".join(rng.choice(COMMON_CJK) for _ in range(rng.randint(8, 20)))


def make_title(rng: random.Random) -> str:
    """One plausible project title of 8–20 characters."""
    target = rng.randint(8, 20)
    parts = [rng.choice(VERBS), rng.choice(PRODUCTS), rng.choice(MEASURES)]
    if rng.random() < 0.5:
        parts.insert(1, "".join(rng.choice(COMMON_CJK) for _ in range(rng.randint(1, 3))))
    name = "".join(parts)
    while len(name) < target:
        source = FILLER if rng.random() < 0.5 else COMMON_CJK
        name += rng.choice(source)
    return name[:target]


def edit(rng: random.Random, name: str) -> str:
    """Change one or two characters of ``name``."""
    chars = list(name)
    for _ in range(rng.randint(1, 2)):
        chars[rng.randrange(len(chars))] = rng.choice(COMMON_CJK)
    return "".join(chars)


def brute_force(
    grams: list[tuple[int, Counter[str], int]],
    normalized: dict[int, str],
    query: str,
    threshold: float,
    limit: int,
) -> list[tuple[int, float]]:
    """The baseline: score every record (grams precomputed, the fairest scan)."""
    q = normalize_project_name(query)
    q_grams = Counter(name_grams(query))
    q_size = sum(q_grams.values())
    hits: list[tuple[int, float]] = []
    for record_id, counts, size in grams:
        if normalized[record_id] == q:
            score = 1.0
        elif not size or not q_size:
            score = 0.0
        else:
            shared = sum(min(n, counts[g]) for g, n in q_grams.items())
            score = 2.0 * shared / (q_size + size)
        if score >= threshold:
            hits.append((record_id, score))
    hits.sort(key=lambda hit: (-hit[1], hit[0]))
    return hits[:limit]


def run(corpus: str, args: argparse.Namespace) -> int:
    """Time one corpus; return the number of queries where index and scan disagree."""
    make_name = make_title if corpus == "titles" else make_random_name
    rng = random.Random(args.seed)
    names = [make_name(rng) for _ in range(args.names)]
    records = list(enumerate(names))

    started = time.perf_counter()
    index = ProjectNameIndex(records)
    build_s = time.perf_counter() - started
    print(f"[{corpus}] indexed {len(index):,} names in {build_s:.2f} s")

    queries: list[str] = []
    for _ in range(args.queries):
        roll = rng.random()
        if roll < 0.4:
            queries.append(rng.choice(names))
        elif roll < 0.7:
            queries.append(edit(rng, rng.choice(names)))
        else:
            queries.append(make_name(rng))

    normalized = {record_id: index.normalized(record_id) for record_id, _ in records}
    grams = [(record_id, Counter(name_grams(name)), len(name_grams(name))) for record_id, name in records]

    failures = 0
    for threshold in (0.6, 0.8, 0.9):
        timings: list[float] = []
        for query in queries:
            t0 = time.perf_counter()
            index.similar(query, threshold)
            timings.append(time.perf_counter() - t0)
        index_us = statistics.fmean(timings) * 1e6

        brute_timings: list[float] = []
        for query in queries[: args.brute_queries]:
            t0 = time.perf_counter()
            expected = brute_force(grams, normalized, query, threshold, 5)
            brute_timings.append(time.perf_counter() - t0)
            if index.similar(query, threshold) != expected:
                failures += 1
                print(f"MISMATCH at threshold {threshold}: {query!r}", file=sys.stderr)
        brute_us = statistics.fmean(brute_timings) * 1e6
        print(
            f"[{corpus}] threshold {threshold:.2f}: index {index_us:8.1f} µs/call "
            f"(p99 {sorted(timings)[int(len(timings) * 0.99)] * 1e6:7.1f} µs), "
            f"brute force {brute_us:10.1f} µs/call, ratio {brute_us / index_us:7.0f}x"
        )
    return failures


def main() -> int:
    """Build each corpus, time both methods, print the means and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--brute-queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20260323)
    parser.add_argument("--corpus", choices=["random", "titles", "both"], default="both")
    args = parser.parse_args()
    corpora = ["random", "titles"] if args.corpus == "both" else [args.corpus]
    failures = sum(run(corpus, args) for corpus in corpora)
    if failures:
        print(f"{failures} queries differ from the brute-force scan", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
