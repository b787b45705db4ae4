"""What every command shares: exit codes, one-line errors, output helpers, loading plans.

命令共用的部分：退出码、单行错误、输出与方案加载。
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable
from typing import Any, NoReturn, TypeAlias

from ..errors import PlanError
from ..law.plan_source import year_of
from ..law.plans import Plan, available_plans, load_plan

PROG = "gongguan-rules"

EXIT_OK = 0
EXIT_FAULTS = 1
EXIT_USAGE = 2
EXIT_FAIL_ON = 3
EXIT_INTERNAL = 4
EXIT_TABLE_COLUMNS = 5

#: Exit codes, shown by ``--help`` and documented in docs/cli.md. 退出码。
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "成功 / success (evaluate: every item was evaluated, whatever its outcome)",
    EXIT_FAULTS: "发现错误 / faults found: validate found a fault; evaluate could not read an "
    "item; explain: unknown rule id",
    EXIT_USAGE: "用法或输入错误 / usage error: bad arguments, or a file (input, plan, history) "
    "that cannot be read at all",
    EXIT_FAIL_ON: "evaluate --fail-on: 有项目的结论达到所设条件 / an outcome met --fail-on",
    EXIT_INTERNAL: "内部错误 / internal error (a bug: please report it)",
    EXIT_TABLE_COLUMNS: "evaluate/impact: 汇总表有未识别的列（每行仍已判断；--allow-unknown-columns 接受）/ "
    "a table had unknown columns (every row was still judged; --allow-unknown-columns accepts them)",
}

_EPILOG = "退出码 / exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())


class UsageError(Exception):
    """A usage error: one line, exit 2. 用法错误。"""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")


class FileFaults(Exception):
    """A file that cannot be read: one line per fault, each ``file:line[:col]: message``; exit 2."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class _Parser(argparse.ArgumentParser):
    """argparse with errors as one line (exit 2) instead of usage text on stderr."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"参数有误（见 {self.prog} --help）", message)


Subcommands: TypeAlias = "argparse._SubParsersAction[_Parser]"
"""The type of ``parser.add_subparsers()``."""
FORMATTER = argparse.RawDescriptionHelpFormatter
"""Every parser's help formatter: descriptions and the epilog keep their line breaks."""


def add_command(
    sub: Subcommands, name: str, func: Callable[[argparse.Namespace], int], help: str, description: str
) -> argparse.ArgumentParser:
    """Add the subcommand ``name`` that runs ``func``, with the shared epilog (the exit codes) and
    formatter; returns its parser for the arguments. 添加子命令（共用退出码说明与格式）。"""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help, description=description, epilog=_EPILOG, formatter_class=FORMATTER
    )
    parser.set_defaults(func=func)
    return parser


def say(line: str) -> None:
    print(line)


def err(line: str) -> None:
    print(f"{PROG}: {line}", file=sys.stderr)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def plan_ref(text: str) -> int | str:
    """A bundled year (``2026``: ASCII digits, never a path) or a plan file's path (``./2026``)."""
    year = year_of(text)
    return text if year is None else year


def plan_error_line(exc: PlanError) -> str:
    more = len(exc.faults) - 1
    line = str(exc.faults[0])
    if more:
        line += f"（另有 {more} 处，运行 {PROG} validate 查看 / and {more} more; run `{PROG} validate`）"
    return line


def load(ref: str) -> Plan:
    """Load a plan for a command; a faulty plan is a usage error (exit 2)."""
    return load_plan(plan_ref(ref))


def bundled_plans() -> list[Plan]:
    plans = []
    for year in available_plans():
        try:
            plans.append(load_plan(year))
        except PlanError as exc:
            err(f"warning: {plan_error_line(exc)}")
    return plans
