"""The reference frontend in a real browser (Debian's Chromium, headless) against the real CMS
loaded with the demo site. Each test saves a screenshot under test-output/frontend/."""

from __future__ import annotations

import json
import time
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DESKTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
DEFAULT_TITLE = "Cars that fit your life"
FAMILY_LINK = "/?utm_source=newsletter&utm_medium=email&utm_campaign=family-summer"
DEMO_CITY_ZONES = {
    "london": "Europe/London",
    "seattle": "America/Los_Angeles",
    "stockholm": "Europe/Stockholm",
    "munich": "Europe/Berlin",
}


@pytest.fixture
def visit(browser, live_site, screenshot_dir, request):
    """A fresh browser profile per test (no cookies); `visit.shot()` saves the screenshot."""
    contexts = []

    def open_page(
        user_agent: str = DESKTOP_UA, viewport=(1280, 900), city: str | None = None, **options
    ):
        context = browser.new_context(
            base_url=live_site.frontend_url,
            user_agent=user_agent,
            viewport={"width": viewport[0], "height": viewport[1]},
            **options,
        )
        if city:
            context.add_cookies(
                [{"name": "tailor_demo_city", "value": city, "url": live_site.frontend_url}]
            )
        contexts.append(context)
        return context.new_page()

    def shot(page, suffix: str = "") -> None:
        name = request.node.name + (f"-{suffix}" if suffix else "")
        page.evaluate(
            "window.scrollTo({top: 0, behavior: 'instant'})"
        )  # the sticky header belongs at the top of a full-page shot
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)

    open_page.shot = shot
    yield open_page
    for context in contexts:
        context.close()


def title(page):
    return page.get_by_test_id("page-title")


def consent(page) -> None:
    page.get_by_role("button", name="Yes, personalize").click()
    expect(page.get_by_test_id("consent-banner")).to_have_count(0)


def open_why(page):
    page.get_by_text("Why am I seeing this?", exact=True).first.click()
    panel = page.get_by_test_id("why-panel")
    expect(panel).to_have_attribute("open", "")
    return panel


def wait_for_event(page, event_type: str, timeout: float = 10.0) -> list[dict]:
    """The visitor's events as the CMS holds them (through the data export), once `event_type` is
    among them: a beacon sent during a navigation arrives a moment later."""
    deadline = time.monotonic() + timeout
    while True:
        events = json.loads(page.context.request.get("/_privacy/export").text())["visitor"][
            "events"
        ]
        if any(e["type"] == event_type for e in events) or time.monotonic() > deadline:
            return events
        time.sleep(0.2)


def city_outside_commute_hours() -> str:
    """The commuter persona needs a phone between 6 and 9 local time; pick a demo city where it is
    not, so the phone sees the mobile variant whatever the hour the tests run."""
    for city, zone in DEMO_CITY_ZONES.items():
        if not 6 <= datetime.now(ZoneInfo(zone)).hour <= 9:
            return city
    raise AssertionError("unreachable: the zones span more than four hours")


