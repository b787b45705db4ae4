"""Benchmark: the HTTP service under load, driven from another process.

基准：HTTP 服务的负载。两个服务进程共享一份记录；本进程以 50 个并发客户端发起 20,000 次判断与
2,000 次写入，打印每秒请求数与 p50/p99 延迟，并核对 0 个错误、0 条丢失的记录。

Run from the repository root, on a quiet machine (docs/service.md, "Figures")::

    python benchmarks/bench_service.py            # two services sharing one PostgreSQL database
    python benchmarks/bench_service.py --sqlite   # … sharing one SQLite file instead
    python benchmarks/bench_service.py --quick    # 1,000 evaluations, 200 writes

What it does:

1. starts two ``gongguan-rules serve`` processes (``python -m gongguan_rules serve --port 0``, the
   working tree's src/ first on their path) on 127.0.0.1, sharing one record: by default a new
   PostgreSQL database ``gongguan_bench_<random>`` created through ``--postgres-admin`` (default
   ``$GONGGUAN_TEST_POSTGRES`` or ``postgresql://postgres@127.0.0.1:5432/test``) and dropped
   afterwards; ``--sqlite`` for a new SQLite file instead; ``--history URL`` for a record of your
   own (left as it is); each service with the same token file;
2. **evaluations**: ``--clients`` concurrent clients (default 50, asyncio + httpx, keep-alive)
   send ``--evaluations`` ``POST /v1/evaluate`` (default 20,000) round-robin to the two services:
   the 2026 example application and distinct variants of it (names, dates, the recommender), half
   with ``history`` absent (the shared record) and half with ``history: []``; every answer must
   be 200 and a decision;
3. **writes**: the same clients send ``--writes`` ``POST /v1/records`` (default 2,000), each a
   distinct event with its own ``id``, round-robin to the two services; every answer must be 201;
4. **checks**: both services list every acknowledged record exactly once, with the seq each was
   answered with, in one order (the same list from both); 0 errors and 0 lost records, else the
   exit status is 1.

It prints requests per second and the p50/p99 latency (milliseconds) of each phase. The services
log nothing per request. Take figures only on a quiet machine and say which.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-" + hashlib.sha256(b"gongguan bench").hexdigest()[:32]
_ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)")
RUN = secrets.token_hex(4)  # this run's records, told apart from any already in a shared record

#: The example application (examples/application-2026.yaml), as JSON. 示例申报。
BASE: dict[str, Any] = json.loads(
    json.dumps(yaml.safe_load((ROOT / "examples" / "application-2026.yaml").read_text(encoding="utf-8")), default=str)
)


def application(n: int) -> dict[str, Any]:
    """The example, or a distinct variant of it (name, dates, recommender)."""
    if n % 5 == 0:
        return BASE
    return {
        **BASE,
        "applicant": {**BASE["applicant"], "name": f"天津某焊材有限公司{n}"},
        "project": {**BASE["project"], "name": f"降低药芯焊丝焊接飞溅率（第{n}期）"},
        "recommended_on": f"2026-04-{10 + n % 15:02d}",
        "recommender": {**BASE["recommender"], "kind": ["区市场监管局", "行业协会", "市级行业主管部门"][n % 3]},
    }


def event(n: int) -> dict[str, Any]:
    return {
        "kind": "application_submitted",
        "id": f"bench-{RUN}-{n}",
        "date": f"2026-04-{1 + n % 20:02d}",
        "year": 2026,
        "credit_code": "91120224064012553U",
        "unit": "天津某焊材有限公司",
        "project_name": f"基准项目{n}",
    }


class Service:
    """One ``gongguan-rules serve`` process. 一个服务进程。"""

    def __init__(self, history: str, tokens: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1"}
        args = [sys.executable, "-m", "gongguan_rules", "serve", "--port", "0", "--history", history]
        self.proc = subprocess.Popen(
            [*args, "--token-file", str(tokens)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = _ADDRESS.search(line)
        if match is None:
            self.proc.kill()
            raise SystemExit(f"the service did not start: {line!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


async def wait_ready(urls: list[str]) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        for url in urls:
            for _ in range(600):
                try:
                    if (await client.get(f"{url}/v1/plans")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise SystemExit(f"{url} did not answer")
            # warm up: the first judgement loads the plan and the rules
            await client.post(f"{url}/v1/evaluate", json={"application": BASE, "plan": 2026}, timeout=120)


async def drive(
    urls: list[str], clients: int, total: int, request: Callable[[httpx.AsyncClient, str, int], Awaitable[bool]]
) -> tuple[float, list[float], int]:
    """``total`` requests from ``clients`` concurrent clients; (seconds, latencies in ms, errors)."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def user(k: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            for n in counter:
                start = time.perf_counter()
                try:
                    ok = await request(client, urls[n % len(urls)], n)
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - start) * 1000)
                errors += not ok

    start = time.perf_counter()
    await asyncio.gather(*(user(k) for k in range(clients)))
    return time.perf_counter() - start, latencies, errors


