"""Stable references: renaming a persona, stage or segment slug keeps every page variant, block
alternative (live, in page variants, in drafts) and reference rule pointing at the same object."""

from __future__ import annotations

from django.urls import reverse

from cms.pages.models import ContentPage, PageVariant
from personalization.models import JourneyStage, Persona, SegmentIdentity
from personalization.renames import rename_in_stream
from personalization.rules.save_segments import read_condition, save_segment

from .test_personas_and_stages import persona_form


def _personalized(kind: str, slug: str, heading: str):
    target = {"persona": "", "stage": "", "segment": "", kind: slug}
    return (
        "personalized",
        {
            "variants": [{**target, "weight": None, "blocks": [("heading", heading)]}],
            "default": [("heading", "Everyone")],
        },
    )


def _targets(stream, kind: str) -> list[str]:
    return [
        alt[kind]
        for block in stream.raw_data
        if block["type"] == "personalized"
        for alt in (
            item["value"] if item.get("type") == "item" else item
            for item in block["value"]["variants"]
        )
    ]


def _publish_then_draft(
    home: ContentPage, kind: str, slug: str, variant_fields: dict
) -> ContentPage:
    """Live: a block alternative and a page variant (with its own alternative) for `slug`;
    then a draft with another alternative for it."""
    home.body = [_personalized(kind, slug, "Live")]
    home.variants.add(
        PageVariant(
            name="Targeted", body=[_personalized(kind, slug, "In variant")], **variant_fields
        )
    )
    home.save_revision().publish()
    home = ContentPage.objects.get(pk=home.pk)
    home.body = [_personalized(kind, slug, "Draft")]
    home.save_revision()
    return home


def _assert_everything_follows(home: ContentPage, kind: str, new: str) -> None:
    live = ContentPage.objects.get(pk=home.pk)
    assert _targets(live.body, kind) == [new]
    assert _targets(PageVariant.objects.get(page=home).body, kind) == [new]
    draft = live.get_latest_revision_as_object()
    assert _targets(draft.body, kind) == [new]
    assert [_targets(v.body, kind) for v in draft.variants.all()] == [[new]]
    published = live.live_revision.as_object()  # history too: a revert keeps it
    assert _targets(published.body, kind) == [new]
    assert [_targets(v.body, kind) for v in published.variants.all()] == [[new]]


def test_renaming_a_persona_in_the_admin_keeps_variants_alternatives_and_rules(
    admin_client, home, personas
):
    family = personas["family"]
    home = _publish_then_draft(home, "persona", "family", {"persona": family})
    fans = save_segment(
        "family-fans",
        "Family fans",
        {"any": [{"persona": "family"}, {"persona": {"in": ["fleet", "family"]}}]},
    )

    response = admin_client.post(
        reverse("persona:edit", args=[family.pk]),
        persona_form(name="Family buyer", slug="families", priority="20"),
    )

    assert response.status_code == 302
    assert Persona.objects.get(pk=family.pk).slug == "families"
    _assert_everything_follows(home, "persona", "families")
    assert PageVariant.objects.get(page=home).persona_id == family.pk
    assert read_condition(fans) == {
        "any": [{"persona": "families"}, {"persona": {"in": ["fleet", "families"]}}]
    }


def test_renaming_a_stage_keeps_variants_alternatives_and_rules(admin_client, home, stages):
    decide = stages["decide"]
    home = _publish_then_draft(home, "stage", "decide", {"stage": decide})
    late = save_segment("late", "Late", {"stage": {"not_in": ["need", "decide"]}})

    response = admin_client.post(
        reverse("journeystage:edit", args=[decide.pk]),
        {"name": "Decide", "slug": "choose", "order": "3", "site": "", "rules": ""},
    )

    assert response.status_code == 302
    _assert_everything_follows(home, "stage", "choose")
    assert PageVariant.objects.get(page=home).stage_id == decide.pk
    assert read_condition(late) == {"stage": {"not_in": ["need", "choose"]}}


