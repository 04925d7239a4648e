"""Preview tokens (checked by the GraphQL API's previewToken argument) and the admin's
"Preview as…" page action that issues them."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup
from django.core import signing
from django.urls import reverse
from wagtail.models import Page

from cms.pages.models import ContentPage
from personalization import preview
from personalization.preview import check_preview_token, issue_preview_token


class _SignedLongAgo(signing.TimestampSigner):
    """Signs with a timestamp `age` seconds in the past: a token issued that long ago."""

    def __init__(self, age: int):
        super().__init__(salt=preview.SALT)
        self.age = age

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - self.age)


def test_a_fresh_token_names_the_editor(admin_user, home):
    assert check_preview_token(issue_preview_token(admin_user, home), home) == admin_user


def test_a_token_under_an_hour_old_still_works(admin_user, home):
    token = _SignedLongAgo(59 * 60).sign_object({"u": admin_user.pk, "p": home.pk})
    assert check_preview_token(token, home) == admin_user


def test_a_token_over_an_hour_old_is_refused(admin_user, home):
    token = _SignedLongAgo(61 * 60).sign_object({"u": admin_user.pk, "p": home.pk})
    assert check_preview_token(token, home) is None


def test_a_token_follows_the_editor_to_other_pages_they_may_edit(editor, home):
    other = home.add_child(instance=ContentPage(title="Pricing", slug="pricing"))
    assert check_preview_token(issue_preview_token(editor, home), other) == editor
    outside = Page.get_first_root_node().add_child(
        instance=ContentPage(title="Elsewhere", slug="elsewhere")
    )
    assert check_preview_token(issue_preview_token(editor, home), outside) is None


def test_a_tampered_or_foreign_token_is_refused(admin_user, home):
    token = issue_preview_token(admin_user, home)
    assert (
        check_preview_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), home) is None
    )
    foreign = signing.TimestampSigner(salt="something-else").sign_object(
        {"u": admin_user.pk, "p": home.pk}
    )
    assert check_preview_token(foreign, home) is None
    assert check_preview_token("", home) is None
    assert check_preview_token("not a token", home) is None


def test_a_user_without_edit_permission_gets_nothing(django_user_model, home):
    reader = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    assert check_preview_token(issue_preview_token(reader, home), home) is None


def test_a_limited_editor_may_preview_pages_they_edit(editor, home):
    assert check_preview_token(issue_preview_token(editor, home), home) == editor
    root = Page.get_first_root_node()
    assert check_preview_token(issue_preview_token(editor, root), root) is None


def test_a_deactivated_or_deleted_user_loses_their_tokens(editor, home):
    token = issue_preview_token(editor, home)
    editor.is_active = False
    editor.save()
    assert check_preview_token(token, home) is None
    editor.delete()
    assert check_preview_token(token, home) is None


def test_preview_as_builds_a_frontend_link_with_token_and_choices(
    admin_client, admin_user, home, personas, stages, settings
):
    settings.FRONTEND_URL = "https://www.example.com/"
    response = admin_client.get(
        reverse("personalization_admin:preview_as", args=[home.pk]),
        {"persona": "family", "stage": "decide", "country": "se", "device": "mobile"},
    )
    assert response.status_code == 200
    link = BeautifulSoup(response.content.decode(), "html.parser").find(id="preview-link")["href"]
    url = urlparse(link)
    assert (url.scheme, url.netloc, url.path) == ("https", "www.example.com", "/")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert {k: query[k] for k in ("persona", "stage", "country", "device")} == {
        "persona": "family",
        "stage": "decide",
        "country": "SE",
        "device": "mobile",
    }
    assert check_preview_token(query["preview_token"], home) == admin_user


def test_preview_as_defaults_to_the_local_frontend_and_leaves_out_blank_choices(
    admin_client, home, settings
):
    settings.FRONTEND_URL = ""
    child = home.add_child(instance=ContentPage(title="Pricing", slug="pricing"))
    response = admin_client.get(
        reverse("personalization_admin:preview_as", args=[child.pk]), {"persona": ""}
    )
    link = BeautifulSoup(response.content.decode(), "html.parser").find(id="preview-link")["href"]
    url = urlparse(link)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "http://localhost:3000/pricing/"
    assert set(parse_qs(url.query)) == {"preview_token"}


def test_preview_as_refuses_a_bad_country(admin_client, home):
    response = admin_client.get(
        reverse("personalization_admin:preview_as", args=[home.pk]), {"country": "Sweden"}
    )
    assert "Use a two-letter country code" in response.content.decode()
    assert BeautifulSoup(response.content.decode(), "html.parser").find(id="preview-link") is None


def test_preview_as_is_a_page_action_in_the_header_and_the_listing(admin_client, home):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    assert reverse("personalization_admin:preview_as", args=[home.pk]) in edit
    assert reverse("personalization_admin:page_coverage", args=[home.pk]) in edit
    listing = admin_client.get(
        reverse("wagtailadmin_explore", args=[home.get_parent().pk])
    ).content.decode()
    assert reverse("personalization_admin:preview_as", args=[home.pk]) in listing


def test_preview_as_is_refused_to_users_who_cannot_edit_the_page(editor_client, home):
    root = Page.get_first_root_node()
    assert editor_client.get(
        reverse("personalization_admin:preview_as", args=[root.pk])
    ).status_code in (302, 403)
    assert (
        editor_client.get(reverse("personalization_admin:preview_as", args=[home.pk])).status_code
        == 200
    )
