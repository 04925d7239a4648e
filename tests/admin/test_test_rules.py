""" "Test these rules": a sample visitor built the way delivery builds one, the saved rules of a
persona, stage or segment, and the engine's verdict for each part."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from personalization.models import JourneyStage, Persona
from personalization.rules.save_segments import save_owned_rules, save_segment

pytestmark = pytest.mark.django_db
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
LINKOPING, LONDON = "89.160.20.113", "81.2.69.143"  # in MaxMind's test database (test settings)


def rules_test_url(kind: str, pk: int, **fields) -> str:
    return (
        reverse("personalization_admin:test_rules", args=[kind, pk])
        + "?"
        + urlencode({"test": "1", **fields})
    )


@pytest.fixture
def student(db) -> Persona:
    persona = Persona.objects.create(slug="student", name="Student")
    persona.rules = save_owned_rules(
        "persona--student",
        "Rules of persona Student",
        {
            "all": [
                {"country": "SE"},
                {"device": "mobile"},
                {"referrer_domain": {"contains": "edu"}},
            ]
        },
        None,
    )
    persona.save()
    return persona


def test_a_matching_visitor_is_shown_matching_with_every_verdict(admin_client, home, student):
    html = admin_client.get(
        rules_test_url(
            "persona",
            student.pk,
            place=LINKOPING,
            user_agent=IPHONE,
            referrer="https://www.mit.edu/courses",
        )
    ).content.decode()

    assert "Matches: this visitor passes the rules of Student" in html
    assert "country is SE" in html and "device is mobile" in html
    assert "referrer_domain is mit.edu" in html
    assert "Persona: <strong>student</strong>" in html  # and the website would pick it


def test_a_visitor_elsewhere_fails_on_the_place_and_says_what_the_engine_saw(
    admin_client, home, student
):
    response = admin_client.get(
        rules_test_url(
            "persona", student.pk, ip=LONDON, user_agent=IPHONE, referrer="https://www.mit.edu/"
        )
    )
    html = response.content.decode()

    assert "Does not match" in html
    verdicts = {v.rule: (v.held, v.seen) for v in response.context["result"].verdicts}
    assert verdicts["country is SE"] == (False, "country is GB")
    assert verdicts["device is mobile"][0] is True
    assert "London, United Kingdom" in html  # a place for people, not "London, ENG, GB"


def test_typed_place_and_device_replace_the_located_ones(admin_client, home, student):
    response = admin_client.get(
        rules_test_url(
            "persona",
            student.pk,
            ip=LONDON,
            country="se",
            device="mobile",
            referrer="https://cs.stanford.edu/",
        )
    )
    assert response.context["result"].matched is True


def test_a_stage_is_tested_against_a_sample_history(admin_client, home):
    stage = JourneyStage.objects.create(slug="decide", name="Decide", order=3)
    stage.rules = save_owned_rules(
        "stage--decide",
        "Entry rules of stage Decide",
        {
            "any": [
                {"visited": {"path": "/pricing/", "min": 2}},
                {"event": {"type": "trial_started", "within_days": 30}},
            ]
        },
        None,
    )
    stage.save()

    with_views = admin_client.get(rules_test_url("stage", stage.pk, pages="/pricing/ 2\n/docs/"))
    assert with_views.context["result"].matched is True
    old_event = admin_client.get(rules_test_url("stage", stage.pk, events="trial_started 1 40"))
    assert old_event.context["result"].matched is False
    recent_event = admin_client.get(rules_test_url("stage", stage.pk, events="trial_started 1 5"))
    assert recent_event.context["result"].matched is True
    no_history = admin_client.get(rules_test_url("stage", stage.pk)).content.decode()
    assert "Does not match" in no_history and "none (no consent or nothing entered)" in no_history


def test_a_segment_is_tested_with_the_campaign_link_and_the_time(admin_client, home):
    segment = save_segment(
        "spring-evening",
        "Spring campaign, evening",
        {
            "all": [
                {"utm_campaign": "spring"},
                {"query_param": {"name": "ref", "equals": "partner"}},
                {"local_hour": {"between": [18, 23]}},
            ]
        },
    )
    url = "https://example.com/offers/?utm_campaign=spring&ref=partner"

    evening = admin_client.get(
        rules_test_url("segment", segment.pk, url=url, place=LINKOPING, when="2026-11-23T20:15")
    )
    morning = admin_client.get(
        rules_test_url("segment", segment.pk, url=url, place=LINKOPING, when="2026-11-23T08:15")
    )

    assert evening.context["result"].matched is True
    assert morning.context["result"].matched is False


def test_bad_input_is_explained_and_nothing_is_tested(admin_client, home, student):
    response = admin_client.get(
        rules_test_url("persona", student.pk, ip="not-an-ip", pages="/pricing/ many")
    )
    assert response.status_code == 200
    assert response.context["result"] is None
    html = response.content.decode()
    assert "Not an IP address" in html and "Line 1" in html


def test_the_city_picker_lists_the_geoip_databases_cities(admin_client, home, student):
    html = admin_client.get(
        reverse("personalization_admin:test_rules", args=["persona", student.pk])
    ).content.decode()
    for city in ("Linköping, Sweden", "London, United Kingdom", "Milton, United States"):
        assert city in html
    assert "ENG, GB" not in html


def test_every_editor_links_to_its_test_page(admin_client, home, student):
    segment = save_segment("nordics", "Nordics", {"country": "SE"})
    for url, kind, pk in (
        (reverse("persona:edit", args=[student.pk]), "persona", student.pk),
        (reverse("segments:edit", args=[segment.pk]), "segment", segment.pk),
    ):
        html = admin_client.get(url).content.decode()
        assert reverse("personalization_admin:test_rules", args=[kind, pk]) in html


def test_owned_rule_groups_cannot_be_tested_as_segments(admin_client, home, student):
    assert admin_client.get(rules_test_url("segment", student.rules_id)).status_code == 404
    assert admin_client.get(rules_test_url("widget", 1)).status_code == 404


def test_pages_viewed_days_ago_count_inside_and_outside_a_window(admin_client, home):
    segment = save_segment(
        "recent-pricing",
        "Recent pricing readers",
        {"visited": {"path": "/pricing/", "within_days": 7}},
    )
    recent = admin_client.get(rules_test_url("segment", segment.pk, pages="/pricing/ 1 3"))
    old = admin_client.get(rules_test_url("segment", segment.pk, pages="/pricing/ 1 30"))
    assert recent.context["result"].matched is True
    assert old.context["result"].matched is False
