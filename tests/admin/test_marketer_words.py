"""Words for people, from one place (personalization/display_names.py): channel and place names
instead of keys and codes, goals as Yes/No, personas in priority order, the slug filled from the
name, and the preview's simulate form with the same city picker as "Test these rules"."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from personalization.display_names import channel_name, place_choices, place_name
from personalization.experiments.models import Goal
from personalization.rules.save_segments import save_segment

from .test_editor_preview import preview, shop_home  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_places_read_as_city_and_country():
    assert place_name("Oslo", "03", "NO") == "Oslo, Norway"
    assert place_name(None, "WA", "US") == "Washington, United States"
    assert place_name() == ""
    assert place_choices([("Oslo, 03, NO", "192.0.2.1"), ("Washington, D.C., DC, US", "x")]) == [
        ("192.0.2.1", "Oslo, Norway"),
        ("x", "Washington, D.C., United States"),
    ]


def test_two_cities_of_one_name_are_told_apart_by_their_region():
    labels = [
        label
        for _ip, label in place_choices([("Portland, OR, US", "a"), ("Portland, ME, US", "b")])
    ]
    assert labels == ["Portland, Maine, United States", "Portland, Oregon, United States"]


def test_channels_have_names_for_people():
    assert channel_name("paid_search") == "Paid search ads"
    assert channel_name("organic_search") == "Search engines (unpaid)"


def test_the_segment_list_says_rules_in_names_without_the_editors_examples(admin_client):
    save_segment("ads", "Ad clicks", {"all": [{"channel": {"in": ["paid_search", "paid_social"]}}]})
    save_segment("nordics", "Nordics", {"all": [{"country": {"in": ["SE", "NO"]}}]})
    html = admin_client.get(reverse("segments:index")).content.decode()
    assert "Channel is one of Paid search ads, Paid social media ads" in html
    assert "Country is one of Sweden, Norway" in html
    assert "cross_network" not in html and "ISO code" not in html


def test_goals_say_yes_or_no_not_true_or_false(admin_client):
    Goal.objects.create(slug="buy", name="Purchase", event="purchase", value=True)
    html = admin_client.get(reverse("goal:index")).content.decode()
    cells = re.findall(r"<td[^>]*>\s*(Yes|No|True|False)\s*</td>", html)
    assert cells == ["Yes"]


def test_personas_are_listed_highest_priority_first(admin_client, personas):
    html = admin_client.get(reverse("persona:index")).content.decode()
    positions = [
        html.index(name) for name in ("Fleet manager", "Performance enthusiast", "Family buyer")
    ]
    assert positions == sorted(positions)


def test_the_slug_fills_itself_from_the_name(admin_client):
    for url in (reverse("persona:add"), reverse("journeystage:add"), reverse("goal:add")):
        soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
        name, slug = soup.find(id="id_name"), soup.find(id="id_slug")
        assert name["data-w-sync-target-value"] == "#id_slug", url
        assert "w-slug" in slug["data-controller"], url


def test_the_preview_simulate_form_has_a_city_picker_with_names(admin_client, shop_home):  # noqa: F811
    soup = preview(admin_client, shop_home, "visitor")
    picker = soup.find(attrs={"data-testid": "simulate-form"}).find(
        "select", attrs={"name": "place"}
    )
    labels = [option.get_text() for option in picker.find_all("option")]
    assert "London, United Kingdom" in labels and not any(", GB" in label for label in labels)
    london = next(
        o["value"] for o in picker.find_all("option") if o.get_text() == "London, United Kingdom"
    )
    soup = preview(admin_client, shop_home, "visitor", simulate="1", place=london)
    assert "London, United Kingdom" in soup.find(attrs={"data-place": True}).get_text()
