"""Fixtures for the frontend: a Flask test client in front of canned API answers (unit tests),
and the real thing for browser tests: the CMS on a fresh database plus the frontend, each in its
own process (live.py)."""

from __future__ import annotations

import httpx
import pytest

from frontend.api import TailorApi, cookieless_client
from frontend.app import create_app
from frontend.config import Settings

from .canned import CannedCms
from .live import browser, live_site, screenshot_dir  # noqa: F401  (fixtures)

SERVER_KEY = "frontend-test-key"


@pytest.fixture
def cms() -> CannedCms:
    return CannedCms()


def make_client(cms: CannedCms, **settings):
    api = TailorApi(
        url="http://cms.test/graphql/",
        server_key=SERVER_KEY,
        client=cookieless_client(transport=httpx.MockTransport(cms.handle)),
    )
    app = create_app(Settings(api_url=api.url, server_key=SERVER_KEY, **settings), api=api)
    app.testing = True
    return app.test_client()


@pytest.fixture
def client(cms):
    return make_client(cms)


@pytest.fixture
def demo_client(cms):
    return make_client(cms, demo=True)
