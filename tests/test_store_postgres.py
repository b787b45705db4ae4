"""The PostgreSQL store: migrations it applies itself, stores it refuses unchanged, roles, lost connections.

PostgreSQL 历史库：自行执行的迁移、拒绝打开且不作改动的数据库、角色权限、连接中断后的恢复。
(What both backends share runs in test_store.py and test_store_crash.py on each.)
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest

import gongguan_rules as gr
from gongguan_rules.records.store import SCHEMA_VERSION, History, HistoryStoreError
from store_support import CODE, event_2026, lifecycle_2021


def query(url: str, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    import psycopg  # present: every test here has a postgres_url, which skips (or fails) without it

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, args)
        return list(cur.fetchall()) if cur.description else []


def contents(url: str) -> list[Any]:
    """Everything of the store in the schema: its tables, their columns and their rows."""
    tables = query(url, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    out: list[Any] = [tables]
    for (table,) in tables:
        out.append(query(url, f'SELECT * FROM "{table}" ORDER BY 1'))
        out.append(
            query(
                url,
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
                "AND NOT attisdropped ORDER BY attnum",
                table,
            )
        )
    return out


def test_migrations_are_applied_once_and_recorded(postgres_url: str) -> None:
    """第十三条's shared record: the store creates its schema itself, in one transaction, and records each
    version it applied; opening again applies nothing."""
    with History(postgres_url) as h:
        h.record(event_2026("application_submitted", "2026-04-10"), 2026, recorded_by="市场监管委")
    versions = query(postgres_url, "SELECT version, name FROM gongguan_schema ORDER BY version")
    assert versions == [(1, "records"), (2, "recorded_by")]
    assert len(versions) == SCHEMA_VERSION
    before = contents(postgres_url)
    with History(postgres_url) as h:
        assert len(h) == 1 and h.records()[0].recorded_by == "市场监管委"
    assert contents(postgres_url) == before


def test_upgrade_from_schema_1(postgres_url: str) -> None:
    """第十三条: a shared store of schema 1 is upgraded on open by its owner, every record kept."""
    with History(postgres_url) as h:
        for event in lifecycle_2021()[:3]:
            h.record(event, 2021)
    query(postgres_url, "ALTER TABLE gongguan_records DROP COLUMN recorded_by")
    query(postgres_url, "DELETE FROM gongguan_schema WHERE version = 2")
    with History(postgres_url) as h:
        assert [r.seq for r in h.records()] == [1, 2, 3]
        h.record(lifecycle_2021()[3], 2021, recorded_by="武清区市场监管局")
        assert h.records()[-1].recorded_by == "武清区市场监管局"
    assert query(postgres_url, "SELECT max(version) FROM gongguan_schema") == [(SCHEMA_VERSION,)]


def test_newer_or_damaged_stores_are_refused_unchanged(postgres_url: str) -> None:
    """第二十五条: a store written by a newer version, or tables of ours without the rest, are refused
    with a clear error, and nothing in the database changes."""
    with History(postgres_url) as h:
        h.record(event_2026("application_submitted", "2026-04-10"), 2026)
    query(
        postgres_url, "INSERT INTO gongguan_schema (version, name) VALUES (%s, 'from_the_future')", SCHEMA_VERSION + 1
    )
    before = contents(postgres_url)
    with pytest.raises(HistoryStoreError, match="newer") as info:
        History(postgres_url)
    assert "upgrade gongguan-rules" in str(info.value)
    assert contents(postgres_url) == before

    query(postgres_url, "DROP TABLE gongguan_schema")  # the records without the table of versions
    before = contents(postgres_url)
    with pytest.raises(HistoryStoreError, match="damaged"):
        History(postgres_url)
    assert contents(postgres_url) == before


def test_password_is_never_shown(postgres_database: str) -> None:
    """Errors name the store by its URL without the password."""
    url = postgres_database.replace("postgres@", "postgres:hunter2@").replace(":5432/", ":1/")
    with pytest.raises(HistoryStoreError, match="cannot connect") as info:
        History(url, timeout=2)
    assert "hunter2" not in str(info.value) and ":***@" in info.value.path


@pytest.fixture
def roles(postgres_url: str) -> Iterator[dict[str, str]]:
    """A writer and a reader role granted as docs/history.md says; dropped afterwards (roles are shared
    by the whole server)."""
    History(postgres_url).close()  # the owner creates the tables
    suffix = secrets.token_hex(4)
    names = {"writer": f"gongguan_test_writer_{suffix}", "reader": f"gongguan_test_reader_{suffix}"}
    schema = query(postgres_url, "SELECT current_schema()")[0][0]
    database = query(postgres_url, "SELECT current_database()")[0][0]
    try:
        for kind, role in names.items():
            query(postgres_url, f'CREATE ROLE "{role}" LOGIN')
            query(postgres_url, f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
            query(postgres_url, f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
            query(postgres_url, f'GRANT SELECT ON gongguan_records, gongguan_schema TO "{role}"')
            if kind == "writer":
                query(postgres_url, f'GRANT INSERT ON gongguan_records TO "{role}"')
        yield {kind: postgres_url.replace("postgres@", f"{role}@", 1) for kind, role in names.items()}
    finally:
        for role in names.values():
            query(postgres_url, f'DROP OWNED BY "{role}"')
            query(postgres_url, f'DROP ROLE IF EXISTS "{role}"')


def test_roles_as_documented(roles: dict[str, str]) -> None:
    """docs/history.md's grants: a writer records and reads; a reader reads, and a write from it is a
    HistoryStoreError naming the missing privilege, nothing stored."""
    with History(roles["writer"]) as office:
        assert office.record(event_2026("application_submitted", "2026-04-10"), 2026).outcome is gr.Outcome.accepted
    with History(roles["reader"]) as reader:
        assert len(reader) == 1 and reader.unit_status(CODE, "2026-04-10").debarred is False
        with pytest.raises(HistoryStoreError, match="lacks a privilege"):
            reader.record(event_2026("recommended", "2026-04-18"), 2026)
        assert len(reader) == 1


def test_a_lost_connection_is_reopened(postgres_url: str) -> None:
    """第十三条: when the server drops the connection between calls (a restart, a failover), the next
    write and the next read reconnect; nothing is lost or written twice."""
    with History(postgres_url) as h:
        h.record(event_2026("application_submitted", "2026-04-10"), 2026)
        for call in ("write", "read"):
            assert query(
                postgres_url,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND application_name = 'gongguan-rules'",
            ) == [(True,)]
            if call == "write":
                assert h.record(event_2026("recommended", "2026-04-18"), 2026).outcome is not None
            else:
                assert [r.seq for r in h.records()] == [1, 2]
