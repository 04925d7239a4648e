"""Events (trackEvent) and zero-party data (declare)."""

from datetime import timedelta

import pytest

from personalization.profiles import store
from personalization.profiles.models import Event

pytestmark = pytest.mark.django_db


def test_an_event_is_stored_with_its_details(visitor_id, now):
    assert store.record_event(
        visitor_id,
        type="trial_started",
        path="/trial/",
        value=49.0,
        variant_id="12",
        properties={"plan": "team"},
        now=now,
    )

    [event] = store.export(visitor_id)["events"]
    assert event["type"] == "trial_started" and event["path"] == "/trial/"
    assert event["value"] == 49.0 and event["variant_id"] == "12"
    assert event["properties"] == {"plan": "team"} and event["at"] == now


def test_a_retried_event_counts_once(visitor_id, now):
    first = store.record_event(visitor_id, type="signup", client_event_id="abc", now=now)
    retry = store.record_event(
        visitor_id, type="signup", client_event_id="abc", now=now + timedelta(seconds=2)
    )
    other = store.record_event(visitor_id, type="signup", client_event_id="def", now=now)

    assert (first, retry, other) == (True, False, True)
    assert Event.objects.count() == 2


def test_events_without_a_client_id_are_all_kept(visitor_id, now):
    for _ in range(3):
        assert store.record_event(visitor_id, type="click", now=now)
    assert Event.objects.count() == 3


def test_no_event_is_stored_without_a_profile(db, now):
    assert store.record_event("unknown", type="signup", now=now) is False
    assert store.record_event(None, type="signup", now=now) is False
    assert Event.objects.count() == 0


def test_declared_persona_and_interests(visitor_id, now):
    assert store.declare(
        visitor_id, persona="developer", interests=["API", "security", "api"], now=now
    )
    assert store.export(visitor_id)["declared_persona"] == "developer"
    assert store.export(visitor_id)["interests"] == ["api", "security"]

    store.declare(visitor_id, interests=["pricing"], now=now)  # persona not given: unchanged
    assert store.export(visitor_id)["declared_persona"] == "developer"

    store.declare(visitor_id, persona=None, interests=[], now=now)
    exported = store.export(visitor_id)
    assert exported["declared_persona"] is None and exported["interests"] == []


def test_declaring_needs_a_profile(db, now):
    assert store.declare("unknown", persona="developer", now=now) is False


def test_an_overlong_event_type_is_refused(visitor_id, now):
    with pytest.raises(ValueError):
        store.record_event(visitor_id, type="x" * 101, now=now)
    assert Event.objects.count() == 0
