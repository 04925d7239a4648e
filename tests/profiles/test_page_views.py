"""Page views: visits, counters and persona affinity."""

from datetime import timedelta

import pytest

from personalization.profiles import store
from personalization.profiles.models import Impression, PageView, Visitor

from .helpers import consented, row_counts, view

pytestmark = pytest.mark.django_db


def test_no_profile_is_created_for_an_unknown_visitor(now):
    view("never-consented", now, tags=["api"], affinity={"developer": 1}, variant_id="3", arm="b")
    view(None, now)

    assert set(row_counts().values()) == {0}


def test_views_within_30_minutes_are_one_visit(visitor_id, now):
    for minutes in (0, 10, 35, 60):  # each view within 30 minutes of the previous one
        view(visitor_id, now + timedelta(minutes=minutes))

    visitor = Visitor.objects.get(public_id=visitor_id)
    assert (visitor.visit_count, visitor.page_views) == (1, 4)
    assert visitor.first_seen == now
    assert visitor.last_seen == now + timedelta(minutes=60)
    assert visitor.previous_visit_ended_at is None


def test_a_view_after_30_idle_minutes_starts_a_new_visit(visitor_id, now):
    view(visitor_id, now)
    view(visitor_id, now + timedelta(minutes=5))
    view(visitor_id, now + timedelta(minutes=36))  # 31 minutes idle
    view(visitor_id, now + timedelta(days=3))

    visitor = Visitor.objects.get(public_id=visitor_id)
    assert visitor.visit_count == 3
    assert visitor.visit_started_at == now + timedelta(days=3)
    assert visitor.previous_visit_ended_at == now + timedelta(minutes=36)
    assert visitor.first_seen == now


def test_path_and_tag_counters_add_up(visitor_id, now):
    view(visitor_id, now, path="/pricing/", tags=["Pricing", "api"])
    view(visitor_id, now, path="/pricing/", tags=["pricing", " API ", "api"])
    view(visitor_id, now, path="/docs/", tags=["api"])

    exported = store.export(visitor_id)
    assert exported["page_views"] == 3
    assert exported["path_views"] == {"/pricing/": 2, "/docs/": 1}
    assert exported["tag_views"] == {"pricing": 2, "api": 3}  # lower case, once per view


def test_persona_affinity_accumulates(visitor_id, now):
    view(visitor_id, now, affinity={"executive": 5, "developer": 1.5})
    view(visitor_id, now, affinity={"executive": 5})
    view(visitor_id, now, affinity={"developer": -0.5})

    assert store.export(visitor_id)["affinity"] == {"executive": 10.0, "developer": 1.0}


def test_a_served_variant_is_logged_as_an_impression(visitor_id, now):
    view(visitor_id, now, page_id=4, variant_id="12", arm="b")
    view(visitor_id, now, page_id=4)

    impressions = store.export(visitor_id)["impressions"]
    assert [(i["page_id"], i["variant_id"], i["arm"]) for i in impressions] == [(4, "12", "b")]
    assert PageView.objects.filter(visitor__public_id=visitor_id).count() == 2
    assert Impression.objects.count() == 0, (
        "the page view log row is the visitor's impression: one row, not two"
    )


def test_impressions_stored_before_page_views_carried_them_are_still_exported(visitor_id, now):
    Impression.objects.create(
        visitor=Visitor.objects.get(public_id=visitor_id),
        page_id=4,
        variant_id="11",
        arm="a",
        at=now - timedelta(days=1),
    )
    view(visitor_id, now, page_id=4, variant_id="12", arm="b")

    assert [i["variant_id"] for i in store.export(visitor_id)["impressions"]] == ["12", "11"]


def test_without_analytics_consent_nothing_is_logged_but_history_counts(now):
    visitor_id = consented(now, analytics=False)

    view(visitor_id, now, variant_id="12", arm="b", tags=["api"])

    counts = row_counts()
    assert (counts["PageView"], counts["TagView"]) == (0, 1)
    assert list(Impression.objects.values_list("visitor", "variant_id")) == [(None, "12")], (
        "the impression is counted, but not tied to the visitor"
    )


def test_analytics_only_consent_builds_no_history(now):
    visitor_id = consented(now, personalization=False)

    view(visitor_id, now, variant_id="12", arm="b", tags=["api"])

    assert Visitor.objects.get(public_id=visitor_id).page_views == 0
    assert set(row_counts().values()) == {0, 1}  # only the profile row itself


def test_stage_reached_is_kept_until_changed(visitor_id, now):
    view(visitor_id, now, stage="evaluate")
    view(visitor_id, now)
    assert store.load_history(visitor_id, now=now).stage == "evaluate"

    view(visitor_id, now, stage="buy")
    assert store.load_history(visitor_id, now=now).stage == "buy"


def test_an_anonymous_impression_carries_no_visitor(db, now):
    store.record_anonymous_impression(page_id=4, variant_id="12", arm="a", now=now)

    assert list(Impression.objects.values_list("visitor", "variant_id", "arm")) == [
        (None, "12", "a")
    ]
    assert Visitor.objects.count() == 0
