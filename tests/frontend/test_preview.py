"""An editor's "Preview as…" link: the latest draft as a chosen persona, stage, country and device,
with a banner saying so; never a visit, never cached, and a friendly page when the token fails.
The link's token moves into a cookie at once, so the address bar never keeps it and the preview
survives following links, until the editor leaves it or the token expires."""

from __future__ import annotations

from .canned import HOME_CONTENT, Refusal, page

TOKEN = "eyJ1IjoxLCJwIjoxNH0:1xVImU:cMU6Xc27jdgQW_XOZa1ohPhqf4VeDTnaMnDxParxM1I"  # shaped like the CMS's
TOKEN_IN_URL = TOKEN.replace(":", "%3A")  # the admin URL-encodes it
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
DRAFT = dict(HOME_CONTENT, title="Winter tyre offer: studded or friction, your choice")
PREVIEW_URL = f"/news/winter-tyres/?preview_token={TOKEN_IN_URL}&persona=family&stage=decide&country=SE&device=mobile"


def draft_answer(**decision_fields):
    fields = dict(
        persona={"slug": "family", "name": "Family buyer", "description": None},
        stage={"slug": "decide", "name": "Decide", "order": 3},
        reasons=[
            "Persona family: chosen in the preview",
            "Stage decide: chosen in the preview",
            "Variant 'Nordic visitors' for segment nordics",
        ],
        cacheKey="tailor:content:14:draft-12:7e76",
    )
    fields.update(decision_fields)
    return page(
        DRAFT,
        variant={
            "id": "31",
            "name": "Nordic visitors",
            "persona": None,
            "stage": None,
            "segment": "nordics",
            "arm": None,
        },
        **fields,
    )


