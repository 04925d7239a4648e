"""Every signal and every operator of site-format.md, on one realistic visitor.

Each operator has a case that holds and a close case that must not (a boundary for gte, lte and
between), so a wrong operator fails a row. The visitor: Linköping (SE), iPhone, arrived from
Instagram with utm tags, third visit, trial started 10 days ago, Monday 12:30 local time.
"""

from __future__ import annotations

import pytest

from personalization.engine.context import Device, Location, Source

from .factories import MILTON, NOW, history, holds, visitor

SIGNAL_CASES = [
    # location
    ({"country": "SE"}, True),
    ({"country": "se"}, True),
    ({"country": "NO"}, False),
    ({"country": {"in": ["NO", "SE"]}}, True),
    ({"country": {"in": ["NO", "DK"]}}, False),
    ({"country": {"not_in": ["NO", "DK"]}}, True),
    ({"country": {"not_in": ["se"]}}, False),
    ({"region": "E"}, True),
    ({"region": "WA"}, False),
    ({"city": "linköping"}, True),
    ({"city": {"contains": "KÖP"}}, True),
    ({"city": {"contains": "holm"}}, False),
    ({"continent": "EU"}, True),
    ({"continent": {"in": ["NA", "AS"]}}, False),
    ({"eu": True}, True),
    ({"eu": False}, False),
    ({"timezone": "Europe/Stockholm"}, True),
    ({"timezone": {"contains": "america"}}, False),
    # device
    ({"device": "mobile"}, True),
    ({"device": {"in": ["desktop", "tablet"]}}, False),
    ({"os": "ios"}, True),
    ({"browser": {"contains": "safari"}}, True),
    ({"browser": "Chrome"}, False),
    # source
    ({"channel": "social"}, True),
    ({"channel": {"not_in": ["social", "paid_social"]}}, False),
    ({"utm_source": "instagram"}, True),
    ({"utm_medium": "social"}, True),
    ({"utm_campaign": {"contains": "cfo"}}, True),
    ({"utm_campaign": {"contains": "ceo"}}, False),
    ({"utm_term": "API"}, True),
    ({"utm_content": "footer"}, False),
    ({"referrer_domain": {"in": ["instagram.com", "strava.com"]}}, True),
    ({"referrer_domain": "github.com"}, False),
    ({"query_param": {"name": "ref", "equals": "partner"}}, True),
    ({"query_param": {"name": "ref", "equals": "press"}}, False),
    ({"query_param": {"name": "ref"}}, True),
    ({"query_param": {"name": "gclid"}}, False),
    ({"landing_path": "/pricing/"}, True),
    ({"landing_path": {"contains": "/docs"}}, False),
    # history
    ({"visit_count": 3}, True),
    ({"visit_count": 4}, False),
    ({"visit_count": {"gte": 3}}, True),
    ({"visit_count": {"gte": 4}}, False),
    ({"visit_count": {"lte": 3}}, True),
    ({"visit_count": {"lte": 2}}, False),
    ({"visit_count": {"between": [3, 5]}}, True),
    ({"visit_count": {"between": [1, 3]}}, True),
    ({"visit_count": {"between": [4, 9]}}, False),
    ({"visit_count": {"between": [1, 2]}}, False),
    ({"visit_count": {"in": [1, 3]}}, True),
    ({"visit_count": {"not_in": [1, 3]}}, False),
    ({"page_views": {"gte": 7}}, True),
    ({"page_views": {"gte": 8}}, False),
    ({"visited": {"path": "/pricing/"}}, True),
    ({"visited": {"path": "/PRICING/", "min": 2}}, True),
    ({"visited": {"path": "/pricing/", "min": 3}}, False),
    ({"visited": {"path": "/blog/"}}, False),
    ({"visited": {"tag": "API", "min": 3}}, True),
    ({"visited": {"tag": "api", "min": 4}}, False),
    ({"event": {"type": "trial_started"}}, True),
    ({"event": {"type": "trial_started", "min": 2}}, True),
    ({"event": {"type": "trial_started", "min": 2, "within_days": 30}}, False),
    ({"event": {"type": "trial_started", "within_days": 30}}, True),
    ({"event": {"type": "trial_started", "within_days": 5}}, False),
    ({"event": {"type": "purchase"}}, False),
    ({"days_since_first_visit": 45}, True),
    ({"days_since_first_visit": {"gte": 46}}, False),
    ({"days_since_last_visit": {"lte": 2}}, True),
    ({"days_since_last_visit": {"lte": 1}}, False),
    ({"returning": True}, True),
    ({"returning": False}, False),
    # time: Monday 11:30 UTC is 12:30 in Stockholm
    ({"local_hour": 12}, True),
    ({"local_hour": 11}, False),
    ({"local_hour": {"between": [9, 12]}}, True),
    ({"local_hour": {"between": [13, 17]}}, False),
    ({"weekday": "mon"}, True),
    ({"weekday": "Monday"}, True),
    ({"weekday": {"in": ["sat", "sun"]}}, False),
    ({"weekday": {"not_in": ["sat", "sun"]}}, True),
    ({"date": "2026-11-23"}, True),
    ({"date": {"between": ["2026-12-01", "2026-12-24"]}}, False),
    ({"date": {"gte": "2026-11-23"}}, True),
    ({"date": {"gte": "2026-11-24"}}, False),
    ({"date": {"lte": "2026-11-23"}}, True),
    ({"date": {"lte": "2026-11-22"}}, False),
    # identity, zero-party
    ({"logged_in": True}, True),
    ({"logged_in": False}, False),
    ({"declared_interest": "api"}, True),
    ({"declared_interest": {"in": ["pricing", "x"]}}, True),
    ({"declared_interest": {"not_in": ["API"]}}, False),
    ({"declared_interest": {"contains": "pri"}}, True),
    ({"declared_interest": "security"}, False),
]


