"""A condition saved with save_segment reads back the same, so dump -> load -> dump is stable."""

import pytest
from wagtail_personalisation.models import Segment

from personalization.models import SegmentIdentity
from personalization.rules.read_segments import read_conditions, rule_models
from personalization.rules.save_segments import read_condition, save_segment

pytestmark = pytest.mark.django_db

# Every signal and every operator of site-format.md, values of every type.
EVERY_SIGNAL = {
    "all": [
        {"country": "SE"},
        {"region": {"in": ["WA", "ENG"]}},
        {"city": {"contains": "lond"}},
        {"city": {"in": ["Washington, D.C.", "London"]}},
        {"metro_code": {"between": [800, 819]}},
        {"metro_code": 819},
        {"continent": {"not_in": ["AS", "AF"]}},
        {"eu": True},
        {"timezone": "Europe/Stockholm"},
        {"device": {"in": ["mobile", "tablet"]}},
        {"os": "iOS"},
        {"browser": {"contains": "chrome"}},
        {"channel": "paid_search"},
        {"utm_source": "newsletter"},
        {"utm_medium": {"in": ["email", "cpc"]}},
        {"utm_campaign": {"contains": "cfo"}},
        {"utm_term": "api docs"},
        {"utm_content": {"not_in": ["banner"]}},
        {"referrer_domain": "github.com"},
        {"referrer_domain": {"matches": r"\.edu$|\.AC\.uk$"}},
        {"declared_interest": {"matches": "^(api|sdk)"}},
        {"query_param": {"name": "ref", "equals": "partner"}},
        {"query_param": {"name": "gclid"}},
        {"landing_path": {"contains": "/pricing/"}},
        {"visit_count": {"gte": 3}},
        {"page_views": {"lte": 10}},
        {"visited": {"path": "/pricing/", "min": 1}},
        {"visited": {"tag": "api", "min": 2}},
        {"visited": {"tag": "docs"}},
        {"visited": {"path": "/pricing/", "min": 2, "within_days": 7}},
        {"visited": {"tag": "api", "within_days": 0}},
        {"visit_count": {"gte": 3, "within_days": 30}},
        {"page_views": {"between": [2, 9], "within_days": 14}},
        {"event": {"type": "trial_started", "min": 1, "within_days": 30}},
        {"event": {"type": "signup"}},
        {"event": {"type": "purchase", "where": {"category": "suv"}, "within_days": 30, "min": 1}},
        {"event": {"type": "purchase", "sum": "value", "gte": 1000, "within_days": 365}},
        {
            "event": {
                "type": "brochure",
                "sum": "pages",
                "gte": 2.5,
                "lte": 10,
                "where": {"model": "xc90", "pdf": True},
            }
        },
        {"trait": {"name": "plan", "in": ["pro", "team"]}},
        {"trait": {"name": "plan", "equals": "Pro"}},
        {"trait": {"name": "lifetime_value", "gte": 1000}},
        {"trait": {"name": "lifetime_value", "between": [10.5, 20]}},
        {"trait": {"name": "newsletter", "equals": True}},
        {"trait": {"name": "last_order", "between": ["2026-01-01", "2026-06-30"]}},
        {"trait": {"name": "models_owned", "not_in": ["ex30"]}},
        {"days_since_first_visit": {"gte": 7}},
        {"days_since_last_visit": {"lte": 2}},
        {"returning": False},
        {"local_hour": {"between": [9, 17]}},
        {"weekday": {"in": ["sat", "sun"]}},
        {"weekday": "mon"},
        {"date": {"between": ["2026-12-01", "2026-12-24"]}},
        {"date": "2026-12-24"},
        {"logged_in": True},
        {"declared_persona": "developer"},
        {"declared_interest": {"in": ["api", "security"]}},
        {"segment": "nordics"},
        {"persona": {"in": ["developer", "executive"]}},
        {"stage": {"not_in": ["awareness"]}},
        {"not": {"country": "US"}},
    ]
}

