"""The page editor refuses ties between alternatives and unknown placeholders, with messages
that say which alternatives and which placeholder."""

from __future__ import annotations

import html

from django.urls import reverse

from cms.pages.models import ContentPage, PageVariant

from .pageforms import alternative, page_data, paragraph, personalized, variant


def edit(client, page, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def text(response) -> str:
    """The page HTML with entities decoded (stream errors travel in a JSON data attribute)."""
    return html.unescape(response.content.decode())


def test_two_variants_with_the_same_target_and_no_weight_are_refused_naming_both(
    admin_client, home, personas
):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                variant("Family buyers", persona=personas["family"]),
                variant("Families again", persona=personas["family"], weight="50"),
            ],
        ),
    )
    assert response.status_code == 200
    assert (
        "Variant 'Family buyers' and Variant 'Families again' both target persona family"
        in text(response)
    )
    assert not PageVariant.objects.exists()


def test_weighted_variants_with_the_same_target_are_an_ab_test(admin_client, home, personas):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                variant("Arm A", persona=personas["family"], weight="50"),
                variant("Arm B", persona=personas["family"], weight="50"),
            ],
        ),
    )
    assert response.status_code == 302
    assert sorted(PageVariant.objects.values_list("name", flat=True)) == ["Arm A", "Arm B"]


def test_variants_differing_in_one_target_are_not_a_tie(admin_client, home, personas, stages):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                variant("Family", persona=personas["family"]),
                variant("Family deciding", persona=personas["family"], stage=stages["decide"]),
            ],
        ),
    )
    assert response.status_code == 302


def test_a_variant_without_any_target_is_refused(admin_client, home):
    response = edit(admin_client, home, page_data(home, variants=[variant("For nobody")]))
    assert response.status_code == 200
    assert "Variant 'For nobody' has no target" in text(response)


def test_tied_alternatives_in_a_personalized_block_are_refused_naming_both(
    admin_client, home, personas, stages
):
    body = [
        personalized(
            [
                alternative(
                    [("heading", "Research the family range")], persona="family", stage="research"
                ),
                alternative([("heading", "Performance")], persona="performance"),
                alternative([("heading", "Research, again")], persona="family", stage="research"),
            ],
            default=[("heading", "Welcome")],
        )
    ]
    response = edit(admin_client, home, page_data(home, publish=True, body=body))
    assert response.status_code == 200
    assert (
        "Alternative 1 (persona family + stage research) and Alternative 3 (persona family + stage research) "
        "both target persona family + stage research"
    ) in text(response)
    assert list(ContentPage.objects.get(pk=home.pk).body.raw_data) == []


def test_unknown_placeholder_in_the_title_is_refused_listing_the_allowed_ones(admin_client, home):
    response = edit(admin_client, home, page_data(home, title="Test drives in {citty|your area}"))
    assert response.status_code == 200
    assert "Title: unknown placeholder {citty}. Allowed: {city}, {region} or {country}" in text(
        response
    )


def test_known_placeholders_with_fallbacks_are_accepted(admin_client, home):
    body = [
        ("heading", "Hello {country}"),
        paragraph("<p>Visit us in {city|Munich}</p>"),
        ("cta", {"label": "Book in {region|your region}", "url": "/test-drive/"}),
    ]
    response = edit(
        admin_client,
        home,
        page_data(home, publish=True, intro="Test drives in {city|your area}", body=body),
    )
    assert response.status_code == 302
    assert ContentPage.objects.get(pk=home.pk).intro == "Test drives in {city|your area}"


def test_unknown_placeholder_deep_in_a_personalized_block_is_refused(admin_client, home, personas):
    body = [
        personalized(
            [
                alternative(
                    [("cta", {"label": "Book in {town}", "url": "/test-drive/"})],
                    segment="",
                    persona="family",
                ),
            ],
            default=[("heading", "Welcome")],
        )
    ]
    response = edit(admin_client, home, page_data(home, body=body))
    assert response.status_code == 200
    assert (
        "Body, block 1 (personalized), alternative 1 (persona family), block 1 (cta), CTA label: "
        "unknown placeholder {town}"
    ) in text(response)


