"""The embedded store: one SQLite file (or memory), from the standard library.

嵌入式历史库：一个 SQLite 文件（或内存），使用标准库。

- **Opening changes nothing it should not.** An existing file is inspected first without writing
  (its header, then a read-only connection): a file that is not SQLite, another program's
  database, one of ours without its table of records, a store from a newer schema version, or a
  read-only file is refused with a :class:`HistoryStoreError` and left exactly as it was.
- **Durability.** WAL with ``synchronous=FULL``; one ``BEGIN IMMEDIATE … COMMIT`` per record.
- **Several processes.** ``BEGIN IMMEDIATE`` takes the file's one write lock; a writer waits for it
  (SQLite's busy timeout) and retries what SQLite refuses without waiting, within a bound, then
  fails with a HistoryStoreError saying the store is busy — never ``database is locked``.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import quote

from .backend import MEMORY, Backend
from .model import APPLICATION_ID, CLOSED
from .schema import SCHEMA_VERSION, expected_columns, newer_message, pending

T = TypeVar("T")

_HEADER: Final = b"SQLite format 3\x00"
#: SQLite's busy handler waits at most this long per attempt; attempts repeat until the timeout.
_BUSY_SLICE: Final = 5.0
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_LEFT = "未作任何改动 / left unchanged"


class _SqliteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, tuple(args)).fetchall()


def _primary(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and _primary(exc) in _BUSY


class SqliteBackend(Backend):
    """A store in one SQLite file, or in memory (``:memory:``)."""

    kind = "sqlite"
    table = "records"

    def __init__(self, path: str, timeout: float) -> None:
        self.where = path
        self._timeout = timeout
        self._memory = path == MEMORY
        if not self._memory:
            self._inspect(path)
        try:
            conn = sqlite3.connect(
                path, timeout=min(timeout, _BUSY_SLICE), isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise self.fault(f"无法打开历史库 / cannot open the store: {exc}") from None
        self._conn: sqlite3.Connection | None = conn
        try:
            self._retrying(self._prepare)
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ opening

    def _inspect(self, path: str) -> None:
        """Refuse, without writing anything, a file that must not be opened for writing."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            folder = Path(path).parent
            if not folder.is_dir():
                raise self.fault(
                    f"无法打开历史库：文件夹 {folder} 不存在 / "
                    f"cannot open the store: the folder {folder} does not exist"
                ) from None
            return
        except OSError as exc:
            raise self.fault(f"无法打开历史库 / cannot open the store: {exc.strerror or exc}") from None
        if not stat.S_ISREG(info.st_mode):
            raise self.fault(f"不是普通文件，{_LEFT} / not a regular file; {_LEFT}")
        self._check_writable(path, info)
        if info.st_size == 0:
            return  # SQLite's own reading: an empty file is an empty database
        try:
            with open(path, "rb") as fh:
                header = fh.read(len(_HEADER))
        except OSError as exc:
            raise self.fault(f"无法读取 / cannot read the store: {exc.strerror or exc}") from None
        if header != _HEADER:
            raise self.fault(
                f"不是 SQLite 数据库，{_LEFT} / not an SQLite database (not a usable SQLite file); {_LEFT}"
            )
        # Without a write-ahead log beside it, the file is read as immutable: no lock, no -shm file.
        live = os.path.exists(f"{path}-wal")
        uri = "file:" + quote(os.path.abspath(path)) + ("?mode=ro" if live else "?mode=ro&immutable=1")
        try:
            ro = sqlite3.connect(uri, uri=True, timeout=min(self._timeout, _BUSY_SLICE))
        except sqlite3.Error as exc:
            raise self.fault(f"无法打开历史库 / cannot open the store: {exc}") from None
        try:
            self._version(ro)
        except sqlite3.DatabaseError as exc:
            raise self.fault(
                f"不是可用的 SQLite 数据库，{_LEFT} / not a usable SQLite database: {exc}; {_LEFT}"
            ) from None
        finally:
            ro.close()

    def _check_writable(self, path: str, info: os.stat_result) -> None:
        # A file whose mode lets nobody write is read-only, also to root (who may write anyway).
        if not os.access(path, os.W_OK) or not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise self.fault(
                "历史库文件只读：记录事件需要写入，请授予写权限或复制到可写位置；"
                f"{_LEFT} / the store's file is read-only: recording needs to write; grant write permission or "
                f"copy it somewhere writable; {_LEFT}"
            )

    def _version(self, conn: sqlite3.Connection) -> int:
        """The store's schema version (0: an empty database); raises when it is not ours to use."""
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id == 0 and version == 0 and not tables:
            return 0
        if app_id != APPLICATION_ID:
            raise self.fault(
                "不是质量攻关历史库（application_id 不符），"
                f"{_LEFT} / not a gongguan history store (application_id {app_id:#x}, expected "
                f"{APPLICATION_ID:#x}); {_LEFT}"
            )
        if version > SCHEMA_VERSION:
            raise self.fault(newer_message(version))
        columns = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
        if version < 1 or not expected_columns(version) <= columns:
            raise self.fault(
                f"文件标记为质量攻关历史库，但没有完整的记录表（库结构 {version}），已损坏；请从备份或导出文件恢复，"
                f"{_LEFT} / marked as a gongguan history store but without its table of records (schema "
                f"{version}): damaged; restore it from a backup or an export; {_LEFT}"
            )
        return version

    def _prepare(self) -> None:
        conn = self._connection()
        if not self._memory:
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
            conn.execute("PRAGMA synchronous=FULL")
        if self._version(conn) == SCHEMA_VERSION:
            return  # nothing to migrate: opening takes no write lock
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = self._version(conn)  # again, inside the lock: another process may have begun
            for migration in pending(self.kind, version):
                for statement in migration.statements:
                    conn.execute(statement)
            if version < SCHEMA_VERSION:
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ running

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise self.fault(CLOSED)
        return self._conn

    def _retrying(self, work: Callable[[], T]) -> T:
        """Run ``work``; while SQLite says busy, wait and run it again until the timeout."""
        deadline = time.monotonic() + self._timeout
        pause = 0.01
        while True:
            try:
                return work()
            except sqlite3.Error as exc:
                if _busy(exc) and time.monotonic() + pause < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 0.5)
                    continue
                raise self._translate(exc) from None

    def read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._retrying(lambda: self._connection().execute(sql, tuple(args)).fetchall())

    def write(self, work: Callable[[Any], T]) -> T:
        def attempt() -> T:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(_SqliteTx(conn))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
            return result

        return self._retrying(attempt)

    def next_seq(self, tx: Any) -> int:
        # AUTOINCREMENT's counter too: a seq is never given twice, even after a row was deleted.
        row = tx.execute(
            "SELECT max(coalesce((SELECT max(seq) FROM records), 0),"
            " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'records'), 0))"
        )
        return int(row[0][0]) + 1

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    def _translate(self, exc: sqlite3.Error) -> Exception:
        code = _primary(exc)
        if code in _BUSY:
            return self.fault(
                f"历史库忙：另一进程持有写锁已超过 {self._timeout:g} 秒，本次未保存任何内容；"
                f"请稍后重试，并检查是否有卡住的写入进程 / the store is busy: another process has held its "
                f"write lock for over {self._timeout:g} s "
                "and nothing was stored by this call; try again later, and look for a process stuck while writing"
            )
        if code == sqlite3.SQLITE_READONLY:
            return self.fault(
                "历史库只读（文件、所在文件夹或文件系统不可写），本次未保存任何内容 / "
                "the store is read-only (its file, "
                "folder or file system cannot be written); nothing was stored: grant write permission"
            )
        if code == sqlite3.SQLITE_FULL:
            return self.fault(
                "磁盘已满，本次未保存任何内容；请释放空间后重试 / "
                "the disk is full; nothing was stored: free space and retry"
            )
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return self.fault(
                f"历史库已损坏（{exc}）；请从备份或导出文件恢复 / the store is damaged ({exc}): restore it from a "
                "backup or an export"
            )
        if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN):
            return self.fault(
                f"读写历史库时出错（{exc}），本次未保存任何内容；请检查磁盘与权限 / an I/O error on the store ({exc}); "
                "nothing was stored: check the disk and the permissions"
            )
        return self.fault(
            f"数据库出错（{exc}），本次未保存任何内容 / database error ({exc}); nothing was stored by this call"
        )
