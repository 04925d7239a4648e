"""The real CMS and the real frontend, each in its own process, for the browser tests.

The CMS runs on a fresh SQLite database loaded with the demo site (fixtures/site) and the demo
GeoIP database; the frontend talks to it over HTTP with the server key, exactly as in
production. Chromium is Debian's (/usr/bin/chromium), never a downloaded browser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "personalization" / "api" / "schema.py"
SITE = ROOT / "fixtures" / "site"
GEOIP = ROOT / "fixtures" / "geoip" / "tailor-demo-city.mmdb"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_KEY = "live-frontend-test-key"
SCREENSHOTS = ROOT / "test-output" / "frontend"


@dataclass(frozen=True)
class LiveSite:
    cms_url: str
    frontend_url: str
    cms_env: dict[str, str] = field(
        default_factory=dict, repr=False
    )  # the CMS process's environment

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        """Ask the CMS directly, as an outside observer with the server key."""
        response = httpx.post(
            f"{self.cms_url}/graphql/",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {SERVER_KEY}"},
            timeout=10,
        )
        return response.json()

    def django(self, code: str) -> str:
        """Run `code` in the CMS's own environment (its database, settings and secret key), as
        `manage.py shell -c` does; returns what it printed."""
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.cms_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            pytest.fail(f"manage.py shell failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout


# Headless Chromium names itself "HeadlessChrome" in its user agent, which Tailor rightly takes for
# a bot (default content, no trace): browser tests that expect a visitor's content present
# themselves as desktop Chrome.
DESKTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    check, what: str, process: subprocess.Popen, log: Path, timeout: float = 60.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{what} exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f}s:\n{log.read_text()[-3000:]}")


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def warm_up(site: LiveSite) -> None:
    """A cold CMS makes every image rendition on a page's first view (seconds each on a busy
    machine); do that once here, untracked, so browser timeouts measure the frontend."""
    for path in ("/", "/models/", "/compare/", "/pricing/", "/test-drive/", "/owners/"):
        httpx.post(
            f"{site.cms_url}/graphql/",
            timeout=180,
            headers={"Authorization": f"Bearer {SERVER_KEY}"},
            json={
                "query": "query($p: String!) { personalizedPage(path: $p, track: false) { decision { cacheKey } } }",
                "variables": {"p": path},
            },
        )


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian's chromium is not installed ({CHROMIUM}); `make browser` installs it")


def cms_environment(tmp: Path, name: str) -> dict[str, str]:
    """The environment of a CMS of its own on a fresh SQLite database in `tmp` (production
    settings, DEBUG off, the demo GeoIP database, the test server key)."""
    # A CMS of its own: no settings, database, cache or limits inherited from the test process.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST_", "PERSONALIZATION_", "TAILOR_", "FRONTEND_"))
        and k
        not in ("REDIS_URL", "DATABASE_URL", "MEDIA_ROOT", "GEOIP_PATH", "SECRET_KEY", "DEBUG")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "TAILOR_VAR_DIR": str(tmp / "var"),
            "MEDIA_ROOT": str(tmp / "media"),
            "TAILOR_SERVE_MEDIA": "1",
            "GEOIP_PATH": str(GEOIP),
            "PERSONALIZATION_SERVER_KEY": SERVER_KEY,
            "SECRET_KEY": f"{name}-tests-not-secret",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
    )
    return env


@contextmanager
def serve_demo(
    tmp: Path,
    name: str,
    frontend_url_in_cms: bool = False,
    admin_static: bool = False,
    frontend_demo: bool = True,
    timeout: float = 60.0,
) -> Iterator[LiveSite]:
    """The demo site on a fresh SQLite database in `tmp`: the CMS (runserver, production settings,
    DEBUG off) and the frontend, each in its own process; stopped on exit. `frontend_url_in_cms`
    makes the CMS link pages to the website (FRONTEND_URL), `admin_static` serves the admin's
    static files (runserver --insecure) for tests that drive the Wagtail admin; `frontend_demo`
    turns on the website's demo controls (FRONTEND_DEMO)."""
    cms_port, frontend_port = free_port(), free_port()
    frontend_url = f"http://127.0.0.1:{frontend_port}"
    env = cms_environment(tmp, name)
    if frontend_url_in_cms:
        env["FRONTEND_URL"] = frontend_url
    manage(env, "migrate", "--noinput")
    manage(env, "load_site", str(SITE))
    logs = {part: open(tmp / f"{part}.log", "w") for part in ("cms", "frontend")}
    cms = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{cms_port}",
            "--noreload",
            *(["--insecure"] if admin_static else []),
        ],
        cwd=ROOT,
        env=env,
        stdout=logs["cms"],
        stderr=subprocess.STDOUT,
    )
    frontend_env = dict(
        env,
        TAILOR_API_URL=f"http://127.0.0.1:{cms_port}/graphql/",
        FRONTEND_PORT=str(frontend_port),
        FRONTEND_DEMO="1" if frontend_demo else "0",
    )
    frontend = subprocess.Popen(
        [sys.executable, "-m", "frontend"],
        cwd=ROOT,
        env=frontend_env,
        stdout=logs["frontend"],
        stderr=subprocess.STDOUT,
    )
    site = LiveSite(cms_url=f"http://127.0.0.1:{cms_port}", frontend_url=frontend_url, cms_env=env)
    try:
        wait_until(
            lambda: "data" in site.graphql("{ personas { slug } }"),
            "the CMS",
            cms,
            tmp / "cms.log",
            timeout=timeout,
        )
        warm_up(site)
        wait_until(
            lambda: httpx.get(f"{site.frontend_url}/static/site.css").status_code == 200,
            "the frontend",
            frontend,
            tmp / "frontend.log",
            timeout=timeout,
        )
        yield site
    finally:
        for process in (frontend, cms):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs.values():
            log.close()


@pytest.fixture(scope="session")
def live_site(tmp_path_factory) -> Iterator[LiveSite]:
    if not SCHEMA.exists():
        pytest.skip(f"the CMS API is not built yet ({SCHEMA.relative_to(ROOT)} is missing)")
    if not SITE.exists():
        pytest.skip(f"the demo site is not there yet ({SITE.relative_to(ROOT)} is missing)")
    require_chromium()
    with serve_demo(tmp_path_factory.mktemp("live"), "live-frontend") as site:
        yield site


@pytest.fixture(scope="session")
def browser(live_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
