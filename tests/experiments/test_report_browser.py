"""The experiment report in a real browser (headless Chromium, Debian's build), for the demo
site with seeded traffic; the screenshot goes to test-output/experiments/."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.frontend.live import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "experiments"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_marketer_opens_the_report_of_the_demo_experiment(
    live_server, django_user_model, monkeypatch
):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    call_command("load_site", str(ROOT / "fixtures" / "site"), verbosity=0)
    call_command("seed_experiment_traffic", "--visitors", "3000", "--seed", "1", verbosity=0)
    django_user_model.objects.create_superuser("marketer", "m@example.com", "measure-it")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "marketer")
        page.fill("#id_password", "measure-it")
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + reverse("wagtailadmin_home"))
        assert page.locator("[data-experiments-panel]").is_visible()
        page.goto(live_server.url + reverse("personalization_admin:experiments"))
        page.screenshot(path=str(SHOTS / "01-list.png"), full_page=True)
        page.get_by_role(
            "link", name="Research headline A: question vs Research headline B: promise"
        ).click()
        page.locator("[data-chart=rates] svg").wait_for()
        assert page.locator("[data-chart=daily] svg").is_visible()
        rows = page.locator("[data-arms] tbody tr")
        assert rows.count() == 2
        assert int(rows.nth(0).get_attribute("data-exposures")) > 100
        page.screenshot(path=str(SHOTS / "02-report.png"), full_page=True)
        browser.close()
