"""One rule builder everywhere: personas and stages edit their rules inline, segments offer only
Tailor's conditions, internal rule groups are never shown as segments, and slugs are shown."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail_personalisation.models import Segment

from personalization.models import JourneyStage, Persona, SegmentIdentity
from personalization.rules.save_segments import read_condition, save_owned_rules, save_segment

from .rulebuilder import delete_all, formset_data

pytestmark = pytest.mark.django_db
PLUGIN_RULE_TYPES = (
    "Time Rule",
    "Day Rule",
    "Referral Rule",
    "Visit count Rule",
    "Query Rule",
    "Device Rule",
    "Logged in Rule",
    "origin country rule",
)
PLUGIN_FIELDS = (
    "Persistent",
    "Randomisation percent",
    "Static",
    "Dynamic",
    "visited",
    "page count",
)


def persona_data(form, rows: dict, **fields) -> dict:
    data = {
        "name": "Student",
        "slug": "student",
        "description": "",
        "tone_of_voice": "",
        "image": "",
        "priority": "10",
        "score_threshold": "",
        "rules-match_any": "False",
    }
    data.update(fields)
    data.update(formset_data(form.rules_form.formsets, rows))
    return data


def test_a_persona_is_created_with_its_rules_inline(admin_client):
    form = admin_client.get(reverse("persona:add")).context["form"]
    data = persona_data(
        form,
        {
            "rules_sourcerules": [
                {"signal": "referrer_domain", "operator": "contains", "value": "edu"}
            ],
            "rules_useragentrules": [{"signal": "device", "operator": "eq", "value": "mobile"}],
        },
    )

    response = admin_client.post(reverse("persona:add"), data)

    assert response.status_code == 302, response.context["form"].rules_form.errors
    persona = Persona.objects.get(slug="student")
    identity = SegmentIdentity.objects.get(segment=persona.rules)
    assert (identity.slug, identity.role) == ("persona--student", SegmentIdentity.OWNED)
    assert read_condition(persona.rules) == {
        "all": [{"device": "mobile"}, {"referrer_domain": {"contains": "edu"}}]
    }


def test_editing_a_persona_changes_the_same_rules_and_emptying_them_removes_them(admin_client):
    persona = Persona.objects.create(slug="student", name="Student")
    persona.rules = save_owned_rules(
        "persona--student", "Rules of persona Student", {"device": "mobile"}, None
    )
    persona.save()
    owned_id = persona.rules_id
    url = reverse("persona:edit", args=[persona.pk])
    form = admin_client.get(url).context["form"]
    assert form.rules_form.formsets["rules_useragentrules"].forms[0].initial["value"] == "mobile"

    data = persona_data(
        form, {"rules_locationrules": [{"signal": "country", "operator": "eq", "value": "SE"}]}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    persona.refresh_from_db()
    assert persona.rules_id == owned_id
    assert read_condition(persona.rules) == {"all": [{"country": "SE"}, {"device": "mobile"}]}

    form = admin_client.get(url).context["form"]
    data = persona_data(form, {})
    data.update(delete_all(form.rules_form.formsets))
    assert admin_client.post(url, data).status_code == 302
    persona.refresh_from_db()
    assert persona.rules is None
    assert not Segment.objects.filter(pk=owned_id).exists()


def test_a_stage_gets_entry_rules_inline(admin_client):
    form = admin_client.get(reverse("journeystage:add")).context["form"]
    data = {"name": "Decide", "slug": "decide", "order": "3", "site": "", "rules-match_any": "True"}
    data.update(
        formset_data(
            form.rules_form.formsets,
            {
                "rules_visitedrules": [{"target": "path", "value": "/pricing/", "min": "2"}],
                "rules_eventrules": [
                    {"event_type": "test_drive_booked", "min": "", "within_days": ""}
                ],
            },
        )
    )

    response = admin_client.post(reverse("journeystage:add"), data)

    assert response.status_code == 302, response.context["form"].rules_form.errors
    stage = JourneyStage.objects.get(slug="decide")
    assert SegmentIdentity.objects.get(segment=stage.rules).slug == "stage--decide"
    assert read_condition(stage.rules) == {
        "any": [
            {"visited": {"path": "/pricing/", "min": 2}},
            {"event": {"type": "test_drive_booked"}},
        ]
    }


def test_a_bad_inline_rule_is_explained_and_nothing_is_saved(admin_client):
    form = admin_client.get(reverse("persona:add")).context["form"]
    data = persona_data(
        form,
        {"rules_localtimerules": [{"signal": "local_hour", "operator": "between", "value": "9"}]},
    )

    response = admin_client.post(reverse("persona:add"), data)

    assert response.status_code == 200
    assert "Enter exactly two values" in response.content.decode()
    assert not Persona.objects.exists() and not Segment.objects.exists()


def test_persona_and_stage_forms_have_no_segment_dropdown_and_only_tailor_rules(admin_client, home):
    save_segment("nordics", "Nordics", {"country": {"in": ["SE", "NO"]}})
    for url in (reverse("persona:add"), reverse("journeystage:add")):
        html = admin_client.get(url).content.decode()
        assert 'name="rules"' not in html  # the old "pick a segment" select
        assert "Nordics" not in html
        assert "Traffic source" in html and "Visited pages" in html
        for plugin_rule in PLUGIN_RULE_TYPES:
            assert plugin_rule not in html, plugin_rule


def test_segment_editor_offers_tailor_conditions_and_no_plugin_fields(admin_client, home):
    html = admin_client.get(reverse("segments:add")).content.decode()
    for plugin_rule in PLUGIN_RULE_TYPES:
        assert plugin_rule not in html, plugin_rule
    for field in ("persistent", "randomisation_percent", 'name="type"', 'name="count"'):
        assert field not in html, field
    assert "Traffic source" in html


def test_segment_editor_shows_the_slug(admin_client, home):
    segment = save_segment("nordics", "Nordic visitors", {"country": {"in": ["SE", "NO"]}})
    html = admin_client.get(reverse("segments:edit", args=[segment.pk])).content.decode()
    assert "<code>nordics</code>" in html


def test_segments_screen_lists_segments_only_with_slugs_and_no_dead_counters(admin_client, home):
    save_segment("nordics", "Nordic visitors", {"country": {"in": ["SE", "NO"]}})
    persona = Persona.objects.create(slug="student", name="Student")
    persona.rules = save_owned_rules(
        "persona--student",
        "Rules of persona Student",
        {"all": [{"segment": "nordics"}, {"any": [{"device": "mobile"}, {"device": "tablet"}]}]},
        None,
    )
    persona.save()
    assert Segment.objects.count() == 3  # nordics, the persona's rules, and its nested group

    html = admin_client.get(reverse("segments:index")).content.decode()

    assert "Nordic visitors" in html and "nordics" in html
    assert (
        "Rules of persona" not in html
        and "persona--student" not in html
        and "(group 1)" not in html
    )
    for counter in PLUGIN_FIELDS:
        assert counter not in html, counter
    assert "Persona: Student (rules)" in html  # where the segment is used


def test_owned_rule_groups_are_not_editable_as_segments(admin_client, home):
    persona = Persona.objects.create(slug="student", name="Student")
    persona.rules = save_owned_rules(
        "persona--student", "Rules of persona Student", {"device": "mobile"}, None
    )
    persona.save()
    assert admin_client.get(reverse("segments:edit", args=[persona.rules_id])).status_code == 404
    assert admin_client.get(reverse("segments:delete", args=[persona.rules_id])).status_code == 404


def test_dashboard_counts_segments_not_rule_groups(admin_client, home):
    save_segment("nordics", "Nordic visitors", {"country": "SE"})
    persona = Persona.objects.create(slug="student", name="Student")
    persona.rules = save_owned_rules(
        "persona--student", "Rules of persona Student", {"device": "mobile"}, None
    )
    persona.save()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "<span>1</span> Segments" in html


def test_the_old_segment_addresses_lead_to_the_new_screens(admin_client, home):
    response = admin_client.get(reverse("wagtail_personalisation_segment_modeladmin_index"))
    assert response.status_code == 302 and response["Location"] == reverse("segments:index")


def test_variant_and_block_alternative_targets_list_the_same_things(
    admin_client, home, personas, stages
):
    from bs4 import BeautifulSoup

    from cms.pages.blocks import persona_choices, segment_choices, stage_choices

    save_segment("nordics", "Nordic visitors", {"country": {"in": ["SE", "NO"]}})
    owned = save_owned_rules(
        "persona--family", "Rules of persona Family", {"device": "mobile"}, None
    )
    Persona.objects.filter(slug="family").update(rules=owned)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    # The "Add variant" template holds the blank variant form.
    template = soup.find("template", id="id_variants-EMPTY_FORM_TEMPLATE")
    blank = BeautifulSoup(template.decode_contents(), "html.parser")

    for kind, block_choices in (
        ("persona", persona_choices()),
        ("stage", stage_choices()),
        ("segment", segment_choices()),
    ):
        select = blank.find("select", attrs={"name": f"variants-__prefix__-{kind}"})
        labels = [option.get_text() for option in select.find_all("option")]
        assert labels == [label for _, label in block_choices], kind
    assert [label for _, label in segment_choices()] == ["Any segment", "Nordic visitors"]
