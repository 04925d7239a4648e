"""Values checked against their vocabulary, the same way in the admin and in `load_site`
(personalization/segments/vocabulary.py): a device type, channel, continent, country or region
that no visitor can have is refused; an unusual OS or browser family and an event type nobody
sent are saved with a warning; two personas, stages or segments may not share a name."""

from __future__ import annotations

import textwrap

import pytest

from cms.sitefmt.errors import SiteFormatError
from cms.sitefmt.load import load_site
from personalization.models import Persona
from personalization.rules.editor_values import parse_value
from personalization.segments.vocabulary import Known, condition_findings
from personalization.segments.words import in_words, signal_name


def _messages(cond, **known) -> list[tuple[str, bool]]:
    return [(f.message, f.warning) for f in condition_findings(cond, Known(**known))]


def test_a_device_type_no_visitor_has_is_refused_with_the_choices():
    assert _messages({"device": "phone"}) == [
        ('Device type cannot be "phone": choose mobile, tablet, desktop, bot or unknown.', False)
    ]


def test_known_values_pass_whatever_their_case():
    cond = {
        "all": [
            {"device": "Mobile"},
            {"channel": {"in": ["organic_search", "email"]}},
            {"continent": "eu"},
            {"country": {"not_in": ["se", "NO"]}},
            {"region": "ENG"},
            {"os": "iOS"},
            {"browser": "mobile safari"},
        ]
    }
    assert _messages(cond) == []


@pytest.mark.parametrize(
    "cond, start",
    [
        ({"country": "XX"}, 'Country: "XX" is not a country code'),
        ({"country": {"in": ["SE", "UK"]}}, 'Country: "UK" is not a country code'),
        ({"region": "QQQ"}, 'Region: "QQQ" is not the region code of any country'),
        ({"continent": "EUR"}, 'Continent cannot be "EUR"'),
        ({"not": {"channel": "facebook"}}, 'Channel cannot be "facebook"'),
    ],
)
def test_codes_outside_their_vocabulary_are_refused(cond, start):
    ((message, warning),) = _messages(cond)
    assert message.startswith(start)
    assert not warning


def test_contains_and_patterns_are_not_held_to_the_vocabulary():
    assert _messages({"country": {"contains": "x"}}) == []
    assert _messages({"device": {"matches": "^(mob|tab)"}}) == []


def test_an_unusual_browser_family_is_a_warning_not_an_error():
    ((message, warning),) = _messages({"browser": "Netscape"})
    assert warning
    assert message.startswith('Browser "Netscape" is not a name the device detection')


def test_an_event_type_nobody_sent_is_a_warning_and_a_seen_one_is_not():
    seen = {"purchase"}
    assert _messages({"event": {"type": "purchase"}}, event_types=lambda: seen) == []
    ((message, warning),) = _messages({"event": {"type": "purchace"}}, event_types=lambda: seen)
    assert warning
    assert 'Event type "purchace" has not been sent' in message


def test_an_hour_outside_0_to_23_is_refused_at_the_field_as_the_engine_refuses_it():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        parse_value("local_hour", "eq", "25")
    assert refused.value.messages == ["Enter a number from 0 to 23, not 25."]
    assert parse_value("local_hour", "between", "9, 17") == [9, 17]
    assert parse_value("weekday", "in", "Monday, tue") == ["mon", "tue"]


def test_diagnostics_speak_in_the_forms_labels_and_names():
    names = {("persona", "uni-student"): "University student", ("segment", "devs"): "Developers"}
    message = in_words(
        "persona uni-student: rules.all[0].referrer_domain.matches: expected a regular "
        "expression in RE2 syntax (missing ]), got '['",
        names,
        ("persona", "uni-student"),
    )
    assert message.startswith("Referrer domain: expected a regular expression")
    assert "rules.all" not in message and "uni-student" not in message
    assert in_words("refers to segment 'devs', which is disabled", names) == (
        "Refers to segment “Developers”, which is disabled"
    )
    assert signal_name("utm_campaign") == "UTM campaign"


SITE = """
personas:
  - slug: commuter
    name: Commuter
    rules: {device: %s}
  - slug: student
    name: %s
"""


def _write(tmp_path, device: str = "mobile", second_name: str = "Student") -> str:
    (tmp_path / "site.yaml").write_text(textwrap.dedent(SITE % (device, second_name)))
    return str(tmp_path)


@pytest.mark.django_db
def test_load_site_refuses_a_device_type_no_visitor_has_naming_file_and_entry(tmp_path):
    with pytest.raises(SiteFormatError) as refused:
        load_site(_write(tmp_path, device="phone"))

    assert refused.value.entry == "persona commuter"
    assert refused.value.key == "rules"
    assert refused.value.expected.startswith('Device type cannot be "phone"')
    assert not Persona.objects.exists()


@pytest.mark.django_db
def test_load_site_refuses_two_personas_with_the_same_name(tmp_path):
    with pytest.raises(SiteFormatError) as refused:
        load_site(_write(tmp_path, second_name="commuter"))

    assert refused.value.entry == "persona student"
    assert refused.value.key == "name"
    assert "also called “commuter” (commuter)" in refused.value.expected


@pytest.mark.django_db
def test_load_site_refuses_a_name_another_stored_persona_has(tmp_path):
    Persona.objects.create(slug="walker", name="Student")

    with pytest.raises(SiteFormatError) as refused:
        load_site(_write(tmp_path))

    assert refused.value.key == "name"
    assert "Another persona is already called “Student”" in refused.value.expected


@pytest.mark.django_db
def test_load_site_reloading_the_same_files_keeps_names_free(tmp_path):
    load_site(_write(tmp_path))
    load_site(_write(tmp_path))  # the stored personas are the files' own: no conflict

    assert Persona.objects.count() == 2
