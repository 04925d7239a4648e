"""Page variants through the page editor: they follow the page's drafts and publishing, and
never show up as pages of their own."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Page

from cms.pages.models import ContentPage, PageVariant

from .pageforms import page_data, variant


def edit(client, page, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_saving_a_draft_with_a_variant_leaves_the_live_page_alone(admin_client, home, personas):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            variants=[
                variant("Family buyers", persona=personas["family"], title="Room for everyone")
            ],
        ),
    )
    assert response.status_code == 302

    assert not PageVariant.objects.filter(page=home).exists()
    draft = ContentPage.objects.get(pk=home.pk).get_latest_revision_as_object()
    assert [(v.name, v.persona_id, v.title) for v in draft.variants.all()] == [
        ("Family buyers", personas["family"].pk, "Room for everyone")
    ]


def test_publishing_makes_the_variant_live(admin_client, home, personas, stages):
    response = edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                variant(
                    "Families ready to decide",
                    persona=personas["family"],
                    stage=stages["decide"],
                    intro="Bring the car seats",
                )
            ],
        ),
    )
    assert response.status_code == 302

    live = PageVariant.objects.get(page=home)
    assert (live.name, live.persona, live.stage, live.intro) == (
        "Families ready to decide",
        personas["family"],
        stages["decide"],
        "Bring the car seats",
    )


def test_a_limited_editor_can_add_a_variant(editor_client, home, personas):
    response = edit(
        editor_client,
        home,
        page_data(home, publish=True, variants=[variant("Fleet", persona=personas["fleet"])]),
    )
    assert response.status_code == 302
    assert PageVariant.objects.get(page=home).name == "Fleet"


def test_a_variant_is_never_a_page_in_the_explorer_or_search(admin_client, home, personas):
    edit(
        admin_client,
        home,
        page_data(
            home,
            publish=True,
            variants=[
                variant(
                    "Performance fans",
                    persona=personas["performance"],
                    title="Built for the driver",
                )
            ],
        ),
    )
    assert Page.objects.count() == 3  # the tree root, Wagtail's welcome page and home

    explorer = admin_client.get(reverse("wagtailadmin_explore", args=[home.get_parent().pk]))
    assert "Cars that fit your life" in explorer.content.decode()
    assert "Built for the driver" not in explorer.content.decode()
    children = admin_client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert "Performance fans" not in children.content.decode()

    search = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "driver"})
    assert search.status_code == 200
    assert "Built for the driver" not in search.content.decode()
    assert "Performance fans" not in search.content.decode()


def test_a_page_whose_editor_posts_thousands_of_fields_can_be_saved(admin_client, home, personas):
    """The demo home page (variants, personalized blocks) posts well over Django's default 1000
    fields; the editor's Save draft must not end in a bare 400."""
    many = [
        variant(f"Variant {i}", persona=personas["family"], weight="1", title=f"Title {i}")
        for i in range(3)
    ]
    data = page_data(home, variants=many)
    data.update({f"padding-{i}": "x" for i in range(2500)})  # what a large StreamField adds
    assert edit(admin_client, home, data).status_code == 302