async def evaluate_one(client: httpx.AsyncClient, url: str, n: int) -> bool:
    body: dict[str, Any] = {"application": application(n), "plan": 2026}
    if n % 2:
        body["history"] = []
    r = await client.post(f"{url}/v1/evaluate", json=body)
    return r.status_code == 200 and r.json()["outcome"] in ("eligible", "ineligible", "needs_review")


def write_one(acked: dict[str, int]) -> Callable[[httpx.AsyncClient, str, int], Awaitable[bool]]:
    async def write(client: httpx.AsyncClient, url: str, n: int) -> bool:
        r = await client.post(f"{url}/v1/records", json={"event": event(n), "plan": 2026})
        if r.status_code != 201:
            return False
        acked[r.json()["event"]["id"]] = r.json()["seq"]
        return True

    return write


def report(name: str, seconds: float, latencies: list[float], errors: int) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("nan")
    print(
        f"{name:<12} {len(latencies):>7} requests  {len(latencies) / seconds:>8.1f} req/s  "
        f"p50 {statistics.median(ordered) if ordered else float('nan'):>7.1f} ms  p99 {p99:>7.1f} ms  errors {errors}"
    )


async def main_async(args: argparse.Namespace, history: str, tokens: Path) -> int:
    services = [Service(history, tokens) for _ in range(2)]
    try:
        urls = [s.url for s in services]
        await wait_ready(urls)
        print(f"services: {', '.join(urls)}  record: {history}")
        print(
            f"clients {args.clients}; Python {platform.python_version()}; {platform.platform()}; cpus {os.cpu_count()}"
        )
        seconds, lat, eval_errors = await drive(urls, args.clients, args.evaluations, evaluate_one)
        report("evaluations", seconds, lat, eval_errors)
        acked: dict[str, int] = {}
        seconds, lat, write_errors = await drive(urls, args.clients, args.writes, write_one(acked))
        report("writes", seconds, lat, write_errors)

        async with httpx.AsyncClient(timeout=300, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            listings = [(await client.get(f"{url}/v1/records")).json() for url in urls]
        seen = {
            r["event"]["id"]: r["seq"] for r in listings[0] if str(r["event"].get("id", "")).startswith(f"bench-{RUN}-")
        }
        lost = sorted(set(acked) - set(seen))
        moved = sorted(i for i, seq in acked.items() if seen.get(i) not in (None, seq))
        ids = [r["event"].get("id") for r in listings[0]]
        duplicated = len(ids) - len(set(ids))
        same_order = [r["seq"] for r in listings[0]] == [r["seq"] for r in listings[1]]
        ascending = [r["seq"] for r in listings[0]] == sorted(r["seq"] for r in listings[0])
        print(
            f"records: {len(acked)} acknowledged, {len(seen)} on file, lost {len(lost)}, seq changed {len(moved)}, "
            f"duplicated {duplicated}, one order from both services: {same_order and ascending}"
        )
        failed = eval_errors or write_errors or lost or moved or duplicated or not (same_order and ascending)
        print("RESULT: " + ("FAILED" if failed else "ok (0 errors, 0 lost records)"))
        return 1 if failed else 0
    finally:
        for service in services:
            service.stop()


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A new database for this run, dropped afterwards. 本次运行专用的数据库。"""
    try:
        import psycopg
    except ImportError:
        raise SystemExit(
            'psycopg is needed for PostgreSQL (pip install "gongguan-rules[postgres]"), or use --sqlite'
        ) from None
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        raise SystemExit(
            f"no PostgreSQL at {admin_url}: {str(exc).strip().splitlines()[0]} (or use --sqlite)"
        ) from None
    name = f"gongguan_bench_{RUN}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{admin_url.rpartition('/')[0]}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--evaluations", type=int, default=20000)
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--sqlite", action="store_true", help="share a new SQLite file instead of PostgreSQL")
    where.add_argument("--history", help="share this record (a path or URL), left as it is")
    parser.add_argument(
        "--postgres-admin",
        default=os.environ.get("GONGGUAN_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"),
        help="where to create (and drop) this run's PostgreSQL database",
    )
    parser.add_argument("--quick", action="store_true", help="1,000 evaluations and 200 writes")
    args = parser.parse_args()
    if args.quick:
        args.evaluations, args.writes = 1000, 200
    with tempfile.TemporaryDirectory(prefix="gongguan-bench-") as folder, ExitStack() as stack:
        tokens = Path(folder) / "tokens"
        tokens.write_text(f"bench:{hashlib.sha256(TOKEN.encode()).hexdigest()}\n", encoding="utf-8")
        if args.history:
            history = args.history
        elif args.sqlite:
            history = str(Path(folder) / "record.sqlite3")
        else:
            history = stack.enter_context(postgres_database(args.postgres_admin))
        return asyncio.run(main_async(args, history, tokens))


if __name__ == "__main__":
    sys.exit(main())
