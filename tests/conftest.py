"""Shared fixtures. The suite runs twice in `make test`: on SQLite and on PostgreSQL
(DATABASE_URL), so every database test here runs against both."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_GEOIP = ROOT.parent / "shared" / "geoip"


@pytest.fixture
def geoip_dir():
    """MaxMind's real test databases (../shared/geoip), never copied into the project."""
    return SHARED_GEOIP


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: database rows are rolled back between tests, and
    ids may be reused, so nothing cached by one test may be seen by the next."""
    from django.core.cache import cache

    cache.clear()
    yield
