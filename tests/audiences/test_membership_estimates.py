"""How many profiled visitors are in each segment and persona, now and among those seen in the
last 30 days: counted on every profile when there are few, on a random sample otherwise, with
the method shown on the segment, persona and audience screens at a constant number of queries."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personalization.audiences.estimates import estimate, load_estimates
from personalization.models import Persona
from personalization.profiles import store
from personalization.profiles.ingest import set_visitor_traits
from personalization.profiles.models import Visitor

from .test_audiences import NOW, dealer  # noqa: F401


def profiles(n: int, *, pro: int, days_ago: int) -> None:
    """`n` consented profiles last seen `days_ago` days ago, the first `pro` on the pro plan."""
    for i in range(n):
        vid, _ = store.set_consent(None, personalization=True, analytics=True, now=NOW)
        Visitor.objects.filter(public_id=vid).update(last_seen=NOW - timedelta(days=days_ago))
        if i < pro:
            assert set_visitor_traits(vid, {"plan": "pro"}, now=NOW)


@pytest.fixture
def visitors(dealer):  # noqa: F811
    profiles(8, pro=3, days_ago=2)
    profiles(4, pro=2, days_ago=60)
    store.set_consent(None, personalization=False, analytics=True, now=NOW)  # never counted


def test_with_few_profiles_every_one_is_counted_exactly(visitors):
    assert estimate(NOW) == 12
    premium = load_estimates()["segment:premium"]
    assert (premium.now.count, premium.recent.count) == (5, 3)
    assert str(premium.now) == "5 of all 12 profiles (41.7%)"
    assert str(premium.recent) == "3 of all 8 profiles (37.5%)"
    assert load_estimates()["segment:suv-buyers"].now.count == 0


def test_the_command_prints_each_estimate(visitors):
    out = StringIO()
    call_command("estimate_audiences", stdout=out)
    assert (
        "segment:premium: 5 of all 12 profiles (41.7%); seen in the last 30 days: "
        in out.getvalue()
    )


def test_with_many_profiles_a_sample_is_scaled_up_and_says_so(visitors):
    estimate(NOW, sample=6)
    premium = load_estimates()["segment:premium"].now
    assert (premium.sampled, premium.population) == (6, 12)
    assert premium.count == round(premium.matched / 6 * 12)
    assert str(premium).startswith(
        f"~{premium.count} of 12 ({premium.matched} of 6 sampled profiles, "
    )


def test_the_screens_show_the_counts_and_the_method_at_constant_queries(visitors, admin_client):
    Persona.objects.create(slug="fleet", name="Fleet buyer")  # no rules: never matches
    screens = [
        reverse("segments:index"),
        reverse("persona:index"),
        reverse("personalization_admin:audiences"),
    ]
    for url in screens:
        body = admin_client.get(url).content.decode()
        assert "Not counted yet" in body, url
    estimate(NOW)

    def count():
        out = {}
        for url in screens:
            admin_client.get(url)
            with CaptureQueriesContext(connection) as queries:
                body = admin_client.get(url).content.decode()
            out[url] = len(queries)
            assert "profiles (" in body and "Seen in the last 30 days" in body, url
        return out

    before = count()
    profiles(30, pro=10, days_ago=1)
    estimate(NOW)
    assert count() == before, "more profiles, the same queries per screen"
    body = admin_client.get(reverse("segments:index")).content.decode()
    assert "15 of all 42 profiles (35.7%)" in body and "13 of all 38 profiles (34.2%)" in body
    assert (
        "0 of all 42 profiles (0.0%)" in admin_client.get(reverse("persona:index")).content.decode()
    )
