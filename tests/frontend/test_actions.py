"""What a visitor does: consent, "This isn't me", events, bookings, demo tools."""

from __future__ import annotations

import json

from .canned import Refusal
from .conftest import SERVER_KEY

SAME_SITE = {"Origin": "http://localhost"}


def consented(client, visitor_id: str = "v-1"):
    client.set_cookie("tailor_consent", "granted")
    client.set_cookie("tailor_vid", visitor_id)
    return client


def test_accepting_consent_mints_an_id_in_a_first_party_httponly_cookie(client, cms):
    response = client.post(
        "/_consent", data={"choice": "accept", "next": "/pricing/"}, headers=SAME_SITE
    )
    assert response.status_code == 303 and response.headers["Location"] == "/pricing/"
    assert cms.calls("setConsent")[0]["variables"] == {"id": None, "p": True, "a": True}
    cookies = response.headers.getlist("Set-Cookie")
    vid = next(c for c in cookies if c.startswith("tailor_vid="))
    assert vid.startswith("tailor_vid=v-minted;") and "HttpOnly" in vid and "SameSite=Lax" in vid
    assert any(c.startswith("tailor_consent=granted;") for c in cookies)


def test_after_consent_the_banner_is_gone(client):
    consented(client)
    assert 'data-testid="consent-banner"' not in client.get("/").get_data(as_text=True)


def test_declining_is_remembered_without_any_id(client, cms):
    response = client.post("/_consent", data={"choice": "decline"}, headers=SAME_SITE)
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("tailor_consent=declined;") for c in cookies)
    assert not any(c.startswith("tailor_vid=v") for c in cookies)
    assert cms.calls("setConsent") == []  # nothing to tell the CMS about a visitor it never knew
    assert 'data-testid="consent-banner"' not in client.get("/").get_data(as_text=True)


def test_withdrawing_consent_erases_the_profile(client, cms):
    consented(client, "v-9")
    response = client.post("/_consent", data={"choice": "decline"}, headers=SAME_SITE)
    assert cms.calls("setConsent")[0]["variables"] == {"id": "v-9", "p": False, "a": False}
    assert cms.calls("forgetVisitor")[0]["variables"] == {"id": "v-9"}
    assert any(c.startswith("tailor_vid=;") for c in response.headers.getlist("Set-Cookie"))


