"""The SQL a store runs, whichever database keeps it; and which database a URL or path names.

历史库所用的 SQL 接口（与数据库无关），以及地址或路径指向哪种数据库。

``History`` speaks to a :class:`Backend`: SQLite (a file, or memory) or PostgreSQL (the shared
record of several offices). A backend runs reads, and runs each write as one transaction that it
serialises against every other writer of the same store (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: a transaction-level advisory lock), so that the judging inside it sees everything
committed before. Every driver error becomes a :class:`HistoryStoreError` saying what to do.
SQL is written with ``?`` placeholders; a backend adapts them to its driver.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

from .model import HistoryStoreError, store_error

T = TypeVar("T")

MEMORY: Final = ":memory:"
#: How long, in seconds, a write waits for the store's lock (held by another writer) in all.
DEFAULT_TIMEOUT: Final = 60.0
#: The columns of a stored record, in the order :func:`row_record` reads them.
COLUMNS: Final = "seq, event_json, decision_json, outcome, recorded_plan, as_of, recorded_by"
#: The columns an insert writes, in order.
INSERT_COLUMNS: Final = (
    "seq, kind, outcome, plan_year, recorded_plan, event_year, event_date, credit_code, unit, unit_key,"
    " unit_name_key, project_name, project_key, as_of, event_json, decision_json, recorded_by"
)

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


class Tx(Protocol):
    """The open write transaction a backend hands to the work it runs."""

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; the rows it returns (none for a statement that returns none)."""


class Backend(ABC):
    """One store's database: reads, serialised write transactions, and closing."""

    #: "sqlite" or "postgres": the folder of its migrations.
    kind: str
    #: The table of records.
    table: str
    #: How errors name the store: its path, or its URL without a password.
    where: str

    @abstractmethod
    def read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query, as committed."""

    @abstractmethod
    def write(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one write transaction, serialised against every other writer; commit.

        ``work`` may run more than once when the database asks for a retry (a lock not granted
        in time, a conflict): it must change nothing outside the transaction that a second run
        would repeat. An error inside ``work`` rolls the transaction back and propagates.
        """

    @abstractmethod
    def next_seq(self, tx: Tx) -> int:
        """The seq of the next record (inside the write transaction, so one writer at a time)."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection; the store's data stays."""

    def fault(self, message: str) -> HistoryStoreError:
        return store_error(self.where, message)


def mask_url(url: str) -> str:
    """The URL without its password, for messages. 去掉密码的地址。"""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    user = parts.username or ""
    netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def sqlite_target(url: str) -> str:
    """The file (or ``:memory:``) that a ``sqlite:`` URL names.

    ``sqlite:///relative/path`` → ``relative/path``; ``sqlite:////absolute/path`` →
    ``/absolute/path``; ``sqlite://`` and ``sqlite:///:memory:`` → memory. The path is taken as
    written (no percent-decoding); a host or a query string is refused.
    """
    rest = url[len("sqlite:") :]
    if rest in ("", "//", "///:memory:"):
        return MEMORY
    if not rest.startswith("///"):
        raise store_error(
            url,
            "SQLite 地址应为 sqlite:///相对路径 或 sqlite:////绝对路径（不含主机名）/ a SQLite URL is "
            "sqlite:///relative/path or sqlite:////absolute/path (no host)",
        )
    path = rest[3:]
    if "?" in path or "#" in path or not path:
        raise store_error(
            url,
            "SQLite 地址只含文件路径，不接受查询参数 / a SQLite URL holds only the file's path, no query "
            "string or fragment",
        )
    return path


def open_backend(url_or_path: str | os.PathLike[str] | None, timeout: float) -> Backend:
    """The backend for a path or URL (see :class:`~gongguan_rules.History`)."""
    if url_or_path is None:
        from .sqlite import SqliteBackend

        return SqliteBackend(MEMORY, timeout)
    if not isinstance(url_or_path, str | os.PathLike):
        raise store_error(
            repr(type(url_or_path).__name__),
            "应为文件路径或数据库地址 / expected a file path or a database URL",
        )
    text = os.fspath(url_or_path)
    if not isinstance(text, str):
        raise store_error(repr(text[:40]), "应为文本路径 / expected a text path, not bytes")
    if isinstance(url_or_path, os.PathLike):
        if "\x00" in text:
            raise store_error(repr(text[:40]), "路径含 NUL / the path holds a NUL character")
        from .sqlite import SqliteBackend

        return SqliteBackend(text, timeout)
    if not text.strip() or "\x00" in text:
        raise store_error(
            repr(text[:40]),
            "应为文件路径或数据库地址（不能为空，不能含 NUL）/ expected a file path or a database URL (not blank, "
            "no NUL character)",
        )
    match = _SCHEME.match(text)
    scheme = match.group(1).lower() if match else ""
    if scheme in ("postgresql", "postgres"):
        from .postgres import PostgresBackend

        return PostgresBackend(text, timeout)
    from .sqlite import SqliteBackend

    if text.lower().startswith("sqlite:"):
        return SqliteBackend(sqlite_target(text), timeout)
    if scheme:
        raise store_error(
            mask_url(text),
            f"不支持的地址类型 {scheme}://；可用：文件路径、sqlite:///路径、postgresql://用户@主机:端口/库 / "
            f"unsupported URL scheme {scheme}://; expected a file path, sqlite:///path or "
            "postgresql://user@host:port/db",
        )
    return SqliteBackend(text, timeout)
