"""A writing service killed with SIGKILL at random moments loses no record it acknowledged.

写入中的服务在随机时刻被 SIGKILL 强行终止：凡已得到 201 应答的记录，重启后都在。

``POST /v1/records`` answers 201 only after the record is committed (product.md). Several clients
write while the service process is killed, again and again; after each restart every record that
was answered 201 is on file with the seq it was given, exactly once, and the store opens cleanly
— on a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path

import httpx

import gongguan_rules as gr
from server_support import ServiceProcess, auth, token_file

ROUNDS = 4
WRITERS = 3


def _event(writer: int, n: int, round_: int) -> dict[str, object]:
    return {
        "kind": "application_submitted",
        "date": "2026-04-10",
        "year": 2026,
        "id": f"r{round_}-w{writer}-{n}",
        "credit_code": "91120224064012553U",
        "unit": "天津某焊材有限公司",
        "project_name": f"项目{round_}-{writer}-{n}",
    }


def _write_until_killed(url: str, writer: int, round_: int, acked: dict[str, int], lock: threading.Lock) -> None:
    with httpx.Client(base_url=url, timeout=30, headers=auth()) as client:
        for n in range(100000):
            try:
                r = client.post("/v1/records", json={"event": _event(writer, n, round_), "plan": 2026})
            except httpx.HTTPError:
                return  # the service is gone
            assert r.status_code == 201, r.text
            with lock:
                acked[r.json()["event"]["id"]] = r.json()["seq"]


def test_sigkill_loses_no_acknowledged_record(tmp_path: Path, store_url: str) -> None:
    """On both backends (tests/store_support.py's ``store_url``: a SQLite file, a PostgreSQL schema)."""
    history = store_url
    tokens = token_file(tmp_path / "tokens")
    rng = random.Random(int(os.environ.get("GONGGUAN_CRASH_SEED", "9")))
    acked: dict[str, int] = {}
    lock = threading.Lock()
    for round_ in range(ROUNDS):
        service = ServiceProcess(history, tokens)
        before = len(acked)
        writers = [
            threading.Thread(target=_write_until_killed, args=(service.url, w, round_, acked, lock))
            for w in range(WRITERS)
        ]
        for t in writers:
            t.start()
        deadline = time.monotonic() + 120
        while len(acked) < before + 5 and time.monotonic() < deadline:  # writing is under way …
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.5))  # … and at a random moment after that:
        service.kill()
        for t in writers:
            t.join(timeout=60)
        assert len(acked) > before, "no record was acknowledged before the kill"

        # after the kill: the store opens, and every acknowledged record is there, once, with its seq
        with gr.History(history) as store:
            records = store.records()
        by_id: dict[str, list[int]] = {}
        for record in records:
            assert record.event.id is not None
            by_id.setdefault(record.event.id, []).append(record.seq)
        missing = sorted(set(acked) - set(by_id))
        assert missing == [], f"acknowledged but lost after SIGKILL: {missing[:5]}"
        assert all(by_id[i] == [seq] for i, seq in acked.items())
        assert all(len(seqs) == 1 for seqs in by_id.values())
        assert [r.seq for r in records] == sorted(r.seq for r in records)

    # and a restarted service serves them all
    service = ServiceProcess(history, tokens)
    try:
        listed = httpx.get(f"{service.url}/v1/records", headers=auth(), timeout=60).json()
        assert set(acked) <= {r["event"]["id"] for r in listed}
    finally:
        service.stop()
