"""No path reveals a page a visitor may not see: expired (before publish_scheduled runs),
draft, or behind a password. Issue 12, finding 4."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.pages.models import ContentPage
from tests.api.shop import ask, content, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")

TREE = """{ personalizedPage(path: "/") { page { numchild children { title }
  descendants { title } } } }"""


def expire(path):
    page = ContentPage.objects.get(url_path=f"/home{path}")
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    return page


def titles(items):
    return sorted(item["title"] for item in items)


def test_an_expired_page_is_not_served_or_listed_before_publish_scheduled_runs(graphql):
    expire("/wholesale/")
    assert ask(graphql, path="/wholesale/")[2] is None
    page = graphql(TREE).json()["data"]["personalizedPage"]["page"]
    assert "Wholesale" not in titles(page["children"]) + titles(page["descendants"])
    assert page["numchild"] == len(page["children"]) == 2


def test_numchild_counts_only_public_children(graphql):
    home = ContentPage.objects.get(url_path="/home/")
    PageViewRestriction.objects.create(
        page=ContentPage.objects.get(url_path="/home/city/"),
        restriction_type="password",
        password="x",
    )
    page = graphql(TREE).json()["data"]["personalizedPage"]["page"]
    assert home.get_children().count() == 4  # prices, city, wholesale, secret (draft)
    assert page["numchild"] == 2 and titles(page["children"]) == ["Prices", "Wholesale"]


def _link_to(page):
    return f'<p>See <a linktype="page" id="{page.pk}">the news</a>.</p>'


@pytest.mark.parametrize("hide", ["draft", "expired", "private"])
def test_a_rich_text_link_to_a_hidden_page_keeps_its_text_and_loses_its_url(graphql, hide):
    target = ContentPage.objects.get(
        url_path="/home/secret/" if hide == "draft" else "/home/wholesale/"
    )
    if hide == "expired":
        expire("/wholesale/")
    if hide == "private":
        PageViewRestriction.objects.create(page=target, restriction_type="password", password="x")
    prices = ContentPage.objects.get(url_path="/home/prices/")
    prices.body = [("paragraph", _link_to(target))]
    prices.save_revision().publish()
    body = content(ask(graphql, path="/prices/")[2])["body"]
    html = body[0]["value"]
    assert "the news" in html and "href" not in html and target.slug not in html


def test_a_rich_text_link_to_a_public_page_keeps_its_url(graphql):
    target = ContentPage.objects.get(url_path="/home/wholesale/")
    prices = ContentPage.objects.get(url_path="/home/prices/")
    prices.body = [("paragraph", _link_to(target))]
    prices.save_revision().publish()
    html = content(ask(graphql, path="/prices/")[2])["body"][0]["value"]
    assert re.search(r'href="[^"]*/wholesale/"', html), html  # the website's address of the page


def test_an_expired_pages_content_url_is_gone_at_its_expire_at(graphql, client, monkeypatch):
    page = ContentPage.objects.get(url_path="/home/wholesale/")
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() + timedelta(hours=1))
    query = '{ personalizedPage(path: "/wholesale/") { decision { contentUrl } } }'
    url = graphql(query).json()["data"]["personalizedPage"]["decision"]["contentUrl"]
    assert client.get(url).status_code == 200
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)  # publish_scheduled has not run yet
    assert client.get(url).status_code == 404
    assert graphql(query).json()["data"]["personalizedPage"] is None


@pytest.mark.parametrize("arguments", ['searchQuery: "bikes"', 'inMenu: false, searchQuery: "0"'])
def test_searching_children_skips_expired_pages(graphql, arguments):
    """Found by the fuzzer: the expiry filter used to be a field Wagtail search cannot filter on."""
    expire("/city/")
    body = graphql(
        '{ personalizedPage(path: "/") { page { children(%s) { title } } } }' % arguments
    ).json()
    assert "errors" not in body, body
    assert "City bikes" not in titles(body["data"]["personalizedPage"]["page"]["children"])


def test_the_tree_path_of_a_page_tells_nothing_of_its_hidden_siblings(graphql):
    """treebeard's `path` numbers hidden pages too (a gap between 0001 and 0003 was a draft)."""
    body = graphql(
        '{ personalizedPage(path: "/") { page { path children { path urlPath depth } } } }'
    ).json()
    page = body["data"]["personalizedPage"]["page"]
    assert page["path"] == "" and page["children"], body
    assert {child["path"] for child in page["children"]} == {""}
    assert all(child["urlPath"] and child["depth"] for child in page["children"])