def test_first_visit_sees_the_default_and_is_asked_for_consent(visit):
    page = visit()
    page.goto("/")
    expect(title(page)).to_have_text(DEFAULT_TITLE)
    expect(page.get_by_test_id("consent-banner")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    visit.shot(page)


def test_after_consent_visiting_pricing_moves_the_stage_and_changes_the_home_page(visit):
    page = visit()
    page.goto("/")
    consent(page)
    expect(title(page)).to_have_text(DEFAULT_TITLE)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pricing").click()
    expect(title(page)).to_have_text("Pricing and financing")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(title(page)).to_have_text("Ready when you are: book your test drive")
    panel = open_why(page)
    # Stages have no public name: the panel says why in plain words, never the editors' "Decide".
    expect(panel).to_contain_text("How far along you are: visited /pricing/")
    expect(panel).not_to_contain_text("Decide")
    visit.shot(page)


def test_campaign_link_shows_the_family_variant(visit):
    page = visit()
    page.goto(FAMILY_LINK)
    expect(title(page)).to_have_text("Room for everyone: the Aurora Family range")
    expect(open_why(page)).to_contain_text("Families")  # the persona's public name
    visit.shot(page)


def test_phone_sees_the_mobile_variant(visit):
    page = visit(
        user_agent=PHONE_UA,
        viewport=(390, 844),
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        city=city_outside_commute_hours(),
    )
    page.goto("/")
    expect(title(page)).to_have_text("Aurora Motors on the go")
    expect(page.get_by_role("button", name="Menu")).to_be_visible()  # the navigation folds away
    page.wait_for_load_state("load")
    image = page.locator("main img").first
    # The file the browser chose from srcset, measured on its own (naturalWidth of a srcset image is
    # scaled by the chosen density).
    loaded = image.evaluate("""img => new Promise(done => {
        const file = new Image();
        file.onload = () => done({src: img.currentSrc, width: file.naturalWidth});
        file.onerror = () => done({src: img.currentSrc, width: 0});
        file.src = img.currentSrc;
    })""")
    assert loaded["width"] > 0, "the image from the CMS did not load"
    assert loaded["width"] < 1600, (
        f"a phone should not download the largest rendition: {loaded['src']}"
    )
    visit.shot(page)


def test_gpc_visitor_is_not_profiled(visit, live_site):
    page = visit(extra_http_headers={"Sec-GPC": "1"})
    page.goto("/")
    expect(page.get_by_test_id("consent-banner")).to_have_count(0)
    page.goto("/pricing/")
    page.goto("/")
    expect(title(page)).to_have_text(
        DEFAULT_TITLE
    )  # a remembered pricing visit would say "Ready when you are"
    panel = open_why(page)
    expect(panel).to_contain_text(
        "We do not remember you: what you see depends only on this visit."
    )
    expect(panel).to_contain_text("Global Privacy Control")
    assert not [c for c in page.context.cookies() if c["name"] == "tailor_vid"]
    visit.shot(page)


def test_why_panel_lists_the_reasons(visit):
    page = visit()
    page.goto(FAMILY_LINK)
    open_why(page)
    reasons = page.get_by_test_id("why-reasons").get_by_role("listitem")
    expect(reasons.first).to_be_visible()
    assert reasons.count() >= 1
    visit.shot(page)


def test_this_isnt_me_changes_the_persona_and_reset_undoes_it(visit):
    page = visit()
    page.goto("/")
    consent(page)
    open_why(page)
    page.get_by_label("I am mostly").select_option("performance")
    page.get_by_role("button", name="Show me that").click()
    expect(title(page)).to_have_text("Built for the driver: Aurora GT")
    expect(page.get_by_test_id("why-panel")).to_contain_text("Performance")
    visit.shot(page, "declared")
    page.get_by_role("button", name="Forget what I told you").click()
    expect(title(page)).to_have_text(DEFAULT_TITLE)
    visit.shot(page, "reset")


def test_booking_a_test_drive_is_reported_and_moves_the_stage(visit):
    page = visit()
    page.goto("/test-drive/")
    consent(page)
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Request test drive").click()
    expect(page.get_by_test_id("booking-confirmed")).to_be_visible()
    visit.shot(page)
    types = {event["type"] for event in wait_for_event(page, "form_submit")}
    assert "test_drive_booked" in types and "form_submit" in types
    page.goto("/")
    expect(title(page)).to_have_text("Ready when you are: book your test drive")


def test_cta_clicks_are_reported_by_the_browser_script(visit):
    page = visit()
    page.goto("/")
    consent(page)
    page.get_by_role("link", name="Browse all models").click()
    expect(title(page)).to_have_text("Models")
    clicks = [e for e in wait_for_event(page, "cta_click") if e["type"] == "cta_click"]
    assert clicks and clicks[0]["path"] == "/"


def test_changing_the_choice_later_erases_the_profile(visit):
    page = visit()
    page.goto("/pricing/")
    consent(page)
    page.get_by_role("link", name="Privacy choices").click()
    expect(page.get_by_test_id("privacy-status")).to_contain_text("You allowed personalization")
    page.get_by_role("button", name="Don't allow, and erase what you stored").click()
    page.goto("/")
    expect(title(page)).to_have_text(DEFAULT_TITLE)
    expect(page.get_by_test_id("consent-banner")).to_have_count(0)
    assert not [c for c in page.context.cookies() if c["name"] == "tailor_vid"]
    visit.shot(page)


AUDIT = """() => ({
    h1: document.querySelectorAll("h1").length,
    main: document.querySelectorAll("main").length,
    nav: !!document.querySelector("nav[aria-label]"),
    footer: !!document.querySelector("footer"),
    imagesWithoutAlt: [...document.images].filter(i => !i.hasAttribute("alt")).map(i => i.src),
    unlabelled: [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
        .filter(c => !c.labels || c.labels.length === 0).map(c => c.name),
    lang: document.documentElement.lang,
})"""


def test_every_page_has_landmarks_one_h1_alt_text_and_labelled_controls(visit):
    page = visit()
    page.goto("/")
    consent(page)  # the "This isn't me" form is on every page now
    for path in (
        "/",
        "/models/",
        "/models/aurora-family/",
        "/compare/",
        "/pricing/",
        "/test-drive/",
        "/owners/",
    ):
        page.goto(path)
        audit = page.evaluate(AUDIT)
        assert audit == {
            "h1": 1,
            "main": 1,
            "nav": True,
            "footer": True,
            "imagesWithoutAlt": [],
            "unlabelled": [],
            "lang": "en",
        }, path
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    visit.shot(page)


ISSUE_TOKEN = """
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page
from personalization.preview import issue_preview_token
call_command("demo_editor")
editor = get_user_model().objects.get(username="editor")
page = Page.objects.get(url_path__endswith="/news/winter-tyres/")
assert not page.live, "the winter tyre offer should be a draft in the demo site"
print("TOKEN=" + issue_preview_token(editor, page))
"""


def test_editor_previews_an_unpublished_draft_as_a_persona(visit, live_site):
    """The admin's "Preview as…" link, with a token the CMS issued for the demo editor."""
    output = live_site.django(ISSUE_TOKEN)
    token = next(line[6:] for line in output.splitlines() if line.startswith("TOKEN="))
    page = visit()
    assert page.goto("/news/winter-tyres/").status == 404  # not live: visitors cannot see it
    response = page.goto(
        f"/news/winter-tyres/?{urlencode({'preview_token': token, 'persona': 'family'})}"
    )
    assert response.status == 200
    expect(title(page)).to_have_text("Winter tyre offer")
    banner = page.get_by_role("status").filter(has_text="Preview")
    expect(banner).to_contain_text("as persona Family buyer")
    expect(page.get_by_test_id("consent-banner")).to_have_count(0)
    visit.shot(page)
    assert not [c for c in page.context.cookies() if c["name"] == "tailor_vid"]
    page.get_by_role("link", name="Leave preview").click()
    expect(page.get_by_role("heading", name="We could not find that page")).to_be_visible()


def test_an_expired_preview_link_asks_to_open_preview_as_again(visit):
    page = visit()
    response = page.goto("/news/winter-tyres/?preview_token=not-a-token&persona=family")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This preview link does not work any more"
    )
    visit.shot(page)
