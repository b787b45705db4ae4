"""The store's schema as plain SQL migrations, shipped in the package and applied by the store.

库结构以纯 SQL 迁移文件保存（随包发布，由历史库自行执行）。

Each backend has a folder ``migrations/<backend>/`` of files ``NNNN_name.sql``: version NNNN
(1, 2, … with no gap), applied in order, all pending ones in one transaction, and the version
reached recorded with them (SQLite: ``PRAGMA user_version``; PostgreSQL: a row per version in
``gongguan_schema``). Both backends have the same versions: version N is the same logical schema
on either. A statement ends with a ``;`` at the end of a line. See docs/history.md.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from .model import HistoryStoreError, StoreFault

#: The schema this version of the library writes and reads (the last migration of each backend).
SCHEMA_VERSION: Final = 2

BACKENDS: Final = ("sqlite", "postgres")
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    """One migration file: its version, its name and its statements."""

    version: int
    name: str
    statements: tuple[str, ...]


def split_statements(sql: str) -> list[str]:
    """The statements of a migration file: each ends with ``;`` at the end of a line."""
    out: list[str] = []
    current: list[str] = []
    for line in sql.splitlines():
        if line.lstrip().startswith("--"):
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            out.append("\n".join(current).strip().removesuffix(";"))
            current = []
    if "\n".join(current).strip():
        out.append("\n".join(current).strip())
    return [s for s in out if s]


@cache
def migrations(backend: str) -> tuple[Migration, ...]:
    """Every migration of ``backend``, in order; a gap or a stray file is a damaged install."""
    folder = resources.files(__package__ or "gongguan_rules.records.store").joinpath("migrations", backend)
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match is None:
            continue
        found.append(
            Migration(int(match.group(1)), match.group(2), tuple(split_statements(entry.read_text(encoding="utf-8"))))
        )
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, SCHEMA_VERSION + 1)):
        raise HistoryStoreError(
            [
                StoreFault(
                    str(folder),
                    None,
                    f"迁移文件不完整（找到版本 {versions}，应为 1–{SCHEMA_VERSION}），请重新安装 gongguan-rules / the "
                    f"migrations are incomplete (found versions {versions}, expected 1-{SCHEMA_VERSION}): "
                    "reinstall gongguan-rules",
                )
            ]
        )
    return tuple(found)


def pending(backend: str, version: int) -> tuple[Migration, ...]:
    """The migrations a store at ``version`` still needs, in order."""
    return tuple(m for m in migrations(backend) if m.version > version)


def newer_message(version: int) -> str:
    """What to say about a store written by a newer version of the library."""
    return (
        f"历史库由更新的版本写入（库结构 {version}，本版本支持 {SCHEMA_VERSION}），未作任何改动；请升级 "
        f"gongguan-rules / written by a newer version (schema {version}; this version reads {SCHEMA_VERSION}); "
        "left unchanged: upgrade gongguan-rules"
    )


@cache
def expected_columns(version: int) -> frozenset[str]:
    """The columns of the table of records at schema ``version`` (the same on every backend).

    Read from the migrations themselves, applied to an empty in-memory SQLite database, so that
    the list is never written twice.
    """
    conn = sqlite3.connect(":memory:")
    try:
        for migration in migrations("sqlite")[:version]:
            for statement in migration.statements:
                conn.execute(statement)
        return frozenset(row[1] for row in conn.execute("PRAGMA table_info(records)"))
    finally:
        conn.close()
