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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from personalization.models import JourneyStage, Persona
from personalization.page_editing.coverage_data import block_choice_points
from personalization.references import RULES, rule_references
from personalization.rules.read_segments import Book, load_book

from .buttons import is_personalizable

#: How listings name the kind of a place that uses an object.
KINDS = {
    "persona": _("Persona"),
    "stage": _("Stage"),
    "segment": _("Segment"),
    "page variant": _("Page variant"),
    "block alternative": _("Block alternative"),
}


@dataclass(frozen=True)
class Use:
    """One place that uses an object: "Persona Student (rules)", with a link to edit it."""

    kind: str  # persona | stage | segment | page variant | block alternative
    label: str
    url: str

    def __str__(self) -> str:
        return gettext("%(kind)s: %(label)s") % {
            "kind": KINDS.get(self.kind, self.kind.capitalize()),
            "label": self.label,
        }


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
    edit = {"persona": "persona:edit", "stage": "journeystage:edit", "segment": "segments:edit"}
    suffix = {"persona": gettext("%(name)s (rules)"), "stage": gettext("%(name)s (entry rules)")}
    for ref in rule_references(book, traits=False):
        owner = ref.owner
        label = (
            suffix[owner.kind] % {"name": owner.name}
            if ref.how == RULES and owner.kind in suffix
            else owner.name
        )
        usage.add(
            ref.kind, ref.slug, Use(owner.kind, label, reverse(edit[owner.kind], args=[owner.pk]))
        )


def _page_references(usage: Usage, book: Book) -> None:
    PageVariant = apps.get_model(
        "pages", "PageVariant"
    )  # the page models import the admin, not the reverse
    persona_slugs = dict(Persona.objects.values_list("pk", "slug"))
    stage_slugs = dict(JourneyStage.objects.values_list("pk", "slug"))
    segment_slugs = {info.id: info.slug for info in book.segments.values() if info.slug}
    rows = PageVariant.objects.values_list(
        "page_id", "page__title", "name", "persona_id", "stage_id", "segment_id"
    )
    for page_id, title, name, persona_id, stage_id, segment_id in rows:
        use = Use(
            "page variant", f"{title} – {name}", reverse("wagtailadmin_pages:edit", args=[page_id])
        )
        for kind, slug in (
            ("persona", persona_slugs.get(persona_id)),
            ("stage", stage_slugs.get(stage_id)),
            ("segment", segment_slugs.get(segment_id)),
        ):
            if slug:
                usage.add(kind, slug, use)
    for page in Page.objects.live().specific():
        if not is_personalizable(page):
            continue
        for label, options in block_choice_points(page):
            use = Use(
                "block alternative",
                f"{page.title} – {label.split(':')[0]}",
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
            )
            for option in options:
                for kind in ("persona", "stage", "segment"):
                    slug = getattr(option.target, kind)
                    if slug:
                        usage.add(kind, slug, use)
