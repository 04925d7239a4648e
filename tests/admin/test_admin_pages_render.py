"""Every admin screen an editor of personalization opens renders (Wagtail 8 with the plugins
this project builds on)."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_home",
        "persona:index",
        "persona:add",
        "journeystage:index",
        "journeystage:add",
        "segments:index",
        "segments:add",
        "personalization_admin:coverage_report",
        "trait:index",
        "trait:add",
        "webhook:index",
        "webhook:add",
        "webhookdelivery:index",
        "personalization_admin:audiences",
    ],
)
def test_admin_screen_renders(admin_client, home, url_name):
    response = admin_client.get(reverse(url_name))
    assert response.status_code == 200


def test_page_editor_renders(admin_client, home):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
    assert response.status_code == 200
    assert "Variants" in response.content.decode()


def test_dashboard_does_not_count_copied_page_variants(admin_client, home):
    """wagtail-personalisation's copied-page variant counts would always read 0 here."""
    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Personalised Page" not in page and "Variants</a>" not in page
