"""The main job on the embedded default: judge an application against the record kept in SQLite.

示例：打开嵌入式默认记录（当前目录下的 gongguan.sqlite3，无需任何配置），依据其中已有的记录判断
examples/application-2026.yaml，打印带出处与补正建议的说明（中文，再英文），以及决定的来源。

The record is the embedded default of the library and its HTTP service (`gongguan-rules serve`):
``gongguan.sqlite3`` in the working directory, created on first use. Judging reads the record and
writes nothing to it, so the example can run again and again.

Usage: python examples/evaluate_example.py [FILE] [YEAR] [--history URL_OR_PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import gongguan_rules as gr
from gongguan_rules.law.strict_yaml import read_yaml

HERE = Path(__file__).parent
DEFAULT_RECORD = "gongguan.sqlite3"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("file", nargs="?", default=str(HERE / "application-2026.yaml"))
    parser.add_argument("year", nargs="?", type=int, default=2026)
    parser.add_argument("--history", default=DEFAULT_RECORD, help="记录 / the record (path or URL)")
    args = parser.parse_args(argv)

    located = read_yaml(Path(args.file).read_text(encoding="utf-8"))
    if located.faults:
        for fault in located.faults:
            print(f"{args.file}:{fault.line}:{fault.column}: {fault.message}")
        return 1
    with gr.History(args.history) as record:
        decision = record.evaluate(located.data, args.year)
        on_record = len(record.records())
    print(decision.explain(lang="zh"))
    print()
    print(decision.explain(lang="en"))
    print()
    p = decision.provenance
    print(f"记录 / record: {args.history} ({on_record} 条 / records on file)")
    print(
        f"来源 / provenance: gongguan-rules {p.library_version}, plan {p.plan_year} sha256 {p.plan_sha256[:12]}…, "
        f"rules sha256 {p.rules_sha256[:12]}…, engine {p.engine}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
