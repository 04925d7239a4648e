"""Mutations per minute per visitor address (and per visitorId): the next one after the limit is
RATE_LIMITED, server-key requests count per forwarded visitor, and with Redis every process
shares one count."""
from __future__ import annotations

import time

import pytest
from django.core.cache import caches

from personalization.api.ratelimit import FixedWindowCounter

from .test_view_schema import codes, tiny_api  # noqa: F401  (fixture)

REDIS_URL = "redis://127.0.0.1:6379/14"
LIMIT = 3


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def wait_for_fresh_window() -> None:
    """Counts live in one-minute windows; a test that starts just before a boundary would see
    its count reset halfway, so it waits for the next window instead."""
    left = 60 - time.time() % 60
    if left < 3:
        time.sleep(left + 0.1)


@pytest.fixture
def limited(settings, tiny_api):
    settings.PERSONALIZATION_RATE_LIMIT = LIMIT
    caches["default"].clear()
    wait_for_fresh_window()
    return tiny_api


@pytest.fixture
def redis_cache(settings):
    if not redis_available():
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tailor-test",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    caches["default"].clear()  # FLUSHDB on the test database 14
    yield caches["default"]
    caches["default"].clear()


def ping(graphql, *, remote_addr="203.0.113.7", headers=None, visitor_id=None):
    if visitor_id:
        return graphql("mutation($v: String) { ping(visitorId: $v) }", {"v": visitor_id},
                       remote_addr=remote_addr, headers=headers)
    return graphql("mutation { ping }", remote_addr=remote_addr, headers=headers)


def test_mutation_after_the_limit_is_rate_limited(limited, graphql):
    for _ in range(LIMIT):
        assert ping(graphql).json() == {"data": {"ping": True}}
    response = ping(graphql)
    assert response.status_code == 429
    assert codes(response) == ["RATE_LIMITED"]
    retry = response.json()["errors"][0]["extensions"]["retryAfter"]
    assert 1 <= retry <= 60 and response["Retry-After"] == str(retry)
    assert limited.count("ping") == LIMIT


def test_queries_are_not_counted(limited, graphql):
    for _ in range(LIMIT + 2):
        assert graphql("{ echo(text: \"q\") }").status_code == 200
    assert ping(graphql).status_code == 200


def test_each_aliased_mutation_counts(limited, graphql):
    response = graphql("mutation { a: ping b: ping c: ping d: ping }")
    assert codes(response) == ["RATE_LIMITED"]
    assert limited == []


def test_each_visitor_address_has_its_own_budget(limited, graphql):
    for _ in range(LIMIT):
        ping(graphql, remote_addr="203.0.113.7")
    assert ping(graphql, remote_addr="203.0.113.7").status_code == 429
    assert ping(graphql, remote_addr="203.0.113.8").status_code == 200


def test_untrusted_client_cannot_escape_by_forging_forwarded_for(limited, graphql, settings):
    settings.TRUSTED_PROXIES = []
    for n in range(LIMIT):
        ping(graphql, headers={"X-Forwarded-For": f"198.51.100.{n}"})
    assert ping(graphql, headers={"X-Forwarded-For": "198.51.100.99"}).status_code == 429


def test_server_key_requests_count_per_forwarded_visitor(limited, graphql, settings):
    settings.PERSONALIZATION_SERVER_KEY = "s3cret"

    def server_ping(visitor_ip):
        headers = {"Authorization": "Bearer s3cret", "X-Forwarded-For": visitor_ip}
        return ping(graphql, remote_addr="192.0.2.10", headers=headers)

    for _ in range(LIMIT):
        assert server_ping("198.51.100.1").status_code == 200
    assert codes(server_ping("198.51.100.1")) == ["RATE_LIMITED"]
    # The same frontend server, speaking for another visitor: a budget of its own.
    assert server_ping("198.51.100.2").status_code == 200


def test_one_visitor_id_shares_its_budget_across_addresses(limited, graphql):
    for n in range(LIMIT):
        assert ping(graphql, remote_addr=f"203.0.113.{n}", visitor_id="v-1").status_code == 200
    response = ping(graphql, remote_addr="203.0.113.50", visitor_id="v-1")
    assert codes(response) == ["RATE_LIMITED"]
    assert "visitor" in response.json()["errors"][0]["message"]


def test_resolver_check_does_not_count_the_address_twice(limited, graphql):
    for n in range(LIMIT):
        assert ping(graphql, visitor_id=f"v-{n}").json() == {"data": {"ping": True}}
    assert codes(ping(graphql, visitor_id="v-new")) == ["RATE_LIMITED"]


def test_zero_turns_the_limit_off(limited, graphql, settings):
    settings.PERSONALIZATION_RATE_LIMIT = 0
    for _ in range(LIMIT + 3):
        assert ping(graphql).status_code == 200


def test_batched_mutations_count_one_by_one(limited, client):
    import json

    batch = [{"query": "mutation { ping }"}] * (LIMIT + 1)
    answers = client.post("/graphql/", data=json.dumps(batch), content_type="application/json",
                          REMOTE_ADDR="203.0.113.7").json()
    assert [answer.get("data") for answer in answers[:LIMIT]] == [{"ping": True}] * LIMIT
    assert answers[LIMIT]["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_counter_starts_again_in_the_next_window():
    counter = FixedWindowCounter(caches["default"], limit=1)
    caches["default"].clear()
    start = 1_000_020.0  # 1_000_020 // 60 is a fresh window
    assert counter.hit("k", now=start).allowed
    assert not counter.hit("k", now=start + 1).allowed
    fresh = counter.hit("k", now=start + 60)
    assert fresh.allowed and fresh.count == 1


# --- Redis -----------------------------------------------------------------------------------

def test_rate_limit_holds_on_redis(limited, redis_cache, graphql):
    for _ in range(LIMIT):
        assert ping(graphql).status_code == 200
    assert codes(ping(graphql)) == ["RATE_LIMITED"]
    assert any(b"ratelimit" in key for key in redis_cache.client.get_client().keys("*"))


def test_two_cache_clients_share_one_count_on_redis(redis_cache):
    """Two RedisCache objects are what two processes (or machines) have: one count between them."""
    from django_redis.cache import RedisCache

    params = {"KEY_PREFIX": "tailor-test", "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"}}
    first = FixedWindowCounter(RedisCache(REDIS_URL, params), limit=5)
    second = FixedWindowCounter(RedisCache(REDIS_URL, params), limit=5)
    now = time.time()
    counts = [counter.hit("addr:shared", now=now).count for counter in (first, second) * 3]
    assert counts == [1, 2, 3, 4, 5, 6]
    assert not second.hit("addr:shared", now=now).allowed
