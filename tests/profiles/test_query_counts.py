"""Query budgets: a bigger history or a page with more tags must not mean more queries."""

from datetime import timedelta

import pytest

from personalization.profiles import store
from personalization.profiles.models import Event, Visitor

from .helpers import view

pytestmark = pytest.mark.django_db

# record_page_view, inside the test's transaction (no savepoint of its own):
# UPDATE profile (visit + page views) RETURNING, UPSERT path counter, UPSERT tag counters,
# UPSERT persona affinity, INSERT page view log (which is also the impression of the variant).
PAGE_VIEW_QUERIES = 5
# load_history: one SELECT of the profile (id or alias) with its counters and its events of the
# last 400 days as JSON subqueries.
HISTORY_QUERIES = 1


@pytest.mark.parametrize("tag_count", [1, 20])
def test_a_page_view_costs_the_same_for_1_or_20_tags_and_personas(
    visitor_id, now, django_assert_num_queries, tag_count
):
    tags = [f"tag-{i}" for i in range(tag_count)]
    affinity = {f"persona-{i}": 1.0 for i in range(tag_count)}
    view(visitor_id, now, tags=tags, affinity=affinity)  # rows exist: the second view updates them

    with django_assert_num_queries(PAGE_VIEW_QUERIES):
        view(
            visitor_id,
            now + timedelta(minutes=1),
            tags=tags,
            affinity=affinity,
            variant_id="9",
            arm="a",
        )

    assert store.load_history(visitor_id, now=now).tag_views == {tag: 2 for tag in tags}


@pytest.mark.parametrize("event_count", [5, 500])
def test_loading_history_costs_the_same_for_5_or_500_events(
    visitor_id, now, django_assert_num_queries, event_count
):
    pk = Visitor.objects.get(public_id=visitor_id).pk
    Event.objects.bulk_create(
        Event(visitor_id=pk, type=f"type-{i % 7}", at=now - timedelta(hours=i))
        for i in range(event_count)
    )
    for i in range(20):
        view(
            visitor_id,
            now - timedelta(days=i),
            path=f"/page-{i}/",
            tags=[f"t{i}", "common"],
            affinity={"dev": 1},
        )

    with django_assert_num_queries(HISTORY_QUERIES):
        history = store.load_history(visitor_id, now=now)

    assert len(history.events) == event_count
    assert len(history.path_views) == 20 and history.tag_views["common"] == 20


def test_an_aliased_id_costs_no_extra_query(now, django_assert_num_queries):
    laptop, _ = store.set_consent(None, personalization=True, analytics=True, now=now)
    phone, _ = store.set_consent(None, personalization=True, analytics=True, now=now)
    store.identify(laptop, user_key="u", now=now)
    store.identify(phone, user_key="u", now=now)

    with django_assert_num_queries(HISTORY_QUERIES):
        assert store.load_history(phone, now=now) is not None
    with django_assert_num_queries(PAGE_VIEW_QUERIES):
        view(phone, now, tags=["api"], affinity={"developer": 1})


def test_a_duplicate_event_is_refused_in_one_query(visitor_id, now, django_assert_num_queries):
    # INSERT ... SELECT profile ... ON CONFLICT DO NOTHING RETURNING
    with django_assert_num_queries(1):
        assert store.record_event(visitor_id, type="signup", client_event_id="e", now=now)
    with django_assert_num_queries(1):
        assert not store.record_event(visitor_id, type="signup", client_event_id="e", now=now)
