"""Sites and routes are held in process, and every change an editor makes to what is served —
publishing, unpublishing, moving, restricting a page, a new site — is served at once by the
process that made it (other processes: tests/delivery/test_two_processes.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.api.shop import ask, content, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")


@pytest.fixture(autouse=True)
def stamps_read_rarely(settings):
    settings.TAILOR_STAMP_SECONDS = 3600  # only this process's own changes can move anything


def page_at(url_path):
    return Page.objects.get(url_path=url_path).specific


def title(graphql, path):
    page = ask(graphql, path=path, track=False)[2]
    return content(page)["title"] if page else None


def test_an_anonymous_request_reads_nothing_from_the_database(graphql):
    ask(graphql, track=False)
    with CaptureQueriesContext(connection) as queries:
        _, body, page = ask(graphql, track=False)
    assert page is not None and queries.captured_queries == []


def test_a_published_change_is_served_at_once(graphql):
    assert title(graphql, "/prices/") == "Prices"
    page = page_at("/home/prices/")
    page.title = "Prices 2027"
    page.save_revision().publish()
    assert title(graphql, "/prices/") == "Prices 2027"


def test_an_unpublished_page_is_gone_at_once(graphql):
    assert title(graphql, "/prices/") == "Prices"
    page_at("/home/prices/").unpublish()
    assert title(graphql, "/prices/") is None


def test_a_moved_page_is_served_at_its_new_path(graphql):
    assert title(graphql, "/prices/") == "Prices"
    prices, city = page_at("/home/prices/"), page_at("/home/city/")
    prices.move(city, pos="last-child")
    assert title(graphql, "/prices/") is None
    assert title(graphql, "/city/prices/") == "Prices"


def test_a_restricted_page_is_private_at_once_and_public_again_when_lifted(graphql):
    assert title(graphql, "/prices/") == "Prices"
    restriction = PageViewRestriction.objects.create(
        page=page_at("/home/prices/"), restriction_type="password", password="x"
    )
    assert title(graphql, "/prices/") is None
    restriction.delete()
    assert title(graphql, "/prices/") == "Prices"


def test_an_unknown_site_hostname_is_bad_user_input(graphql):
    response = graphql('{ personalizedPage(path: "/", site: "nowhere.test") { content } }')
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
