"""Reading a file a user hands over: only a regular file, only up to a size, in one encoding.

读取用户提供的文件：只读普通文件（拒绝目录、FIFO、设备文件）、不超过规定大小、整个文件只用一种编码。

Every reader of the library (plans, history files, tables, JSON Lines imports, the command line's
input files) goes through :func:`read_bytes` and, for text, :func:`decode_text`, so that a FIFO
never blocks, ``/dev/zero`` is never read, an oversized file is refused before it is read, and a
file that mixes encodings is refused naming its first line that does not decode instead of being
decoded whole in another encoding (which turns every name into garbage).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..quoting import printable

MiB = 1024 * 1024

#: The largest file each reader accepts (documented in docs/cli.md and docs/history.md).
LIMITS: dict[str, int] = {
    "plan": MiB // 4,  # a real plan file is about 10 KB; YAML this size still reads in about a second
    "rules": 1 * MiB,
    "input": 256 * MiB,  # applications or events to evaluate
    "history": 256 * MiB,  # a history file (YAML, CSV, JSON Lines)
    "table": 256 * MiB,  # a 汇总表 (.xlsx, .xls, .csv)
    "import": 1024 * MiB,  # a store's JSON Lines export
    "tokens": 1 * MiB,  # the service's --token-file (one NAME:SHA256HEX line per token)
}


class FileRefused(InputError):
    """A file that is not read at all: not a regular file, too large, unreadable, or not text.

    拒绝读取的文件。``path`` names the file; ``line`` the first line that does not decode, if any.
    """

    code = "file_refused"

    def __init__(self, path: str | os.PathLike[str], message: str, line: int | None = None) -> None:
        self.file = str(path)
        self.line = line
        shown = printable(self.file, 600)
        where = f"{shown}:{line}" if line is not None else shown
        self.message = message
        super().__init__([(where, message)])

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (type(self), (self.file, self.message, self.line))


def _size_text(n: int) -> str:
    return f"{n / MiB:.1f} MiB" if n >= MiB else f"{n} bytes"


def open_regular(path: str | os.PathLike[str], kind: str) -> BinaryIO:
    """A regular file of at most ``LIMITS[kind]`` bytes, open for reading, else :class:`FileRefused`.

    The file is opened without blocking (a FIFO never blocks) and checked on the open descriptor,
    so nothing can replace it between the check and the read. For readers that stream (the
    command line's JSON Lines); the caller closes it. 以流方式打开普通文件。
    """
    limit = LIMITS[kind]
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused(name, "文件不存在 / no such file") from None
    except IsADirectoryError:
        raise FileRefused(name, "是目录，不是文件 / is a directory, not a file") from None
    except PermissionError:
        raise FileRefused(name, "无权读取 / permission denied") from None
    except OSError as exc:
        raise FileRefused(name, f"无法打开 / cannot open: {exc.strerror or type(exc).__name__}") from None
    except ValueError:  # a NUL character, or a lone surrogate the file system cannot encode
        raise FileRefused(
            name, "不是有效的路径（含 NUL 或无法编码的字符）/ not a valid path (a NUL or an unencodable character)"
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused(name, "是目录，不是文件 / is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(
                name, "不是普通文件（FIFO、设备或套接字），拒绝读取 / not a regular file (a FIFO, device or socket)"
            )
        if info.st_size > limit:
            raise FileRefused(
                name,
                f"文件过大（{_size_text(info.st_size)}，上限 {_size_text(limit)}）/ "
                f"file too large ({_size_text(info.st_size)}; the limit is {_size_text(limit)})",
            )
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", closefd=True)
    except OSError as exc:
        os.close(fd)
        raise FileRefused(name, f"无法读取 / cannot read: {exc.strerror or type(exc).__name__}") from None
    except FileRefused:
        os.close(fd)
        raise


def read_bytes(path: str | os.PathLike[str], kind: str) -> bytes:
    """The bytes of a regular file of at most ``LIMITS[kind]`` bytes, else :class:`FileRefused`.

    Opened by :func:`open_regular`; at most the limit plus one byte is ever read, and memory is
    taken for the file's own size, not for the limit.
    """
    limit = LIMITS[kind]
    name = os.fspath(path)
    with open_regular(name, kind) as handle:
        try:
            # read(n) allocates n bytes at once: ask for the size the file has (one byte more, to
            # see it grow), then for more only while it keeps growing, never past the limit
            size = os.fstat(handle.fileno()).st_size
            chunks = [handle.read(min(size, limit) + 1)]
            total = len(chunks[0])
            while chunks[-1] and total <= limit:
                chunks.append(handle.read(min(MiB, limit + 1 - total)))
                total += len(chunks[-1])
            data = b"".join(chunks)
        except OSError as exc:
            raise FileRefused(name, f"无法读取 / cannot read: {exc.strerror or type(exc).__name__}") from None
    if len(data) > limit:  # the file grew while it was read
        raise FileRefused(
            name, f"文件过大（上限 {_size_text(limit)}）/ file too large (the limit is {_size_text(limit)})"
        )
    return data


def decode_text(data: bytes, path: str | os.PathLike[str]) -> str:
    """Text in exactly one encoding: UTF-8 (with or without a BOM), else GB18030.

    Each line holding non-ASCII bytes is tried as UTF-8. When every such line is UTF-8, the file
    is UTF-8; when none is, it is GB18030; when some are and some are not (UTF-8 rows with a
    GB18030 row pasted in), the file is refused naming the first line that is not UTF-8, never
    decoded whole in either encoding (which would turn every name into garbage). A NUL byte means
    the file is not text.
    """
    name = os.fspath(path)
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    utf8_lines = 0
    first_bad: int | None = None
    for number, line in enumerate(body.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            if first_bad is None:
                first_bad = number
        else:
            utf8_lines += 1
    if first_bad is None:
        text = body.decode("utf-8")
    elif bom or utf8_lines:
        raise FileRefused(
            name,
            f"第 {first_bad} 行不是 UTF-8 编码，而文件其余部分是：整个文件须使用同一种编码（UTF-8 或 GB18030）/ "
            f"line {first_bad} is not UTF-8 while the rest of the file is; "
            "the whole file must be in one encoding (UTF-8 or GB18030)",
            first_bad,
        )
    else:
        try:
            text = body.decode("gb18030")
        except UnicodeDecodeError as exc:
            bad = body[: exc.start].count(b"\n") + 1
            raise FileRefused(
                name, f"第 {bad} 行既不是 UTF-8 也不是 GB18030 编码 / line {bad} is neither UTF-8 nor GB18030 text", bad
            ) from None
    if "\x00" in text:
        bad = text[: text.index("\x00")].count("\n") + 1
        raise FileRefused(name, f"第 {bad} 行含 NUL 字节，不是文本文件 / line {bad} holds a NUL byte: not text", bad)
    return text


def read_text(path: str | os.PathLike[str], kind: str) -> str:
    """:func:`read_bytes` then :func:`decode_text`. 读取文本文件。"""
    return decode_text(read_bytes(path, kind), path)


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names an existing regular file (following links), without opening it."""
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except (OSError, ValueError):
        return False
