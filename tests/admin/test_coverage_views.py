"""The coverage matrix in the admin: one page's grid (page action and editor panel) and the
site-wide report of what nobody has written content for."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail_personalisation.models import Segment

from cms.pages.models import ContentPage, PageVariant
from personalization.models import JourneyStage, Persona, SegmentIdentity
from personalization.page_editing.coverage_panel import CoveragePanel


@pytest.fixture
def nordics(db) -> Segment:
    segment = Segment.objects.create(name="Nordic visitors")
    SegmentIdentity.objects.update_or_create(segment=segment, defaults={"slug": "nordics"})
    return segment


@pytest.fixture
def covered_home(home, personas, stages, nordics) -> ContentPage:
    """Home with variants for family, family+decide, decide, nordics, and a fleet A/B test,
    and a personalized block with a performance alternative."""
    rows = [
        ("Family", personas["family"], None, None, None),
        ("Families deciding", personas["family"], stages["decide"], None, None),
        ("Deciders", None, stages["decide"], None, None),
        ("Nordic", None, None, nordics, None),
        ("Fleet A", personas["fleet"], None, None, 70),
        ("Fleet B", personas["fleet"], None, None, 30),
    ]
    for name, persona, stage, segment, weight in rows:
        home.variants.add(
            PageVariant(name=name, persona=persona, stage=stage, segment=segment, weight=weight)
        )
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
    return ContentPage.objects.get(pk=home.pk)


def cells(html: str, grid: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(persona slug, stage slug) -> (color class, text) for one grid of the page."""
    soup = BeautifulSoup(html, "html.parser")
    table = soup.find(attrs={"data-grid": grid})
    return {
        (td["data-persona"], td["data-stage"]): (td["class"][0], " ".join(td.get_text(" ").split()))
        for td in table.find_all("td")
    }


def test_page_coverage_shows_which_variant_each_persona_and_stage_gets(admin_client, covered_home):
    response = admin_client.get(
        reverse("personalization_admin:page_coverage", args=[covered_home.pk])
    )
    grid = cells(response.content.decode(), "Page variants")
    assert grid[("family", "need")] == ("tailor-cell--persona", "Family")
    assert grid[("family", "decide")] == ("tailor-cell--persona-stage", "Families deciding")
    assert grid[("performance", "decide")] == ("tailor-cell--stage", "Deciders")
    assert grid[("performance", "need")] == (
        "tailor-cell--default",
        "Default if in segment Nordic visitors: Nordic",
    )
    assert grid[("fleet", "research")] == (
        "tailor-cell--persona",
        "A/B Fleet A (70) / Fleet B (30)",
    )
    assert grid[("", "research")] == (
        "tailor-cell--default",
        "Default if in segment Nordic visitors: Nordic",
    )
    assert len(grid) == 4 * 3  # three personas and "no persona", three stages


def test_page_coverage_has_a_grid_per_personalized_block(admin_client, covered_home):
    html = admin_client.get(
        reverse("personalization_admin:page_coverage", args=[covered_home.pk])
    ).content.decode()
    grid = cells(html, "Personalized block 1: default “Find the Aurora that fits your life”")
    assert grid[("performance", "need")] == ("tailor-cell--persona", "0-100 in 3.9 seconds")
    assert grid[("family", "decide")] == ("tailor-cell--default", "Default")


def test_page_coverage_follows_the_latest_draft(admin_client, covered_home, personas):
    draft = covered_home.get_latest_revision_as_object()
    draft.variants.add(PageVariant(name="Performance draft", persona=personas["performance"]))
    draft.save_revision()
    html = admin_client.get(
        reverse("personalization_admin:page_coverage", args=[covered_home.pk])
    ).content.decode()
    assert cells(html, "Page variants")[("performance", "need")][1] == "Performance draft"


