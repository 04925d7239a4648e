"""personalizedPage over GET (a link, a prefetch, a persisted query) decides but never writes:
no page view, no impression, no new visitor, no cookie."""

import json

import pytest

from personalization.profiles.models import Impression, Visitor

from .shop import PAGE, consent, shop  # noqa: F401
from .test_history_and_consent import visitor

pytestmark = pytest.mark.usefixtures("shop")


def get(client, variables):
    return client.get("/graphql/", {"query": PAGE, "variables": json.dumps(variables)})


def test_a_get_records_no_page_view_for_a_consenting_visitor(client, graphql):
    vid = consent(graphql)
    response = get(
        client, {"path": "/", "context": {"visitorId": vid, "referrer": "https://www.strava.com/"}}
    )
    page = response.json()["data"]["personalizedPage"]
    assert page["variant"]["name"] == "Racer home"  # still personalized
    assert visitor(graphql, vid)["pageViews"] == 0
    assert not Impression.objects.exists()


def test_a_get_mints_no_visitor_in_opt_out_mode(client, settings):
    settings.PERSONALIZATION_CONSENT = "opt-out"
    before = Visitor.objects.count()
    response = get(client, {"path": "/", "context": {"referrer": "https://www.strava.com/"}})
    assert response.json()["data"]["personalizedPage"]["decision"]["visitorId"] is None
    assert Visitor.objects.count() == before and not response.cookies
