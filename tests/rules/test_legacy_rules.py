"""Segments built with wagtail-personalisation's own rules keep working: each rule reads back as
the closest site-format condition (see personalization/rules/legacy.py for the lossy ones)."""

from datetime import UTC, time

import pytest
from wagtail.models import Locale, Page, Site
from wagtail_personalisation import rules as wp
from wagtail_personalisation.models import Segment

from personalization.rules.save_segments import read_condition

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment():
    return Segment.objects.create(name="Legacy")


def _site_root():
    site = Site.objects.select_related("root_page").first()
    if site is None:  # a database built without migrations has no tree yet
        Locale.objects.get_or_create(language_code="en")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(instance=Page(title="Home", slug="home"))
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return site.root_page


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (time(9, 0), time(17, 0), {"local_hour": {"between": [9, 16]}}),
        (time(9, 30), time(17, 30), {"local_hour": {"between": [9, 17]}}),
        (time(12, 0), time(12, 59), {"local_hour": 12}),
        (
            time(22, 0),
            time(6, 0),
            {"any": [{"local_hour": {"gte": 22}}, {"local_hour": {"lte": 5}}]},
        ),
    ],
)
def test_time_rule_becomes_local_hours(segment, start, end, expected):
    wp.TimeRule.objects.create(segment=segment, start_time=start, end_time=end)

    assert read_condition(segment) == expected


def test_day_rule_becomes_weekdays(segment):
    wp.DayRule.objects.create(segment=segment, sat=True, sun=True)

    assert read_condition(segment) == {"weekday": {"in": ["sat", "sun"]}}


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"google\.com", {"referrer_domain": {"contains": "google.com"}}),
        (r"www\.github\.com", {"referrer_domain": {"contains": "github.com"}}),
        (r"^https?://(www\.)?bing\.", {"referrer_domain": {"matches": r"^bing\."}}),
        (r"\.edu$|\.ac\.uk$", {"referrer_domain": {"matches": r"\.edu$|\.ac\.uk$"}}),
    ],
)
def test_referral_rule_becomes_a_referrer_test(segment, pattern, expected):
    wp.ReferralRule.objects.create(segment=segment, regex_string=pattern)

    assert read_condition(segment) == expected


@pytest.mark.parametrize(
    "operator, count, expected",
    [
        ("more_than", 2, {"visited": {"path": "/pricing/", "min": 3}}),
        (
            "less_than",
            3,
            {
                "all": [
                    {"visited": {"path": "/pricing/", "min": 1}},
                    {"not": {"visited": {"path": "/pricing/", "min": 3}}},
                ]
            },
        ),
        (
            "equal_to",
            2,
            {
                "all": [
                    {"visited": {"path": "/pricing/", "min": 2}},
                    {"not": {"visited": {"path": "/pricing/", "min": 3}}},
                ]
            },
        ),
    ],
)
def test_visit_count_rule_becomes_visits_to_that_page(segment, operator, count, expected):
    pricing = _site_root().add_child(instance=Page(title="Pricing", slug="pricing"))
    wp.VisitCountRule.objects.create(
        segment=segment, counted_page=pricing, operator=operator, count=count
    )

    assert read_condition(segment) == expected


def test_query_device_login_and_country_rules_map_exactly(segment):
    wp.QueryRule.objects.create(segment=segment, parameter="ref", value="partner")
    wp.DeviceRule.objects.create(segment=segment, mobile=True, tablet=True)
    wp.UserIsLoggedInRule.objects.create(segment=segment, is_logged_in=True)
    wp.OriginCountryRule.objects.create(segment=segment, country="se")
    segment.match_any = True
    segment.save()

    assert read_condition(segment) == {
        "any": [
            {"query_param": {"name": "ref", "equals": "partner"}},
            {"device": {"in": ["mobile", "tablet"]}},
            {"logged_in": True},
            {"country": "SE"},
        ]
    }


def test_legacy_and_tailor_rules_mix_with_tailor_rules_first(segment):
    from personalization.rules.models import LocationRule

    wp.UserIsLoggedInRule.objects.create(segment=segment, is_logged_in=False)
    LocationRule.objects.create(segment=segment, signal="country", operator="eq", value="SE")

    assert read_condition(segment) == {"all": [{"country": "SE"}, {"logged_in": False}]}


def test_a_persona_with_a_plugin_referral_regex_matches_academic_visitors(segment):
    """The regex used to make the whole persona "never match", valid rules included."""
    from datetime import datetime

    from personalization.engine import check_ruleset, decide
    from personalization.engine.context import Source, VisitorContext
    from personalization.models import Persona
    from personalization.rules.build import read_ruleset
    from personalization.rules.models import LocationRule

    wp.ReferralRule.objects.create(segment=segment, regex_string=r"\.edu$|\.ac\.uk$")
    LocationRule.objects.create(
        segment=segment, signal="country", operator="eq", value="GB", position=1
    )
    Persona.objects.create(slug="student", name="Student", rules=segment)
    ruleset = read_ruleset(version="t")
    ctx = VisitorContext(
        now=datetime(2026, 12, 1, tzinfo=UTC),
        source=Source(channel="referral", referrer_domain="cs.ox.ac.uk"),
    )

    assert check_ruleset(ruleset) == []
    assert decide(ctx, ruleset).persona is None  # not in GB
    from dataclasses import replace

    from personalization.engine.context import Location

    assert decide(replace(ctx, location=Location(country_code="GB")), ruleset).persona == "student"