NESTED = {
    "any": [
        {
            "all": [
                {"country": "SE"},
                {"not": {"any": [{"device": "mobile"}, {"not": {"logged_in": True}}]}},
            ]
        },
        {"not": {"not": {"channel": "email"}}},
        {"visit_count": {"gte": 2}},
    ]
}


def _all_rule_ids():
    return sorted(
        (model.__name__, pk)
        for model in rule_models()
        for pk in model.objects.values_list("pk", flat=True)
    )


def test_every_signal_and_operator_reads_back_equal():
    save_segment("nordics", "Nordic visitors", {"country": {"in": ["SE", "NO", "DK"]}})
    segment = save_segment("everything", "Everything", EVERY_SIGNAL)

    assert read_condition(segment) == EVERY_SIGNAL


def test_read_back_keeps_value_types():
    segment = save_segment("typed", "Typed", EVERY_SIGNAL)

    items = read_condition(segment)["all"]
    assert {"metro_code": 819} in items and {"eu": True} in items and {"returning": False} in items
    assert {"date": "2026-12-24"} in items
    assert {"visited": {"tag": "api", "min": 2}} in items


def test_read_back_passes_the_engine_validator():
    validate = pytest.importorskip("personalization.engine.validate").validate_condition
    segment = save_segment("valid", "Valid", EVERY_SIGNAL)

    assert validate(read_condition(segment)) == []


def test_nested_all_any_not_round_trip_through_owned_groups():
    segment = save_segment("nested", "Nested", NESTED)

    assert read_condition(segment) == NESTED
    owned = SegmentIdentity.objects.filter(role=SegmentIdentity.OWNED).values_list(
        "slug", flat=True
    )
    assert sorted(owned) == ["nested--1", "nested--1--1", "nested--2"]


def test_owned_groups_are_not_public_segments():
    save_segment("nested", "Nested", NESTED)

    assert set(read_conditions()) == {"nested"}


def test_single_rule_reads_back_as_the_bare_test():
    segment = save_segment("one", "One", {"all": [{"country": "SE"}]})

    assert read_condition(segment) == {"country": "SE"}


def test_saving_the_same_condition_twice_changes_no_row():
    save_segment("nested", "Nested", NESTED)
    segments_before = sorted(Segment.objects.values_list("pk", "name", "match_any"))
    rules_before = _all_rule_ids()

    save_segment("nested", "Nested", NESTED)

    assert sorted(Segment.objects.values_list("pk", "name", "match_any")) == segments_before
    assert _all_rule_ids() == rules_before


def test_saving_a_smaller_condition_removes_the_groups_it_no_longer_needs():
    segment = save_segment("nested", "Nested", NESTED)

    save_segment("nested", "Nested again", {"country": "SE"})

    segment.refresh_from_db()
    assert read_condition(segment) == {"country": "SE"}
    assert segment.name == "Nested again"
    assert not SegmentIdentity.objects.filter(role=SegmentIdentity.OWNED).exists()
    assert Segment.objects.count() == 1


def test_invalid_condition_is_refused_and_writes_nothing():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="metro_code"):
        save_segment("bad", "Bad", {"metro_code": {"gte": "lots"}})
    assert not Segment.objects.exists()


def test_deleting_a_segment_deletes_its_owned_groups():
    save_segment("nested", "Nested", NESTED)
    save_segment("other", "Other", {"country": "SE"})

    Segment.objects.get(identity__slug="nested").delete()

    assert list(SegmentIdentity.objects.values_list("slug", flat=True)) == ["other"]


def test_deleting_a_persona_deletes_its_own_rules_segment():
    from personalization.models import Persona
    from personalization.rules.save_segments import save_owned_rules

    family = Persona.objects.create(slug="family", name="Family")
    family.rules = save_owned_rules(
        "persona--family",
        "Family",
        {"any": [{"visited": {"tag": "kids"}}, {"all": [{"country": "SE"}, {"device": "tablet"}]}]},
        None,
    )
    family.save()

    family.delete()

    assert not Segment.objects.exists()
