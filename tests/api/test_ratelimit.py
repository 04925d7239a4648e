"""Mutations per minute per visitor address (and per visitorId): the next one after the limit is
RATE_LIMITED, server-key requests count per forwarded visitor, and with Redis every process
shares one count."""

from __future__ import annotations

import time

import pytest
from limits import RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from personalization.api import ratelimit
from tests.redis_dbs import redis_url

from .test_view_schema import codes, tiny_api  # noqa: F401  (fixture)

REDIS_URL = redis_url(1)
LIMIT = 3


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


@pytest.fixture
def limited(settings, tiny_api):
    """A window starts with its first hit, so a fresh storage gives each test a whole minute."""
    settings.PERSONALIZATION_RATE_LIMIT = LIMIT
    ratelimit.forget()
    return tiny_api


@pytest.fixture
def redis_storage(settings):
    if not redis_available():
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    settings.PERSONALIZATION_RATE_LIMIT_STORAGE = REDIS_URL
    ratelimit.forget()  # deletes the limiter's keys (LIMITS:*) in the test database 14
    yield ratelimit.limiter().storage
    ratelimit.forget()


def ping(graphql, *, remote_addr="203.0.113.7", headers=None, visitor_id=None):
    if visitor_id:
        return graphql(
            "mutation($v: String) { ping(visitorId: $v) }",
            {"v": visitor_id},
            remote_addr=remote_addr,
            headers=headers,
        )
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
        assert graphql('{ echo(text: "q") }').status_code == 200
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
    answers = client.post(
        "/graphql/",
        data=json.dumps(batch),
        content_type="application/json",
        REMOTE_ADDR="203.0.113.7",
    ).json()
    assert [answer.get("data") for answer in answers[:LIMIT]] == [{"ping": True}] * LIMIT
    assert answers[LIMIT]["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_budget_comes_back_when_the_window_ends():
    counter = FixedWindowRateLimiter(storage_from_string("memory://"))
    second = RateLimitItemPerSecond(1, namespace=ratelimit.NAMESPACE)
    assert counter.hit(second, "k")
    assert not counter.hit(second, "k")
    time.sleep(1.05)
    assert counter.hit(second, "k")


def test_retry_after_counts_down_to_the_end_of_the_window(limited, graphql):
    for _ in range(LIMIT):
        ping(graphql)
    first = ping(graphql).json()["errors"][0]["extensions"]["retryAfter"]
    assert 58 <= first <= 60


# --- Redis -----------------------------------------------------------------------------------


def test_rate_limit_holds_on_redis(limited, redis_storage, graphql):
    for _ in range(LIMIT):
        assert ping(graphql).status_code == 200
    assert codes(ping(graphql)) == ["RATE_LIMITED"]
    keys = redis_storage.get_connection().keys("*")
    assert any(ratelimit.NAMESPACE.encode() in key for key in keys)


def test_two_processes_share_one_count_on_redis(redis_storage):
    """Two storages with their own connections are what two processes (or machines) have: one
    count between them."""
    first = FixedWindowRateLimiter(storage_from_string(REDIS_URL))
    second = FixedWindowRateLimiter(storage_from_string(REDIS_URL))
    five = RateLimitItemPerMinute(5, namespace=ratelimit.NAMESPACE)
    allowed = [counter.hit(five, "addr:shared") for counter in (first, second) * 3]
    assert allowed == [True] * 5 + [False]
    assert first.get_window_stats(five, "addr:shared").remaining == 0
