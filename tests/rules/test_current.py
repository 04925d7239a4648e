"""Each process keeps one compiled RuleSet and rebuilds it only when the shared version moves."""

import pytest
from django_redis import get_redis_connection

from personalization.models import Persona
from personalization.rules.current import current_ruleset, current_version
from personalization.rules.save_segments import save_segment
from tests.redis_dbs import redis_url

pytestmark = pytest.mark.django_db

REDIS_CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": redis_url(2),
        "KEY_PREFIX": "tailor-rules-test",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = REDIS_CACHES
    redis = get_redis_connection("default")
    redis.flushdb()
    yield
    redis.flushdb()


def test_saved_segment_is_visible_after_commit(django_capture_on_commit_callbacks):
    before = current_ruleset()

    with django_capture_on_commit_callbacks(execute=True):
        save_segment("nordics", "Nordic visitors", {"country": "SE"})
    after = current_ruleset()

    assert after.version != before.version
    assert after.segments["nordics"].rules == {"country": "SE"}


def test_one_transaction_bumps_the_version_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        save_segment(
            "nested",
            "Nested",
            {"any": [{"all": [{"country": "SE"}, {"device": "mobile"}]}, {"channel": "email"}]},
        )

    assert len(callbacks) == 1


def test_unchanged_version_reuses_the_compiled_rules_without_a_query(
    django_assert_num_queries, settings
):
    settings.TAILOR_STAMP_SECONDS = 3600
    first = current_ruleset()

    with django_assert_num_queries(0):  # the version was read less than an interval ago
        second = current_ruleset()

    assert second is first


def test_the_version_is_read_again_once_the_interval_passed(django_assert_num_queries, settings):
    settings.TAILOR_STAMP_SECONDS = 0
    first = current_ruleset()

    with django_assert_num_queries(1):  # the version rows
        second = current_ruleset()

    assert second is first


def test_a_change_in_this_process_is_seen_before_its_commit(settings):
    settings.TAILOR_STAMP_SECONDS = 3600
    current_ruleset()
    save_segment(
        "nordics", "Nordic visitors", {"country": "SE"}
    )  # the test's transaction never commits

    assert "nordics" in current_ruleset().segments


def test_editing_a_persona_changes_the_rules_every_process_sees(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Persona.objects.create(slug="family", name="Family")
    version = current_version()

    with django_capture_on_commit_callbacks(execute=True):
        Persona.objects.filter(slug="family").first().delete()

    assert current_version() != version
    assert current_ruleset().personas == ()


def test_shared_cache_makes_an_unchanged_rule_set_cost_no_query(
    redis_cache, django_assert_num_queries
):
    first = current_ruleset()

    with django_assert_num_queries(0):
        second = current_ruleset()

    assert second is first


def test_shared_cache_sees_a_change_committed_elsewhere(
    redis_cache, django_capture_on_commit_callbacks
):
    current_ruleset()

    with django_capture_on_commit_callbacks(execute=True):
        save_segment("nordics", "Nordic visitors", {"country": "SE"})

    assert "nordics" in current_ruleset().segments
    assert get_redis_connection("default").keys("tailor-rules-test:*rules:version")
