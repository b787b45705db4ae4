"""The commands of the HTTP service: ``serve`` and ``token``. HTTP 服务的命令。

``gongguan-rules serve`` runs the service (the optional extra ``server``) on uvicorn;
``gongguan-rules token NAME`` makes a bearer token for the service's ``--token-file``.
See docs/service.md.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys

from ..errors import GongguanError
from .common import EXIT_OK, FileFaults, Subcommands, UsageError, add_command, err, say

__all__ = ["add_parsers"]

_DEFAULT_HISTORY = "gongguan.sqlite3"
_DEFAULT_MAX_BODY = 8 * 1024 * 1024  # the server's DEFAULT_MAX_BODY; kept here so --help needs no extra
_NEEDS_EXTRA = (
    '需要安装 server 扩展：pip install "gongguan-rules[server]"',
    'the service needs the server extra: pip install "gongguan-rules[server]"',
)


def add_parsers(sub: Subcommands) -> None:
    """Register ``serve`` and ``token`` on the command line's sub-parsers. 注册命令。"""
    p = add_command(
        sub,
        "serve",
        _cmd_serve,
        help="运行 HTTP 服务 / run the HTTP service (extra: server)",
        description=(
            "运行 HTTP 服务：判断、方案与规则、共享的记录、中文核查页面 / run the HTTP service: evaluation,\n"
            "plans and rules, the shared record, and the checking page (docs/service.md)."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="监听地址 / address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port", type=_port, default=8000, help="端口；0 为任一空闲端口（启动时打印）/ port; 0: any free one (printed)"
    )
    p.add_argument(
        "--history",
        default=_DEFAULT_HISTORY,
        metavar="URL",
        help=(
            "记录：文件路径、sqlite:///相对路径、sqlite:////绝对路径 或 postgresql://… / the record: a path, "
            f"sqlite:///relative, sqlite:////absolute or postgresql://… (default {_DEFAULT_HISTORY})"
        ),
    )
    p.add_argument(
        "--token-file",
        dest="token_file",
        metavar="FILE",
        help="令牌文件（每行 名称:SHA256）/ the token file (NAME:SHA256HEX lines)",
    )
    p.add_argument(
        "--max-body",
        dest="max_body",
        type=_size,
        default=_DEFAULT_MAX_BODY,
        metavar="BYTES",
        help=f"请求体上限 / the largest request body (default {_DEFAULT_MAX_BODY} = 8 MiB)",
    )

    p = add_command(
        sub,
        "token",
        _cmd_token,
        help="生成服务令牌 / make a bearer token for the service",
        description=(
            "生成一个随机令牌（只显示一次）及要加入令牌文件的一行 / print a new random token, once, and the\n"
            "line to add to the service's --token-file. 标准输出：第 1 行令牌，第 2 行 名称:SHA256 /\n"
            "standard output: line 1 the token, line 2 NAME:SHA256HEX."
        ),
    )
    p.add_argument("name", metavar="NAME", help="令牌持有人，记录中显示为 recorded_by / who holds it (recorded_by)")


def _port(text: str) -> int:
    if not text.strip().isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"端口应为 0–65535 / a port is 0-65535: {text!r}")
    return int(text)


def _size(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"应为字节数 / expected a number of bytes: {text!r}")
    return int(text)


def _cmd_token(args: argparse.Namespace) -> int:
    from ..server.auth import new_token, token_line

    token = new_token()
    try:
        line = token_line(args.name, token)
    except ValueError as exc:
        raise UsageError("名称无效", str(exc)) from None
    say(token)
    say(line)
    print(
        "第 1 行是令牌，只显示这一次，请交给持有人妥善保存；第 2 行加入服务的令牌文件（--token-file）。\n"
        "Line 1 is the token, shown only this once: hand it to its holder. Add line 2 to the service's "
        "--token-file.",
        file=sys.stderr,
    )
    return EXIT_OK


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port). 监听套接字。"""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=2048)
    except OSError as exc:
        raise UsageError(f"无法监听 {host}:{port}", f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..server import create_app
        from ..server.auth import TokenFileError, Tokens
    except ImportError:
        raise UsageError(*_NEEDS_EXTRA) from None
    tokens = Tokens()
    if args.token_file is not None:
        try:
            tokens = Tokens.from_file(args.token_file)
        except TokenFileError as exc:
            raise FileFaults(str(exc).splitlines()) from None
    if not len(tokens):
        err(
            "提示：没有可用的令牌（--token-file），写入与查阅记录的请求都将被拒绝（401）/ note: no tokens "
            "(--token-file): writing and reading the record will be refused (401)"
        )
    try:  # the record opens (or is created) before the port is taken; the app owns it and closes it on shutdown
        app = create_app(history=args.history, tokens=tokens, max_body=args.max_body)
    except GongguanError as exc:
        raise UsageError("无法打开记录", str(exc).splitlines()[0]) from None
    listener = _listen(args.host, args.port)
    host, port = listener.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    say(f"gongguan-rules 服务地址 / serving on http://{shown}:{port}  (记录 / history: {os.fspath(args.history)})")
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="warning", server_header=False, timeout_graceful_shutdown=10)
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
    return EXIT_OK