def test_preview_link_asks_for_the_draft_as_the_chosen_visitor_and_records_nothing(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    location = client.get(PREVIEW_URL).headers["Location"]
    client.get(
        location,
        headers={"Referer": "http://cms.test/admin/pages/14/preview-as/", "User-Agent": PHONE},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    variables = cms.calls("personalizedPage")[0]["variables"]
    assert variables["path"] == "/news/winter-tyres/"
    assert variables["previewToken"] == TOKEN
    assert variables["simulate"] == {
        "persona": "family",
        "stage": "decide",
        "country": "SE",
        "device": "mobile",
    }
    assert variables["track"] is False
    # The forwarded URL does not carry the token; the admin is not how a visitor arrives.
    assert variables["context"] == {
        "url": "http://localhost/news/winter-tyres/",
        "ip": "198.51.100.7",
        "userAgent": PHONE,
        "gpc": False,
    }


def test_only_the_choices_the_editor_made_are_simulated(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    client.get(
        f"/news/winter-tyres/?preview_token={TOKEN_IN_URL}&persona=family&stage=&country=",
        follow_redirects=True,
    )
    assert cms.calls("personalizedPage")[0]["variables"]["simulate"] == {"persona": "family"}
    client.get(f"/news/winter-tyres/?preview_token={TOKEN_IN_URL}", follow_redirects=True)
    assert "simulate" not in cms.calls("personalizedPage")[1]["variables"]


def test_preview_shows_a_banner_naming_who_the_page_is_shown_as(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    html = client.get(PREVIEW_URL, follow_redirects=True).get_data(as_text=True)
    assert "Winter tyre offer: studded or friction, your choice" in html
    assert '<div class="preview-banner" role="status" data-testid="preview-banner">' in html
    assert (
        "<strong>Preview</strong> — as persona Family buyer, stage Decide, from SE on a phone."
        in html
    )
    assert (
        '<a class="button small" href="/_preview/leave/?next=/news/winter-tyres/" data-testid="leave-preview">'
        "Leave preview</a>"
    ) in html
    assert (
        'data-testid="consent-banner"' not in html
    )  # an editor is not asked for a visitor's consent
    assert 'data-tracking="off"' in html
    # The why panel explains the preview too, as a visitor would read it (no public name: no name).
    assert "<li>An editor chose a kind of visitor for this preview.</li>" in html


def test_banner_without_choices_says_the_rules_decide(client, cms):
    cms.answers["personalizedPage"] = draft_answer(persona=None)
    html = client.get(
        f"/news/winter-tyres/?preview_token={TOKEN_IN_URL}&device=tablet", follow_redirects=True
    ).get_data(as_text=True)
    assert "<strong>Preview</strong> — as a visitor on a tablet." in html
    html = client.get(
        f"/news/winter-tyres/?preview_token={TOKEN_IN_URL}", follow_redirects=True
    ).get_data(as_text=True)
    assert "<strong>Preview</strong> — as the rules decide for your own request." in html


def test_preview_never_reads_or_sets_visitor_cookies(client, cms):
    client.set_cookie("tailor_consent", "granted")
    client.set_cookie("tailor_vid", "v-editor-as-visitor")
    cms.answers["personalizedPage"] = draft_answer(visitorId="v-minted", profiling=True)
    response = client.get(PREVIEW_URL, follow_redirects=True)
    assert "visitorId" not in cms.calls("personalizedPage")[0]["variables"]["context"]
    assert "Set-Cookie" not in response.headers
    assert "v-editor-as-visitor" not in response.get_data(as_text=True)


def test_a_draft_never_reaches_visitors_through_the_content_cache(client, cms):
    cms.answers["personalizedPage"] = draft_answer(cacheKey="k-default")
    assert DRAFT["title"] in client.get(PREVIEW_URL, follow_redirects=True).get_data(as_text=True)
    cms.answers["personalizedPage"] = page(cacheKey="k-default")  # the live page, same key
    client.get("/_preview/leave/?next=/news/winter-tyres/")
    assert "Cars that fit your life" in client.get("/news/winter-tyres/").get_data(as_text=True)


def test_every_preview_renders_the_latest_draft_afresh(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    client.get(PREVIEW_URL, follow_redirects=True)
    cms.answers["personalizedPage"] = draft_answer()  # same key, edited since: a new revision
    cms.answers["personalizedPage"]["content"] = cms.answers["personalizedPage"]["content"].replace(
        "Winter tyre offer", "Winter wheel offer"
    )
    assert "Winter wheel offer" in client.get(PREVIEW_URL, follow_redirects=True).get_data(
        as_text=True
    )


def test_preview_pages_are_private_and_keep_the_token_out_of_referers(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    response = client.get(PREVIEW_URL, follow_redirects=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex, nofollow">' in response.get_data(as_text=True)


def test_an_expired_or_foreign_token_gets_a_friendly_403(client, cms):
    cms.answers["personalizedPage"] = Refusal(
        "The preview token is not valid for this page (expired, or for another page or editor).",
        "FORBIDDEN",
    )
    response = client.get(PREVIEW_URL, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "This preview link does not work any more" in html
    assert "choose “Preview as…” again" in html
    assert 'data-testid="preview-banner"' not in html and 'data-testid="consent-banner"' not in html
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_an_unknown_persona_in_the_link_is_explained(client, cms):
    cms.answers["personalizedPage"] = Refusal("Unknown persona 'nobody'.", "BAD_USER_INPUT")
    response = client.get(
        f"/news/winter-tyres/?preview_token={TOKEN_IN_URL}&persona=nobody", follow_redirects=True
    )
    assert response.status_code == 400
    assert "Unknown persona &#39;nobody&#39;." in response.get_data(as_text=True)


def test_without_a_token_the_choices_in_a_link_are_ignored(client, cms):
    """The frontend holds the server key, which would let anyone simulate: only a token may."""
    client.get("/?persona=family&stage=decide&country=SE&device=mobile")
    variables = cms.calls("personalizedPage")[0]["variables"]
    assert "simulate" not in variables and "previewToken" not in variables
    assert variables["track"] is True


def test_the_token_moves_into_a_cookie_and_out_of_the_address_bar(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    response = client.get(PREVIEW_URL + "&utm_campaign=spring")
    assert response.status_code == 303
    assert response.headers["Location"] == "/news/winter-tyres/?utm_campaign=spring"
    cookie = response.headers["Set-Cookie"]
    assert (
        cookie.startswith("tailor_preview=") and "HttpOnly" in cookie and "Max-Age=3600" in cookie
    )
    assert "SameSite=Lax" in cookie and cms.calls("personalizedPage") == []


def test_following_a_link_inside_the_preview_stays_in_the_preview(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    client.get(PREVIEW_URL, follow_redirects=True)
    html = client.get("/models/").get_data(as_text=True)
    variables = cms.calls("personalizedPage")[-1]["variables"]
    assert (
        variables["path"] == "/models/"
        and variables["previewToken"] == TOKEN
        and variables["track"] is False
    )
    assert variables["simulate"] == {
        "persona": "family",
        "stage": "decide",
        "country": "SE",
        "device": "mobile",
    }
    assert 'data-testid="preview-banner"' in html


def test_the_preview_page_shows_no_token_and_no_api_words(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    html = client.get(PREVIEW_URL, follow_redirects=True).get_data(as_text=True)
    assert TOKEN not in html and TOKEN_IN_URL not in html
    assert "token" not in html.lower() and "graphql" not in html.lower() and "API" not in html


def test_leaving_the_preview_goes_back_to_the_published_page(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    client.get(PREVIEW_URL, follow_redirects=True)
    response = client.get("/_preview/leave/?next=/news/winter-tyres/")
    assert response.status_code == 303 and response.headers["Location"] == "/news/winter-tyres/"
    assert "tailor_preview=;" in response.headers["Set-Cookie"]
    cms.answers["personalizedPage"] = page()
    client.get("/news/winter-tyres/")
    assert "previewToken" not in cms.calls("personalizedPage")[-1]["variables"]


def test_leaving_never_redirects_off_the_site(client):
    assert client.get("/_preview/leave/?next=//evil.example/").headers["Location"] == "/"


def test_an_expired_token_ends_the_preview_without_naming_the_token(client, cms):
    cms.answers["personalizedPage"] = draft_answer()
    client.get(PREVIEW_URL, follow_redirects=True)
    cms.answers["personalizedPage"] = Refusal(
        "The preview token is not valid for this page (expired, or for another page or editor).",
        "FORBIDDEN",
    )
    response = client.get("/models/")
    html = response.get_data(as_text=True)
    assert response.status_code == 403 and "token" not in html.lower()
    assert "tailor_preview=;" in response.headers["Set-Cookie"]
