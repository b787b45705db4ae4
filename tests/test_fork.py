"""A process forked while other threads evaluate does not deadlock in the child (issue 10 item 4:
"Today 26 of 30 such children hang").

A forked child has only the thread that forked; a lock another thread held at that moment (the
durable-rules engine's, the plan cache's) would be held for ever there. ``gongguan_rules._fork``
renews every library lock in the child and drops the engine's Host and compiled rulesets, which a
half-finished run may have left with a session half-asserted. Each test forks inside a separate
interpreter with a timeout, so that a hang fails the test instead of hanging the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from case_support import engine_params

ROOT = Path(__file__).resolve().parent.parent

EVALUATING_THREADS = textwrap.dedent(
    """
    import json, os, sys, threading, time
    import yaml
    import gongguan_rules as gr

    app = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    code, unit = app["applicant"]["credit_code"], app["applicant"]["name"]
    name = app["project"]["name"]
    history = [  # every join binds: the engine is busy, under its lock, most of the time
        {"kind": "excellent_recognized", "year": 2024, "credit_code": code, "unit": unit, "project_name": name},
        {"kind": "approved", "year": 2025, "credit_code": code, "unit": unit, "project_name": name},
        {"kind": "recognition_revoked", "date": "2025-01-05", "credit_code": code, "unit": unit,
         "project_name": name},
    ]
    event = {"kind": "results_submitted", "date": "2026-10-10", "year": 2026, "credit_code": code, "unit": unit,
             "project_name": name}
    record = [{"kind": "approved", "date": "2026-05-20", "year": 2026, "credit_code": code, "unit": unit,
               "project_name": name}]

    def judge():
        return (gr.evaluate(app, 2026, history=history).model_dump(mode="json"),
                gr.evaluate_event(event, 2026, history=record).model_dump(mode="json"))

    expected = judge()
    stop = threading.Event()

    def work():
        while not stop.is_set():
            judge()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    children = []
    for _ in range(30):
        time.sleep(0.01)
        pid = os.fork()
        if pid == 0:
            try:
                os._exit(0 if judge() == expected and gr.load_plan(2025).year == 2025 else 1)
            except BaseException:
                os._exit(2)
        children.append(pid)
    stop.set()
    for t in threads:
        t.join()
    status = {}
    deadline = time.monotonic() + float(sys.argv[2])
    while len(status) < len(children) and time.monotonic() < deadline:
        for pid in children:
            if pid not in status:
                done, code = os.waitpid(pid, os.WNOHANG)
                if done:
                    status[pid] = os.waitstatus_to_exitcode(code)
        time.sleep(0.02)
    hung = [pid for pid in children if pid not in status]
    for pid in hung:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    print(json.dumps({"children": len(children), "hung": len(hung),
                      "failed": sum(1 for c in status.values() if c != 0)}))
    """
)


def _run(script: str, *args: str, engine: str | None = None) -> str:
    env = dict(os.environ)
    if engine is not None:
        env["GONGGUAN_RULES_ENGINE"] = engine
    child = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert child.returncode == 0, child.stderr
    return child.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
@pytest.mark.parametrize("engine", engine_params())
def test_children_forked_while_threads_evaluate_all_finish(engine: str) -> None:
    """30 children forked while 4 threads evaluate (applications and events, every join binding)
    all finish within 60 s and judge exactly as the parent did."""
    out = json.loads(_run(EVALUATING_THREADS, str(ROOT / "examples" / "application-2026.yaml"), "60", engine=engine))
    assert out == {"children": 30, "hung": 0, "failed": 0}


LOCKS = textwrap.dedent(
    """
    import os, threading
    from gongguan_rules._fork import ForkSafeLock, after_fork_in_child

    held_elsewhere, held_here = ForkSafeLock(), ForkSafeLock()
    calls = []
    after_fork_in_child(lambda: calls.append("reset"))
    taken, release = threading.Event(), threading.Event()

    def hold():
        with held_elsewhere:
            taken.set()
            release.wait()

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait()
    held_here.acquire()
    pid = os.fork()
    if pid == 0:
        ok = (held_elsewhere.acquire(timeout=5)       # free: its holder does not exist here
              and held_here.locked()                  # still held by this (the forking) thread
              and not held_here.acquire(blocking=False)
              and calls == ["reset"])
        held_here.release()
        ok = ok and held_here.acquire(blocking=False)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    release.set()
    thread.join()
    held_here.release()
    print(os.waitstatus_to_exitcode(status))
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
def test_a_fork_frees_the_locks_of_other_threads_and_keeps_its_own() -> None:
    """ForkSafeLock in the child: free if another thread held it, still held (and releasable) if
    the forking thread held it; after_fork_in_child callbacks run once."""
    assert _run(LOCKS) == "0"
