"""Rendering pages from the API's answer (canned at the HTTP edge, shaped by the contract)."""

from __future__ import annotations

import json

from .canned import HOME_CONTENT, Refusal, page
from .conftest import SERVER_KEY

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


def test_first_visit_sees_default_content_and_the_consent_banner(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cars that fit your life" in html
    assert 'data-testid="consent-banner"' in html
    assert "tailor_vid" not in response.headers.get("Set-Cookie", "")


def test_page_request_forwards_the_visitors_context_with_the_server_key(client, cms):
    client.get(
        "/pricing/?utm_source=newsletter&utm_campaign=family-summer",
        headers={"User-Agent": PHONE, "Referer": "https://www.youtube.com/watch?v=aurora-gt"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    call = cms.calls("personalizedPage")[0]
    assert call["headers"]["authorization"] == f"Bearer {SERVER_KEY}"
    assert call["variables"]["path"] == "/pricing/"
    assert call["variables"]["context"] == {
        "url": "http://localhost/pricing/?utm_source=newsletter&utm_campaign=family-summer",
        "referrer": "https://www.youtube.com/watch?v=aurora-gt",
        "ip": "198.51.100.7",
        "userAgent": PHONE,
        "gpc": False,
    }


def test_gpc_visitor_sees_no_banner_and_the_cms_is_told(client, cms):
    html = client.get("/", headers={"Sec-GPC": "1"}).get_data(as_text=True)
    assert 'data-testid="consent-banner"' not in html
    assert cms.calls("personalizedPage")[0]["variables"]["context"]["gpc"] is True
    assert "Global Privacy Control" in html


def test_visitor_id_is_never_forwarded_for_a_visitor_who_declined(client, cms):
    client.set_cookie("tailor_vid", "v-123")  # stale: left from before the visitor declined
    client.get("/", headers={"Sec-GPC": "1"})
    assert "visitorId" not in cms.calls("personalizedPage")[-1]["variables"]["context"]
    client.set_cookie("tailor_consent", "declined")
    client.get("/")
    assert "visitorId" not in cms.calls("personalizedPage")[-1]["variables"]["context"]
    client.set_cookie("tailor_consent", "granted")
    client.get("/")
    assert cms.calls("personalizedPage")[-1]["variables"]["context"]["visitorId"] == "v-123"


def test_unknown_path_is_a_404_page(client, cms):
    cms.answers["personalizedPage"] = None
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)


def test_files_are_not_asked_of_the_cms(client, cms):
    assert client.get("/favicon.ico").status_code == 404
    assert cms.calls("personalizedPage") == []


def test_path_without_trailing_slash_redirects_and_keeps_the_query(client):
    response = client.get("/pricing?utm_source=x")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/pricing/?utm_source=x")


def test_cms_down_shows_a_friendly_page(client, cms):
    cms.down = True
    response = client.get("/")
    assert response.status_code == 503
    assert "back shortly" in response.get_data(as_text=True)


def test_rate_limited_visitor_gets_429(client, cms):
    cms.answers["personalizedPage"] = Refusal("Too many requests", "RATE_LIMITED")
    assert client.get("/").status_code == 429


def test_blocks_render_as_accessible_markup(client):
    html = client.get("/").get_data(as_text=True)
    assert '<h2 class="block-heading">Find your Aurora</h2>' in html
    assert "<p>Five models, <strong>one promise</strong>.</p>" in html  # rich text as given
    assert 'href="/test-drive/"' in html and 'data-track="cta_click"' in html
    assert 'download data-track="download"' in html
    assert (
        'class="skip-link" href="#main"' in html
        and '<nav id="site-nav" class="site-nav" aria-label="Main">' in html
    )


def test_images_offer_every_rendition_width_from_the_cms(client):
    html = client.get("/").get_data(as_text=True)
    assert (
        'srcset="http://cms.test/media/images/coast.width-480.jpg 480w, '
        "http://cms.test/media/images/coast.width-960.jpg 960w, "
        'http://cms.test/media/images/coast.width-1600.jpg 1600w"'
    ) in html
    assert 'alt="An Aurora Family on a coastal road"' in html
    assert 'width="1600" height="900"' in html


def test_variant_content_and_id_reach_the_page(client, cms):
    content = dict(HOME_CONTENT, title="Room for everyone: the Aurora Family range")
    cms.answers["personalizedPage"] = page(
        content,
        variant={
            "id": "17",
            "name": "Family",
            "persona": "family",
            "stage": None,
            "segment": None,
            "arm": None,
        },
        persona={"slug": "family", "name": "Family", "description": None},
        cacheKey="k-family",
    )
    html = client.get("/").get_data(as_text=True)
    assert "Room for everyone: the Aurora Family range" in html
    assert 'data-variant="17"' in html
    assert "A version of this page written for visitors like you." in html
    assert "“Family”" not in html  # the variant's name is the editors' word


def test_why_panel_lists_the_decisions_reasons_in_plain_words(client, cms):
    cms.answers["personalizedPage"] = page(
        reasons=[
            "Persona family: utm_campaign contains family",
            "Variant 'Family' for persona family",
            "Segment evening-student-signals: local_hour is 21 (rule: local_hour in [18..23])",
        ],
        persona={
            "slug": "family",
            "name": "Family buyer",
            "description": "Parents; stress the boot.",
            "publicName": "Families",
            "publicDescription": "Room for everyone",
        },
        location={
            "countryCode": "SE",
            "country": "Sweden",
            "region": "Stockholm",
            "regionCode": "AB",
            "city": "Stockholm",
            "timezone": "Europe/Stockholm",
        },
        device="mobile",
        channel="email",
        segments=["evening", "student-signals"],
    )
    html = client.get("/").get_data(as_text=True)
    assert (
        "<li>We think you are among “Families”: the campaign in your link contains family.</li>"
        in html
    )
    assert "<li>This version of the page is written for “Families”.</li>" in html
    assert "<li>A group you fall into: your local hour is 21.</li>" in html
    assert "Stockholm, Sweden, worked out from your network address." in html
    assert "A phone." in html and "You came from an email." in html
    assert "2 of the groups this site uses to choose content." in html


def test_the_why_panel_never_shows_internal_names_or_editors_descriptions(client, cms):
    cms.answers["personalizedPage"] = page(
        reasons=[
            "Persona student: referrer_domain matches \\.edu$",
            "Stage compare: visited /prices/ at least once",
            "Segment evening: local_hour is 21",
            "Variant 'Students comparing' for persona student and stage compare",
            "Personalized section 1: alternative 'Campus hero' for persona student (persona student holds)",
        ],
        persona={
            "slug": "student",
            "name": "Student signals",
            "description": "Internal: cheap leads, push finance.",
        },
        stage={"slug": "compare", "name": "Compare", "order": 2},
        segments=["evening"],
    )
    client.set_cookie("tailor_consent", "granted")
    client.set_cookie("tailor_vid", "v-1")
    why = client.get("/").get_data(as_text=True).split('data-testid="why-panel"')[1]
    for internal in (
        "student",
        "Student signals",
        "Internal: cheap leads",
        "evening",
        "Compare",
        "compare",
        "Students comparing",
        "Campus hero",
        "Family buyer",
        "stress the boot",
    ):
        assert internal not in why, internal
    assert (
        "We think you are one of the kinds of visitors this site writes for: "
        "the site you came from matches" in why
    )
    assert "How far along you are: visited /prices/ at least once" in why
    assert "Part 1 of this page is written for a kind of visitor." in why


def test_this_isnt_me_offers_the_cms_personas_to_visitors_with_an_id(client):
    client.set_cookie("tailor_consent", "granted")
    client.set_cookie("tailor_vid", "v-1")
    html = client.get("/").get_data(as_text=True)
    assert '<option value="family">Families: Room for everyone</option>' in html
    assert 'value="performance"' not in html  # not made public by the editors
    assert 'name="interest" value="track"' in html


def test_visitors_without_an_id_are_told_why_they_cannot_correct_anything(client, cms):
    html = client.get("/").get_data(as_text=True)
    assert "We do not remember you, so there is nothing to correct" in html
    assert cms.calls("personas") == []


def test_same_cache_key_reuses_the_rendered_content(client, cms):
    client.get("/")
    cms.answers["personalizedPage"] = page(
        dict(HOME_CONTENT, title="Changed in the CMS")
    )  # same key
    assert "Cars that fit your life" in client.get("/").get_data(as_text=True)
    cms.answers["personalizedPage"] = page(
        dict(HOME_CONTENT, title="Changed in the CMS"), cacheKey="k-new"
    )
    assert "Changed in the CMS" in client.get("/").get_data(as_text=True)


def test_personalized_html_is_never_stored_by_shared_caches(client):
    response = client.get("/")
    assert response.headers["Cache-Control"] == "private, no-store"


def test_tracking_script_is_switched_on_only_for_visitors_with_an_id(client):
    assert 'data-tracking="off"' in client.get("/").get_data(as_text=True)
    client.set_cookie("tailor_consent", "granted")
    client.set_cookie("tailor_vid", "v-1")
    assert 'data-tracking="on"' in client.get("/").get_data(as_text=True)


def test_opt_out_install_keeps_the_id_the_cms_minted(client, cms):
    cms.answers["personalizedPage"] = page(visitorId="v-minted", profiling=True)
    response = client.get("/")
    assert "tailor_vid=v-minted" in response.headers["Set-Cookie"]


def test_content_json_string_is_decoded(client, cms):
    assert json.loads(cms.answers["personalizedPage"]["content"])["title"] in client.get(
        "/"
    ).get_data(as_text=True)


def test_a_cookie_the_cms_sets_never_leaks_into_another_visitors_request(client, cms):
    cms.set_cookie = "tailor_vid=v-of-someone-else; Path=/; HttpOnly"
    client.get("/")
    client.get("/")
    assert "cookie" not in cms.calls("personalizedPage")[1]["headers"]


def test_the_visitors_address_is_also_sent_for_per_visitor_rate_limits(client, cms):
    client.get("/", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    client.post(
        "/_consent",
        data={"choice": "accept"},
        headers={"Origin": "http://localhost"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert cms.calls("personalizedPage")[0]["headers"]["x-forwarded-for"] == "203.0.113.9"
    assert cms.calls("setConsent")[0]["headers"]["x-forwarded-for"] == "203.0.113.9"


def test_head_checks_and_prefetches_are_not_recorded_as_visits(client, cms):
    client.head("/")
    client.get("/", headers={"Sec-Purpose": "prefetch"})
    client.get("/")
    assert [c["variables"]["track"] for c in cms.calls("personalizedPage")] == [False, False, True]


def test_a_do_not_track_visitor_is_treated_like_gpc(client, cms):
    html = client.get("/", headers={"DNT": "1"}).get_data(as_text=True)
    assert cms.calls("personalizedPage")[0]["variables"]["context"]["gpc"] is True
    assert "Make this site yours" not in html
