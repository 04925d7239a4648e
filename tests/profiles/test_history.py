"""load_history: what the engine sees before the current request is recorded."""

from datetime import timedelta

import pytest

from personalization.engine.context import History
from personalization.profiles import store

from .helpers import consented, view

pytestmark = pytest.mark.django_db


def test_a_new_visitor_is_on_their_first_visit(visitor_id, now):
    history = store.load_history(visitor_id, now=now)

    assert history == History(
        visit_count=1, page_views=0, first_seen=now, last_seen=None, affinity_half_life_days=90.0
    )


def test_history_counts_earlier_page_views(visitor_id, now):
    view(visitor_id, now, path="/pricing/", tags=["Pricing"], affinity={"executive": 5})
    view(visitor_id, now + timedelta(minutes=1), path="/docs/", tags=["api", "pricing"])

    history = store.load_history(visitor_id, now=now + timedelta(minutes=2))

    assert history.page_views == 2
    assert history.path_views == {"/pricing/": 1, "/docs/": 1}
    assert history.tag_views == {"pricing": 2, "api": 1}
    assert history.affinity == {"executive": 5.0}


def test_within_a_visit_last_seen_is_the_previous_visit(visitor_id, now):
    view(visitor_id, now - timedelta(days=2))
    view(visitor_id, now)

    history = store.load_history(visitor_id, now=now + timedelta(minutes=10))

    assert history.visit_count == 2
    assert history.last_seen == now - timedelta(days=2)
    assert history.first_seen == now - timedelta(days=2)


def test_a_request_after_30_idle_minutes_counts_as_the_next_visit(visitor_id, now):
    view(visitor_id, now)
    later = now + timedelta(minutes=31)

    history = store.load_history(visitor_id, now=later)
    assert (history.visit_count, history.last_seen) == (2, now)

    view(visitor_id, later)  # recording it agrees with what was read
    assert store.load_history(visitor_id, now=later).visit_count == 2


def test_events_of_the_last_400_days_newest_first(visitor_id, now):
    store.record_event(visitor_id, type="old", now=now - timedelta(days=401))
    store.record_event(visitor_id, type="signup", now=now - timedelta(days=30))
    store.record_event(visitor_id, type="trial_started", now=now - timedelta(days=1))

    history = store.load_history(visitor_id, now=now)

    assert [(e.type, e.at) for e in history.events] == [
        ("trial_started", now - timedelta(days=1)),
        ("signup", now - timedelta(days=30)),
    ]


def test_no_history_without_personalization_consent(db, now):
    assert store.load_history(consented(now, personalization=False), now=now) is None
    assert store.load_history("unknown", now=now) is None
    assert store.load_history(None, now=now) is None
