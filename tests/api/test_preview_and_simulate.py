"""Who may preview and simulate (graphql-api.md): a valid preview token or the server key."""

import pytest
from django.contrib.auth import get_user_model

from cms.pages.models import ContentPage
from personalization.preview import issue_preview_token

from .shop import SERVER, ask, codes, content, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")


def page(path):
    return ContentPage.objects.get(url_path="/home" + path)


def test_a_valid_preview_token_shows_an_unpublished_page(graphql, editor):
    token = issue_preview_token(editor, page("/secret/"))
    _, body, data = ask(graphql, path="/secret/", previewToken=token)
    assert "errors" not in body and content(data)["title"] == "Unannounced gravel bike"


def test_a_preview_token_shows_the_latest_draft_of_a_live_page(graphql, editor):
    prices = page("/prices/")
    draft = prices.get_latest_revision_as_object()
    draft.title = "New prices from March"
    draft.save_revision()
    _, _, public = ask(graphql, path="/prices/")
    _, _, preview = ask(graphql, path="/prices/", previewToken=issue_preview_token(editor, prices))
    assert (
        content(public)["title"] == "Prices"
        and content(preview)["title"] == "New prices from March"
    )


def test_a_token_follows_its_editor_to_other_pages_they_may_edit(graphql, editor):
    """The frontend's preview follows links: one token serves the editor's whole walk."""
    token = issue_preview_token(editor, page("/prices/"))
    _, body, data = ask(graphql, path="/secret/", previewToken=token)
    assert "errors" not in body and content(data)["title"] == "Unannounced gravel bike"


def test_a_token_of_someone_who_may_not_edit_the_page_is_forbidden(graphql):
    reader = get_user_model().objects.create_user("reader", "reader@example.com", "pw")
    token = issue_preview_token(reader, page("/prices/"))
    response, body, data = ask(graphql, path="/secret/", previewToken=token)
    assert (
        data is None
        and codes(body) == ["FORBIDDEN"]
        and "Unannounced" not in response.content.decode()
    )


def test_simulate_without_token_or_key_is_forbidden(graphql):
    _, body, data = ask(graphql, simulate={"persona": "racer"})
    assert data is None and codes(body) == ["FORBIDDEN"]


def test_simulate_with_a_preview_token_previews_as_a_persona_and_stage(graphql, editor):
    token = issue_preview_token(editor, page("/"))
    _, _, data = ask(graphql, simulate={"persona": "racer", "stage": "compare"}, previewToken=token)
    assert content(data)["title"] == "Compare race bikes"
    assert data["decision"]["persona"]["slug"] == "racer" and data["decision"]["profiling"] is False


def test_simulate_with_the_server_key_previews_a_place_and_a_device(graphql):
    _, _, data = ask(
        graphql, simulate={"country": "se", "city": "Uppsala", "device": "mobile"}, headers=SERVER
    )
    assert "sweden" in data["decision"]["segments"] and "phones" in data["decision"]["segments"]
    assert content(data)["title"] == "Cyklar i Uppsala", (
        "equal specificity: the variant listed first wins"
    )


def test_simulating_an_unknown_persona_is_bad_user_input(graphql):
    _, body, _ = ask(graphql, simulate={"persona": "astronaut"}, headers=SERVER)
    assert codes(body) == ["BAD_USER_INPUT"] and "astronaut" in body["errors"][0]["message"]


def test_a_preview_records_nothing(graphql, editor):
    from personalization.profiles.models import Impression

    token = issue_preview_token(editor, page("/"))
    ask(graphql, simulate={"persona": "racer"}, previewToken=token)
    assert Impression.objects.count() == 0


@pytest.mark.parametrize(
    "field, value",
    [
        ("channel", "nonsense"),
        ("country", "ZZZZ"),
        ("visitCount", -1),
        ("city", "x" * 201),
        ("device", "fridge"),
    ],
)
def test_simulate_refuses_values_no_visitor_could_have(graphql, field, value):
    _, body, data = ask(graphql, simulate={field: value}, headers=SERVER)
    assert data is None and codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("channel", ["organic_video", "paid_shopping", "mobile_push", "paid_other"])
def test_simulate_accepts_every_ga4_channel(graphql, channel):
    _, body, data = ask(graphql, simulate={"channel": channel}, headers=SERVER)
    assert "errors" not in body and data["decision"]["channel"] == channel


def test_personas_carry_their_public_words_for_visitors(graphql):
    from personalization.models import Persona

    Persona.objects.filter(slug="racer").update(
        public_name="Racers", public_description="Speed first"
    )
    Persona.objects.get(slug="racer").save()  # a save bumps the rules version
    body = graphql("{ personas { slug publicName publicDescription } }").json()
    by_slug = {p["slug"]: p for p in body["data"]["personas"]}
    assert by_slug["racer"] == {
        "slug": "racer",
        "publicName": "Racers",
        "publicDescription": "Speed first",
    }
    assert (
        by_slug["commuter"]["publicName"] is None
        and by_slug["commuter"]["publicDescription"] is None
    )
