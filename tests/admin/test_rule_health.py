"""Rule health in the admin: personas, stages and segments whose rules can never match or cannot
be evaluated are refused on save with a message naming the rule; suspicious but legal rules are
saved with a warning message; the listings show a health mark."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape
from wagtail_personalisation.models import Segment

from personalization.models import JourneyStage, Persona
from personalization.rules.save_segments import save_segment

from .rulebuilder import formset_data
from .test_personas_and_stages import persona_form

CREATE_SEGMENT = "segments:add"


def _post_persona(client, rows: dict[str, list[dict]]):
    """The persona form with its inline rule builder holding `rows`."""
    form = client.get(reverse("persona:add")).context["form"]
    return client.post(
        reverse("persona:add"),
        persona_form(
            slug="student", name="Student", **formset_data(form.rules_form.formsets, rows)
        ),
    )


def _post_stage(client, rows: dict[str, list[dict]], order: str = "4"):
    form = client.get(reverse("journeystage:add")).context["form"]
    return client.post(
        reverse("journeystage:add"),
        {
            "name": "Buy",
            "slug": "buy",
            "order": order,
            "site": "",
            **formset_data(form.rules_form.formsets, rows),
        },
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _refers_to(kind: str, slug: str) -> dict:
    return {"rules_referencerules": [{"kind": kind, "operator": "eq", "value": slug}]}


def test_persona_form_refuses_a_cycle_through_a_segment(admin_client, db):
    """persona student -> segment students -> "persona is student": used to save and never match."""
    save_segment("students", "Students", {"all": [{"country": "GB"}, {"persona": "student"}]})

    response = _post_persona(admin_client, _refers_to("segment", "students"))

    assert response.status_code == 200
    # For a marketer, next to "Visitors match when they pass" (the head of the rules).
    (message,) = response.context["form"].rules_form.errors["match_any"]
    assert message == (
        "These rules depend on themselves: persona “Student” uses segment “Students”, which "
        "uses persona “Student” again, so none of them could ever be decided. Remove one of "
        "these references."
    )
    assert not Persona.objects.filter(slug="student").exists()


def test_persona_form_refuses_rules_with_a_pattern_re2_refuses(admin_client, db):
    response = _post_persona(
        admin_client,
        {
            "rules_sourcerules": [
                {"signal": "referrer_domain", "operator": "matches", "value": "([unclosed"}
            ]
        },
    )

    assert response.status_code == 200
    assert "missing ]" in response.content.decode()
    assert "rules.all" not in response.content.decode()
    assert not Persona.objects.filter(slug="student").exists()


def test_persona_form_refuses_rules_that_are_a_segment_without_rules(admin_client, db):
    Segment.objects.create(name="Nothing yet")  # the plugin's own screens allowed it

    response = _post_persona(admin_client, _refers_to("segment", "nothing-yet"))

    assert response.status_code == 200
    html = response.content.decode()
    assert escape("Its rules are segment “Nothing yet”, which is broken") in html
    assert "has no rules, so it never matches" in html


def test_persona_form_refuses_rules_that_refer_to_an_unknown_segment(admin_client, db):
    response = _post_persona(admin_client, _refers_to("segment", "ghost"))

    assert response.status_code == 200
    assert escape("Rules refer to unknown segment “ghost”") in response.content.decode()


def test_persona_with_contradictory_rules_is_saved_with_a_warning(admin_client, db):
    response = _post_persona(
        admin_client,
        {
            "rules_locationrules": [
                {"signal": "country", "operator": "eq", "value": "SE"},
                {"signal": "country", "operator": "eq", "value": "NO"},
            ]
        },
    )

    assert response.status_code == 302
    assert Persona.objects.filter(slug="student").exists()
    (warning,) = [m for m in _messages(response) if m.startswith("Saved, but check the rules")]
    assert "2 rules test Country in ways no visitor can pass together" in warning
    assert "contradictory conditions" in warning


def test_stage_form_refuses_a_cycle_through_stages(admin_client, stages):
    save_segment("buyers", "Buyers", {"stage": "buy"})

    response = _post_stage(admin_client, _refers_to("segment", "buyers"))

    assert response.status_code == 200
    assert "These rules depend on themselves" in response.content.decode()
    assert not JourneyStage.objects.filter(slug="buy").exists()


def test_stage_form_refuses_an_order_already_used(admin_client, stages):
    response = _post_stage(
        admin_client, {"rules_eventrules": [{"event_type": "purchase"}]}, order="3"
    )

    assert response.status_code == 200
    assert "Order 3 is already used by journey stage “Decide”" in response.content.decode()


def test_stage_with_between_low_above_high_is_saved_with_a_warning(admin_client, stages):
    response = _post_stage(
        admin_client,
        {
            "rules_localtimerules": [
                {"signal": "local_hour", "operator": "between", "value": "22, 6"}
            ]
        },
    )

    assert response.status_code == 302
    assert any("22 is greater than 6" in m for m in _messages(response))


def _segment_data(form, name: str, rules: dict[str, list[dict]]) -> dict:
    from tests.rules.test_editor import _form_data

    return _form_data(form, name, rules)


def test_segment_editor_refuses_a_segment_without_rules(admin_client, db):
    form = admin_client.get(reverse(CREATE_SEGMENT)).context["form"]

    response = admin_client.post(reverse(CREATE_SEGMENT), _segment_data(form, "Empty", {}))

    assert response.status_code == 200
    assert response.context["form"].errors["match_any"] == [
        "Has no rules, so it never matches; add a rule or delete the segment"
    ]
    assert not Segment.objects.filter(name="Empty").exists()


def test_segment_editor_refuses_a_reference_to_an_unknown_persona(admin_client, db):
    form = admin_client.get(reverse(CREATE_SEGMENT)).context["form"]
    data = _segment_data(form, "Ghost fans", _refers_to("persona", "ghost"))

    response = admin_client.post(reverse(CREATE_SEGMENT), data)

    assert response.status_code == 200
    assert escape("Rules refer to unknown persona “ghost”") in response.content.decode()


def test_segment_editor_saves_contradictory_rules_with_a_warning(admin_client, db):
    form = admin_client.get(reverse(CREATE_SEGMENT)).context["form"]
    data = _segment_data(
        form,
        "Nowhere",
        {
            "rules_locationrules": [
                {"signal": "country", "operator": "eq", "value": "SE"},
                {"signal": "country", "operator": "eq", "value": "NO"},
            ]
        },
    )

    response = admin_client.post(reverse(CREATE_SEGMENT), data)

    assert response.status_code == 302, response.context["form"].errors
    assert Segment.objects.filter(name="Nowhere").exists()
    assert any("contradictory conditions" in m for m in _messages(response))


def test_persona_and_stage_listings_show_a_health_mark(admin_client, stages):
    ok = save_segment("readers", "Readers", {"visited": {"tag": "api"}})
    odd = save_segment("odd", "Odd", {"all": [{"device": "mobile"}, {"device": "desktop"}]})
    empty = Segment.objects.create(name="Empty")
    Persona.objects.create(slug="reader", name="Reader", rules=ok)
    Persona.objects.create(slug="odd-one", name="Odd one", rules=odd)
    Persona.objects.create(slug="never", name="Never", rules=empty)  # saved before health existed
    JourneyStage.objects.filter(slug="research").update(rules=empty)

    personas = admin_client.get(reverse("persona:index")).content.decode()
    listed_stages = admin_client.get(reverse("journeystage:index")).content.decode()

    assert "Rule health" in personas
    assert personas.count('data-rule-health="ok"') == 1
    assert personas.count('data-rule-health="warning"') == 1
    assert personas.count('data-rule-health="broken"') == 1
    assert "persona never: its rules are segment" in personas
    assert listed_stages.count('data-rule-health="broken"') == 1
    assert listed_stages.count('data-rule-health="ok"') == 2
    segments = admin_client.get(reverse("segments:index")).content.decode()
    assert segments.count('data-rule-health="ok"') == 1  # readers
    assert segments.count('data-rule-health="warning"') == 1  # odd
    assert segments.count('data-rule-health="broken"') == 1  # empty


@pytest.mark.django_db
def test_listing_health_costs_the_same_queries_for_more_personas(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    segment = save_segment("readers", "Readers", {"visited": {"tag": "api"}})
    for i in range(2):
        Persona.objects.create(slug=f"p{i}", name=f"P{i}", rules=segment)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(reverse("persona:index"))
    for i in range(2, 12):
        Persona.objects.create(slug=f"p{i}", name=f"P{i}", rules=segment)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(reverse("persona:index"))

    assert len(many) == len(few)
