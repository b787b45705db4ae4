"""Writers killed with SIGKILL at random moments, alone and several at once, on SQLite and PostgreSQL.

进程被 SIGKILL 随机杀死（单个写入者与多个并发写入者，SQLite 与 PostgreSQL）：每条已确认的记录
（record() 已返回并经管道报告给父进程）重启后仍在；不丢失、不重复；序号构成唯一的全序。
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

import gongguan_rules as gr
from gongguan_rules.records.store import History
from store_support import CODE, SRC

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

# A writer records events in a loop and, after each record() has returned, reports "seq name i" on
# its stdout. Every fifth event is a fee (第十九条: rejected), the rest applications (accepted).
WRITER = """
import sys
from gongguan_rules.records.store import History

url, name, code = sys.argv[1:4]
store = History(url)
i = 0
while True:
    i += 1
    event = {"year": 2026, "credit_code": code, "unit": "天津某焊材有限公司", "project_name": f"{name}-{i}"}
    if i % 5 == 0:
        event |= {"kind": "fee_charged", "date": "2026-05-02", "amount": 100}
    else:
        event |= {"kind": "application_submitted", "date": "2026-04-10"}
    rec = store.record_entry(event, 2026, recorded_by=name)
    print(rec.seq, name, i, flush=True)
"""


@dataclass
class Writer:
    name: str
    proc: subprocess.Popen[str]
    acknowledged: list[tuple[int, int]] = field(default_factory=list)  # (seq, i)
    stderr: str = ""

    def read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if not line.endswith("\n"):
                break  # cut by the kill: not acknowledged
            seq, name, i = line.split()
            assert name == self.name
            self.acknowledged.append((int(seq), int(i)))


def start(url: str, name: str) -> tuple[Writer, threading.Thread]:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, name, CODE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    writer = Writer(name, proc)
    reader = threading.Thread(target=writer.read, daemon=True)
    reader.start()
    return writer, reader


def run_round(url: str, names: list[str], rng: random.Random, early: bool) -> list[Writer]:
    """Start the writers, let each acknowledge a random number of records, SIGKILL each at random."""
    started = [start(url, name) for name in names]
    deadline = time.monotonic() + 120
    try:
        for writer, _ in started:
            if early:
                time.sleep(rng.uniform(0.0, 1.5))  # maybe while opening, maybe while writing
            else:
                wanted = rng.randint(3, 25)
                while len(writer.acknowledged) < wanted and writer.proc.poll() is None:
                    assert time.monotonic() < deadline, "a writer made no progress"
                    time.sleep(0.01)
                time.sleep(rng.uniform(0.0, 0.03))
            writer.proc.send_signal(signal.SIGKILL)
    finally:
        for writer, reader in started:
            if writer.proc.poll() is None:
                writer.proc.kill()
            writer.proc.wait(timeout=60)
            reader.join(timeout=60)
            assert writer.proc.stderr is not None
            writer.stderr = writer.proc.stderr.read()
            writer.proc.stderr.close()
            assert writer.proc.stdout is not None
            writer.proc.stdout.close()
    return [w for w, _ in started]


def settle(url: str) -> None:
    """Wait until the server has finished with the killed writers' sessions.

    A writer killed just after sending COMMIT may still be committed by the server a moment later
    (it was never acknowledged, so either way is right); the checks read the record once it is still.
    """
    import psycopg

    deadline = time.monotonic() + 60
    with psycopg.connect(url, autocommit=True, application_name="gongguan-test") as conn:
        while conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND application_name = 'gongguan-rules'"
        ).fetchone() != (0,):
            assert time.monotonic() < deadline, "the killed writers' sessions never ended"
            time.sleep(0.05)


def check_store(url: str, writers: list[Writer], seed: int) -> None:
    """Every acknowledged record is there, once, whole; seqs are one gapless order."""
    context = f"seed {seed}"
    if url.startswith("postgresql://"):
        settle(url)
    for w in writers:
        assert w.proc.returncode == -signal.SIGKILL, f"{context}: {w.name} ended by itself: {w.stderr[-2000:]}"
        assert "locked" not in w.stderr, context
    if not url.startswith("postgresql://"):
        with sqlite3.connect(url) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", context
        conn.close()
    with History(url) as h:
        records = h.records()
        seqs = [r.seq for r in records]
        assert seqs == list(range(1, len(seqs) + 1)), f"{context}: a gap or a repeat in {seqs}"
        by_seq = {r.seq: r for r in records}
        names = [r.event.project_name for r in records]
        assert len(names) == len(set(names)), f"{context}: a record stored twice"
        for w in writers:
            for seq, i in w.acknowledged:
                rec = by_seq.get(seq)
                assert rec is not None, f"{context}: acknowledged seq {seq} of {w.name} lost"
                assert rec.event.project_name == f"{w.name}-{i}" and rec.recorded_by == w.name, context
                assert rec.outcome is (gr.Outcome.rejected if i % 5 == 0 else gr.Outcome.accepted), context
                assert rec.decision.outcome is rec.outcome, context
            mine = [
                (r.seq, int(str(r.event.project_name).rsplit("-", 1)[1])) for r in records if r.recorded_by == w.name
            ]
            numbers = [i for _, i in mine]
            # one order: each writer's records in its own order, from 1, with at most one committed
            # but not yet reported when it was killed
            assert numbers == list(range(1, len(numbers) + 1)), f"{context}: {w.name} out of order: {numbers}"
            assert len(numbers) - len(w.acknowledged) in (0, 1), context
        assert len(h.history()) == sum(r.outcome is not gr.Outcome.rejected for r in records)


@pytest.mark.parametrize("writers", [1, 3], ids=["one-writer", "three-writers"])
def test_killed_writers_lose_nothing_acknowledged(store_url: str, writers: int) -> None:
    """第二十五条 and 第十九条 rely on a complete record (issue 9 item 5, store side): writers killed with
    SIGKILL at random moments — while opening, while judging, while committing — and restarted; every
    record they reported is there after restart, none twice, seqs one gapless order."""
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    every: list[Writer] = []
    for round_number in range(3):
        names = [f"w{round_number}{k}" for k in range(writers)]
        every += run_round(store_url, names, rng, early=round_number == 0)
        check_store(store_url, every, seed)
    assert sum(len(w.acknowledged) for w in every) >= 3 * writers, f"seed {seed}: too few records to judge"


def test_waiting_sqlite_writer_fails_clearly_and_stores_nothing(tmp_path: Any) -> None:
    """第十三条's record stays whole when the file's write lock is held too long: the waiting writer
    fails with a HistoryStoreError saying the store is busy (never "database is locked")."""
    path = tmp_path / "busy.sqlite3"
    History(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with History(path, timeout=0.5) as h:
            event = {"kind": "application_submitted", "date": "2026-04-10", "year": 2026, "credit_code": CODE}
            with pytest.raises(gr.HistoryStoreError, match="busy") as info:
                h.record(event, 2026)
            assert "database is locked" not in str(info.value)
            assert info.value.path == str(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with History(path) as h:
        assert len(h) == 0


def test_waiting_postgres_writer_fails_clearly_and_stores_nothing(postgres_url: str) -> None:
    """第十三条's shared record stays whole when another session holds the store's lock too long: the
    waiting writer fails with a HistoryStoreError saying the store is busy."""
    import psycopg

    from gongguan_rules.records.store.postgres import LOCK_KEY

    History(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        with History(postgres_url, timeout=0.5) as h:
            event = {"kind": "application_submitted", "date": "2026-04-10", "year": 2026, "credit_code": CODE}
            with pytest.raises(gr.HistoryStoreError, match="busy") as info:
                h.record(event, 2026)
            assert "postgres@127.0.0.1" in info.value.path or info.value.path.startswith("postgresql://")
        holder.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    with History(postgres_url) as h:
        assert len(h) == 0
