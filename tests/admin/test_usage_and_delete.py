"""Every listing says where a persona, stage or segment is used, and deleting one that is in use
is refused with the list of what uses it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail_personalisation.models import Segment

from cms.pages.models import ContentPage, PageVariant
from personalization.admin.usage import load_usage
from personalization.models import Persona
from personalization.rules.save_segments import save_owned_rules, save_segment

pytestmark = pytest.mark.django_db


@pytest.fixture
def used(home, personas, stages) -> dict:
    """nordics is used by the family persona's rules, by a segment, by a page variant; the
    performance persona by a block alternative; the decide stage by a page variant."""
    nordics = save_segment("nordics", "Nordic visitors", {"country": {"in": ["SE", "NO"]}})
    save_segment(
        "nordic-mobile", "Nordic mobile", {"all": [{"segment": "nordics"}, {"device": "mobile"}]}
    )
    save_segment("unused", "Unused", {"device": "tablet"})
    family = personas["family"]
    family.rules = save_owned_rules(
        "persona--family", "Rules of persona Family", {"segment": "nordics"}, None
    )
    family.save()
    home.variants.add(PageVariant(name="Nordic", segment=nordics))
    home.variants.add(PageVariant(name="Deciders", stage=stages["decide"]))
    home.body = [
        (
            "personalized",
            {
                "variants": [
                    {
                        "persona": "performance",
                        "stage": "",
                        "segment": "",
                        "weight": None,
                        "blocks": [("heading", "0-100 in 3.9 seconds")],
                    }
                ],
                "default": [("heading", "Find the Aurora that fits your life")],
            },
        )
    ]
    home.save_revision().publish()
    return {"nordics": nordics, "home": ContentPage.objects.get(pk=home.pk)}


def test_usage_names_rules_variants_and_block_alternatives(used, personas):
    usage = load_usage()
    assert [str(u) for u in usage.of("segment", "nordics")] == [
        "Persona: Family buyer (rules)",
        "Segment: Nordic mobile",
        "Page variant: Cars that fit your life – Nordic",
    ]
    assert [str(u) for u in usage.of("persona", "performance")] == [
        "Block alternative: Cars that fit your life – Personalized block 1"
    ]
    assert [str(u) for u in usage.of("stage", "decide")] == [
        "Page variant: Cars that fit your life – Deciders"
    ]
    assert usage.of("segment", "unused") == []


def test_listings_show_where_each_object_is_used(admin_client, used):
    segments = admin_client.get(reverse("segments:index")).content.decode()
    assert "Segment: Nordic mobile" in segments and "Not used" in segments
    personas = admin_client.get(reverse("persona:index")).content.decode()
    assert "Block alternative: Cars that fit your life" in personas
    stages = admin_client.get(reverse("journeystage:index")).content.decode()
    assert "Page variant: Cars that fit your life – Deciders" in stages


def test_deleting_a_segment_in_use_names_its_users_and_is_refused(admin_client, used):
    url = reverse("segments:delete", args=[used["nordics"].pk])
    page = admin_client.get(url).content.decode()
    assert "cannot be deleted" in page
    assert (
        "Persona: Family buyer (rules)" in page
        and "Page variant: Cars that fit your life – Nordic" in page
    )
    assert "Yes, delete" not in page

    response = admin_client.post(url)
    assert (
        response.status_code == 409 and "Persona: Family buyer (rules)" in response.content.decode()
    )
    assert Segment.objects.filter(pk=used["nordics"].pk).exists()


def test_deleting_a_persona_in_use_is_refused(admin_client, used, personas):
    url = reverse("persona:delete", args=[personas["performance"].pk])
    assert "Block alternative" in admin_client.get(url).content.decode()
    assert admin_client.post(url).status_code == 409
    assert Persona.objects.filter(slug="performance").exists()


def test_an_unused_segment_is_deleted(admin_client, used):
    unused = Segment.objects.get(identity__slug="unused")
    url = reverse("segments:delete", args=[unused.pk])
    assert "Nothing uses this segment" in admin_client.get(url).content.decode()
    assert admin_client.post(url).status_code == 302
    assert not Segment.objects.filter(pk=unused.pk).exists()


def test_listings_cost_the_same_queries_for_more_segments_and_personas(
    admin_client, used, personas
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("segments:index"), reverse("persona:index"), reverse("journeystage:index")]
    before = [count(url) for url in urls]
    for n in range(4):
        save_segment(
            f"extra-{n}", f"Extra {n}", {"any": [{"segment": "nordics"}, {"device": "mobile"}]}
        )
        persona = Persona.objects.create(slug=f"extra-{n}", name=f"Extra {n}", sort_order=10 + n)
        persona.rules = save_owned_rules(
            f"persona--extra-{n}", f"Rules {n}", {"segment": f"extra-{n}"}, None
        )
        persona.save()
    assert [count(url) for url in urls] == before
