"""The command line: ``gongguan-rules`` (also ``python -m gongguan_rules``). 命令行工具。

Commands / 命令::

    gongguan-rules validate FILE|YEAR…          校验方案文件 / check plan files
    gongguan-rules diff A B [--format json]      方案对比 / what changed between two plans
    gongguan-rules evaluate FILE --plan YEAR     判断申报或事件 / judge applications or events
    gongguan-rules impact FILE --from A --to B   方案影响 / whose outcome changes between two plans
    gongguan-rules explain RULE_ID [--plan Y]    规则说明 / a rule, its citation and its text
    gongguan-rules schema [NAME]                 JSON Schema
    gongguan-rules plans                         随包方案 / the bundled plans
    gongguan-rules serve [--port 8000] …         HTTP 服务 / the HTTP service (extra: server)
    gongguan-rules token NAME                    服务令牌 / a bearer token for the service

Every error is one line on stderr (Chinese first, English beside), never a traceback; see
:data:`~gongguan_rules.cli.common.EXIT_CODES` and docs/cli.md. 所有错误均为一行（中文在前、英文在后），不输出回溯。
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import IO

import yaml

from ..errors import GongguanError, InputError, PlanError
from ..judging.schema import SCHEMA_NAMES
from .common import (
    _EPILOG,
    EXIT_CODES,
    EXIT_FAULTS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    FORMATTER,
    PROG,
    FileFaults,
    UsageError,
    _Parser,
    add_command,
    err,
    plan_error_line,
)
from .evaluate import _cmd_evaluate, add_output_arguments
from .impact import _cmd_impact
from .plans import _cmd_diff, _cmd_explain, _cmd_plans, _cmd_schema, _cmd_validate
from .serve import add_parsers as add_serve_parsers

__all__ = ["EXIT_CODES", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by docs/cli.md's examples). 参数解析器。"""
    parser = _Parser(
        prog=PROG,
        description="天津市质量攻关规则库命令行 / Tianjin quality-tackling rules (质量攻关) on the command line",
        epilog=_EPILOG,
        formatter_class=FORMATTER,
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = add_command(
        sub,
        "validate",
        _cmd_validate,
        help="校验方案文件 / check plan files (every fault, file:line:col)",
        description="校验方案文件，一次列出全部错误 / check plan files, every fault at once",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="方案文件或随包年度 / a plan file or a bundled year")

    p = add_command(
        sub,
        "diff",
        _cmd_diff,
        help="方案对比 / what changed between two plans",
        description="逐条比较两个方案，列出两边出处 / compare two plans clause by clause, citing both sides",
    )
    p.add_argument("a", metavar="A", help="旧方案：年度或文件 / the earlier plan: year or file")
    p.add_argument("b", metavar="B", help="新方案：年度或文件 / the later plan: year or file")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add_command(
        sub,
        "evaluate",
        _cmd_evaluate,
        help="判断申报或事件 / judge an application, an event, or a batch",
        description=(
            "判断一项或一批申报/事件 / judge one application or event, or a batch.\n"
            "输入 / input: .yaml/.yml (mapping = one, list = batch), .json (object or array), .jsonl,\n"
            "  汇总表 / tables: .xlsx, .xls, .csv; - : 标准输入 / standard input (JSON or JSON Lines)\n"
            "带 kind 键的项为事件 / an item with a `kind` key is an event.\n"
            "--fail-on ineligible: 有 ineligible/rejected 时退出码 3 / exit 3 when any outcome is ineligible\n"
            "  or rejected;\n"
            "--fail-on review: 有 needs_review 亦退出码 3 / also when any is needs_review."
        ),
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--plan", help="方案年度或文件（事件带 year 时可省略）/ plan year or file (optional for events with a year)"
    )
    p.add_argument(
        "--history", metavar="FILE", help="历史记录 / past records (YAML, CSV, JSON Lines) or a list of events"
    )
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="判断日期 / the date of the decision")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default="text",
        help="jsonl: 每判断一项即输出一行 / one line per item, written as each is decided",
    )
    add_output_arguments(p)
    p.add_argument(
        "--fail-on",
        dest="fail_on",
        choices=("ineligible", "review"),
        help="按结论设置退出码 3 / exit 3 on these outcomes",
    )

    p = add_command(
        sub,
        "impact",
        _cmd_impact,
        help="方案影响 / whose outcome changes between two plans, and why",
        description=(
            "同一批申报分别按两个方案判断，列出结论变化的统计与各行的原因 / judge the same applications under\n"
            "two plans: the transitions with their counts, and each changed row with the clause behind it.\n"
            "不同年度之间，申报的程序日期与判断日期按年份差顺延（--no-shift 不顺延）/ between years the\n"
            "procedural dates and the decision date move by the difference in years (--no-shift: as given)."
        ),
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help="汇总表或申报文件 / a 汇总表 (.xlsx, .xls, .csv) or .yaml/.json/.jsonl, - for stdin",
    )
    p.add_argument(
        "--from", dest="plan_from", required=True, metavar="A", help="之前的方案 / the earlier plan: year or file"
    )
    p.add_argument("--to", dest="plan_to", required=True, metavar="B", help="之后的方案 / the later plan: year or file")
    p.add_argument("--history", metavar="FILE", help="历史记录 / past records (do not move)")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="按方案 A 的判断日期 / the decision date under A")
    p.add_argument("--no-shift", dest="no_shift", action="store_true", help="日期不顺延 / judge every date as given")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_output_arguments(p)

    p = add_command(
        sub,
        "explain",
        _cmd_explain,
        help="规则说明 / a rule, its citation and its text",
        description="显示规则、出处、原文与参数 / show a rule, its citations, its text and parameters",
    )
    p.add_argument("rule_id", metavar="RULE_ID")
    p.add_argument("--plan", help="方案年度或文件（默认最新随包方案）/ plan year or file (default: the newest bundled)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add_command(
        sub,
        "schema",
        _cmd_schema,
        help="JSON Schema（申报、事件、决定）/ of the application, event and decision",
        description="输出 JSON Schema / print the JSON Schema",
    )
    p.add_argument("name", nargs="?", choices=(*SCHEMA_NAMES, "all"), default="all")

    p = add_command(
        sub,
        "plans",
        _cmd_plans,
        help="随包方案 / the bundled plans and their documents",
        description="列出随包方案 / list the bundled plans",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")

    add_serve_parsers(sub)
    return parser


def _safe_streams(streams: Sequence[IO[str]]) -> None:
    """Never fail on a console that cannot show Chinese: replace what it cannot encode."""
    for stream in streams:
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
        reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
        if encoding not in ("utf8", "utf8sig") and reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code. 运行命令行，返回退出码。"""
    _safe_streams([sys.stdout, sys.stderr])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "func", None) is None:
            raise UsageError(
                "缺少命令（validate、diff、evaluate、impact、explain、schema、plans、serve、token）",
                f"no command given; run `{PROG} --help`",
            )
        code: int = args.func(args)
        return code
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        err(str(exc))
    except FileFaults as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
    except PlanError as exc:
        err(plan_error_line(exc))
    except InputError as exc:
        err(f"输入有误 / bad input: {exc}")
    except GongguanError as exc:
        err(str(exc).splitlines()[0])
    except BrokenPipeError:
        return EXIT_FAULTS
    except UnicodeDecodeError as exc:
        err(f"无法解码的文本 / text that cannot be decoded: {exc.reason}")
    except OSError as exc:
        err(f"无法读取文件 / cannot read a file: {exc.filename or ''}: {exc.strerror or exc}")
    except (yaml.YAMLError, ValueError) as exc:
        err(f"输入有误 / bad input: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    except KeyboardInterrupt:
        err("已中断 / interrupted")
        return 130
    except Exception as exc:  # one line instead of a traceback, by design
        err(f"内部错误，请报告 / internal error, please report it: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL
    return EXIT_USAGE
