"""The validator's messages name where the problem is and what was expected (the loader and the
admin show them to authors as they are)."""

from __future__ import annotations

from datetime import date

import pytest

from personalization.engine import validate_condition

VALID = [
    {"country": "SE"},
    {"region": 22},  # YAML reads an unquoted code as a number
    {"all": [{"country": {"in": ["SE", "NO"]}}, {"not": {"device": "bot"}}]},
    {"any": [{"visit_count": {"gte": 3}}, {"returning": True}]},
    {"date": {"between": [date(2026, 12, 1), "2026-12-24"]}},
    {"weekday": {"in": ["sat", "Sunday"]}},
    {"local_hour": {"between": [0, 23]}},
    {"visited": {"tag": "api", "min": 2}},
    {"event": {"type": "trial_started", "min": 1, "within_days": 30}},
    {"query_param": {"name": "ref", "equals": "partner"}},
    {"segment": "nordics"},
    {"persona": {"in": ["developer", "executive"]}},
    {"stage": "evaluate"},
    {"declared_interest": {"contains": "api"}},
]


@pytest.mark.parametrize("cond", VALID, ids=[repr(c) for c in VALID])
def test_valid_conditions_have_no_messages(cond):
    assert validate_condition(cond) == []


INVALID = [
    ({"colour": "blue"}, ["rules: unknown signal 'colour'", "country"]),
    ({"country": "SE", "device": "mobile"}, ["exactly one key"]),
    ({}, ["exactly one key"]),
    ({"country": {"gt": "SE"}}, ["rules.country", "'gt'", "in, not_in, contains"]),
    ({"visit_count": {"contains": "3"}}, ["rules.visit_count", "'contains'", "gte"]),
    ({"country": ["SE", "NO"]}, ["rules.country", "needs an operator", "in: [...]"]),
    ({"country": {"in": "SE"}}, ["rules.country.in", "non-empty list"]),
    ({"country": {"in": []}}, ["rules.country.in", "non-empty list"]),
    ({"country": {"in": ["SE", True]}}, ["rules.country.in[1]", "text"]),
    ({"visit_count": "three"}, ["rules.visit_count", "expected a number", "'three'"]),
    ({"visit_count": {"between": [1]}}, ["rules.visit_count.between", "exactly 2"]),
    ({"visit_count": {"between": [1, 2, 3]}}, ["exactly 2"]),
    ({"eu": "yes"}, ["rules.eu", "true or false"]),
    ({"returning": 1}, ["rules.returning", "true or false"]),
    ({"eu": {"in": [True]}}, ["rules.eu", "does not apply", "plain value"]),
    ({"local_hour": 24}, ["rules.local_hour", "0 to 23"]),
    ({"weekday": "funday"}, ["rules.weekday", "mon, tue"]),
    ({"weekday": {"gte": "mon"}}, ["rules.weekday", "'gte'"]),
    ({"date": "24/12/2026"}, ["rules.date", "ISO date"]),
    ({"date": {"between": ["2026-12-01", "soon"]}}, ["rules.date.between[1]", "ISO date"]),
    ({"visited": {"path": "/a/", "tag": "api"}}, ["rules.visited", "exactly one of path or tag"]),
    ({"visited": {"min": 2}}, ["exactly one of path or tag"]),
    (
        {"visited": {"path": "/a/", "times": 2}},
        ["rules.visited", "unknown key 'times'", "path, tag, min"],
    ),
    ({"visited": "/pricing/"}, ["rules.visited", "mapping"]),
    ({"event": {"min": 1}}, ["rules.event", "missing key 'type'"]),
    ({"event": {"type": "x", "within_days": "30"}}, ["rules.event.within_days", "number"]),
    ({"event": {"type": "x", "min": -1}}, ["rules.event.min", "0 or more"]),
    ({"event": {"type": "x", "days": 3}}, ["unknown key 'days'", "type, min, within_days"]),
    (
        {"query_param": {"name": "ref", "value": "x"}},
        ["rules.query_param", "unknown key 'value'", "name, equals"],
    ),
    ({"query_param": {"equals": "x"}}, ["missing key 'name'"]),
    ({"all": []}, ["rules.all", "non-empty list"]),
    ({"any": {"country": "SE"}}, ["rules.any", "non-empty list"]),
    ({"all": [{"country": "SE"}, {"cuntry": "NO"}]}, ["rules.all[1]", "unknown signal 'cuntry'"]),
    ({"not": {"not": {"device": {"between": ["a", "b"]}}}}, ["rules.not.not.device", "'between'"]),
    ({"segment": {"contains": "nor"}}, ["rules.segment", "'contains'", "in, not_in"]),
    ({"persona": ["a", "b"]}, ["rules.persona", "needs an operator"]),
]


@pytest.mark.parametrize("cond, fragments", INVALID, ids=[repr(c) for c, _ in INVALID])
def test_invalid_conditions_say_where_and_what_was_expected(cond, fragments):
    messages = validate_condition(cond)
    assert messages, "expected at least one message"
    text = "\n".join(messages)
    for fragment in fragments:
        assert fragment in text


def test_every_problem_is_reported_not_just_the_first():
    messages = validate_condition({"all": [{"colour": "x"}, {"eu": "yes"}, {"local_hour": 99}]})
    assert len(messages) == 3


def test_messages_use_the_callers_location_prefix():
    assert validate_condition({"eu": 1}, where="segment nordics")[0].startswith(
        "segment nordics.eu:"
    )


def test_a_misspelt_signal_gets_a_suggestion():
    assert "did you mean 'country'" in validate_condition({"cuntry": "SE"})[0]


def test_a_channel_test_accepts_only_ga4_channels():
    from personalization.engine.context import CHANNELS

    assert validate_condition({"channel": {"in": list(CHANNELS)}}) == []
    errors = validate_condition({"channel": "organic-search"})
    assert len(errors) == 1 and "did you mean 'organic_search'" in errors[0]
    assert validate_condition({"channel": {"contains": "paid"}}) == []


def test_the_segment_editor_lists_every_channel():
    from personalization.engine.context import CHANNELS
    from personalization.rules.editor_values import SOURCE

    assert all(channel in SOURCE["channel"] for channel in CHANNELS)
