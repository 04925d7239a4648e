"""Journey stages per site: a site with stages of its own decides with them."""

import pytest
from wagtail.models import Page, Site

from cms.pages.models import ContentPage
from personalization.models import JourneyStage

from .shop import ask, content, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")


@pytest.fixture
def outlet():
    root = Page.get_first_root_node().add_child(instance=ContentPage(title="Outlet", slug="outlet"))
    site = Site.objects.create(hostname="outlet.test", root_page=root, site_name="Outlet")
    JourneyStage.objects.create(site=site, slug="bargain-hunting", name="Bargain hunting", order=0)
    return site


def test_each_site_decides_with_its_own_stages(graphql, outlet):
    _, _, shop_page = ask(graphql)
    _, _, outlet_page = ask(graphql, site="outlet.test")
    assert (
        content(shop_page)["title"] == "Spoke & Chain"
        and shop_page["decision"]["stage"]["slug"] == "browse"
    )
    assert content(outlet_page)["title"] == "Outlet"
    assert outlet_page["decision"]["stage"]["slug"] == "bargain-hunting"


def test_an_unknown_site_is_bad_user_input(graphql):
    _, body, _ = ask(graphql, site="nowhere.test")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
