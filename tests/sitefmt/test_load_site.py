"""load_site as site-format.md says: validation with file/entry/key, all-or-nothing,
idempotent, updates in place, drafts, images."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from cms.pages.models import ContentPage
from personalization.models import JourneyStage, Persona, SegmentIdentity

from .conftest import SMALL_SITE

pytestmark = pytest.mark.django_db


def load(path):
    call_command("load_site", str(path), verbosity=0)


def page_at(path):
    site_root = Page.objects.get(depth=2, url_path="/home/") if path == "/" else None
    if site_root:
        return site_root.specific
    return ContentPage.objects.get(url_path="/home" + path)


def test_small_site_loads_personas_stages_segments_and_pages(site_dir):
    load(site_dir({"site.yaml": SMALL_SITE}))
    assert list(Persona.objects.order_by("sort_order").values_list("slug", flat=True)) == [
        "developer",
        "executive",
    ]
    assert list(JourneyStage.objects.values_list("slug", "order")) == [
        ("learn", 1),
        ("evaluate", 2),
    ]
    assert SegmentIdentity.objects.get(slug="nordics").segment.name == "Nordic visitors"
    home = page_at("/")
    assert home.title == "Acme" and home.live
    assert [v.name for v in home.variants.all()] == ["Devs", "Nordic"]
    assert page_at("/pricing/").persona_affinity.get().points == 5


def test_page_with_live_false_exists_only_as_a_draft(site_dir):
    load(site_dir({"site.yaml": SMALL_SITE}))
    draft = page_at("/pricing/enterprise/")
    assert draft.live is False
    assert draft.get_latest_revision() is not None


def test_loading_the_same_files_twice_changes_nothing(site_dir):
    path = site_dir({"site.yaml": SMALL_SITE})
    load(path)
    revisions = Revision.objects.count()
    ids = sorted(Page.objects.values_list("pk", flat=True))
    keys = sorted(str(k) for k in page_at("/").variants.values_list("key", flat=True))
    load(path)
    assert sorted(Page.objects.values_list("pk", flat=True)) == ids
    assert sorted(str(k) for k in page_at("/").variants.values_list("key", flat=True)) == keys
    assert Revision.objects.count() == revisions
    assert (
        Persona.objects.count() == 2 and SegmentIdentity.objects.filter(role="segment").count() == 1
    )


def test_a_changed_file_updates_in_place(site_dir):
    path = site_dir({"site.yaml": SMALL_SITE})
    load(path)
    before = page_at("/pricing/").pk
    devs_key = page_at("/").variants.get(name="Devs").key
    site_dir(
        {
            "site.yaml": SMALL_SITE.replace("title: Pricing", "title: Plans and prices").replace(
                "title: Acme for developers", "title: Built for developers"
            )
        }
    )
    load(path)
    assert page_at("/pricing/").pk == before
    assert page_at("/pricing/").title == "Plans and prices"
    variant = page_at("/").variants.get(name="Devs")
    assert variant.title == "Built for developers" and variant.key == devs_key


@pytest.mark.parametrize(
    "bad, entry, key",
    [
        (
            SMALL_SITE.replace("    priority: 20\n", "    priority: 20\n    colour: red\n"),
            "persona developer",
            "colour",
        ),
        (
            SMALL_SITE.replace(
                "rules: {country: {in: [SE, NO, DK, FI]}}", "rules: {country: {within: [SE]}}"
            ),
            "segment nordics",
            "rules",
        ),
        (
            SMALL_SITE.replace(
                "{name: Nordic, segment: nordics, title: Hej}",
                "{name: Nordic, segment: nowhere, title: Hej}",
            ),
            "page /",
            "variants[1].segment",
        ),
        (
            SMALL_SITE.replace(
                "type: content\n    title: Pricing", "type: brochure\n    title: Pricing"
            ),
            "page /pricing/",
            "type",
        ),
        (
            SMALL_SITE.replace("persona_affinity: {executive: 5}", "persona_affinity: {ceo: 5}"),
            "page /pricing/",
            "persona_affinity.ceo",
        ),
        (SMALL_SITE.replace("- slug: nordics", "- slug: Nordics!"), "segment Nordics!", "slug"),
    ],
)
def test_invalid_file_names_file_entry_and_key_and_writes_nothing(site_dir, bad, entry, key):
    path = site_dir({"site.yaml": bad})
    with pytest.raises(CommandError) as error:
        load(path)
    message = str(error.value)
    assert "site.yaml" in message and entry in message and key in message
    assert Persona.objects.count() == 0 and ContentPage.objects.count() == 0


def test_an_error_in_a_late_page_rolls_back_everything(site_dir):
    path = site_dir(
        {
            "site.yaml": SMALL_SITE
            + """
  - path: /missing/parent/
    type: content
    title: Orphan
