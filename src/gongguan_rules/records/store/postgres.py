"""The shared store: one PostgreSQL database that several offices and servers write to.

共享历史库：多个单位、多台服务器写入同一个 PostgreSQL 数据库。Needs the optional extra
``pip install "gongguan-rules[postgres]"`` (psycopg 3); importing gongguan_rules never does.

- **One order, judged against everything before it.** Every write transaction first takes one
  transaction-level advisory lock of the whole store (``pg_advisory_xact_lock``), then, in READ
  COMMITTED (each statement sees every commit before it), reads the records it has not seen,
  judges the event against the whole record, assigns ``seq`` = the last seq + 1 and inserts. The
  lock is released by the commit, so the next writer sees this record. Two offices recording a
  recognition and its revocation at the same moment are judged one after the other, in the order
  of their seqs, exactly as a replay of the record would judge them. See docs/history.md for why
  a lock and not SERIALIZABLE. Migrations take the same lock at session level before their
  transaction begins, so that they see what another process has just migrated.
- **Durability.** One transaction per record; the commit returns after the server has flushed it
  (``synchronous_commit`` is raised to ``local`` for this session when the server runs with
  ``off``). A connection lost before the commit leaves nothing (the server rolls back and releases
  the lock), and the write is tried again on a new connection; one lost *during* the commit is
  reported, since only the record can tell whether it was stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, Final, TypeVar

from .backend import Backend, Tx, mask_url
from .model import CLOSED, unencodable
from .schema import SCHEMA_VERSION, expected_columns, newer_message, pending

T = TypeVar("T")

#: The advisory lock that serialises the writers of one store ("GGHS" and 1), per database.
LOCK_KEY: Final = 0x4747_4853_0000_0001
_INSTALL = 'pip install "gongguan-rules[postgres]"'
_LEFT = "未作任何改动 / left unchanged"


def _psycopg() -> ModuleType | None:
    """psycopg, imported only when a PostgreSQL store is opened (None when it is not installed)."""
    try:
        import psycopg
    except ImportError:
        return None
    return psycopg


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _params(args: Sequence[Any]) -> tuple[Any, ...]:
    # PostgreSQL text holds no NUL character: an indexed column keeps U+FFFD in its place (the
    # event's JSON text escapes it, so the record itself is kept exactly).
    return tuple(a.replace("\x00", "\ufffd") if isinstance(a, str) else a for a in args)


class _PgTx:
    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self._conn.execute(sql.replace("?", "%s"), _params(args))
        return list(cur.fetchall()) if cur.description is not None else []


class PostgresBackend(Backend):
    """A store in a PostgreSQL database (tables ``gongguan_records`` and ``gongguan_schema``)."""

    kind = "postgres"
    table = "gongguan_records"

    def __init__(self, url: str, timeout: float) -> None:
        try:
            self.where = mask_url(url)
        except ValueError:
            self.where = url.split("@")[-1]  # the part without a user or password
            raise self.fault("不是有效的 PostgreSQL 地址 / not a valid PostgreSQL URL") from None
        if unencodable(url):
            raise self.fault("不是有效的 PostgreSQL 地址 / not a valid PostgreSQL URL")
        self._url = url
        self._timeout = timeout
        module = _psycopg()
        if module is None:
            raise self.fault(
                f"使用 PostgreSQL 历史库需要安装可选依赖：{_INSTALL} / a PostgreSQL store needs the optional "
                f"extra: {_INSTALL}"
            )
        self._pg = module
        self._conn: Any = None
        self._conn = self._connect()
        try:
            if self._version(_PgTx(self._conn)) != SCHEMA_VERSION:  # a current store opens without the lock
                self._migrate()
        except self._pg.Error as exc:
            self.close()
            raise self._translate(exc) from None
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ connecting and opening

    def _connect(self) -> Any:
        pg = self._pg
        try:
            conn = pg.connect(
                self._url,
                autocommit=True,
                connect_timeout=max(2, min(int(self._timeout), 30)),
                fallback_application_name="gongguan-rules",  # how pg_stat_activity shows it
            )
        except ValueError:  # text libpq cannot take
            raise self.fault("不是有效的 PostgreSQL 地址 / not a valid PostgreSQL URL") from None
        except pg.Error as exc:
            raise self.fault(
                f"无法连接 PostgreSQL（{_first_line(exc)}）；请检查服务器是否运行、地址与角色权限 / cannot connect to "
                f"PostgreSQL ({_first_line(exc)}): check that the server runs, the URL, and the role's access"
            ) from None
        try:
            conn.isolation_level = pg.IsolationLevel.READ_COMMITTED
            conn.execute(f"SET lock_timeout = {max(1, int(self._timeout * 1000))}")
            if conn.execute("SHOW synchronous_commit").fetchone()[0] == "off":
                conn.execute("SET synchronous_commit = local")
        except pg.Error as exc:
            conn.close()
            raise self._translate(exc) from None
        return conn

    def _version(self, tx: Tx) -> int:
        """The store's schema version (0: no store yet); raises when it is not ours to use."""
        [(has_schema, has_records)] = tx.execute(
            "SELECT to_regclass('gongguan_schema') IS NOT NULL, to_regclass('gongguan_records') IS NOT NULL"
        )
        if not has_schema and not has_records:
            return 0
        version = 0
        if has_schema:
            version = int(tx.execute("SELECT coalesce(max(version), 0) FROM gongguan_schema")[0][0])
            if version > SCHEMA_VERSION:
                raise self.fault(newer_message(version))
        columns = {
            row[0]
            for row in tx.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass('gongguan_records')"
                " AND attnum > 0 AND NOT attisdropped"
            )
        }
        if not has_schema or version < 1 or not expected_columns(version) <= columns:
            raise self.fault(
                "数据库中有质量攻关历史库的表名，但库结构不完整（缺少 gongguan_schema 或记录表的列），"
                "已损坏；请从备份恢复，"
                f"{_LEFT} / the database holds gongguan tables by name but not the whole store (gongguan_schema "
                f"or columns of gongguan_records are missing): damaged; restore it from a backup; {_LEFT}"
            )
        return version

    def _migrate(self) -> None:
        """Apply the pending migrations in one transaction, under the store's lock.

        The lock is taken at session level *before* the transaction begins, so that the transaction
        sees the catalogue as another process may just have migrated it (a transaction that began
        before waiting for the lock would look the tables up in a stale cache).
        """
        conn = self._conn
        conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        try:
            with conn.transaction():
                tx = _PgTx(conn)
                for migration in pending(self.kind, self._version(tx)):
                    for statement in migration.statements:
                        tx.execute(statement)
                    tx.execute(
                        "INSERT INTO gongguan_schema (version, name) VALUES (?, ?)", (migration.version, migration.name)
                    )
        finally:
            if not (conn.closed or conn.broken):
                conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))

    # ------------------------------------------------------------------ running

    def _connection(self) -> Any:
        if self._conn is None:
            raise self.fault(CLOSED)
        if self._conn.closed or self._conn.broken:
            self._conn = self._connect()
        return self._conn

    def read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        pg = self._pg
        for attempt in (1, 2):
            conn = self._connection()
            try:
                return _PgTx(conn).execute(sql, args)
            except pg.OperationalError as exc:
                if attempt == 1 and (conn.closed or conn.broken):
                    continue  # a lost connection: a read is tried once more on a new one
                raise self._translate(exc) from None
            except pg.Error as exc:
                raise self._translate(exc) from None
        raise AssertionError("unreachable")

    def write(self, work: Callable[[Tx], T]) -> T:
        pg = self._pg
        deadline = time.monotonic() + self._timeout
        pause = 0.05
        while True:
            conn = self._connection()
            committing = False
            try:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                    result = work(_PgTx(conn))
                    committing = True
                return result
            except pg.Error as exc:
                lost = conn.closed or conn.broken
                if committing and lost:
                    raise self.fault(
                        "提交时与 PostgreSQL 的连接中断：该记录可能已保存也可能未保存；请先以 records(after=…) 查看，"
                        "再决定是否重新记录 / the connection to PostgreSQL was lost while committing: the record may "
                        "or may not be stored; look with records(after=…) before recording it again"
                    ) from None
                transient = lost or isinstance(exc, pg.errors.SerializationFailure | pg.errors.DeadlockDetected)
                if transient and time.monotonic() + pause < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 1.0)
                    continue
                raise self._translate(exc) from None

    def next_seq(self, tx: Tx) -> int:
        return int(tx.execute("SELECT coalesce(max(seq), 0) + 1 FROM gongguan_records")[0][0])

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    def _translate(self, exc: BaseException) -> Exception:
        errors = self._pg.errors
        detail = _first_line(exc)
        if isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled):
            return self.fault(
                f"历史库忙：另一写入者持有锁已超过 {self._timeout:g} 秒，本次未保存任何内容；"
                f"请稍后重试，并检查是否有卡住的会话 / the store is busy: another writer has held its lock "
                f"for over {self._timeout:g} s and nothing "
                "was stored by this call; try again later, and look for a stuck session (pg_stat_activity)"
            )
        if isinstance(exc, errors.InsufficientPrivilege | errors.ReadOnlySqlTransaction):
            return self.fault(
                f"数据库角色权限不足（{detail}），本次未保存任何内容；授权方法见 docs/history.md / the database role "
                f"lacks a privilege ({detail}); nothing was stored: see docs/history.md for the grants a writer needs"
            )
        if isinstance(exc, errors.UndefinedTable | errors.UndefinedColumn):
            return self.fault(
                f"历史库的表已不存在或不完整（{detail}）；请从备份恢复 / the store's tables are gone or incomplete "
                f"({detail}): restore them from a backup"
            )
        if isinstance(exc, self._pg.OperationalError):
            return self.fault(
                f"与 PostgreSQL 的连接出错（{detail}），本次未生效；请检查服务器后重试 / the connection to PostgreSQL "
                f"failed ({detail}); this call had no effect: check the server, then retry"
            )
        return self.fault(f"数据库出错（{detail}），本次未生效 / database error ({detail}); this call had no effect")
