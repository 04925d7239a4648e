"""`load_site --dry-run` and `--prune` / `--prune-pages`: what a load would change, deleting what
the files no longer hold, and refusing to delete what is still used."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail_personalisation.models import Segment

from cms.pages.models import ContentPage, PageVariant
from cms.sitefmt.errors import PruneRefused
from cms.sitefmt.load import load_site
from cms.sitefmt.prune import (
    _PRUNABLES,
    _SOURCES,
    Prunable,
    Reference,
    register_prunable,
    register_references,
)
from personalization.models import JourneyStage, Persona, SegmentIdentity
from personalization.rules.models import RulesetVersion
from personalization.rules.save_segments import save_owned_rules

from .conftest import SMALL_SITE

pytestmark = pytest.mark.django_db

PROMO = (
    SMALL_SITE.replace(
        "segments:\n",
        """segments:
  - slug: promo
    name: Promotion readers
    rules: {utm_campaign: spring}
""",
    )
    + """
  - path: /promo/
    type: content
    title: Spring offer
    variants:
      - {name: Promo, segment: promo, title: Spring for you}
"""
)
WITHOUT_PROMO_SEGMENT = SMALL_SITE  # neither the segment nor the page that uses it


def run(path, *args) -> str:
    out = StringIO()
    call_command("load_site", str(path), *args, stdout=out)
    return out.getvalue()


def database_state():
    """Everything a load can write, to compare before and after a dry run."""
    version = RulesetVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return {
        "personas": sorted(Persona.objects.values_list("slug", "name", "priority", "rules_id")),
        "stages": sorted(JourneyStage.objects.values_list("slug", "name", "order")),
        "segments": sorted(Segment.objects.values_list("pk", "name", "match_any")),
        "pages": sorted(
            Page.objects.values_list("pk", "url_path", "title", "live", "latest_revision_id")
        ),
        "variants": sorted(PageVariant.objects.values_list("pk", "name", "title")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "rules_version": version,
    }


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_dry_run_on_an_empty_site_lists_everything_as_created_and_writes_nothing(site_dir, png):
    png("images/hero.png", color=(1, 2, 3))
    text = SMALL_SITE.replace(
        "- {type: heading, value: Welcome}",
        "- {type: heading, value: Welcome}\n      - {type: image, value: {file: images/hero.png, alt: Hero}}",
    )
    path = site_dir({"site.yaml": text})
    before, files = database_state(), media_files()
    out = run(path, "--dry-run")
    assert database_state() == before
    assert media_files() == files, "a dry run stores no image file"
    assert "Dry run: nothing was written" in out
    assert "personas: 2 created" in out and "+ developer" in out
    assert "journey stages: 2 created" in out
    assert "segments: 1 created" in out and "+ nordics" in out
    assert "pages: 3 created" in out and "+ /pricing/enterprise/" in out
    assert "variants: 2 created" in out and "+ / · Devs" in out


def test_dry_run_after_loading_the_same_files_reports_nothing_to_change(site_dir):
    path = site_dir({"site.yaml": SMALL_SITE})
    run(path)
    out = run(path, "--dry-run")
    assert (
        "personas: 2 unchanged" in out
        and "pages: 3 unchanged" in out
        and "variants: 2 unchanged" in out
    )
    assert "nothing (the database already matches the files)" in out


def test_dry_run_of_a_changed_file_lists_updates_and_writes_nothing(site_dir):
    path = site_dir({"site.yaml": SMALL_SITE})
    run(path)
    site_dir(
        {
            "site.yaml": SMALL_SITE.replace("priority: 20", "priority: 30")
            .replace("title: Pricing", "title: Plans")
            .replace(
                "{name: Nordic, segment: nordics, title: Hej}",
                "{name: Nordic, segment: nordics, title: Hej}\n      - {name: Execs, persona: executive}",
            )
        }
    )
    before = database_state()
    out = run(path, "--dry-run")
    assert database_state() == before
    assert "personas: 1 updated, 1 unchanged" in out and "~ developer" in out
    assert "pages: 2 updated, 1 unchanged" in out and "~ /pricing/" in out and "~ /\n" in out
    # the home page changed only by its new variant: it is updated too
    assert "+ / · Execs" in out and "variants: 1 created, 2 unchanged" in out


def test_the_dry_run_reports_exactly_what_the_real_load_then_does(site_dir):
    path = site_dir({"site.yaml": SMALL_SITE})
    run(path)
    site_dir({"site.yaml": PROMO.replace("priority: 5", "priority: 6")})
    dry = load_site(path, dry_run=True, prune=True)
    real = load_site(path, prune=True)
    assert dry.dry_run and dry.changes.items == real.changes.items
    assert real.changes.names("segments", "created") == ["promo"]


def test_prune_deletes_personas_stages_and_segments_the_files_no_longer_hold(site_dir):
    path = site_dir({"site.yaml": SMALL_SITE})
    run(path)
    site_dir(
        {
            "site.yaml": SMALL_SITE.replace(
                "  - slug: executive\n    name: Executive\n    priority: 5\n    score_threshold: 10\n",
                "",
            )
            .replace("persona_affinity: {executive: 5}", "persona_affinity: {developer: 5}")
            .replace("  - {slug: learn, name: Learn, order: 1}\n", "")
        }
    )
    out = run(path, "--prune")
    assert list(Persona.objects.values_list("slug", flat=True)) == ["developer"]
    assert list(JourneyStage.objects.values_list("slug", flat=True)) == ["evaluate"]
    assert "deleted" in out


def test_without_prune_nothing_is_deleted(site_dir):
    path = site_dir({"site.yaml": PROMO})
    run(path)
    site_dir({"site.yaml": WITHOUT_PROMO_SEGMENT})
    run(path)
    assert SegmentIdentity.objects.filter(slug="promo").exists()
    assert ContentPage.objects.filter(slug="promo").exists()


def test_prune_refuses_a_segment_still_used_by_a_page_variant_and_writes_nothing(site_dir):
    path = site_dir({"site.yaml": PROMO})
    run(path)
    site_dir({"site.yaml": WITHOUT_PROMO_SEGMENT.replace("title: Pricing", "title: Plans")})
    with pytest.raises(CommandError) as error:
        run(path, "--prune")
    message = str(error.value)
    assert "segment promo is still used by page /promo/ (variant 'Promo')" in message
    assert SegmentIdentity.objects.filter(slug="promo").exists()
    assert ContentPage.objects.get(slug="pricing").title == "Pricing", (
        "the whole load was rolled back"
    )


def test_dry_run_with_prune_shows_the_same_refusal(site_dir):
    path = site_dir({"site.yaml": PROMO})
    run(path)
    site_dir({"site.yaml": WITHOUT_PROMO_SEGMENT})
    with pytest.raises(CommandError, match="segment promo is still used by page /promo/"):
        run(path, "--dry-run", "--prune")


def test_prune_pages_deletes_the_page_and_then_the_segment_it_used(site_dir):
    path = site_dir({"site.yaml": PROMO})
    run(path)
    site_dir({"site.yaml": WITHOUT_PROMO_SEGMENT})
    before = database_state()
    out = run(path, "--dry-run", "--prune", "--prune-pages")
    assert database_state() == before
    assert "- /promo/" in out and "- promo" in out
    run(path, "--prune", "--prune-pages")
    assert not ContentPage.objects.filter(slug="promo").exists()
    assert not SegmentIdentity.objects.filter(slug="promo").exists()
    assert ContentPage.objects.filter(slug="pricing").exists()


def test_prune_keeps_pages_unless_prune_pages_is_given(site_dir):
    path = site_dir({"site.yaml": PROMO})
    run(path)
    site_dir(
        {
            "site.yaml": PROMO.replace(
                "  - path: /pricing/enterprise/\n    type: content\n    title: Enterprise\n    live: false\n    body: []\n",
                "",
            )
        }
    )
    run(path, "--prune")
    assert ContentPage.objects.filter(slug="enterprise").exists()
    run(path, "--prune", "--prune-pages")
    assert not ContentPage.objects.filter(slug="enterprise").exists()


def test_prune_pages_refuses_a_parent_whose_child_the_files_hold(site_dir):
    path = site_dir({"site.yaml": SMALL_SITE})
    run(path)
    site_dir(
        {
            "site.yaml": SMALL_SITE.replace(
                "  - path: /pricing/\n    type: content\n    title: Pricing\n"
                "    tags: [pricing]\n    persona_affinity: {executive: 5}\n"
                '    body: [{type: paragraph, value: "<p>Plans.</p>"}]\n',
                "",
            )
        }
    )
    with pytest.raises(
        CommandError, match=r"page /pricing/ is still used by page /pricing/enterprise/"
    ):
        run(path, "--prune", "--prune-pages")


def test_prune_pages_needs_prune(site_dir):
    with pytest.raises(CommandError, match="--prune-pages only works together with --prune"):
        run(site_dir({"site.yaml": SMALL_SITE}), "--prune-pages")


WITHOUT_EXECUTIVE = SMALL_SITE.replace(
    "  - slug: executive\n    name: Executive\n    priority: 5\n    score_threshold: 10\n", ""
).replace("persona_affinity: {executive: 5}", "persona_affinity: {developer: 5}")


def test_prune_refuses_a_persona_used_only_by_the_draft_of_a_page_the_files_do_not_hold(site_dir):
    path = site_dir(
        {
            "site.yaml": SMALL_SITE
            + """
  - path: /extra/
    type: content
    title: Extra
    body: [{type: heading, value: Plain}]
