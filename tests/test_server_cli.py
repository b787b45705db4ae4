"""``gongguan-rules serve`` as a user runs it: the embedded default, its options, a clean stop.

以用户的方式运行 ``gongguan-rules serve``：默认的内嵌记录、各个选项、正常停止。
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import gongguan_rules as gr
from gongguan_rules.cli import main
from server_support import ServiceProcess, auth, token_file

EVENT = {"kind": "立项", "date": "2026-05-20", "year": 2026, "credit_code": "91120224064012553U", "project_name": "甲"}


def test_the_default_record_is_gongguan_sqlite3_in_the_working_directory(tmp_path: Path) -> None:
    service = ServiceProcess(None, token_file(tmp_path / "tokens"), cwd=tmp_path)
    try:
        r = httpx.post(f"{service.url}/v1/records", json={"event": EVENT, "plan": 2026}, headers=auth(), timeout=60)
        assert r.status_code == 201
    finally:
        # SIGTERM: requests in hand finish, the record is closed, then uvicorn exits by the signal it got
        assert service.stop() in (0, -15)
    assert not (tmp_path / "gongguan.sqlite3-wal").exists()  # closed cleanly: the log is checkpointed and gone
    with gr.History(tmp_path / "gongguan.sqlite3") as store:
        assert [rec.event.project_name for rec in store.records()] == ["甲"]
        assert store.records()[0].recorded_by is not None


def test_max_body_is_the_servers_limit(tmp_path: Path) -> None:
    service = ServiceProcess(str(tmp_path / "h.sqlite3"), extra=["--max-body", "100"])
    try:
        small = httpx.post(f"{service.url}/v1/evaluate", json={"application": {}, "plan": 2026, "history": []})
        assert small.status_code == 200
        large = httpx.post(
            f"{service.url}/v1/evaluate", json={"application": {"applicant": {"name": "x" * 100}}, "plan": 2026}
        )
        assert large.status_code == 413
    finally:
        service.stop()


@pytest.mark.parametrize(
    "args",
    [["--port", "70000"], ["--port", "x"], ["--max-body", "-1"], ["--history", "/nonexistent-dir/h.sqlite3"]],
)
def test_bad_options_are_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gongguan-rules: ") and "Traceback" not in err


def test_serve_without_the_server_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if the extra were not installed
    assert main(["serve", "--port", "0"]) == 2
    assert 'pip install "gongguan-rules[server]"' in capsys.readouterr().err


def test_token_needs_no_server_extra() -> None:
    """``token`` runs where FastAPI, uvicorn and Jinja2 are not installed (a fresh process without them)."""
    code = (
        "import sys\n"
        "for name in ('fastapi', 'uvicorn', 'jinja2', 'starlette'):\n"
        "    sys.modules[name] = None\n"
        "from gongguan_rules.cli import main\n"
        "sys.exit(main(['token', '甲']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("甲:")
