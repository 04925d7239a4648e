"""The Next.js starter (frontend/next) against the real CMS with the demo site: its Playwright
suite (frontend/next/e2e, Node's test runner, playwright-core, Debian's Chromium) run here so that
`make test` runs it. The CMS and the starter's production build (`next start`) each run in their
own process; the suite gets the CMS's environment to publish pages and issue preview tokens
through `manage.py shell`. `make test` builds the starter first (`make next-build`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from .live import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SERVER_KEY,
    SITE,
    LiveSite,
    cms_environment,
    free_port,
    manage,
    require_chromium,
    wait_until,
    warm_up,
)

pytestmark = pytest.mark.browser

STARTER = ROOT / "frontend" / "next"
WEBHOOK_SECRET = "next-starter-webhook-secret"


def require_build() -> None:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: the Next.js starter cannot run")
    if not (STARTER / ".next" / "BUILD_ID").exists() or not (STARTER / "node_modules").exists():
        pytest.skip("the Next.js starter is not built: `make next-build` (make test does it)")


def start(args: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_next_starter_playwright_suite(tmp_path: Path) -> None:
    require_chromium()
    require_build()
    cms_port, site_port = free_port(), free_port()
    env = cms_environment(tmp_path, "next-starter")
    manage(env, "migrate", "--noinput")
    manage(env, "load_site", str(SITE))
    # From now on (the starter runs) the CMS calls its publish webhook itself, signed with the
    # secret both share.
    env["PERSONALIZATION_PUBLISH_WEBHOOKS"] = f"http://127.0.0.1:{site_port}/api/tailor/revalidate/"
    env["TAILOR_WEBHOOK_SECRET"] = WEBHOOK_SECRET
    # The data cache outlives a server: a fresh database reuses page ids and revisions, so content
    # kept from an earlier run under the same contentUrl would be stale.
    shutil.rmtree(STARTER / ".next" / "cache" / "fetch-cache", ignore_errors=True)
    cms_log, site_log = tmp_path / "cms.log", tmp_path / "next.log"
    cms = start(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{cms_port}", "--noreload"],
        ROOT,
        env,
        cms_log,
    )
    site_env = dict(
        env,
        TAILOR_API_URL=f"http://127.0.0.1:{cms_port}/graphql/",
        PERSONALIZATION_SERVER_KEY=SERVER_KEY,
        NEXT_TELEMETRY_DISABLED="1",
    )
    site = start(
        [
            str(STARTER / "node_modules" / ".bin" / "next"),
            "start",
            "--hostname",
            "127.0.0.1",
            "--port",
            str(site_port),
        ],
        STARTER,
        site_env,
        site_log,
    )
    cms_url, site_url = f"http://127.0.0.1:{cms_port}", f"http://127.0.0.1:{site_port}"
    try:
        live = LiveSite(cms_url=cms_url, frontend_url=site_url, cms_env=env)
        wait_until(lambda: "data" in live.graphql("{ personas { slug } }"), "the CMS", cms, cms_log)
        warm_up(live)
        wait_until(
            lambda: httpx.get(f"{site_url}/icon.svg").status_code == 200,
            "the Next.js starter",
            site,
            site_log,
        )
        suite = subprocess.run(
            ["node", "--test", "--test-concurrency=1", "e2e/"],
            cwd=STARTER,
            env=dict(
                env,
                E2E_SITE_URL=site_url,
                E2E_CMS_URL=cms_url,
                E2E_CMS_LOG=str(cms_log),
                E2E_CMS_ENV=json.dumps(env),
                E2E_PYTHON=sys.executable,
                E2E_ROOT=str(ROOT),
                E2E_WEBHOOK_SECRET=WEBHOOK_SECRET,
                E2E_CHROMIUM=CHROMIUM,
                E2E_CHROMIUM_ARGS=json.dumps(CHROMIUM_ARGS),
            ),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        stop(site, cms)
    report = suite.stdout + suite.stderr
    assert suite.returncode == 0, (
        f"{report[-6000:]}\n--- next.log ---\n{site_log.read_text()[-3000:]}"
    )
    assert "# fail 0" in report, report[-3000:]
