"""The admin's forms check values against their vocabulary and names for uniqueness with the same
validator as `load_site` (personalization/segments/validator.py), and say so next to the field:
the rule row's value, or the name."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail_personalisation.models import Segment

from personalization.models import JourneyStage, Persona
from personalization.rules.save_segments import save_segment

from .rulebuilder import formset_data
from .test_personas_and_stages import persona_form

pytestmark = pytest.mark.django_db
PHONE = {"rules_useragentrules": [{"signal": "device", "operator": "eq", "value": "phone"}]}


def _segment_post(client, name: str, rows: dict[str, list[dict]]):
    from tests.rules.test_editor import _form_data

    form = client.get(reverse("segments:add")).context["form"]
    return client.post(reverse("segments:add"), _form_data(form, name, rows))


def _persona_post(client, name: str, rows: dict[str, list[dict]]):
    form = client.get(reverse("persona:add")).context["form"]
    data = persona_form(slug="commuter", name=name, **formset_data(form.rules_form.formsets, rows))
    return client.post(reverse("persona:add"), data)


def _row_errors(form, formset: str) -> list[str]:
    return [e for child in form.formsets[formset].forms for e in child.errors.get("value", [])]


def test_segment_editor_refuses_device_phone_next_to_the_rule(admin_client):
    response = _segment_post(admin_client, "Phones", PHONE)

    assert response.status_code == 200
    assert _row_errors(response.context["form"], "rules_useragentrules") == [
        'Device type cannot be "phone": choose mobile, tablet, desktop, bot or unknown.'
    ]
    assert not Segment.objects.filter(name="Phones").exists()


def test_segment_editor_refuses_a_name_another_segment_has(admin_client):
    save_segment("nordics", "Nordic visitors", {"country": {"in": ["SE", "NO"]}})
    rows = {"rules_locationrules": [{"signal": "country", "operator": "eq", "value": "FI"}]}

    response = _segment_post(admin_client, "nordic VISITORS", rows)

    assert response.status_code == 200
    (message,) = response.context["form"].errors["name"]
    assert message.startswith("Another segment is already called “nordic VISITORS”")
    assert Segment.objects.count() == 1


def test_persona_form_refuses_device_phone_next_to_the_rule(admin_client):
    response = _persona_post(admin_client, "Commuter", PHONE)

    assert response.status_code == 200
    errors = _row_errors(response.context["form"].rules_form, "rules_useragentrules")
    assert errors == [
        'Device type cannot be "phone": choose mobile, tablet, desktop, bot or unknown.'
    ]
    assert not Persona.objects.exists()


def test_persona_form_refuses_a_name_another_persona_has(admin_client):
    Persona.objects.create(slug="student", name="Student")

    response = _persona_post(admin_client, "student", {})

    assert response.status_code == 200
    (message,) = response.context["form"].errors["name"]
    assert message.startswith("Another persona is already called “student”")
    assert Persona.objects.count() == 1


def test_stage_form_refuses_a_name_another_stage_has(admin_client):
    JourneyStage.objects.create(slug="learn", name="Learn", order=1)
    form = admin_client.get(reverse("journeystage:add")).context["form"]
    data = {"name": "Learn", "slug": "learn-more", "order": "2", "site": ""}

    response = admin_client.post(
        reverse("journeystage:add"), {**data, **formset_data(form.rules_form.formsets, {})}
    )

    assert response.status_code == 200
    assert (
        "Another journey stage is already called “Learn”"
        in response.context["form"].errors["name"][0]
    )


def test_an_unusual_browser_family_is_saved_with_a_warning(admin_client):
    rows = {"rules_useragentrules": [{"signal": "browser", "operator": "eq", "value": "Netscape"}]}

    response = _persona_post(admin_client, "Nostalgic", rows)

    assert response.status_code == 302
    assert Persona.objects.filter(name="Nostalgic").exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any('Browser "Netscape" is not a name the device detection' in m for m in messages)


def test_the_persona_form_asks_about_visitors_not_about_a_segment(admin_client):
    html = admin_client.get(reverse("persona:add")).content.decode()

    assert "Should the segment match" not in html
    assert "matches a visitor who passes at least one of the rules below" in html
