"""Traits and event properties in conditions (site-format.md: `trait`, `event ... where / sum`)."""

from __future__ import annotations

import pytest

from personalization.engine.context import EventRecord
from personalization.engine.traits import Invalid, check_declared, clean_trait_value
from personalization.engine.validate import validate_condition

from .factories import DAY, NOW, history, holds, visitor

TRAITS = {
    "plan": "pro",
    "lifetime_value": 1250.5,
    "newsletter": True,
    "last_order": "2026-11-01",
    "industries": ["Automotive", "energy"],
}
CUSTOMER = visitor(history=history(traits=TRAITS))

TRAIT_CASES = [
    ({"trait": {"name": "plan", "in": ["pro", "team"]}}, True),
    ({"trait": {"name": "plan", "in": ["free"]}}, False),
    ({"trait": {"name": "plan", "equals": "PRO"}}, True),
    ({"trait": {"name": "plan", "not_in": ["pro"]}}, False),
    ({"trait": {"name": "plan", "contains": "r"}}, True),
    ({"trait": {"name": "lifetime_value", "gte": 1000}}, True),
    ({"trait": {"name": "lifetime_value", "gte": 1250.6}}, False),
    ({"trait": {"name": "lifetime_value", "lte": 1250.5}}, True),
    ({"trait": {"name": "lifetime_value", "between": [1000, 2000]}}, True),
    ({"trait": {"name": "lifetime_value", "between": [1, 1000]}}, False),
    ({"trait": {"name": "newsletter", "equals": True}}, True),
    ({"trait": {"name": "newsletter", "equals": False}}, False),
    ({"trait": {"name": "last_order", "gte": "2026-10-01"}}, True),
    ({"trait": {"name": "last_order", "between": ["2026-11-02", "2026-12-01"]}}, False),
    ({"trait": {"name": "industries", "equals": "automotive"}}, True),
    ({"trait": {"name": "industries", "in": ["retail", "energy"]}}, True),
    ({"trait": {"name": "industries", "not_in": ["energy"]}}, False),
    ({"trait": {"name": "missing", "in": ["x"]}}, False),
    ({"trait": {"name": "missing", "not_in": ["x"]}}, False),  # no value: false, like every signal
]


@pytest.mark.parametrize("cond,expected", TRAIT_CASES)
def test_trait_conditions_compare_the_stored_value(cond, expected):
    assert validate_condition(cond) == []
    assert holds(cond, CUSTOMER) is expected


def test_a_trait_condition_is_false_without_history():
    assert holds({"trait": {"name": "plan", "equals": "pro"}}, visitor(history=None)) is False


@pytest.mark.parametrize(
    "cond",
    [
        {"trait": {"name": "Plan", "equals": "pro"}},
        {"trait": {"name": "plan"}},
        {"trait": {"name": "plan", "in": "pro"}},
        {"trait": {"name": "plan", "gte": "soon"}},
        {"trait": {"name": "plan", "between": [5, 1]}},
        {"trait": {"name": "plan", "equals": "pro", "in": ["team"]}},
        {"trait": "plan"},
    ],
)
def test_malformed_trait_tests_are_refused_with_a_message(cond):
    errors = validate_condition(cond)
    assert errors and all("rules.trait" in e for e in errors)


def test_trait_tests_are_checked_against_the_declarations():
    declared = {"plan": "text", "ltv": "number", "vip": "boolean"}
    assert (
        check_declared(
            {
                "all": [
                    {"trait": {"name": "plan", "in": ["pro"]}},
                    {"trait": {"name": "ltv", "gte": 10}},
                ]
            },
            declared,
        )
        == []
    )
    [unknown] = check_declared({"trait": {"name": "tier", "equals": "gold"}}, declared)
    assert "'tier' is not declared" in unknown
    [wrong_op] = check_declared({"not": {"trait": {"name": "vip", "in": [True]}}}, declared)
    assert "does not apply to the boolean trait vip" in wrong_op
    [wrong_value] = check_declared({"trait": {"name": "ltv", "equals": "lots"}}, declared)
    assert "expected a number" in wrong_value


@pytest.mark.parametrize(
    "kind,given,stored",
    [
        ("text", "Pro", "Pro"),
        ("number", "12.0", 12),
        ("number", 2.5, 2.5),
        ("boolean", "true", True),
        ("date", "2026-11-01T10:00:00Z", "2026-11-01"),
        ("list", "a|b", ["a", "b"]),
        ("list", ["x"], ["x"]),
    ],
)
def test_trait_values_are_stored_in_their_declared_type(kind, given, stored):
    assert clean_trait_value(kind, given) == stored


@pytest.mark.parametrize(
    "kind,given",
    [
        ("number", "lots"),
        ("number", True),
        ("boolean", "maybe"),
        ("date", "next week"),
        ("list", {"a": 1}),
        ("text", ["a"]),
    ],
)
def test_trait_values_of_the_wrong_type_are_refused(kind, given):
    with pytest.raises(Invalid):
        clean_trait_value(kind, given)


SHOPPER = visitor(
    history=history(
        events=(
            EventRecord("purchase", NOW - 5 * DAY, 800.0, {"category": "SUV"}),
            EventRecord("purchase", NOW - 50 * DAY, 400.0, {"category": "sedan"}),
            EventRecord("purchase", NOW - 500 * DAY, 9000.0, {"category": "suv"}),
            EventRecord("brochure", NOW - 1 * DAY, None, {"category": "suv", "pages": 3}),
        )
    )
)

EVENT_CASES = [
    (
        {"event": {"type": "purchase", "where": {"category": "suv"}, "within_days": 30, "min": 1}},
        True,
    ),
    ({"event": {"type": "purchase", "where": {"category": "sedan"}, "within_days": 30}}, False),
    ({"event": {"type": "purchase", "where": {"category": "suv"}, "min": 2}}, True),
    ({"event": {"type": "purchase", "sum": "value", "gte": 1000, "within_days": 365}}, True),
    ({"event": {"type": "purchase", "sum": "value", "gte": 1201, "within_days": 365}}, False),
    (
        {
            "event": {
                "type": "purchase",
                "sum": "value",
                "lte": 800,
                "where": {"category": "suv"},
                "within_days": 30,
            }
        },
        True,
    ),
    ({"event": {"type": "brochure", "sum": "pages", "gte": 3}}, True),
    ({"event": {"type": "brochure", "sum": "pages", "gte": 4}}, False),
]


@pytest.mark.parametrize("cond,expected", EVENT_CASES)
def test_event_conditions_filter_by_property_and_add_up_values(cond, expected):
    assert validate_condition(cond) == []
    assert holds(cond, SHOPPER) is expected


@pytest.mark.parametrize(
    "cond",
    [
        {"event": {"type": "purchase", "sum": "value"}},
        {"event": {"type": "purchase", "sum": "value", "gte": 1, "min": 1}},
        {"event": {"type": "purchase", "gte": 1}},
        {"event": {"type": "purchase", "where": {"category": ["suv"]}}},
        {"event": {"type": "purchase", "where": "suv"}},
    ],
)
def test_malformed_event_property_tests_are_refused(cond):
    assert validate_condition(cond)


def test_sums_explain_themselves():
    from personalization.engine import decide

    from .factories import rules

    decision = decide(
        SHOPPER,
        rules(
            segments={
                "big": {
                    "event": {"type": "purchase", "sum": "value", "gte": 1000, "within_days": 365}
                }
            }
        ),
        explain=True,
    )
    assert any("sum of value over event purchase is 1200" in r for r in decision.reasons), (
        decision.reasons
    )