def test_renaming_a_segment_keeps_variants_alternatives_and_rules(home, db):
    nordics = save_segment("nordics", "Nordics", {"country": {"in": ["SE", "NO"]}})
    home = _publish_then_draft(home, "segment", "nordics", {"segment": nordics})
    wider = save_segment(
        "wider", "Wider", {"all": [{"segment": "nordics"}, {"not": {"device": "bot"}}]}
    )

    identity = SegmentIdentity.objects.get(slug="nordics")
    identity.slug = "north"
    identity.save()

    _assert_everything_follows(home, "segment", "north")
    assert PageVariant.objects.get(page=home).segment_id == nordics.pk
    assert read_condition(wider) == {"all": [{"segment": "north"}, {"not": {"device": "bot"}}]}


def test_a_rename_and_its_cascade_are_one_transaction(home, personas, monkeypatch):
    """If rewriting the references fails, the slug is not renamed either."""
    import pytest

    from personalization import renames

    home = _publish_then_draft(home, "persona", "family", {"persona": personas["family"]})

    def fail(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(renames, "_streams", fail)
    family = personas["family"]
    family.slug = "families"
    with pytest.raises(RuntimeError):
        family.save()

    assert Persona.objects.get(pk=family.pk).slug == "family"
    assert _targets(ContentPage.objects.get(pk=home.pk).body, "persona") == ["family"]


def test_a_stage_slug_another_site_still_uses_is_left_alone(home, stages):
    from wagtail.models import Site

    other = Site.objects.create(hostname="other.example", root_page=home, site_name="Other")
    JourneyStage.objects.create(site=other, slug="decide", name="Decide (other site)", order=3)
    home = _publish_then_draft(home, "stage", "decide", {"stage": stages["decide"]})

    decide = stages["decide"]
    decide.slug = "choose"
    decide.save()

    assert _targets(ContentPage.objects.get(pk=home.pk).body, "stage") == ["decide"]


def test_rename_in_stream_touches_only_that_kind_and_slug():
    blocks = [
        {"type": "heading", "value": "family"},
        {
            "type": "personalized",
            "value": {
                "variants": [
                    {
                        "type": "item",
                        "value": {"persona": "family", "stage": "family", "blocks": []},
                    },
                    {"persona": "Family", "segment": "", "blocks": []},
                    {"type": "item", "value": {"persona": "fleet", "blocks": []}},
                ],
                "default": [],
            },
        },
    ]

    renamed, changed = rename_in_stream(blocks, "persona", "family", "families")

    assert changed
    assert renamed[0]["value"] == "family"
    alternatives = renamed[1]["value"]["variants"]
    assert alternatives[0]["value"] == {"persona": "families", "stage": "family", "blocks": []}
    assert alternatives[1]["persona"] == "families"
    assert alternatives[2]["value"]["persona"] == "fleet"
    assert rename_in_stream(blocks, "persona", "nobody", "x") == (blocks, False)


def test_renaming_a_persona_or_stage_keeps_what_visitors_declared_reached_and_scored(
    personas, stages
):
    from personalization.profiles import store
    from personalization.profiles.models import PersonaAffinity, Visitor
    from tests.profiles.helpers import NOW, consented, view

    visitor = consented(NOW)
    store.declare(visitor, persona="family", now=NOW)
    view(visitor, NOW, affinity={"family": 3, "fleet": 1})
    Visitor.objects.update(stage_reached="decide")

    family, decide = personas["family"], stages["decide"]
    family.slug, decide.slug = "families", "choose"
    family.save()
    decide.save()

    row = Visitor.objects.get()
    assert (row.declared_persona, row.stage_reached) == ("families", "choose")
    assert dict(PersonaAffinity.objects.values_list("persona", "score")) == {
        "families": 3.0,
        "fleet": 1.0,
    }
