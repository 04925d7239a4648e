"""The Trait rule in the segment editor: only declared traits, values read in the trait's type."""

import pytest
from django.core.exceptions import ValidationError
from wagtail_personalisation.models import Segment

from personalization.models import Trait
from personalization.rules.models import EventRule, TraitRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment():
    Trait.objects.create(name="lifetime_value", type="number")
    Trait.objects.create(name="vip", type="boolean")
    return Segment.objects.create(name="Editor")


def test_a_number_trait_rule_reads_its_values_as_numbers(segment):
    rule = TraitRule(
        segment=segment, trait="lifetime_value", operator="between", value="100, 2500.5"
    )
    rule.full_clean()
    assert rule.as_condition() == {"trait": {"name": "lifetime_value", "between": [100, 2500.5]}}


def test_an_undeclared_trait_is_refused_naming_the_declared_ones(segment):
    rule = TraitRule(segment=segment, trait="tier", operator="equals", value="gold")
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert "lifetime_value" in str(exc.value) and "trait" in exc.value.message_dict


@pytest.mark.parametrize(
    "trait,operator,value,field",
    [
        ("vip", "in", "true, false", "operator"),
        ("lifetime_value", "equals", "lots", "value"),
        ("vip", "equals", "maybe", "value"),
    ],
)
def test_operators_and_values_must_fit_the_traits_type(segment, trait, operator, value, field):
    with pytest.raises(ValidationError) as exc:
        TraitRule(segment=segment, trait=trait, operator=operator, value=value).full_clean()
    assert field in exc.value.message_dict


def test_an_event_rule_adds_up_a_property_of_matching_events(segment):
    rule = EventRule(
        segment=segment,
        event_type="purchase",
        where={"category": "suv"},
        sum_of="value",
        sum_gte=1000,
        within_days=365,
    )
    rule.full_clean()
    assert rule.as_condition() == {
        "event": {
            "type": "purchase",
            "sum": "value",
            "gte": 1000,
            "within_days": 365,
            "where": {"category": "suv"},
        }
    }
    with pytest.raises(ValidationError):
        EventRule(segment=segment, event_type="purchase", sum_of="value").full_clean()
