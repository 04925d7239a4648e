"""From the visitor's browser to the marketer's report: consenting visitors ask /graphql/ for
the shop's home page, some buy (trackEvent), and the Analytics report shows the numbers."""
from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.api.shop import ask, consent, content, shop  # noqa: F401

from .test_report_view import table

pytestmark = pytest.mark.usefixtures("shop")

BUY = 'mutation T($v: String!) { trackEvent(visitorId: $v, type: "purchase") { ok } }'
RACER = {"referrer": "https://strava.com/"}


@pytest.fixture
def browser(client, graphql):
    """A fresh browser per visitor: the API keeps the visitor id in a cookie, which would
    otherwise make every "new" visitor the previous one."""
    def new_visitor(**kwargs) -> None:
        client.cookies.clear()
        visitor(graphql, **kwargs)
    return new_visitor


def visitor(graphql, *, racer: bool, buys_before: bool = False, buys_after: bool = False) -> None:
    vid = consent(graphql)
    if buys_before:
        assert graphql(BUY, {"v": vid}).json()["data"]["trackEvent"]["ok"] is True
    _, _, page = ask(graphql, context={"visitorId": vid, **(RACER if racer else {})})
    assert content(page)["title"] == ("Ride faster" if racer else "Spoke & Chain")
    if buys_after:
        assert graphql(BUY, {"v": vid}).json()["data"]["trackEvent"]["ok"] is True


def test_report_shows_racer_home_converting_better_than_the_default(browser, admin_client):
    browser(racer=True, buys_after=True)
    browser(racer=True, buys_after=True)
    browser(racer=True)
    browser(racer=True, buys_before=True)     # bought first: not a Racer home conversion
    browser(racer=False, buys_after=True)
    for _ in range(3):
        browser(racer=False)
    response = admin_client.get(reverse("personalization_admin:analytics"))
    assert response.status_code == 200
    home = Page.objects.get(title="Spoke & Chain")
    numbers = table(response.content.decode(), home.pk)
    assert numbers["Racer home"] == {"impressions": "4", "visitors": "4", "conversions": "2",
                                     "rate": "50.0%", "uplift": "+100.0%"}
    assert numbers["Default content"] == {"impressions": "4", "visitors": "4", "conversions": "1",
                                          "rate": "25.0%", "uplift": "–"}
    assert numbers["Phone home A"]["visitors"] == numbers["Phone home B"]["visitors"] == "0"
