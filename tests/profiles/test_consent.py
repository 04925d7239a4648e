"""Consent decides whether a profile exists at all."""

from datetime import timedelta

import pytest

from personalization.profiles import store
from personalization.profiles.models import Visitor

from .helpers import row_counts, view

pytestmark = pytest.mark.django_db


def test_granting_consent_without_an_id_mints_an_unguessable_one(now):
    visitor_id, consent = store.set_consent(None, personalization=True, analytics=False, now=now)

    assert consent == store.Consent(personalization=True, analytics=False)
    assert len(visitor_id) >= 32  # 24 random bytes, URL-safe
    assert store.get_consent(visitor_id) == consent
    assert Visitor.objects.get(public_id=visitor_id).consent_at == now


def test_minted_ids_differ():
    assert len({store.new_visitor_id() for _ in range(100)}) == 100


def test_an_unknown_id_is_never_adopted(now):
    visitor_id, _ = store.set_consent(
        "chosen-by-client", personalization=True, analytics=True, now=now
    )

    assert visitor_id != "chosen-by-client"
    assert store.get_consent("chosen-by-client") is None


def test_declining_everything_erases_the_profile(visitor_id, now):
    view(visitor_id, now, tags=["api"], affinity={"developer": 2}, variant_id="7", arm="a")
    store.record_event(visitor_id, type="signup", now=now)

    returned_id, consent = store.set_consent(
        visitor_id, personalization=False, analytics=False, now=now
    )

    assert returned_id is None
    assert consent == store.Consent(personalization=False, analytics=False)
    assert store.get_consent(visitor_id) is None
    assert set(row_counts().values()) == {0}


def test_declining_without_a_profile_stores_nothing(now):
    assert store.set_consent(None, personalization=False, analytics=False, now=now)[0] is None
    assert set(row_counts().values()) == {0}


def test_changing_consent_keeps_the_id(visitor_id, now):
    later = now + timedelta(days=1)
    returned_id, consent = store.set_consent(
        visitor_id, personalization=True, analytics=False, now=later
    )

    assert returned_id == visitor_id
    assert (
        store.get_consent(visitor_id)
        == consent
        == store.Consent(personalization=True, analytics=False)
    )
    assert Visitor.objects.get(public_id=visitor_id).consent_at == later


def test_withdrawing_personalization_erases_history_but_keeps_analytics(visitor_id, now):
    view(visitor_id, now, tags=["api"], affinity={"developer": 2}, variant_id="7", arm="a")
    store.declare(visitor_id, persona="developer", interests=["api"], now=now)

    store.set_consent(visitor_id, personalization=False, analytics=True, now=now)

    counts = row_counts()
    assert (counts["PathView"], counts["TagView"], counts["PersonaAffinity"]) == (0, 0, 0)
    assert counts["PageView"] == 1
    exported = store.export(visitor_id)
    assert [i["variant_id"] for i in exported["impressions"]] == ["7"]
    assert exported["declared_persona"] is None and exported["interests"] == []
    assert store.load_history(visitor_id, now=now) is None


def test_withdrawing_analytics_erases_the_page_view_log(visitor_id, now):
    view(visitor_id, now, variant_id="7", arm="a")

    store.set_consent(visitor_id, personalization=True, analytics=False, now=now)

    counts = row_counts()
    assert (counts["PageView"], counts["Impression"]) == (0, 0)
    assert counts["PathView"] == 1
