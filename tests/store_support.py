"""Stores to test against: a SQLite file, and a PostgreSQL database of this test session's own.

测试用的历史库：SQLite 文件，以及本次测试会话独有的 PostgreSQL 数据库。

PostgreSQL is looked for at ``GONGGUAN_TEST_POSTGRES`` (default
``postgresql://postgres@127.0.0.1:5432/test``). The session creates its own database
``gongguan_test_<pid>_<random>`` through it (others test against the same server at the same
time), gives each test a schema of its own in it (``?options=-csearch_path=…``), and drops the
database at the end. Without a server, or without psycopg, the PostgreSQL tests are skipped with
the reason shown, and the run ends with a line saying so; with ``GONGGUAN_REQUIRE_POSTGRES=1``
(set by .ci/run) they fail instead.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

# ---------------------------------------------------------------------- the data of the store tests

SRC = Path(__file__).resolve().parents[1] / "src"

CODE = "91120224064012553U"  # 企业, 宝坻区 (tests/cases/2026.yaml's base applicant)
UNIT = "天津某焊材有限公司"
OTHER_CODE = "91120116MA05K3T70H"  # another unit, 滨海新区
OTHER_UNIT = "天津某滨海科技有限公司"
PAST_PROJECT = "提高焊丝表面镀铜层均匀性"
PROJECT = "降低药芯焊丝焊接飞溅率"
RECOMMENDER = {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"}
PANEL = [{"name": "张三", "affiliation": "天津大学", "conflict_declared": False}]

APPLICATION_2026: dict[str, Any] = {
    "applicant": {"name": UNIT, "credit_code": CODE, "org_type": "enterprise", "district": "宝坻区"},
    "project": {
        "name": PROJECT,
        "sector": "焊材",
        "direction": "precision_improvement",
        "start_date": "2024-06-01",
        "expected_benefits": ["quality_efficiency"],
    },
    "materials": ["application_form", "feasibility_analysis", "expected_results"],
    "declarations": {"original": True, "no_confidential_content": True, "truthful": True},
    "recommender": RECOMMENDER,
    "submitted_to_recommender_on": "2026-04-10",
    "recommended_on": "2026-04-18",
}


def lifecycle_2021(code: str = CODE, unit: str = UNIT, project: str = PAST_PROJECT) -> list[dict[str, Any]]:
    """A 2021 project from application to excellent result, every step in time (2021 三)."""
    base = {"year": 2021, "credit_code": code, "unit": unit, "project_name": project}
    steps: list[dict[str, Any]] = [
        {"kind": "application_submitted", "date": "2021-04-10"},
        {"kind": "recommended", "date": "2021-04-15", "recommender": RECOMMENDER},
        {"kind": "approved", "date": "2021-05-20"},
        {"kind": "results_submitted", "date": "2021-10-01"},
        {
            "kind": "results_recommended",
            "date": "2021-10-20",
            "recommender": RECOMMENDER,
            "notice_deadline": "2021-10-30",
        },
        {"kind": "evaluated", "date": "2021-11-10", "experts": PANEL},
        {"kind": "excellent_recognized", "date": "2021-12-10"},
    ]
    return [base | step for step in steps]


def revocation(day: str, code: str = CODE, unit: str = UNIT, project: str = PAST_PROJECT) -> dict[str, Any]:
    return {
        "kind": "recognition_revoked",
        "date": day,
        "year": 2021,
        "credit_code": code,
        "unit": unit,
        "project_name": project,
        "reason": "false_materials",
        "public_notice": True,
    }


def event_2026(kind: str, day: str | None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "year": 2026, "credit_code": CODE, "unit": UNIT, "project_name": PROJECT}
    if day is not None:
        out["date"] = day
    return out | extra


def dumped(items: list[Any]) -> list[Any]:
    return [item.model_dump(mode="json") for item in items]


# ---------------------------------------------------------------------- the stores

ADMIN_URL = os.environ.get("GONGGUAN_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRED = os.environ.get("GONGGUAN_REQUIRE_POSTGRES", "") not in ("", "0")
SKIP_MARK = "PostgreSQL store tests skipped"

_state: dict[str, Any] = {"reason": None, "database": None}


def _database_url(name: str) -> str:
    base, _, _ = ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def schema_url(database_url: str, schema: str) -> str:
    """The URL of a store kept in ``schema`` of the database (search_path set at connection)."""
    return f"{database_url}?options={quote(f'-csearch_path={schema}')}"


def _unavailable(reason: str) -> None:
    _state["reason"] = reason
    message = f"{SKIP_MARK}: {reason}"
    if REQUIRED:
        pytest.fail(f"{message} — GONGGUAN_REQUIRE_POSTGRES=1 requires them (.ci/run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """The URL of a database of this session's own, dropped at the end."""
    if _state["reason"] is not None:
        _unavailable(_state["reason"])
    try:
        import psycopg
    except ImportError:
        _unavailable('psycopg is not installed (pip install "gongguan-rules[postgres]")')
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        _unavailable(f"no server at {ADMIN_URL} ({str(exc).strip().splitlines()[0]})")
    name = f"gongguan_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        _state["database"] = name
        try:
            yield _database_url(name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """A store URL of a fresh schema, for one test."""
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return schema_url(postgres_database, schema)


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


def terminal_summary(reporter: Any) -> None:
    """One line at the end of the run on what happened to the PostgreSQL tests."""
    skipped = [r for r in reporter.stats.get("skipped", []) if SKIP_MARK in str(getattr(r, "longrepr", "") or "")]
    if skipped:
        reporter.write_line(
            f"{SKIP_MARK}: {len(skipped)} tests — {_state['reason']}. Start the server "
            "(docs/history.md) or set GONGGUAN_TEST_POSTGRES; .ci/run requires them.",
            yellow=True,
        )
    elif _state["database"] is not None:
        reporter.write_line(f"PostgreSQL store tests ran against {ADMIN_URL.rpartition('/')[0]} (database dropped).")
