"""identify: one person on several devices becomes one profile."""

from datetime import timedelta

import pytest

from personalization.profiles import store
from personalization.profiles.models import Event, Visitor, VisitorAlias

from .helpers import consented, view

pytestmark = pytest.mark.django_db


def test_first_identification_just_labels_the_profile(visitor_id, now):
    survivor = store.identify(visitor_id, user_key="user-1", now=now)

    assert survivor.public_id == visitor_id and survivor.user_key == "user-1"
    assert store.identify(visitor_id, user_key="user-1", now=now).pk == survivor.pk  # idempotent


def test_two_devices_merge_with_no_event_lost(now):
    laptop, phone = consented(now), consented(now)
    view(
        laptop,
        now - timedelta(days=10),
        path="/pricing/",
        tags=["pricing"],
        affinity={"executive": 5},
    )
    view(laptop, now - timedelta(days=10, minutes=-5), path="/docs/", tags=["api"])
    view(
        phone,
        now - timedelta(hours=2),
        path="/pricing/",
        tags=["pricing", "api"],
        affinity={"executive": 1, "developer": 2},
    )
    store.record_event(laptop, type="signup", client_event_id="e1", now=now - timedelta(days=10))
    store.record_event(laptop, type="download", now=now - timedelta(days=9))
    store.record_event(
        phone, type="signup", client_event_id="e1", now=now - timedelta(days=10)
    )  # same retry
    store.record_event(
        phone, type="trial_started", client_event_id="e2", now=now - timedelta(hours=2)
    )
    store.identify(laptop, user_key="user-1", now=now)

    survivor = store.identify(phone, user_key="user-1", now=now)

    assert survivor.public_id == laptop
    assert Visitor.objects.count() == 1
    assert store.resolve(phone).pk == store.resolve(laptop).pk == survivor.pk
    exported = store.export(phone)
    assert sorted(e["type"] for e in exported["events"]) == ["download", "signup", "trial_started"]
    assert exported["path_views"] == {"/pricing/": 2, "/docs/": 1}
    assert exported["tag_views"] == {"pricing": 2, "api": 2}
    assert exported["affinity"] == {"executive": 6.0, "developer": 2.0}
    assert (exported["visit_count"], exported["page_views"]) == (2, 3)
    assert exported["first_seen"] == now - timedelta(days=10)
    assert exported["last_seen"] == now - timedelta(hours=2)
    assert exported["aliases"] == [phone]


def test_after_merging_the_old_id_keeps_working(now):
    laptop, phone = consented(now), consented(now)
    store.identify(laptop, user_key="user-1", now=now)
    store.identify(phone, user_key="user-1", now=now)

    view(phone, now + timedelta(hours=1), path="/again/")
    assert store.record_event(phone, type="signup", client_event_id="x", now=now)
    assert not store.record_event(laptop, type="signup", client_event_id="x", now=now)

    history = store.load_history(laptop, now=now + timedelta(hours=1))
    assert history.path_views == {"/again/": 1}
    assert [e.type for e in history.events] == ["signup"]


def test_the_most_recent_declaration_wins(now):
    laptop, phone = consented(now), consented(now)
    store.declare(laptop, persona="executive", interests=["pricing"], now=now - timedelta(days=3))
    store.declare(phone, persona="developer", interests=["api"], now=now - timedelta(days=1))
    store.identify(laptop, user_key="user-1", now=now)

    store.identify(phone, user_key="user-1", now=now)

    exported = store.export(laptop)
    assert (exported["declared_persona"], exported["interests"]) == ("developer", ["api"])


def test_three_devices_chain_to_one_profile(now):
    ids = [consented(now) for _ in range(3)]
    for visitor_id in ids:
        view(visitor_id, now)
        store.identify(visitor_id, user_key="user-1", now=now)

    assert Visitor.objects.count() == 1
    assert VisitorAlias.objects.count() == 2
    assert {store.resolve(i).pk for i in ids} == {Visitor.objects.get().pk}
    assert store.export(ids[2])["page_views"] == 3


def test_profiles_of_two_users_are_never_merged(now):
    alice, bob = consented(now), consented(now)
    store.identify(alice, user_key="alice", now=now)
    store.identify(bob, user_key="bob", now=now)

    with pytest.raises(store.IdentityConflict):
        store.identify(alice, user_key="bob", now=now)
    assert Visitor.objects.count() == 2


def test_identify_without_a_profile_does_nothing(db, now):
    assert store.identify("unknown", user_key="user-1", now=now) is None
    assert Visitor.objects.count() == 0


def test_duplicate_events_inside_one_profile_survive_a_merge_once(now):
    laptop, phone = consented(now), consented(now)
    for visitor_id in (laptop, phone):
        store.record_event(visitor_id, type="signup", client_event_id="same", now=now)
        store.record_event(visitor_id, type="click", now=now)
    store.identify(laptop, user_key="u", now=now)
    store.identify(phone, user_key="u", now=now)

    assert sorted(Event.objects.values_list("type", flat=True)) == ["click", "click", "signup"]
