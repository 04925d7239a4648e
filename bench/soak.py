"""`make soak`: varied traffic against gunicorn on PostgreSQL and Redis, on 127.0.0.1 only.

SOAK_SECONDS (600) of anonymous page views, returning visitors (consented, with their visitorId)
and events, from SOAK_CLIENTS (4) client threads; every loop stops by itself at the deadline.
Prints p50/p95/p99 latency, errors by code, the 5xx count, INTERNAL_SERVER_ERROR count and each
gunicorn worker's RSS at start and end, and once a minute in between. Database SOAK_DATABASE_URL
(postgres://postgres@127.0.0.1:5432/tailor_soak, created if missing), Redis SOAK_REDIS_URL
(redis://127.0.0.1:6379/7). The API rate limit is raised for the run (every client is 127.0.0.1).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "4"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "2"))
THREADS = int(os.environ.get("SOAK_THREADS", "8"))
PORT = int(os.environ.get("SOAK_PORT", "8765"))
DATABASE_URL = os.environ.get("SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tailor_soak")
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/7")
PATHS = [
    "/",
    "/models/",
    "/models/aurora-family/",
    "/models/aurora-gt/",
    "/models/aurora-city/",
    "/models/aurora-fleet/",
    "/compare/",
    "/pricing/",
    "/test-drive/",
    "/owners/",
    "/news/",
    "/news/winter-tyres/",
]
PAGE = """query($path: String!, $context: VisitorContextInput) { personalizedPage(path: $path, context: $context) {
  content variant { id persona } decision { visitorId persona { slug } stage { slug } reasons cacheKey } } }"""
CONSENT = "mutation($v: String) { setConsent(analytics: true, personalization: true, visitorId: $v) { visitorId } }"
EVENT = """mutation($v: String!, $path: String, $type: String!, $id: String) {
  trackEvent(visitorId: $v, path: $path, type: $type, eventId: $id) { __typename } }"""
RECOMMEND = (
    "query($v: String, $path: String) { recommendations(visitorId: $v, path: $path) { path } }"
)


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "PERSONALIZATION_RATE_LIMIT": "1000000",
    }


def prepare(env: dict[str, str]) -> None:
    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "load_site", "fixtures/site"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def worker_rss(master: int) -> dict[int, int]:
    """KiB of resident memory of each gunicorn worker (children of the master)."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if int(fields.get("PPid", "0").strip()) == master:
            found[int(status.parent.name)] = int(fields["VmRSS"].split()[0])
    return found


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.codes: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()

    def call(self, client: httpx.Client, query: str, variables: dict) -> dict:
        started = time.perf_counter()
        try:
            response = client.post("/graphql/", json={"query": query, "variables": variables})
        except httpx.HTTPError as exc:
            with self.lock:
                self.failures[type(exc).__name__] += 1
            return {}
        elapsed = time.perf_counter() - started
        try:
            body = response.json()
        except ValueError:
            body = {}
        with self.lock:
            self.latencies.append(elapsed)
            self.statuses[response.status_code] += 1
            for error in body.get("errors") or []:
                self.codes[(error.get("extensions") or {}).get("code", "?")] += 1
        return body


def traffic(stats: Stats, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    returning: list[str] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{PORT}", timeout=30) as client:
        while time.monotonic() < deadline:
            roll = rng.random()
            path = rng.choice(PATHS)
            if roll < 0.4 or not returning:  # anonymous: no id, no consent
                stats.call(
                    client,
                    PAGE,
                    {"path": path, "context": {"url": f"https://x{path}?utm_source=soak"}},
                )
                if roll < 0.05:  # now and then a new visitor consents and comes back later
                    visitor = stats.call(client, CONSENT, {"v": None}).get("data", {})
                    if visitor and visitor.get("setConsent"):
                        returning.append(visitor["setConsent"]["visitorId"])
            elif roll < 0.75:  # returning visitor, personalized
                stats.call(
                    client, PAGE, {"path": path, "context": {"visitorId": rng.choice(returning)}}
                )
            elif roll < 0.95:  # events
                stats.call(
                    client,
                    EVENT,
                    {
                        "v": rng.choice(returning),
                        "path": path,
                        "type": rng.choice(["click", "view", "signup"]),
                        "id": str(uuid.uuid4()),
                    },
                )
            else:
                stats.call(client, RECOMMEND, {"v": rng.choice(returning), "path": path})


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def main() -> int:
    env = environment()
    print(f"==> [soak] Preparing {DATABASE_URL} (migrate, load the demo site)")
    prepare(env)
    print(
        f"==> [soak] gunicorn as in production (cms/gunicorn.conf.py: gthread, {THREADS} threads), "
        f"{WORKERS} workers, on 127.0.0.1:{PORT}"
    )
    # Workers are not recycled during the run: the memory at the end is the same workers' memory.
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "cms/gunicorn.conf.py",
            "cms.wsgi",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--max-requests",
            "0",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(120):
            try:
                httpx.get(f"http://127.0.0.1:{PORT}/graphql/?query=%7B__typename%7D", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        stats = Stats()
        warm = httpx.Client(base_url=f"http://127.0.0.1:{PORT}", timeout=30)
        for path in PATHS:  # every worker's first requests load code: not what we measure
            stats.call(warm, PAGE, {"path": path})
        warm.close()
        stats = Stats()
        rss_start = worker_rss(server.pid)
        print(f"==> [soak] {SECONDS:.0f} s of traffic from {CLIENTS} clients")
        deadline = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=traffic, args=(stats, deadline, n)) for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        by_minute = [rss_start]  # each worker's RSS once a minute: the memory trend
        while any(thread.is_alive() for thread in threads):
            threads[0].join(timeout=min(60.0, max(0.1, deadline - time.monotonic())))
            if (
                time.monotonic() < deadline - 1
                and time.monotonic() - deadline + SECONDS >= 60 * len(by_minute)
            ):
                by_minute.append(worker_rss(server.pid))
        for thread in threads:
            thread.join()
        rss_end = worker_rss(server.pid)
        by_minute.append(rss_end)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    total = sum(stats.statuses.values())
    five_xx = sum(n for status, n in stats.statuses.items() if status >= 500)
    print(
        json.dumps(
            {
                "requests": total,
                "requests_per_second": round(total / SECONDS, 1),
                "p50_ms": round(percentile(stats.latencies, 0.50), 1),
                "p95_ms": round(percentile(stats.latencies, 0.95), 1),
                "p99_ms": round(percentile(stats.latencies, 0.99), 1),
                "statuses": dict(stats.statuses),
                "error_codes": dict(stats.codes),
                "transport_failures": dict(stats.failures),
                "http_5xx": five_xx,
                "internal_errors": stats.codes.get("INTERNAL_SERVER_ERROR", 0),
                "worker_rss_kib_start": rss_start,
                "worker_rss_kib_end": rss_end,
                "worker_rss_mib_by_minute": {
                    str(pid): [round(sample.get(pid, 0) / 1024, 1) for sample in by_minute]
                    for pid in rss_start
                },
            },
            indent=2,
        )
    )
    return 1 if five_xx or stats.codes.get("INTERNAL_SERVER_ERROR") or stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
