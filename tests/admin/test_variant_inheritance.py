"""A page variant stores only what it overrides, and overriding is the editor's explicit choice
per field ("Inherit the page's" / "Override"): saving never turns an inherited field into a copy,
and what the page gains (a block alternative) reaches every variant that inherits its body."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from django.urls import reverse

from bench.form_post import form_data
from cms.pages.models import ContentPage, PageVariant
from tests.admin.pageforms import alternative, page_data, paragraph, personalized, variant
from tests.api.conftest import graphql  # noqa: F401  (the fixture)

BODY = [("heading", "Cars that fit"), paragraph("<p>Test drive <b>any</b> model.</p>")]


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def post(client, page, data, status=302):
    response = client.post(edit_url(page), data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def latest(page) -> ContentPage:
    return ContentPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def with_variant(client, home, personas, **fields):
    """The page with BODY and a published variant for families overriding `fields`."""
    post(
        client,
        home,
        page_data(
            home,
            body=BODY,
            variants=[variant("Families", persona=personas["family"], body=None, **fields)],
            publish=True,
        ),
    )
    return latest(home)


def test_saving_without_changes_keeps_every_inherited_field_inherited(admin_client, home, personas):
    with_variant(admin_client, home, personas, title="Seven seats", title_source="own")
    form = admin_client.get(edit_url(home)).context["form"]
    post(admin_client, home, form_data(form))  # "Save draft" as the browser sends it
    [saved] = latest(home).variants.all()
    assert saved.title == "Seven seats"
    assert saved.intro == "" and list(saved.body.raw_data) == []


def test_a_variant_and_an_alternative_added_in_one_save_reach_the_persona(
    admin_client, home, personas, graphql
):
    body = [
        ("heading", "Cars that fit"),
        personalized(
            [alternative([("heading", "Room for the whole family")], persona="family")],
            default=[("heading", "Every model")],
        ),
    ]
    new = variant(
        "Families",
        persona=personas["family"],
        title="Seven seats",
        body=None,
        title_source="own",
        intro_source="page",
        body_source="page",
    )
    post(admin_client, home, page_data(home, body=body, variants=[new], publish=True))
    [saved] = ContentPage.objects.get(pk=home.pk).variants.all()
    assert list(saved.body.raw_data) == []  # inherited: nothing frozen
    answer = graphql(
        '{ personalizedPage(path: "/", simulate: {persona: "family"}) { content variant { name } } }',
        headers={"Authorization": "Bearer test-server-key"},
    ).json()["data"]["personalizedPage"]
    content = json.loads(answer["content"])
    assert answer["variant"]["name"] == "Families" and content["title"] == "Seven seats"
    assert [b["value"] for b in content["body"]] == ["Cars that fit", "Room for the whole family"]


def test_override_keeps_the_text_and_back_to_the_pages_discards_it(admin_client, home, personas):
    page = with_variant(admin_client, home, personas, title="Seven seats", title_source="own")
    [saved] = page.variants.all()
    assert saved.title == "Seven seats"
    back = variant(
        "Families",
        persona=personas["family"],
        title="Seven seats",
        body=None,
        pk=saved.pk,
        title_source="page",
    )
    post(admin_client, home, page_data(page, body=BODY, existing_variants=1, variants=[back]))
    [saved] = latest(home).variants.all()
    assert saved.title == ""


def test_overriding_an_empty_body_starts_from_a_copy_of_the_pages_with_new_block_ids(
    admin_client, home, personas
):
    page = with_variant(admin_client, home, personas)
    [saved] = page.variants.all()
    own = variant("Families", persona=personas["family"], body=None, pk=saved.pk, body_source="own")
    post(admin_client, home, page_data(page, body=BODY, existing_variants=1, variants=[own]))
    page = latest(home)
    [saved] = page.variants.all()
    copied = list(saved.body.raw_data)
    assert [b["type"] for b in copied] == ["heading", "paragraph"]
    assert copied[0]["value"] == "Cars that fit"
    assert {b["id"] for b in copied}.isdisjoint({b["id"] for b in page.body.raw_data})


def test_text_typed_into_an_inherited_field_is_refused_until_override_is_chosen(
    admin_client, home, personas
):
    page = with_variant(admin_client, home, personas)
    [saved] = page.variants.all()
    typed = variant(
        "Families",
        persona=personas["family"],
        intro="Room for everyone",
        body=None,
        pk=saved.pk,
        intro_source="page",
    )
    response = post(
        admin_client,
        home,
        page_data(page, body=BODY, existing_variants=1, variants=[typed]),
        status=200,
    )
    assert "choose Override to keep it" in response.content.decode()


def test_the_editor_holds_no_copy_of_the_page_for_inherited_fields(admin_client, home, personas):
    with_variant(admin_client, home, personas, title="Seven seats", title_source="own")
    soup = BeautifulSoup(admin_client.get(edit_url(home)).content, "html.parser")
    for prefix in ("variants-0", "variants-__prefix__"):
        assert soup.find(id=f"{prefix}-body") is None  # no body editor while inherited
        intro = soup.find("textarea", attrs={"name": f"{prefix}-intro"})
        assert intro.get_text().strip() == "" and intro["placeholder"] == "The page's: Welcome"
    chosen = {
        r["name"]: r["value"]
        for r in soup.select('input[type="radio"][checked]')
        if "variants-0" in r["name"]
    }
    assert chosen == {
        "variants-0-title_source": "own",
        "variants-0-intro_source": "page",
        "variants-0-body_source": "page",
    }
    notes = [
        " ".join(n.get_text(" ").split()) for n in soup.select('[data-testid="variant-fields"]')
    ]
    assert any("Overrides: Title. Inherits from the page: Intro, Body." in n for n in notes)


def test_a_variant_saved_by_a_script_keeps_what_it_gives(admin_client, home, personas):
    """Without the editor's choice (a script, an old form): given fields are the variant's own."""
    post(
        admin_client,
        home,
        page_data(
            home,
            body=BODY,
            variants=[variant("Families", persona=personas["family"], body=[("heading", "Hi")])],
        ),
    )
    [saved] = latest(home).variants.all()
    assert saved.title == "" and [b["value"] for b in saved.body.raw_data] == ["Hi"]
    assert PageVariant.objects.count() == 0  # a draft: nothing live changed


def test_the_edit_view_costs_the_same_queries_and_no_body_copy_per_inherited_variant(
    admin_client, home, personas
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def open_with(count: int) -> tuple[int, int]:
        forms = [
            variant(f"V{i}", persona=personas[p], title=f"T{i}", body=None, title_source="own")
            for i, p in enumerate(["family", "performance", "fleet"][:count])
        ]
        post(admin_client, home, page_data(home, body=BODY, variants=forms, publish=True))
        PageVariant.objects.filter(page=home).exclude(name__in=[f["name"] for f in forms]).delete()
        admin_client.get(edit_url(home))  # warm
        with CaptureQueriesContext(connection) as queries:
            html = admin_client.get(edit_url(home)).content
        # The rules version is re-read when this process's copy is older than its time to live.
        sql = [q["sql"] for q in queries.captured_queries if "rulesetversion" not in q["sql"]]
        return len(sql), len(html)

    one_queries, one_size = open_with(1)
    three_queries, three_size = open_with(3)
    assert three_queries == one_queries
    assert (three_size - one_size) / 2 < 40_000  # Wagtail's field markup, no body editor
