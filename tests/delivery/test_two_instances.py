"""Scale-out (issue 14 item 7, docs/scaling.md): two gunicorn instances on their own ports share one
PostgreSQL and one Redis. A mutation rate limit reached through one is enforced by the other, and
a page published by a process sharing them is served by both within a second (Redis stamps).
Skips without PostgreSQL (the SQLite run) or without Redis on 127.0.0.1:6379."""

import json
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from wagtail.models import Page

from personalization import stamps
from tests.api.shop import PAGE, SITE
from tests.redis_dbs import redis_url

from .servers import database_url, gunicorn, seconds_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="two instances share one PostgreSQL database (the PostgreSQL run)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_URL = redis_url(0)  # this test's own database number
LIMIT = 3
CONSENT = "mutation { setConsent(personalization: true, analytics: false) { visitorId } }"


@pytest.fixture
def shared_redis(settings):
    """This process uses the instances' Redis too (its publishing bumps the mirrored stamps)."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    for key in client.scan_iter("tailor:*"):  # stamps and counters left by an earlier run
        client.delete(key)
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tailor",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    stamps.forget()
    yield
    stamps.forget()


def title(server, path="/"):
    _, body = server.post(PAGE, {"path": path, "track": False})
    page = (body.get("data") or {}).get("personalizedPage")
    return json.loads(page["content"])["title"] if page else None


def _away_from_a_window_edge() -> None:
    """Rate limits count in fixed one-minute windows: do not start two seconds before one ends."""
    left = 60 - time.time() % 60
    if left < 5:
        time.sleep(left + 0.1)


def test_two_instances_share_rate_limits_and_serve_a_publish_within_a_second(shared_redis):
    from django.core.management import call_command

    call_command("load_site", str(SITE), verbosity=0)
    env = {"REDIS_URL": REDIS_URL, "PERSONALIZATION_RATE_LIMIT": str(LIMIT)}
    with gunicorn(database_url(connection.settings_dict), env, count=2) as (first, second):
        assert title(first, "/prices/") == title(second, "/prices/") == "Prices"

        _away_from_a_window_edge()
        allowed = [server.post(CONSENT)[0] for server in (first, second, first)]
        assert allowed == [200] * LIMIT, (
            "three mutations from one address, spread over both instances"
        )
        status, body = second.post(CONSENT)
        assert status == 429 and body["errors"][0]["extensions"]["code"] == "RATE_LIMITED", (
            "the limit reached through both is enforced by the second: one count in Redis"
        )
        assert first.post(CONSENT)[0] == 429

        page = Page.objects.get(url_path="/home/prices/").specific
        page.title = "New prices"
        page.save_revision().publish()
        assert (
            seconds_until(
                lambda: title(first, "/prices/") == title(second, "/prices/") == "New prices"
            )
            < 1.0
        )
