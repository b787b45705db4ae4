"""Running the service in tests: a real uvicorn on 127.0.0.1, on a free port chosen at run time.

测试中运行服务：真实的 uvicorn，监听 127.0.0.1 上运行时选定的空闲端口。

- :func:`running` serves an application made by :func:`gongguan_rules.server.create_app` from a
  thread of the test process (the store stays inspectable from the test).
- :class:`ServiceProcess` runs ``gongguan-rules serve --port 0`` as a separate process (the port
  is read from the line it prints), for tests that kill it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

TOKEN = "test-token-甲".encode().hex()  # any b64token characters will do
OTHER_TOKEN = "another-token"
TOKEN_NAME = "滨海新区市场监管局"


def token_file(path: Path, entries: Sequence[tuple[str, str]] = ((TOKEN_NAME, TOKEN),)) -> Path:
    """A token file holding the SHA-256 of each (name, token)."""
    from gongguan_rules.server import token_line

    path.write_text("".join(token_line(name, token) + "\n" for name, token in entries), encoding="utf-8")
    return path


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def running(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 from a thread; yields its base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


_ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)")


class ServiceProcess:
    """``gongguan-rules serve`` in its own process, on a free port. 独立进程中的服务。"""

    def __init__(
        self, history: str | None, tokens: Path | None = None, extra: Sequence[str] = (), cwd: Path | None = None
    ) -> None:
        args = [sys.executable, "-m", "gongguan_rules", "serve", "--port", "0", *extra]
        if history is not None:
            args += ["--history", history]
        if tokens is not None:
            args += ["--token-file", str(tokens)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = _ADDRESS.search(line)
        if match is None:
            self.proc.kill()
            _, err = self.proc.communicate(timeout=30)
            raise RuntimeError(f"serve did not start: {line!r} {err!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}"
        self._wait_ready()

    def _wait_ready(self) -> None:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/v1/plans", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("serve did not answer")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no chance to flush or close anything. 强行终止。"""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._close_pipes()

    def stop(self) -> int:
        """SIGTERM, then wait (uvicorn shuts down gracefully); returns the exit status. 正常停止。"""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self._close_pipes()
        return self.proc.returncode

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()
