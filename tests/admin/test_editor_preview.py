"""Wagtail's own preview (the editor's side panel) shows the page as the engine serves it: one
variant, one alternative per personalized block, placeholders filled, with the reasons; and a
"simulate a visitor" mode that evaluates the rules instead of forcing a persona."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail_personalisation.models import Segment

from cms.pages.models import ContentPage
from personalization.models import JourneyStage, Persona

from .pageforms import alternative, page_data, paragraph, personalized, variant

SHOP = Path(__file__).parents[1] / "api" / "site.yaml"


@pytest.fixture
def shop_home(db) -> ContentPage:
    call_command("load_site", str(SHOP), verbosity=0)
    return ContentPage.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)


BODY = [
    ("heading", "New season"),
    personalized(
        [alternative([paragraph("<p>Carbon frames in stock.</p>")], persona="racer")],
        default=[("cta", {"label": "Browse bikes", "url": "/bikes/"})],
    ),
]


def variants() -> list[dict]:
    """The shop's home variants, as the editor's form sends them."""
    racer = Persona.objects.get(slug="racer")
    return [
        variant("Racer home", persona=racer, title="Ride faster"),
        variant(
            "Swedish home",
            segment=Segment.objects.get(identity__slug="sweden"),
            title="Cyklar i {city|Sverige}",
        ),
        variant(
            "Buyer home", stage=JourneyStage.objects.get(slug="buy"), title="Finish your order"
        ),
    ]


def preview(
    client, page, mode: str | None = None, intro: str | None = None, **query
) -> BeautifulSoup:
    """Post the page's form (as the editor's panel does on every change), then render a mode."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = page_data(page, intro=intro, body=BODY, variants=variants())
    assert client.post(url, data).json()["is_valid"] is True
    params = {"in_preview_panel": "true", **query}
    if mode is not None:
        params["mode"] = mode
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def text(soup: BeautifulSoup, testid: str) -> str:
    return " ".join(soup.find(attrs={"data-testid": testid}).get_text(" ").split())


def test_the_preview_offers_default_each_persona_each_stage_and_a_visitor(admin_client, shop_home):
    modes = dict(shop_home.preview_modes)
    assert modes[""] == "Default content" and "visitor" in modes
    assert {
        "persona:racer",
        "persona:commuter",
        "persona:shop-owner",
        "stage:browse",
        "stage:compare",
        "stage:buy",
    } <= set(modes)
    editor = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[shop_home.pk])
    ).content.decode()
    assert "As persona: Racer" in editor  # the panel's mode select


def test_the_default_preview_shows_one_version_with_placeholders_filled(admin_client, shop_home):
    soup = preview(admin_client, shop_home)
    page = text(soup, "preview-content")
    assert "Spoke & Chain" in page and "Bikes delivered to your door." in page
    assert "{city" not in page and "Carbon frames" not in page and "Browse bikes" in page
    assert text(soup, "preview-variant") == "Default content"
    assert "No persona: the preview shows the default content" in text(soup, "preview-reasons")


def test_previewing_as_a_persona_shows_its_variant_and_its_alternative_only(
    admin_client, shop_home
):
    soup = preview(admin_client, shop_home, "persona:racer")
    page = text(soup, "preview-content")
    assert (
        "Ride faster" in page and "Carbon frames in stock." in page and "Browse bikes" not in page
    )
    assert text(soup, "preview-variant") == "Variant “Racer home”"
    assert "chosen in the preview" in text(soup, "preview-reasons")


def test_previewing_a_stage_forces_the_stage(admin_client, shop_home):
    soup = preview(admin_client, shop_home, "stage:buy")
    assert "Finish your order" in text(soup, "preview-content")


def test_a_simulated_visitor_is_decided_by_the_rules_with_their_reasons(admin_client, shop_home):
    soup = preview(
        admin_client,
        shop_home,
        "visitor",
        simulate="1",
        landing="/?utm_source=mail&utm_campaign=spring-race",
    )
    assert text(soup, "preview-persona") == "Racer"
    assert "Ride faster" in text(soup, "preview-content")
    reasons = text(soup, "preview-reasons")
    assert (
        "Persona racer:" in reasons and "chosen in the preview" not in reasons and "race" in reasons
    )
    assert soup.find(attrs={"data-testid": "simulate-form"}) is not None


def test_a_simulated_history_reaches_the_stage_rules(admin_client, shop_home):
    soup = preview(
        admin_client,
        shop_home,
        "visitor",
        simulate="1",
        pages="/prices/",
        events="checkout_started",
    )
    assert "Finish your order" in text(soup, "preview-content")
    assert "Stage buy:" in text(soup, "preview-reasons")


def test_a_simulated_place_fills_placeholders_and_segments(admin_client, shop_home):
    soup = preview(admin_client, shop_home, "visitor", simulate="1", country="SE", city="Uppsala")
    assert "Cyklar i Uppsala" in text(soup, "preview-content")
    assert "Segment sweden:" in text(soup, "preview-reasons")


def test_a_visitor_matching_nothing_gets_the_default(admin_client, shop_home):
    soup = preview(admin_client, shop_home, "visitor", simulate="1", device="desktop")
    assert text(soup, "preview-variant") == "Default content"
    assert "No persona: no persona's rules" in text(soup, "preview-reasons")


def test_the_panel_keeps_the_simulated_visitor_across_its_reloads(admin_client, shop_home):
    preview(admin_client, shop_home, "visitor", simulate="1", landing="/?utm_campaign=race-day")
    soup = preview(admin_client, shop_home, "visitor")  # the panel reloads after an edit, no query
    assert text(soup, "preview-persona") == "Racer"
    assert soup.find("input", attrs={"name": "landing"})["value"] == "/?utm_campaign=race-day"


def test_bad_visitor_values_are_shown_as_form_errors_not_a_500(admin_client, shop_home):
    soup = preview(
        admin_client,
        shop_home,
        "visitor",
        simulate="1",
        ip="not-an-ip",
        country="S1",
        visit_count="-3",
    )
    errors = " ".join(e.get_text() for e in soup.select(".error"))
    assert (
        "IPv4 or IPv6" in errors
        and "two-letter" in errors
        and "greater than or equal to 0" in errors
    )


def test_the_preview_shows_unsaved_edits(admin_client, shop_home):
    soup = preview(
        admin_client, shop_home, "", intro="Bikes for {city|everyone} in {country|the world}."
    )
    assert "Bikes for everyone in the world." in text(soup, "preview-content")
    assert (
        Page.objects.get(pk=shop_home.pk).specific.intro == "Bikes delivered to {city|your door}."
    )
