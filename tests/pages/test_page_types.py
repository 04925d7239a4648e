"""The page types in the Wagtail admin and on Wagtail's own page serving (editor previews)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.pages.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def home():
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="home-page", intro="Welcome"))
    Site.objects.update(root_page=home)
    return home


def test_an_editor_creates_a_content_page_with_every_block(admin_client, home):
    data = nested_form_data(
        {
            "title": "Pricing",
            "slug": "pricing",
            "intro": "Plans for {city|everyone}",
            "body": streamfield(
                [
                    ("heading", "Plans"),
                    ("paragraph", rich_text("<p>From 10 a month.</p>")),
                    ("cta", {"label": "Start", "url": "/trial/"}),
                ]
            ),
            "variants-TOTAL_FORMS": 0,
            "variants-INITIAL_FORMS": 0,
            "persona_affinity-TOTAL_FORMS": 0,
            "persona_affinity-INITIAL_FORMS": 0,
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/add/pages/contentpage/{home.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ContentPage.objects.get(slug="pricing")
    assert page.live and [b.block_type for b in page.body] == ["heading", "paragraph", "cta"]


def test_the_page_editor_opens_despite_the_plugins_userbar_hook(admin_client, home):
    page = home.add_child(instance=ContentPage(title="About", slug="about"))
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert b"Variants" in response.content


def test_wagtail_serves_the_default_content_without_a_website(client, home, settings):
    settings.FRONTEND_URL = ""
    home.add_child(instance=ContentPage(title="About us", slug="about", intro="Who we are"))
    response = client.get("/about/")
    assert (
        response.status_code == 200
        and b"About us" in response.content
        and b"Who we are" in response.content
    )


def test_the_cms_address_of_a_page_sends_visitors_to_the_website(client, home, settings):
    settings.FRONTEND_URL = "https://www.example.com/"
    home.add_child(instance=ContentPage(title="About us", slug="about", intro="Who we are"))
    response = client.get("/about/?utm_campaign=spring")
    assert (
        response.status_code == 302
        and response["Location"] == "https://www.example.com/about/?utm_campaign=spring"
    )


def test_page_links_and_view_live_point_at_the_website(admin_client, home, settings):
    settings.FRONTEND_URL = "https://www.example.com"
    about = home.add_child(instance=ContentPage(title="About us", slug="about"))
    about.save_revision().publish()
    assert about.url == about.full_url == "https://www.example.com/about/"
    listing = admin_client.get(f"/admin/pages/{home.pk}/").content.decode()
    assert 'href="https://www.example.com/about/"' in listing
    response = admin_client.post(
        f"/admin/pages/{about.pk}/edit/", follow=True, data=_publish_data(about)
    )
    assert (
        "https://www.example.com/about/" in response.content.decode()
    )  # the "View live" message button


def test_content_pages_are_search_indexed(home):
    home.add_child(
        instance=ContentPage(title="Winter tyres", slug="tyres", intro="Grip on snow and ice")
    )
    results = ContentPage.objects.live().search("snow")
    assert [p.title for p in results] == ["Winter tyres"]


def test_serving_a_page_stores_no_session_and_runs_no_segment_refresh(
    client, home, django_assert_max_num_queries, settings
):
    from django.contrib.sessions.models import Session

    settings.FRONTEND_URL = ""  # served by the CMS itself

    home.add_child(instance=ContentPage(title="About us", slug="about"))
    with django_assert_max_num_queries(
        12
    ):  # site, page, specific page, variants, tags, ...: no per-segment queries
        response = client.get("/about/", HTTP_DNT="1")
    assert response.status_code == 200
    assert Session.objects.count() == 0 and "sessionid" not in response.cookies


def _publish_data(page):
    from tests.admin.pageforms import page_data

    return page_data(page, publish=True)
