"""Evaluate the example application and print the explained decision.

运行示例：判断 examples/application-2026.yaml 并打印带说明的决定（中文，再英文）。
Usage: python examples/evaluate_example.py [FILE] [YEAR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

import gongguan_rules as gr


def main() -> int:
    here = Path(__file__).parent
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "application-2026.yaml"
    year = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    application = yaml.safe_load(path.read_text(encoding="utf-8"))
    decision = gr.evaluate(application, year)
    print(decision.explain(lang="zh"))
    print()
    print(decision.explain(lang="en"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
