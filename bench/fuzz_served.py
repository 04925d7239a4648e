"""`make fuzz`, second part: the two fuzzers against the served application, as in production.

For each database (a SQLite file, and PostgreSQL at FUZZ_PG_URL), the test shop
(tests/api/site.yaml) is loaded, gunicorn serves cms.wsgi with cms/gunicorn.conf.py (production
settings, DEBUG off, FUZZ_WORKERS workers) on 127.0.0.1, and tests/reliability/test_fuzz.py and
test_schemathesis.py send their operations to it over HTTP (FUZZ_TARGET), once with the server
key and once without (FUZZ_AUTH=none): FUZZ_EXAMPLES + SCHEMATHESIS_EXAMPLES operations each
time. The property is the fuzzers': no HTTP 5xx and no INTERNAL_SERVER_ERROR. The rate limit is
off for the run (every operation comes from 127.0.0.1). Prints one line per run and a summary;
exits non-zero when any run failed. FUZZ_DATABASES=sqlite or postgres runs one of them.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("FUZZ_PORT", "8766"))
WORKERS = os.environ.get("FUZZ_WORKERS", "2")
PG_URL = os.environ.get("FUZZ_PG_URL", "postgres://postgres@127.0.0.1:5432/tailor_fuzz")
FUZZ = os.environ.get("FUZZ_EXAMPLES", "5000")
SCHEMATHESIS = os.environ.get("SCHEMATHESIS_EXAMPLES", "5000")
SERVER_KEY = "test-server-key"  # what tests/api/shop.SERVER sends


def server_env(database_url: str, var_dir: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "FUZZ_TARGET", "FUZZ_AUTH")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        TAILOR_VAR_DIR=var_dir,
        PERSONALIZATION_SERVER_KEY=SERVER_KEY,
        PERSONALIZATION_RATE_LIMIT="0",
        GEOIP_PATH=str(ROOT / "tests" / "geoip" / "GeoIP2-City-Test.mmdb"),
    )
    return env


def prepare(database_url: str, env: dict[str, str]) -> None:
    if database_url.startswith("postgres"):
        base, name = database_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "load_site", "tests/api/site.yaml"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def serve(env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "cms/gunicorn.conf.py",
            "cms.wsgi",
            "--workers",
            WORKERS,
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(240):
        try:
            httpx.post(
                f"http://127.0.0.1:{PORT}/graphql/", json={"query": "{ __typename }"}, timeout=2
            )
            return server
        except httpx.HTTPError:
            time.sleep(0.5)  # waiting for the server to listen, not synchronising a test
    server.terminate()
    raise SystemExit("gunicorn did not start")


def fuzz(auth: str) -> tuple[int, float]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        FUZZ_TARGET=f"http://127.0.0.1:{PORT}",
        FUZZ_AUTH=auth,
        FUZZ_EXAMPLES=FUZZ,
        SCHEMATHESIS_EXAMPLES=SCHEMATHESIS,
        FUZZ_SEED=os.environ.get("FUZZ_SEED", "1"),
    )
    started = time.monotonic()
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "pytest"),
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:logging",
            "tests/reliability/test_fuzz.py",
            "tests/reliability/test_schemathesis.py",
        ],
        cwd=ROOT,
        env=env,
    )
    return result.returncode, time.monotonic() - started


def main() -> int:
    chosen = os.environ.get("FUZZ_DATABASES", "sqlite,postgres").split(",")
    summary, failed = [], False
    with tempfile.TemporaryDirectory(prefix="tailor-fuzz-") as var_dir:
        databases = {
            "sqlite": f"sqlite:///{Path(var_dir) / 'fuzz.sqlite3'}",
            "postgres": PG_URL,
        }
        for name in chosen:
            env = server_env(databases[name], var_dir)
            print(f"==> [fuzz] {name}: migrate and load the test shop, then gunicorn on :{PORT}")
            prepare(databases[name], env)
            server = serve(env)
            try:
                for auth in ("server", "none"):
                    who = "with the server key" if auth == "server" else "without a key"
                    print(f"==> [fuzz] {name}, {who}: {FUZZ} + {SCHEMATHESIS} operations")
                    code, seconds = fuzz(auth)
                    failed |= code != 0
                    summary.append(
                        f"{name:8} {who:22} {int(FUZZ) + int(SCHEMATHESIS):>6} operations "
                        f"{seconds:7.0f} s  {'passed' if code == 0 else 'FAILED'}"
                    )
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
    print("==> [fuzz] served application:\n" + "\n".join(summary))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