@pytest.mark.parametrize("cond, expected", SIGNAL_CASES, ids=[repr(c) for c, _ in SIGNAL_CASES])
def test_signal_test_holds_only_when_it_should(cond, expected):
    assert holds(cond) is expected


def test_metro_code_and_region_of_a_us_visitor():
    us = visitor(location=MILTON)
    assert holds({"metro_code": 819}, us)
    assert holds({"metro_code": {"in": [819, 820]}}, us)
    assert not holds({"metro_code": {"gte": 820}}, us)
    assert holds({"region": "wa"}, us)
    assert not holds({"metro_code": 819})  # the Swedish visitor has no metro code


def test_local_time_falls_back_to_the_site_timezone_when_the_visitor_has_none():
    unlocated = visitor(location=None, site_timezone="America/New_York")  # 06:30 in New York
    assert holds({"local_hour": 6}, unlocated)
    unknown_zone = visitor(
        location=Location(country_code="SE", timezone="Mars/Olympus"), site_timezone="Asia/Tokyo"
    )  # 20:30 in Tokyo
    assert holds({"local_hour": 20}, unknown_zone)


def test_weekday_and_date_follow_the_visitors_own_day():
    late = visitor(now=NOW.replace(hour=23, minute=30))  # Tuesday 00:30 in Stockholm
    assert holds({"weekday": "tue"}, late)
    assert holds({"date": "2026-11-24"}, late)
    assert holds({"weekday": "mon"}, visitor(now=late.now, location=None))


def test_declared_persona_is_a_text_signal():
    assert holds({"declared_persona": "Developer"}, visitor(declared_persona="developer"))
    assert not holds({"declared_persona": "developer"})


@pytest.mark.parametrize(
    "cond",
    [
        {"country": "SE"},
        {"country": {"not_in": ["NO"]}},
        {"eu": False},
        {"metro_code": {"lte": 999}},
        {"city": {"contains": "a"}},
        {"timezone": {"contains": "/"}},
    ],
)
def test_location_tests_are_false_without_a_location(cond):
    assert not holds(cond, visitor(location=None))


@pytest.mark.parametrize(
    "cond",
    [
        {"visit_count": {"gte": 0}},
        {"page_views": {"lte": 100}},
        {"returning": False},
        {"visited": {"path": "/pricing/", "min": 0}},
        {"event": {"type": "x", "min": 0}},
        {"days_since_first_visit": {"gte": 0}},
        {"days_since_last_visit": {"gte": 0}},
    ],
)
def test_history_tests_are_false_without_history(cond):
    assert not holds(cond, visitor(history=None))


def test_missing_first_seen_or_source_values_are_false_not_errors():
    assert not holds(
        {"days_since_first_visit": {"gte": 0}}, visitor(history=history(first_seen=None))
    )
    bare = visitor(source=Source(), declared_interests=(), device=Device())
    assert not holds({"utm_source": {"not_in": ["x"]}}, bare)
    assert not holds({"referrer_domain": {"contains": ""}}, bare)
    assert not holds({"declared_interest": {"not_in": ["x"]}}, bare)
    assert holds({"channel": "direct"}, bare)
    assert holds({"device": "unknown"}, bare)


COMBINATOR_CASES = [
    ({"all": [{"country": "SE"}, {"device": "mobile"}]}, True),
    ({"all": [{"country": "SE"}, {"device": "desktop"}]}, False),
    ({"any": [{"country": "NO"}, {"device": "mobile"}]}, True),
    ({"any": [{"country": "NO"}, {"device": "desktop"}]}, False),
    ({"not": {"country": "NO"}}, True),
    ({"not": {"country": "SE"}}, False),
    ({"all": [{"any": [{"country": "NO"}, {"eu": True}]}, {"not": {"channel": "direct"}}]}, True),
    ({"not": {"all": [{"country": "SE"}, {"not": {"device": "bot"}}]}}, False),
]


@pytest.mark.parametrize(
    "cond, expected", COMBINATOR_CASES, ids=[repr(c) for c, _ in COMBINATOR_CASES]
)
def test_combinators(cond, expected):
    assert holds(cond) is expected


def test_not_of_missing_data_holds():
    """A test on absent data is false, so its negation holds: 'not in Sweden' includes unlocated."""
    assert holds({"not": {"country": "SE"}}, visitor(location=None))


def test_invalid_condition_never_holds_and_never_raises():
    assert not holds({"country": {"gt": "SE"}})
    assert not holds({"colour": "blue"})
    assert not holds("country = SE")
