"""A slow client does not block other requests in the production setup: gunicorn with threaded
workers (cms/gunicorn.conf.py). One worker, several clients sending their body a byte at a time:
every ordinary request meanwhile is answered at once, and the slow ones get their answer when
their body is complete. The same with one sync worker (gunicorn's default) holds every other
request until the slow body is in: the test tells the two apart.

The requests need no database (`{ __typename }` goes through the whole view, limits included), so
the server starts on an empty SQLite file and the test takes seconds."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from contextlib import contextmanager

import pytest

from tests.delivery.servers import GUNICORN, ROOT, Server, free_port, wait_until_up

pytestmark = pytest.mark.slow

QUERY = "{ __typename }"
SLOW_CLIENTS = 3
BYTE_EVERY = 0.05  # seconds between two bytes of a slow body


def slow_post(port: int, body: bytes, answers: list) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            b"POST /graphql/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
        )
        for byte in body:
            sock.sendall(bytes([byte]))
            time.sleep(BYTE_EVERY)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    answers.append((time.monotonic(), reply))


@contextmanager
def server(tmp_path, *arguments: str):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "8",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    process = subprocess.Popen(
        [
            str(GUNICORN),
            *arguments,
            "cms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(Server(port, process))
        yield Server(port, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def ordinary_requests_while_slow_clients_send(
    server: Server, slow_clients: int
) -> tuple[list, list, float]:
    """(seconds of each of 10 ordinary requests, the slow clients' answers, when the ordinary ones ended)."""
    assert server.post(QUERY)[0] == 200  # warm: the first request loads code
    body = json.dumps({"query": QUERY}).encode()  # 27 bytes: ~1.4 s per slow client
    answers: list = []
    slow = [
        threading.Thread(target=slow_post, args=(server.port, body, answers))
        for _ in range(slow_clients)
    ]
    for thread in slow:
        thread.start()
    time.sleep(0.3)  # the slow clients are mid-body now
    times = []
    for _ in range(10):
        started = time.monotonic()
        status, reply = server.post(QUERY)
        times.append(time.monotonic() - started)
        assert status == 200 and reply == {"data": {"__typename": "Query"}}, reply
    ordinary_done = time.monotonic()
    for thread in slow:
        thread.join(timeout=60)
    return times, answers, ordinary_done


def test_slow_clients_sending_a_byte_at_a_time_do_not_block_other_requests(tmp_path):
    with server(tmp_path, "-c", "cms/gunicorn.conf.py") as production:
        times, answers, ordinary_done = ordinary_requests_while_slow_clients_send(
            production, SLOW_CLIENTS
        )
    assert len(answers) == SLOW_CLIENTS
    assert all(at > ordinary_done for at, _ in answers)  # all of them were still sending
    assert all(reply.startswith(b"HTTP/1.1 200") for _, reply in answers), answers
    assert max(times) < 1, times  # a byte-at-a-time body held nobody
    print(
        f"gthread: {SLOW_CLIENTS} slow clients; 10 other requests meanwhile: "
        f"{sum(times) / len(times) * 1000:.0f} ms on average, max {max(times) * 1000:.0f} ms"
    )


def test_with_a_sync_worker_one_slow_client_holds_every_other_request(tmp_path):
    """Why the production setup is not gunicorn's default: the contrast the test above relies on."""
    with server(tmp_path, "--workers", "1", "--worker-class", "sync") as default:
        times, answers, _ = ordinary_requests_while_slow_clients_send(default, 1)
    assert len(answers) == 1 and answers[0][1].startswith(b"HTTP/1.1 200")
    assert max(times) > 0.5, times  # the first one waited for the slow body
    print(f"sync: 1 slow client; the next request waited {max(times) * 1000:.0f} ms")
