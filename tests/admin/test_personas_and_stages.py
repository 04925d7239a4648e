"""Personas and journey stages in the admin: create, edit, reorder, and who may do it."""

from __future__ import annotations

from django.urls import reverse

from personalization.models import JourneyStage, Persona
from personalization.rules.save_segments import read_condition

from .rulebuilder import formset_data


def persona_form(**overrides) -> dict:
    data = {
        "name": "Developer",
        "slug": "developer",
        "description": "Engineers evaluating the API.",
        "tone_of_voice": "Short, concrete, code first.",
        "image": "",
        "priority": "20",
        "rules": "",
        "score_threshold": "10",
    }
    data.update(overrides)
    return data


def test_superuser_creates_a_persona_with_rules_and_threshold(admin_client, db):
    form = admin_client.get(reverse("persona:add")).context["form"]
    data = persona_form(
        **formset_data(
            form.rules_form.formsets,
            {
                "rules_sourcerules": [
                    {"signal": "referrer_domain", "operator": "eq", "value": "github.com"}
                ]
            },
        )
    )
    response = admin_client.post(reverse("persona:add"), data)
    assert response.status_code == 302

    persona = Persona.objects.get(slug="developer")
    assert (persona.name, persona.priority, persona.score_threshold, persona.tone_of_voice) == (
        "Developer",
        20,
        10.0,
        "Short, concrete, code first.",
    )
    assert read_condition(persona.rules) == {"referrer_domain": "github.com"}


def test_persona_slug_must_be_lower_case(admin_client, db):
    response = admin_client.post(reverse("persona:add"), persona_form(slug="Developer"))
    assert response.status_code == 200
    assert "Use lower-case letters, digits and hyphens only." in response.content.decode()
    assert not Persona.objects.exists()


def test_superuser_edits_a_persona(admin_client, personas):
    family = personas["family"]
    response = admin_client.post(
        reverse("persona:edit", args=[family.pk]),
        persona_form(name="Family", slug="family", priority="25"),
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.name, family.priority) == ("Family", 25)


def test_personas_are_listed_by_priority_and_can_be_reordered(admin_client, personas):
    listing = admin_client.get(reverse("persona:index")).content.decode()
    assert (  # highest priority first: the one that wins when several match (issue 20)
        listing.index("Fleet manager")
        < listing.index("Performance enthusiast")
        < listing.index("Family buyer")
    )
    by_sort_order = admin_client.get(reverse("persona:index") + "?ordering=sort_order")
    listing = by_sort_order.content.decode()
    assert (
        listing.index("Family buyer")
        < listing.index("Performance enthusiast")
        < listing.index("Fleet manager")
    )

    response = admin_client.post(
        reverse("persona:reorder", args=[personas["fleet"].pk]) + "?position=0"
    )
    assert response.status_code == 200
    assert list(Persona.objects.order_by("sort_order").values_list("slug", flat=True)) == [
        "fleet",
        "family",
        "performance",
    ]


def test_superuser_creates_a_journey_stage_with_entry_rules(admin_client, home):
    form = admin_client.get(reverse("journeystage:add")).context["form"]
    response = admin_client.post(
        reverse("journeystage:add"),
        {
            "name": "Decide",
            "slug": "decide",
            "order": "3",
            "site": "",
            **formset_data(
                form.rules_form.formsets,
                {"rules_visitedrules": [{"target": "path", "value": "/pricing/", "min": ""}]},
            ),
        },
    )
    assert response.status_code == 302
    stage = JourneyStage.objects.get(slug="decide")
    assert (stage.name, stage.order, stage.site) == ("Decide", 3, None)
    assert read_condition(stage.rules) == {"visited": {"path": "/pricing/"}}


def test_stages_are_listed_in_journey_order(admin_client, stages):
    JourneyStage.objects.filter(slug="need").update(order=9)
    listing = admin_client.get(reverse("journeystage:index")).content.decode()
    assert listing.index("Research") < listing.index("Decide") < listing.index("Need")


def test_a_limited_editor_may_not_change_personas_or_stages(editor_client, personas):
    assert editor_client.get(reverse("persona:index")).status_code in (302, 403)
    response = editor_client.post(reverse("persona:add"), persona_form())
    assert response.status_code in (302, 403)
    assert not Persona.objects.filter(slug="developer").exists()
    assert editor_client.post(
        reverse("journeystage:add"), {"name": "X", "slug": "x", "order": "1"}
    ).status_code in (302, 403)
    assert not JourneyStage.objects.exists()


def test_personalization_menu_groups_personas_stages_segments_and_coverage(admin_client, db):
    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for url in (
        reverse("persona:index"),
        reverse("journeystage:index"),
        reverse("segments:index"),
        reverse("personalization_admin:coverage_report"),
    ):
        assert url in page
    assert "Personalization" in page
