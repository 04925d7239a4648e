"""forget erases everything; export shows everything."""

from datetime import timedelta

import pytest

from personalization.profiles import store

from .helpers import consented, row_counts, view

pytestmark = pytest.mark.django_db


def _busy_profile(visitor_id, now):
    view(visitor_id, now, tags=["api"], affinity={"developer": 2}, variant_id="7", arm="a")
    store.record_event(visitor_id, type="signup", client_event_id="e", now=now)
    store.declare(visitor_id, persona="developer", interests=["api"], now=now)


def test_forget_erases_every_row_of_a_merged_profile(now):
    laptop, phone, stranger = consented(now), consented(now), consented(now)
    for visitor_id in (laptop, phone, stranger):
        _busy_profile(visitor_id, now)
    store.identify(laptop, user_key="u", now=now)
    store.identify(phone, user_key="u", now=now)

    assert store.forget(phone) is True

    assert row_counts() == {
        "Visitor": 1,
        "VisitorAlias": 0,
        "PathView": 1,
        "TagView": 1,
        "PersonaAffinity": 1,
        "Event": 1,
        "PageView": 1,
        "Impression": 0,
    }  # only the stranger is left (their impression is their page view's variant)
    assert store.resolve(laptop) is None and store.resolve(phone) is None
    assert store.export(stranger) is not None


def test_forgetting_an_unknown_visitor_is_false(db):
    assert store.forget("unknown") is False
    assert store.forget(None) is False


def test_a_forgotten_visitor_gets_no_history(visitor_id, now):
    _busy_profile(visitor_id, now)
    store.forget(visitor_id)

    view(visitor_id, now)
    assert store.load_history(visitor_id, now=now) is None
    assert set(row_counts().values()) == {0}


def test_export_holds_everything_stored(visitor_id, now):
    _busy_profile(visitor_id, now)
    store.record_event(visitor_id, type="click", now=now + timedelta(minutes=1))

    exported = store.export(visitor_id)

    assert exported["visitor_id"] == visitor_id
    assert exported["consent"] == {"personalization": True, "analytics": True, "at": now}
    assert (exported["visit_count"], exported["page_views"]) == (1, 1)
    assert (exported["declared_persona"], exported["interests"]) == ("developer", ["api"])
    assert exported["path_views"] == {"/pricing/": 1} and exported["tag_views"] == {"api": 1}
    assert exported["affinity"] == {"developer": 2.0}
    assert [e["type"] for e in exported["events"]] == ["click", "signup"]  # newest first
    assert [p["path"] for p in exported["page_view_log"]] == ["/pricing/"]
    assert [(i["variant_id"], i["arm"]) for i in exported["impressions"]] == [("7", "a")]
    assert len(store.export(visitor_id, event_limit=1)["events"]) == 1


def test_no_export_without_a_profile(db):
    assert store.export("unknown") is None