def test_cross_site_forms_cannot_change_consent(client, cms):
    response = client.post(
        "/_consent", data={"choice": "accept"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert cms.calls("setConsent") == []


def test_redirects_stay_on_this_site(client):
    response = client.post(
        "/_consent", data={"choice": "decline", "next": "//evil.example/"}, headers=SAME_SITE
    )
    assert response.headers["Location"] == "/"


def test_declaring_a_persona_and_interests_tells_the_cms(client, cms):
    consented(client)
    response = client.post(
        "/_declare",
        data={
            "persona": "performance",
            "interest": ["track", "not-offered"],
            "action": "declare",
            "next": "/",
        },
        headers=SAME_SITE,
    )
    assert response.headers["Location"] == "/#why"
    assert cms.calls("declare")[0]["variables"] == {
        "id": "v-1",
        "persona": "performance",
        "interests": ["track"],
    }
    assert cms.calls("declare")[0]["headers"]["authorization"] == f"Bearer {SERVER_KEY}"


def test_reset_clears_the_declared_persona_and_interests(client, cms):
    consented(client)
    client.post(
        "/_declare",
        data={"persona": "family", "interest": ["family"], "action": "reset"},
        headers=SAME_SITE,
    )
    assert cms.calls("declare")[0]["variables"] == {"id": "v-1", "persona": None, "interests": []}


def test_declaring_without_consent_changes_nothing(client, cms):
    client.post("/_declare", data={"persona": "family"}, headers=SAME_SITE)
    assert cms.calls("declare") == []


def test_unknown_persona_slug_is_ignored_gracefully(client, cms):
    consented(client)
    cms.answers["declare"] = Refusal("Unknown persona 'x'", "BAD_USER_INPUT")
    assert client.post("/_declare", data={"persona": "x"}, headers=SAME_SITE).status_code == 303


def test_browser_events_are_forwarded_with_the_server_key(client, cms):
    consented(client, "v-7")
    body = {
        "type": "cta_click",
        "path": "/",
        "variantId": "17",
        "value": None,
        "properties": {"label": "Book a test drive", "href": "/test-drive/"},
    }
    response = client.post(
        "/_track", data=json.dumps(body), content_type="application/json", headers=SAME_SITE
    )
    assert response.status_code == 204
    call = cms.calls("trackEvent")[0]
    assert call["headers"]["authorization"] == f"Bearer {SERVER_KEY}"
    assert call["variables"] == {
        "id": "v-7",
        "type": "cta_click",
        "path": "/",
        "value": None,
        "variant": "17",
        "props": json.dumps({"label": "Book a test drive", "href": "/test-drive/"}),
    }


def test_events_of_visitors_without_consent_are_dropped(client, cms):
    response = client.post(
        "/_track",
        data=json.dumps({"type": "cta_click", "path": "/"}),
        content_type="application/json",
        headers=SAME_SITE,
    )
    assert response.status_code == 204
    assert cms.calls("trackEvent") == []


def test_unknown_event_types_are_refused(client, cms):
    consented(client)
    response = client.post(
        "/_track",
        data=json.dumps({"type": "page_view_spoof"}),
        content_type="application/json",
        headers=SAME_SITE,
    )
    assert response.status_code == 400
    assert cms.calls("trackEvent") == []


def test_booking_a_test_drive_records_the_conversion_without_personal_data(client, cms):
    consented(client)
    response = client.post(
        "/_forms/test-drive",
        data={"model": "aurora-gt", "name": "Ada", "email": "ada@example.com"},
        headers=SAME_SITE,
    )
    assert response.headers["Location"] == "/test-drive/?booked=1#booking"
    variables = cms.calls("trackEvent")[0]["variables"]
    assert variables["type"] == "test_drive_booked" and variables["props"] == json.dumps(
        {"model": "aurora-gt"}
    )
    assert "ada" not in json.dumps(variables).lower()


def test_test_drive_page_shows_the_booking_form_and_confirmation(client):
    html = client.get("/test-drive/").get_data(as_text=True)
    assert (
        '<label for="td-email">Email</label>' in html and 'data-track-submit="form_submit"' in html
    )
    assert "Your test drive request is in" in client.get("/test-drive/?booked=1").get_data(
        as_text=True
    )


def test_demo_visit_as_forwards_a_documentation_address(demo_client, cms):
    demo_client.post("/_demo/visit-as", data={"city": "munich", "next": "/"}, headers=SAME_SITE)
    demo_client.get("/")
    assert cms.calls("personalizedPage")[-1]["variables"]["context"]["ip"] == "198.51.100.200"


def test_visit_as_does_not_exist_outside_the_demo(client, cms):
    assert (
        client.post("/_demo/visit-as", data={"city": "munich"}, headers=SAME_SITE).status_code
        == 404
    )
    client.set_cookie("tailor_demo_city", "munich")
    client.get("/")
    assert cms.calls("personalizedPage")[-1]["variables"]["context"]["ip"] == "127.0.0.1"


def test_privacy_page_lets_the_visitor_change_their_mind(client):
    consented(client)
    html = client.get("/_privacy/?next=/pricing/").get_data(as_text=True)
    assert "You allowed personalization" in html
    assert 'value="decline"' in html and 'href="/_privacy/export"' in html


def test_data_export_returns_the_cms_profile(client, cms):
    consented(client, "v-5")
    cms.answers["visitor"] = {"visitorId": "v-5", "visitCount": 2, "events": []}
    response = client.get("/_privacy/export")
    assert response.get_json() == {"visitor": {"visitorId": "v-5", "visitCount": 2, "events": []}}
    assert cms.calls("visitor")[0]["variables"] == {"id": "v-5"}


def test_declaring_for_an_erased_profile_asks_for_consent_again(client, cms):
    consented(client, "v-gone")
    cms.answers["declare"] = Refusal(
        "No visitor with personalization consent has this id", "NOT_FOUND"
    )
    response = client.post("/_declare", data={"persona": "family"}, headers=SAME_SITE)
    assert response.status_code == 303
    assert 'data-testid="consent-banner"' in client.get("/").get_data(as_text=True)