def test_unknown_placeholders_in_a_variant_are_refused(admin_client, home, personas):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            variants=[
                variant(
                    "Family",
                    persona=personas["family"],
                    intro="Hi {name}",
                    body=[paragraph("<p>Near {postcode}</p>")],
                ),
            ],
        ),
    )
    page = text(response)
    assert "Variant 'Family', Intro: unknown placeholder {name}." in page
    assert "Variant 'Family', Body, block 1 (paragraph): unknown placeholder {postcode}." in page


def scheduled(form: dict, go_live_at: str = "", expire_at: str = "") -> dict:
    return {**form, "go_live_at": go_live_at, "expire_at": expire_at}


def test_a_scheduled_variant_is_saved_with_its_window(admin_client, home, personas):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                scheduled(
                    variant("Black Friday", persona=personas["family"]),
                    "2026-11-27 00:00",
                    "2026-11-30 00:00",
                ),
            ],
        ),
    )
    assert response.status_code == 302
    saved = PageVariant.objects.get(name="Black Friday")
    assert saved.go_live_at.isoformat() == "2026-11-27T00:00:00+00:00"
    assert saved.expire_at.isoformat() == "2026-11-30T00:00:00+00:00"


def test_a_variant_that_expires_before_it_goes_live_is_refused(admin_client, home, personas):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                scheduled(
                    variant("Backwards", persona=personas["family"]),
                    "2026-11-30 00:00",
                    "2026-11-27 00:00",
                ),
            ],
        ),
    )
    assert response.status_code == 200
    assert "Variant 'Backwards' would never be served" in text(response)
    assert not PageVariant.objects.exists()


def test_one_campaign_variant_after_another_with_the_same_target_is_not_a_tie(
    admin_client, home, personas
):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                scheduled(
                    variant("Black Friday", persona=personas["family"]),
                    "2026-11-27 00:00",
                    "2026-11-30 00:00",
                ),
                scheduled(
                    variant("Cyber Monday", persona=personas["family"]),
                    "2026-11-30 00:00",
                    "2026-12-01 00:00",
                ),
            ],
        ),
    )
    assert response.status_code == 302


def test_overlapping_campaign_variants_with_the_same_target_are_a_tie(admin_client, home, personas):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                scheduled(
                    variant("Black Friday", persona=personas["family"]),
                    "2026-11-27 00:00",
                    "2026-11-30 00:00",
                ),
                scheduled(
                    variant("Cyber week", persona=personas["family"]),
                    "2026-11-29 00:00",
                    "2026-12-06 00:00",
                ),
            ],
        ),
    )
    assert response.status_code == 200
    assert "Variant 'Black Friday' and Variant 'Cyber week' both target persona family" in text(
        response
    )


def test_a_block_alternative_that_expires_before_it_goes_live_is_refused(
    admin_client, home, personas
):
    alt = {
        **alternative([("heading", "Race week")], persona="family"),
        "go_live_at": "2026-12-12 00:00",
        "expire_at": "2026-12-07 00:00",
    }
    response = edit(admin_client, home, page_data(home, publish=True, body=[personalized([alt])]))
    assert response.status_code == 200
    assert "Expire at must be later than go live at." in text(response)
    assert list(ContentPage.objects.get(pk=home.pk).body.raw_data) == []


def test_a_scheduled_block_alternative_is_saved_with_its_window(admin_client, home, personas):
    alt = {
        **alternative([("heading", "Race week")], persona="family"),
        "go_live_at": "2026-12-07 00:00",
        "expire_at": "2026-12-12 00:00",
    }
    response = edit(admin_client, home, page_data(home, publish=True, body=[personalized([alt])]))
    assert response.status_code == 302
    stored = ContentPage.objects.get(pk=home.pk).body.raw_data[0]["value"]["variants"][0]["value"]
    assert (stored["go_live_at"], stored["expire_at"]) == (
        "2026-12-07T00:00:00Z",
        "2026-12-12T00:00:00Z",
    )