"""
        }
    )
    with pytest.raises(CommandError, match="/missing/"):
        load(path)
    assert Persona.objects.count() == 0 and SegmentIdentity.objects.count() == 0
    assert ContentPage.objects.count() == 0


def test_segments_that_reference_each_other_in_a_cycle_are_refused(site_dir):
    path = site_dir(
        {
            "site.yaml": """
segments:
  - {slug: a, name: A, rules: {segment: b}}
  - {slug: b, name: B, rules: {all: [{country: SE}, {segment: a}]}}
"""
        }
    )
    with pytest.raises(CommandError, match="cycle"):
        load(path)
    assert SegmentIdentity.objects.count() == 0


def test_folder_files_are_merged(site_dir):
    head, pages = SMALL_SITE.split("pages:")
    load(site_dir({"a.yaml": head, "b.yml": "pages:" + pages}))
    assert page_at("/pricing/").title == "Pricing"


def test_unknown_top_level_key_is_an_error(site_dir):
    with pytest.raises(CommandError, match="unknown top-level key"):
        load(site_dir({"site.yaml": "widgets: []\n"}))


def test_images_become_wagtail_images_once(site_dir, png):
    png("images/hero.png")
    text = SMALL_SITE.replace(
        "- {type: heading, value: Welcome}",
        "- {type: heading, value: Welcome}\n      - {type: image, value: {file: images/hero.png, alt: A red hero}}",
    )
    path = site_dir({"site.yaml": text})
    load(path)
    load(path)
    assert get_image_model().objects.count() == 1
    image_block = next(b for b in page_at("/").body if b.block_type == "image")
    assert image_block.value["alt"] == "A red hero"
    assert image_block.value["image"].width == 64


def test_a_missing_image_file_is_named(site_dir):
    text = SMALL_SITE.replace(
        "- {type: heading, value: Welcome}",
        "- {type: heading, value: Welcome}\n      - {type: image, value: {file: images/nope.png, alt: x}}",
    )
    with pytest.raises(CommandError, match="images/nope.png"):
        load(site_dir({"site.yaml": text}))


def test_an_unknown_block_type_is_named_and_nothing_is_loaded(site_dir):
    text = SMALL_SITE.replace(
        "- {type: heading, value: Welcome}", "- {type: carousel, value: [a, b]}"
    )
    with pytest.raises(CommandError, match=r"body\[0\]\.type"):
        load(site_dir({"site.yaml": text}))
    assert Persona.objects.count() == 0


def test_a_file_loaded_on_top_of_a_site_may_refer_to_what_the_site_already_has(tmp_path):
    """Like the contract check's extension file: a page whose variant targets a stage and a
    segment defined by an earlier load, and a segment that refers to an existing persona."""
    from cms.pages.models import ContentPage

    (tmp_path / "base.yaml").write_text(
        "personas: [{slug: hiker, name: Hiker}]\n"
        "journey_stages: [{slug: dream, name: Dream, order: 1}]\n"
        "segments: [{slug: nordic, name: Nordic, rules: {country: {in: [SE, NO]}}}]\n"
        "pages: [{path: /, type: content, title: Home, body: []}]\n"
    )
    (tmp_path / "more.yaml").write_text(
        "segments: [{slug: nordic-hikers, name: Nordic hikers, rules: {all: [{segment: nordic}, {persona: hiker}]}}]\n"
        "pages:\n"
        "  - path: /split/\n    type: content\n    title: Split\n    body: []\n"
        "    variants:\n"
        "      - {name: Left, stage: dream, weight: 50, title: Left}\n"
        "      - {name: Right, stage: dream, weight: 50, title: Right}\n"
        "      - {name: North, segment: nordic, title: North}\n"
    )
    call_command("load_site", str(tmp_path / "base.yaml"), verbosity=0)
    call_command("load_site", str(tmp_path / "more.yaml"), verbosity=0)
    split = ContentPage.objects.get(url_path="/home/split/")
    assert sorted(v.name for v in split.variants.all()) == ["Left", "North", "Right"]


def test_a_reference_to_something_neither_the_files_nor_the_site_has_is_still_refused(tmp_path):
    (tmp_path / "site.yaml").write_text(
        "pages:\n  - path: /\n    type: content\n    title: Home\n    body: []\n"
        "    variants: [{name: Ghost, stage: nowhere, title: Ghost}]\n"
    )
    with pytest.raises(CommandError, match="'nowhere' is not defined"):
        call_command("load_site", str(tmp_path / "site.yaml"), verbosity=0)
