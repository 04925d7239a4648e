"""On the demo site: the segments screen lists the demo's segments only (no persona or stage
rule groups), and every persona, stage and segment editor and its "Test these rules" page opens."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail_personalisation.models import Segment

from personalization.admin.segments import editable_segments
from personalization.models import JourneyStage, Persona, SegmentIdentity


@pytest.fixture
def demo(db):
    call_command("load_site", "fixtures/site", verbosity=0)


def test_demo_segments_screen_counts_segments_not_rule_groups(admin_client, demo):
    public = SegmentIdentity.objects.filter(role=SegmentIdentity.PUBLIC).count()
    assert Segment.objects.count() > public  # the demo's personas and stages own rule groups
    response = admin_client.get(reverse("segments:index"))
    assert response.status_code == 200
    assert response.context["paginator"].count == public == editable_segments().count()
    assert "Rules of persona" not in response.content.decode()


def test_every_demo_editor_and_its_test_page_open(admin_client, demo):
    pages = [
        (
            reverse("persona:edit", args=[p.pk]),
            reverse("personalization_admin:test_rules", args=["persona", p.pk]),
        )
        for p in Persona.objects.all()
    ]
    pages += [
        (
            reverse("journeystage:edit", args=[s.pk]),
            reverse("personalization_admin:test_rules", args=["stage", s.pk]),
        )
        for s in JourneyStage.objects.all()
    ]
    pages += [
        (
            reverse("segments:edit", args=[s.pk]),
            reverse("personalization_admin:test_rules", args=["segment", s.pk]),
        )
        for s in editable_segments()
    ]
    assert len(pages) > 5
    for edit_url, test_url in pages:
        assert admin_client.get(edit_url).status_code == 200, edit_url
        assert admin_client.get(test_url + "?test=1&device=mobile").status_code == 200, test_url