def test_coverage_panel_renders_the_grid_in_the_page_editor(admin_client, covered_home):
    request = RequestFactory().get("/")
    panel = CoveragePanel().bind_to_model(ContentPage)
    bound = panel.get_bound_panel(instance=covered_home, request=request, form=None)
    html = bound.render_html({})
    assert cells(html, "Page variants")[("family", "decide")] == (
        "tailor-cell--persona-stage",
        "Families deciding",
    )


def test_a_limited_editor_sees_coverage_of_pages_they_edit_only(editor_client, covered_home):
    assert (
        editor_client.get(
            reverse("personalization_admin:page_coverage", args=[covered_home.pk])
        ).status_code
        == 200
    )
    root = Page.get_first_root_node()
    assert editor_client.get(
        reverse("personalization_admin:page_coverage", args=[root.pk])
    ).status_code in (302, 403)


def report(client) -> BeautifulSoup:
    return BeautifulSoup(
        client.get(reverse("personalization_admin:coverage_report")).content.decode(), "html.parser"
    )


def chips(soup: BeautifulSoup, kind: str) -> list[str]:
    return [li.get_text(strip=True) for li in soup.find(attrs={"data-gaps": kind}).find_all("li")]


def test_report_lists_personas_and_stages_nobody_wrote_for(admin_client, covered_home):
    Persona.objects.create(slug="commuter", name="Commuter", sort_order=9)
    JourneyStage.objects.create(slug="customer", name="Customer", order=4)
    soup = report(admin_client)
    assert chips(soup, "personas") == ["Commuter"]
    assert chips(soup, "stages") == ["Need", "Research", "Customer"]


def test_report_marks_the_cells_that_get_the_default_everywhere(admin_client, covered_home):
    Persona.objects.create(slug="commuter", name="Commuter", sort_order=9)
    soup = report(admin_client)
    gap = {
        (td["data-persona"], td["data-stage"]): td["data-count"]
        for td in soup.select("td[data-count]")
    }
    assert gap[("commuter", "need")] == "0"
    assert gap[("commuter", "decide")] == "1"  # the decide stage variant
    assert gap[("performance", "need")] == "1"  # the personalized block
    assert gap[("family", "decide")] == "1"
    assert (
        "tailor-cell--gap"
        in soup.select_one('td[data-persona="commuter"][data-stage="need"]')["class"]
    )


def test_report_counts_only_what_is_live(admin_client, home, personas, stages):
    draft = home.get_latest_revision_as_object()
    draft.variants.add(PageVariant(name="Family draft", persona=personas["family"]))
    draft.save_revision()
    assert "Family buyer" in chips(report(admin_client), "personas")


def test_coverage_panel_on_a_page_not_yet_saved_shows_everyone_the_default(personas, stages):
    panel = CoveragePanel().bind_to_model(ContentPage)
    bound = panel.get_bound_panel(
        instance=ContentPage(title="New"), request=RequestFactory().get("/"), form=None
    )
    grid = cells(bound.render_html({}), "Page variants")
    assert set(grid.values()) == {("tailor-cell--default", "Default")}
    assert len(grid) == 4 * 3


def test_page_coverage_uses_only_the_stages_of_the_page_site(admin_client, covered_home):
    other_root = Page.get_first_root_node().add_child(
        instance=ContentPage(title="Other brand", slug="other-brand")
    )
    other = Site.objects.create(hostname="other.example.com", root_page=other_root)
    JourneyStage.objects.create(slug="onboard", name="Onboard", order=5, site=other)
    html = admin_client.get(
        reverse("personalization_admin:page_coverage", args=[covered_home.pk])
    ).content.decode()
    assert {stage for _, stage in cells(html, "Page variants")} == {"need", "research", "decide"}
    html = admin_client.get(
        reverse("personalization_admin:page_coverage", args=[other_root.pk])
    ).content.decode()
    assert {stage for _, stage in cells(html, "Page variants")} == {
        "need",
        "research",
        "decide",
        "onboard",
    }
