"""The database compiles into the engine's RuleSet in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail_personalisation.models import Segment

from personalization.models import JourneyStage, Persona, SegmentIdentity
from personalization.rules.build import read_ruleset
from personalization.rules.models import LocationRule, SourceRule
from personalization.rules.read_segments import rule_models
from personalization.rules.save_segments import save_owned_rules, save_segment

pytestmark = pytest.mark.django_db

# version, segments, one per rule model, personas, stages
EXPECTED_QUERIES = 4 + len(rule_models())


def _make_segments(count: int) -> None:
    """`count` public segments with two rules each, written in bulk (this is not what is measured)."""
    segments = Segment.objects.bulk_create([Segment(name=f"Segment {i}") for i in range(count)])
    SegmentIdentity.objects.bulk_create(
        [SegmentIdentity(segment=s, slug=f"segment-{s.pk}") for s in segments]
    )
    LocationRule.objects.bulk_create(
        [LocationRule(segment=s, signal="country", value="SE") for s in segments]
    )
    SourceRule.objects.bulk_create(
        [SourceRule(segment=s, signal="channel", value="email", position=1) for s in segments]
    )


def _compile_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        read_ruleset()
    return len(queries)


def test_compile_costs_the_same_queries_for_5_and_200_segments(django_assert_num_queries):
    _make_segments(5)
    few = _compile_queries()
    _make_segments(195)

    with django_assert_num_queries(EXPECTED_QUERIES):
        ruleset = read_ruleset()

    assert few == EXPECTED_QUERIES
    assert len(ruleset.segments) == 200


def test_personas_stages_and_segments_compile_with_their_conditions():
    family = Persona.objects.create(slug="family", name="Family", priority=5, score_threshold=10)
    family.rules = save_owned_rules(
        "persona--family", "Family rules", {"visited": {"tag": "kids"}}, None
    )
    family.save()
    Persona.objects.create(slug="anyone", name="Anyone")
    evaluate = JourneyStage.objects.create(slug="evaluate", name="Evaluate", order=2)
    evaluate.rules = save_owned_rules(
        "stage--evaluate", "Evaluate", {"visit_count": {"gte": 2}}, None
    )
    evaluate.save()
    JourneyStage.objects.create(slug="aware", name="Aware", order=1)
    save_segment("nordics", "Nordic visitors", {"country": {"in": ["SE", "NO"]}})

    ruleset = read_ruleset()

    assert [(p.slug, p.priority, p.rules, p.score_threshold) for p in ruleset.personas] == [
        ("family", 5, {"visited": {"tag": "kids"}}, 10),
        ("anyone", 0, None, None),
    ]
    assert [(s.slug, s.rules) for s in ruleset.stages] == [
        ("aware", None),
        ("evaluate", {"visit_count": {"gte": 2}}),
    ]
    assert list(ruleset.segments) == ["nordics"]
    assert ruleset.segments["nordics"].rules == {"country": {"in": ["SE", "NO"]}}


def test_a_sites_own_stage_is_used_with_the_shared_ones():
    site = Site.objects.first() or pytest.skip("no site in a database built without migrations")
    JourneyStage.objects.create(slug="aware", name="Aware", order=1)
    JourneyStage.objects.create(slug="buy", name="Buy here", order=3, site=site)

    assert [s.slug for s in read_ruleset(site).stages] == ["aware", "buy"]
    assert [s.slug for s in read_ruleset().stages] == ["aware"]


def test_disabled_segment_never_holds():
    segment = save_segment("paused", "Paused", {"country": "SE"})
    segment.status = Segment.STATUS_DISABLED
    segment.save()

    assert read_ruleset().segments["paused"].rules == {"any": []}


def test_removing_a_persona_rules_deletes_their_segment():
    rules = save_owned_rules(
        "persona--family",
        "Family",
        {"all": [{"country": "SE"}, {"any": [{"device": "mobile"}, {"device": "tablet"}]}]},
        None,
    )

    assert save_owned_rules("persona--family", "Family", None, rules) is None
    assert not Segment.objects.exists()
