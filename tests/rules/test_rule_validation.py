"""The editor explains a rule value that does not fit its signal, before anything is saved."""

import pytest
from django.core.exceptions import ValidationError

from personalization.rules.models import (
    EventRule,
    HistoryRule,
    LocalTimeRule,
    LocationRule,
    ReferenceRule,
    VisitedRule,
)


def _errors(rule) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        rule.clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    "rule, field, words",
    [
        (
            LocalTimeRule(signal="local_hour", operator="between", value="9"),
            "value",
            "exactly two values",
        ),
        (LocalTimeRule(signal="weekday", operator="in", value="sat, funday"), "value", "weekday"),
        (LocalTimeRule(signal="date", operator="gte", value="24/12/2026"), "value", "YYYY-MM-DD"),
        (HistoryRule(signal="visit_count", operator="gte", value="many"), "value", "number"),
        (HistoryRule(signal="returning", operator="eq", value="perhaps"), "value", "true or false"),
        (
            LocationRule(signal="metro_code", operator="contains", value="81"),
            "operator",
            "does not apply",
        ),
        (LocationRule(signal="country", operator="in", value=" , "), "value", "at least one value"),
        (ReferenceRule(kind="segment", operator="eq", value="a, b"), "operator", "is one of"),
        (ReferenceRule(kind="persona", operator="in", value="Big Spender"), "value", "not a slug"),
        (EventRule(event_type="  "), "event_type", "event type"),
        (
            HistoryRule(signal="days_since_first_visit", operator="gte", value="3", within_days=7),
            "within_days",
            "Only the number of visits or page views",
        ),
        (
            HistoryRule(signal="visit_count", operator="eq", value="3", within_days=7),
            "operator",
            "is at least",
        ),
        (
            HistoryRule(signal="visit_count", operator="gte", value="3", within_days=401),
            "within_days",
            "At most 400",
        ),
        (VisitedRule(target="tag", value="api", within_days=500), "within_days", "At most 400"),
    ],
)
def test_a_value_that_does_not_fit_names_the_field_and_what_was_expected(rule, field, words):
    assert words in " ".join(_errors(rule)[field])


@pytest.mark.parametrize(
    "rule, condition",
    [
        (
            LocalTimeRule(signal="weekday", operator="in", value="Saturday, sun"),
            {"weekday": {"in": ["sat", "sun"]}},
        ),
        (LocationRule(signal="eu", operator="eq", value="yes"), {"eu": True}),
        (
            LocationRule(signal="city", operator="in", value='"Washington, D.C.", London'),
            {"city": {"in": ["Washington, D.C.", "London"]}},
        ),
        (
            HistoryRule(signal="page_views", operator="between", value="3,10", negate=True),
            {"not": {"page_views": {"between": [3, 10]}}},
        ),
        (
            HistoryRule(signal="visit_count", operator="gte", value="3", within_days=30),
            {"visit_count": {"gte": 3, "within_days": 30}},
        ),
        (
            VisitedRule(target="tag", value="pricing", min=2, within_days=7),
            {"visited": {"tag": "pricing", "min": 2, "within_days": 7}},
        ),
    ],
)
def test_a_valid_rule_becomes_its_site_format_condition(rule, condition):
    rule.clean()

    assert rule.as_condition() == condition
