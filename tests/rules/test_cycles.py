"""A segment may not reach itself through references: refused when saved and in the editor."""

import pytest
from django.core.exceptions import ValidationError
from wagtail_personalisation.models import Segment

from personalization.models import Persona
from personalization.rules.save_segments import read_condition, save_owned_rules, save_segment

pytestmark = pytest.mark.django_db


def test_segment_referring_to_itself_is_refused():
    with pytest.raises(ValidationError, match="refer back"):
        save_segment("loop", "Loop", {"any": [{"country": "SE"}, {"segment": "loop"}]})
    assert not Segment.objects.exists()


def test_cycle_through_two_segments_is_refused_and_the_first_is_kept():
    save_segment("europe", "Europe", {"any": [{"continent": "EU"}, {"segment": "nordics"}]})

    with pytest.raises(ValidationError, match="europe"):
        save_segment(
            "nordics", "Nordics", {"all": [{"country": "SE"}, {"not": {"segment": "europe"}}]}
        )

    assert Segment.objects.count() == 1


def test_cycle_through_a_persona_is_refused():
    developer = Persona.objects.create(slug="developer", name="Developer")
    developer.rules = save_owned_rules(
        "persona--developer", "Developer", {"segment": "api-readers"}, None
    )
    developer.save()

    with pytest.raises(ValidationError, match="persona developer"):
        save_segment(
            "api-readers",
            "API readers",
            {"all": [{"visited": {"tag": "api"}}, {"persona": "developer"}]},
        )


def test_referring_to_another_segment_without_a_loop_is_fine():
    save_segment("nordics", "Nordics", {"country": {"in": ["SE", "NO"]}})
    segment = save_segment(
        "nordic-mobile", "Nordic mobile", {"all": [{"segment": "nordics"}, {"device": "mobile"}]}
    )

    assert read_condition(segment) == {"all": [{"segment": "nordics"}, {"device": "mobile"}]}


def test_a_loader_can_check_every_cycle_once_at_the_end():
    from personalization.rules.build import all_cycles

    save_segment("a", "A", {"segment": "b"}, check_cycles=False)
    save_segment("b", "B", {"segment": "a"}, check_cycles=False)

    assert all_cycles() == [["segment:a", "segment:b", "segment:a"]]
