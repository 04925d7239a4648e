"""In a real browser (headless Chromium, 1400 px wide): a new persona gets its rules inline,
including a regular expression, then "Test these rules" shows a matching and a non-matching
visitor. Screenshots go to test-output/admin/ (rules-*.png)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from personalization.models import Persona
from personalization.rules.save_segments import read_condition

from .test_admin_walkthrough import browser_page, shot, site_home  # noqa: F401 - fixtures

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def right_edge(page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_marketer_builds_persona_rules_inline_and_tests_them(live_server, browser_page, site_home):  # noqa: F811
    page, base = browser_page, live_server.url
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "walker")
    page.fill("#id_password", "walk-the-admin")
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("wagtailadmin_home"))

    # A persona whose rules are written in its own form: a regex on the referrer, and mobile.
    page.goto(base + reverse("persona:add"))
    page.fill("#id_name", "Student")
    page.fill("#id_slug", "student")
    page.fill("#id_priority", "10")
    page.click("#id_rules-rules_sourcerules-ADD")
    page.select_option("#id_rules-rules_sourcerules-0-signal", "referrer_domain")
    page.select_option("#id_rules-rules_sourcerules-0-operator", "matches")
    page.fill("#id_rules-rules_sourcerules-0-value", r"\.edu$|\.ac\.uk$")
    page.click("#id_rules-rules_useragentrules-ADD")
    page.select_option("#id_rules-rules_useragentrules-0-signal", "device")
    page.select_option("#id_rules-rules_useragentrules-0-operator", "eq")
    page.fill("#id_rules-rules_useragentrules-0-value", "mobile")
    # The rule row fits the screen: the operator select is not pushed off a 1400 px window.
    assert right_edge(page, "#id_rules-rules_sourcerules-0-operator") <= 1400
    # Rule rows wrap rather than cut their dropdowns (issue 20): every part of the row stays on
    # the screen, whether the operator sits beside the signal or below it.
    assert right_edge(page, "#id_rules-rules_sourcerules-0-signal") <= 1400
    page.locator("#id_rules-rules_sourcerules-0-signal").scroll_into_view_if_needed()
    shot(page, "rules-01-persona-inline-rules")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(base + reverse("persona:index"))
    shot(page, "rules-02-persona-listing")
    persona = Persona.objects.get(slug="student")
    assert read_condition(persona.rules) == {
        "all": [{"device": "mobile"}, {"referrer_domain": {"matches": r"\.edu$|\.ac\.uk$"}}]
    }

    # "Test these rules" from the persona's form.
    page.goto(base + reverse("persona:edit", args=[persona.pk]))
    page.click("#test-these-rules")
    page.wait_for_url(
        base + reverse("personalization_admin:test_rules", args=["persona", persona.pk])
    )
    page.select_option("#id_place", label="London, United Kingdom")
    page.fill("#id_referrer", "https://www.ox.ac.uk/admissions")
    page.fill("#id_user_agent", IPHONE)
    page.get_by_role("button", name="Test these rules").click()
    page.locator("#test-rules-verdict").wait_for()
    assert "Matches" in page.locator("#test-rules-verdict").inner_text()
    assert "referrer_domain is ox.ac.uk" in page.locator(".tailor-verdicts").inner_text()
    shot(page, "rules-03-test-matches")

    page.goto(
        base
        + reverse("personalization_admin:test_rules", args=["persona", persona.pk])
        + "?"
        + urlencode({"test": "1", "referrer": "https://www.google.com/", "device": "desktop"})
    )
    page.locator("#test-rules-verdict").wait_for()
    assert "Does not match" in page.locator("#test-rules-verdict").inner_text()
    shot(page, "rules-04-test-does-not-match")
