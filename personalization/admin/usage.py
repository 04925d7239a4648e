"""Where each persona, journey stage and segment is used: in the rules of personas, stages and
other segments, in page variants and in the alternatives of personalized blocks.

Loaded once per screen in a number of queries that does not grow with the number of segments
(the Book, personas, stages, page variants, and one per page type for block alternatives).
Pages are read as they are live; a draft that is not published yet is not counted.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse
from wagtail.models import Page

from personalization.engine.cycles import condition_references
from personalization.models import JourneyStage, Persona, SegmentIdentity
from personalization.rules.read_segments import Book, load_book

from .buttons import is_personalizable
from .coverage_data import block_choice_points


@dataclass(frozen=True)
class Use:
    """One place that uses an object: "Persona Student (rules)", with a link to edit it."""

    kind: str          # persona | stage | segment | page variant | block alternative
    label: str
    url: str

    def __str__(self) -> str:
        return f"{self.kind.capitalize()}: {self.label}"


@dataclass
class Usage:
    """Uses by (kind, slug), kind being "persona", "stage" or "segment"."""

    uses: dict[tuple[str, str], list[Use]] = field(default_factory=lambda: defaultdict(list))

    def of(self, kind: str, slug: str | None) -> list[Use]:
        return list(self.uses.get((kind, (slug or "").lower()), []))

    def add(self, kind: str, slug: str, use: Use) -> None:
        bucket = self.uses[(kind, slug.lower())]
        if use not in bucket:
            bucket.append(use)


def load_usage(book: Book | None = None) -> Usage:
    book = book or load_book()
    usage = Usage()
    _rule_references(usage, book)
    _page_references(usage, book)
    return usage


def _rule_references(usage: Usage, book: Book) -> None:
    def note(condition, use: Use) -> None:
        for kind, slug in condition_references(condition):
            usage.add(kind, slug, use)

    for persona in Persona.objects.order_by("sort_order", "pk").only("pk", "slug", "name", "rules_id"):
        if persona.rules_id in book.segments:
            note(book.condition(persona.rules_id),
                 Use("persona", f"{persona.name} (rules)", reverse("persona:edit", args=[persona.pk])))
            _note_picked_segment(usage, book, persona.rules_id,
                                 Use("persona", persona.name, reverse("persona:edit", args=[persona.pk])))
    for stage in JourneyStage.objects.order_by("order", "pk").only("pk", "slug", "name", "rules_id"):
        if stage.rules_id in book.segments:
            note(book.condition(stage.rules_id),
                 Use("stage", f"{stage.name} (entry rules)", reverse("journeystage:edit", args=[stage.pk])))
            _note_picked_segment(usage, book, stage.rules_id,
                                 Use("stage", stage.name, reverse("journeystage:edit", args=[stage.pk])))
    for info in book.segments.values():
        if info.public and info.slug:
            note(book.condition(info.id), Use("segment", info.name, reverse("segments:edit", args=[info.id])))


def _note_picked_segment(usage: Usage, book: Book, segment_id: int, use: Use) -> None:
    """A persona or stage whose rules are a public segment picked from a list uses it."""
    info = book.segments[segment_id]
    if info.public and info.slug:
        usage.add("segment", info.slug, use)


def _page_references(usage: Usage, book: Book) -> None:
    PageVariant = apps.get_model("pages", "PageVariant")   # the page models import the admin, not the reverse
    persona_slugs = dict(Persona.objects.values_list("pk", "slug"))
    stage_slugs = dict(JourneyStage.objects.values_list("pk", "slug"))
    segment_slugs = {info.id: info.slug for info in book.segments.values() if info.slug}
    rows = PageVariant.objects.values_list("page_id", "page__title", "name", "persona_id", "stage_id", "segment_id")
    for page_id, title, name, persona_id, stage_id, segment_id in rows:
        use = Use("page variant", f"{title} – {name}", reverse("wagtailadmin_pages:edit", args=[page_id]))
        for kind, slug in (("persona", persona_slugs.get(persona_id)), ("stage", stage_slugs.get(stage_id)),
                           ("segment", segment_slugs.get(segment_id))):
            if slug:
                usage.add(kind, slug, use)
    for page in Page.objects.live().specific():
        if not is_personalizable(page):
            continue
        for label, options in block_choice_points(page):
            use = Use("block alternative", f"{page.title} – {label.split(':')[0]}",
                      reverse("wagtailadmin_pages:edit", args=[page.pk]))
            for option in options:
                for kind in ("persona", "stage", "segment"):
                    slug = getattr(option.target, kind)
                    if slug:
                        usage.add(kind, slug, use)


def public_segment_ids() -> list[int]:
    """Segments an editor sees: public ones, and editor-made ones whose slug is not set yet."""
    from wagtail_personalisation.models import Segment

    return list(Segment.objects.exclude(identity__role=SegmentIdentity.OWNED).values_list("pk", flat=True))
