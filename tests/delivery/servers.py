"""Real gunicorn processes for the multi-process tests: start, wait until they answer, stop."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user, host, port = (
        settings_dict.get("USER") or "postgres",
        settings_dict.get("HOST") or "127.0.0.1",
        settings_dict.get("PORT") or 5432,
    )
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


class Server:
    def __init__(self, port: int, process: subprocess.Popen):
        self.port, self.process = port, process

    def post(
        self,
        query: str,
        variables: dict | None = None,
        headers: dict | None = None,
        remote: str | None = None,
    ) -> tuple[int, dict]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/graphql/",
            body,
            {"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")


@contextmanager
def gunicorn(database: str, extra_env: dict | None = None, count: int = 1):
    """`count` gunicorn instances (one worker each, each its own process) on their own ports."""
    servers: list[Server] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database,
        **(extra_env or {}),
    }
    try:
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "cms.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            servers.append(Server(port, process))
        for server in servers:
            wait_until_up(server)
        yield servers
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()


def wait_until_up(server: Server, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("gunicorn exited: " + server.process.stderr.read().decode()[-2000:])
        try:
            if server.post("{ __typename }")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def seconds_until(check, limit: float = 5.0, step: float = 0.05) -> float:
    """Seconds from now until `check()` first holds, measured to the start of the request that
    saw it (the request's own time is not the server's delay); inf when it never holds."""
    start = time.monotonic()
    while True:
        asked = time.monotonic()
        if check():
            return asked - start
        if asked - start > limit:
            return float("inf")
        time.sleep(step)
