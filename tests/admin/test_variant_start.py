"""A new page variant starts from the page's current title, intro and body; what it leaves as the
page has it is inherited (stored blank, so it follows later edits); the editor says which fields a
variant overrides and which it inherits."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.urls import reverse

from cms.pages.models import ContentPage

from .pageforms import page_data, paragraph, variant

BODY = [("heading", "Cars that fit"), paragraph("<p>Test drive any model.</p>")]


def edit(client, page, data):
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def draft_variants(page):
    return list(ContentPage.objects.get(pk=page.pk).get_latest_revision_as_object().variants.all())


def with_body(client, home):
    edit(client, home, page_data(home, body=BODY))
    return ContentPage.objects.get(pk=home.pk).get_latest_revision_as_object()


def test_add_variant_starts_from_the_pages_current_title_intro_and_body(admin_client, home):
    with_body(admin_client, home)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert (
        soup.find("input", attrs={"name": "variants-__prefix__-title"})["value"]
        == "Cars that fit your life"
    )
    assert str(soup.find("textarea", attrs={"name": "variants-__prefix__-intro"})).endswith(
        ">\nWelcome</textarea>"
    )
    body = soup.find(id="variants-__prefix__-body")
    assert (
        body is not None and "Test drive any model." in str(body) and "Cars that fit" in str(body)
    )
    assert (
        "starts from the page&#x27;s current title, intro and body" in html
        or "starts from the page's current title, intro and body" in html
    )


def test_what_a_new_variant_leaves_as_the_page_has_it_is_inherited(admin_client, home, personas):
    page = with_body(admin_client, home)
    edit(
        admin_client,
        home,
        page_data(
            page,
            body=BODY,
            variants=[
                variant(
                    "Families",
                    persona=personas["family"],
                    title=page.title,
                    intro="Room for the whole family",
                    body=BODY,
                )
            ],
        ),
    )
    [saved] = draft_variants(home)
    assert (saved.title, saved.intro, list(saved.body.raw_data)) == (
        "",
        "Room for the whole family",
        [],
    )


def test_an_inherited_field_follows_the_page_when_both_change_in_one_save(
    admin_client, home, personas
):
    page = with_body(admin_client, home)
    edit(
        admin_client,
        home,
        page_data(
            page,
            body=BODY,
            variants=[
                variant(
                    "Families",
                    persona=personas["family"],
                    title=page.title,
                    intro="Room for everyone",
                    body=BODY,
                )
            ],
        ),
    )
    [saved] = draft_variants(home)
    # The form shows the inherited title as the page had it; the editor renames the page only.
    again = variant(
        "Families",
        persona=personas["family"],
        title="Cars that fit your life",
        intro="Room for everyone",
        body=BODY,
    )
    again["id"] = saved.pk or ""  # a variant only in the draft has no id yet
    edit(
        admin_client,
        home,
        page_data(
            page, title="Cars for every life", body=BODY, existing_variants=1, variants=[again]
        ),
    )
    [saved] = draft_variants(home)
    assert saved.title == "" and saved.intro == "Room for everyone"


def test_a_changed_field_is_the_variants_own(admin_client, home, personas):
    page = with_body(admin_client, home)
    edit(
        admin_client,
        home,
        page_data(
            page,
            body=BODY,
            variants=[
                variant(
                    "Families",
                    persona=personas["family"],
                    title="Seven seats, no compromise",
                    intro=page.intro,
                    body=[("heading", "Cars that fit families")],
                )
            ],
        ),
    )
    [saved] = draft_variants(home)
    assert saved.title == "Seven seats, no compromise" and saved.intro == ""
    assert [b["value"] for b in saved.body.raw_data] == ["Cars that fit families"]


def test_the_editor_says_which_fields_a_variant_overrides_and_shows_inherited_ones_filled(
    admin_client, home, personas
):
    page = with_body(admin_client, home)
    edit(
        admin_client,
        home,
        page_data(
            page,
            body=BODY,
            variants=[
                variant(
                    "Families",
                    persona=personas["family"],
                    title="Seven seats",
                    intro=page.intro,
                    body=BODY,
                )
            ],
        ),
    )
    soup = BeautifulSoup(
        admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content, "html.parser"
    )
    notes = [
        " ".join(n.get_text(" ").split()) for n in soup.select('[data-testid="variant-fields"]')
    ]
    assert any("Overrides: Title. Inherits from the page: Intro, Body." in n for n in notes)
    assert str(soup.find("textarea", attrs={"name": "variants-0-intro"})).endswith(
        ">\nWelcome</textarea>"
    )
    assert soup.find("input", attrs={"name": "variants-0-title"})["value"] == "Seven seats"
