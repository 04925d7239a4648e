"""The source of a visit sticks to the visit (site-format.md, source signals)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from personalization.profiles.models import Visitor

from .shop import ask, consent, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")
CAMPAIGN = "https://shop.test/?utm_source=news&utm_medium=email&utm_campaign=spring-race"


def test_a_campaign_landing_keeps_its_source_for_the_rest_of_the_visit(graphql):
    vid = consent(graphql)
    ask(graphql, context={"visitorId": vid, "url": CAMPAIGN})
    _, _, page = ask(
        graphql,
        path="/prices/",
        context={
            "visitorId": vid,
            "url": "https://shop.test/prices/",
            "referrer": "https://shop.test/",
        },
    )
    assert page["decision"]["channel"] == "email" and page["decision"]["persona"]["slug"] == "racer"


def test_a_new_external_referrer_starts_a_new_source(graphql):
    vid = consent(graphql)
    ask(graphql, context={"visitorId": vid, "url": CAMPAIGN})
    _, _, page = ask(graphql, context={"visitorId": vid, "referrer": "https://www.google.com/"})
    assert page["decision"]["channel"] == "organic_search" and page["decision"]["persona"] is None


def test_a_new_visit_without_a_campaign_is_direct(graphql):
    vid = consent(graphql)
    ask(graphql, context={"visitorId": vid, "url": CAMPAIGN})
    Visitor.objects.filter(public_id=vid).update(last_seen=timezone.now() - timedelta(minutes=45))
    _, _, page = ask(graphql, context={"visitorId": vid})
    assert page["decision"]["channel"] == "direct" and page["decision"]["persona"] is None


def test_without_profiling_each_request_carries_its_own_source(graphql):
    ask(graphql, context={"url": CAMPAIGN})
    _, _, page = ask(
        graphql, context={"url": "https://shop.test/prices/", "referrer": "https://shop.test/"}
    )
    assert page["decision"]["channel"] == "direct"
