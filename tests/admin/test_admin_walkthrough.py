"""One walk through the admin in a real browser (headless Chromium, Debian's build): log in,
create a persona, a segment with two rules, and a page variant; check each was saved.
Screenshots go to test-output/admin/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail_personalisation.models import Segment

from cms.pages.models import ContentPage, PageVariant
from personalization.models import Persona
from personalization.rules.models import LocationRule, UserAgentRule
from tests.frontend.live import CHROMIUM, CHROMIUM_ARGS

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "admin"


@pytest.fixture
def browser_page(monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM checks below are plain
    # synchronous calls made between browser steps, never concurrently with them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        yield page
        browser.close()


@pytest.fixture
def site_home(django_user_model) -> ContentPage:
    """A superuser and a live home page at the default site's root (the DB is flushed between
    transactional tests, so the tree root and site are recreated when missing)."""
    django_user_model.objects.create_superuser("walker", "walker@example.com", "walk-the-admin")
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=ContentPage(title="Cars that fit your life", slug="walk-home"))
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Tailor"},
    )
    return home


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.xfail(
    reason="Written for variants that copied the page's fields; with explicit inheritance "
    "(issue 20) the walkthrough must choose Override before typing a variant's own text. "
    "Rewriting it is the open walkthrough item of issue 20.",
    strict=False,
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_walks_through_personas_segments_and_variants(live_server, browser_page, site_home):
    page, base = browser_page, live_server.url

    # Log in.
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "walker")
    page.fill("#id_password", "walk-the-admin")
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("wagtailadmin_home"))
    page.get_by_role("button", name="Personalization").click()
    page.get_by_role("link", name="Personas").wait_for()
    page.wait_for_timeout(500)  # let the submenu finish sliding in before the screenshot
    shot(page, "01-personalization-menu")

    # A persona.
    page.get_by_role("link", name="Personas").click()
    page.wait_for_url(base + reverse("persona:index"))
    page.goto(base + reverse("persona:add"))
    page.fill("#id_name", "Developer")
    page.fill("#id_slug", "developer")
    page.fill("#id_description", "Engineers evaluating the API.")
    page.fill("#id_tone_of_voice", "Short, concrete, code first.")
    page.fill("#id_priority", "20")
    shot(page, "02-persona-form")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(base + reverse("persona:index"))
    assert page.get_by_role("link", name="Developer").is_visible()
    shot(page, "03-persona-listing")
    persona = Persona.objects.get(slug="developer")
    assert (persona.name, persona.priority, persona.tone_of_voice) == (
        "Developer",
        20,
        "Short, concrete, code first.",
    )

    # A segment with two rules: country is SE, device is mobile.
    page.goto(base + reverse("segments:add"))
    page.fill("#id_name", "Swedish mobile visitors")
    page.click("#id_rules_locationrules-ADD")
    page.select_option("#id_rules_locationrules-0-signal", "country")
    page.select_option("#id_rules_locationrules-0-operator", "eq")
    page.fill("#id_rules_locationrules-0-value", "SE")
    page.click("#id_rules_useragentrules-ADD")
    page.select_option("#id_rules_useragentrules-0-signal", "device")
    page.select_option("#id_rules_useragentrules-0-operator", "eq")
    page.fill("#id_rules_useragentrules-0-value", "mobile")
    shot(page, "04-segment-form")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(base + reverse("segments:index"))
    shot(page, "05-segment-saved")
    segment = Segment.objects.get(name="Swedish mobile visitors")
    assert (
        LocationRule.objects.filter(segment=segment, signal="country", value__iexact="SE").count()
        == 1
    )
    assert (
        UserAgentRule.objects.filter(
            segment=segment, signal="device", value__iexact="mobile"
        ).count()
        == 1
    )

    # A page variant for the persona in that segment: a draft first, then published.
    page.goto(base + reverse("wagtailadmin_pages:edit", args=[site_home.pk]))
    page.click("#id_variants-ADD")
    page.fill("#id_variants-0-name", "Swedish developers on the go")
    page.select_option("#id_variants-0-persona", str(persona.pk))
    page.select_option("#id_variants-0-segment", str(segment.pk))
    page.fill("#id_variants-0-title", "APIs that fit in your pocket")
    page.fill("#id_variants-0-intro", "Test drives in {city|your area}.")
    shot(page, "06-variant-form")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("has been updated").wait_for()
    assert not PageVariant.objects.filter(page=site_home).exists()
    draft = ContentPage.objects.get(pk=site_home.pk).get_latest_revision_as_object()
    assert [(v.name, v.persona_id, v.segment_id) for v in draft.variants.all()] == [
        ("Swedish developers on the go", persona.pk, segment.pk)
    ]

    page.locator("[data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("has been published").wait_for()
    live = PageVariant.objects.get(page=site_home)
    assert (live.name, live.persona, live.segment, live.title) == (
        "Swedish developers on the go",
        persona,
        segment,
        "APIs that fit in your pocket",
    )

    # The coverage grid shows the new variant for the persona, and only "if in segment" there.
    page.goto(base + reverse("personalization_admin:page_coverage", args=[site_home.pk]))
    cell = page.locator("[data-grid='Page variants'] td[data-persona='developer']").first
    assert "if in segment Swedish mobile visitors: Swedish developers on the go" in " ".join(
        cell.inner_text().split()
    )
    shot(page, "07-coverage")

    # The site-wide report, and "Preview as…" for the persona.
    page.goto(base + reverse("personalization_admin:coverage_report"))
    page.get_by_text("Personas with no content").wait_for()
    shot(page, "08-coverage-report")
    page.goto(base + reverse("personalization_admin:preview_as", args=[site_home.pk]))
    page.select_option("#id_persona", "developer")
    page.fill("#id_country", "se")
    page.get_by_role("button", name="Build preview link").click()
    href = page.locator("#preview-link").get_attribute("href")
    frontend = (getattr(settings, "FRONTEND_URL", "") or "http://localhost:3000").rstrip("/")
    assert (
        href.startswith(f"{frontend}/?preview_token=")
        and "persona=developer" in href
        and "country=SE" in href
    )
    shot(page, "09-preview-as")

    # The demo site's coverage, for people who would rather look than read.
    call_command("load_site", "fixtures/site", verbosity=0)
    demo_home = Site.objects.get(is_default_site=True).root_page
    page.goto(base + reverse("personalization_admin:page_coverage", args=[demo_home.pk]))
    page.locator("[data-grid='Page variants']").wait_for()
    shot(page, "10-demo-home-coverage")
    page.goto(base + reverse("personalization_admin:coverage_report"))
    shot(page, "11-demo-coverage-report")