"""
        }
    )
    run(path)
    extra = ContentPage.objects.get(slug="extra")
    extra.body = [
        {
            "type": "personalized",
            "id": "p1",
            "value": {
                "variants": [
                    {
                        "type": "item",
                        "id": "i1",
                        "value": {
                            "persona": "executive",
                            "stage": "",
                            "segment": "",
                            "weight": None,
                            "blocks": [],
                        },
                    }
                ],
                "default": [],
            },
        }
    ]
    extra.save_revision()  # a draft: the live page does not use the persona
    site_dir({"site.yaml": WITHOUT_EXECUTIVE})
    with pytest.raises(
        CommandError,
        match=r"persona executive is still used by page /extra/ "
        r"\(draft, a personalized block\)",
    ):
        run(path, "--prune")
    assert Persona.objects.filter(slug="executive").exists()


def test_prune_refuses_a_segment_used_by_a_sites_own_stage(site_dir):
    path = site_dir({"site.yaml": PROMO})
    run(path)
    from wagtail.models import Site

    stage = JourneyStage.objects.create(
        site=Site.objects.get(is_default_site=True), slug="buy", name="Buy", order=9
    )
    stage.rules = save_owned_rules("stage--buy--1", "Buy", {"segment": "promo"}, None)
    stage.save()
    site_dir({"site.yaml": WITHOUT_PROMO_SEGMENT})
    with pytest.raises(
        CommandError, match=r"segment promo is still used by .*journey stage buy of site"
    ):
        run(path, "--prune", "--prune-pages")


def test_a_variant_the_page_entry_no_longer_lists_is_kept_unless_pruned(site_dir):
    path = site_dir({"site.yaml": SMALL_SITE})
    run(path)
    site_dir(
        {
            "site.yaml": SMALL_SITE.replace(
                "      - {name: Nordic, segment: nordics, title: Hej}\n", ""
            )
        }
    )
    out = run(path, "--dry-run")
    assert "= / · Nordic (not in the files; --prune deletes it)" in out
    run(path)
    assert PageVariant.objects.filter(name="Nordic").exists()
    out = run(path, "--prune")
    assert not PageVariant.objects.filter(name="Nordic").exists()
    assert list(PageVariant.objects.values_list("name", flat=True)) == ["Devs"]


def test_another_app_can_register_a_kind_for_prune(site_dir, monkeypatch):
    """Goals, traits and other kinds plug into --prune with their own existing/delete/references."""
    store = {"old-goal": "old", "used-goal": "used"}
    deleted = []
    uses = [Reference(("experiments", "spring"), "experiment spring", ("goals", "used-goal"))]
    monkeypatch.setattr("cms.sitefmt.prune._PRUNABLES", list(_PRUNABLES))
    monkeypatch.setattr("cms.sitefmt.prune._SOURCES", list(_SOURCES))
    register_prunable(
        Prunable(
            kind="goals",
            label="goal",
            section="goals",
            key=lambda d: d["slug"],
            existing=lambda: dict(store),
            delete=deleted.extend,
        )
    )
    register_references(lambda doomed: list(uses))
    path = site_dir({"site.yaml": SMALL_SITE})
    with pytest.raises(PruneRefused, match="goal used-goal is still used by experiment spring"):
        load_site(path, prune=True)
    assert deleted == []
    uses.clear()
    report = load_site(path, prune=True)
    assert deleted == ["old", "used"]
    assert report.changes.names("goals", "deleted") == ["old-goal", "used-goal"]
