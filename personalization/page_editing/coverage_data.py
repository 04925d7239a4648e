"""Loading what the coverage grid needs from the database: the axes (personas, the page's
site's stages) and every choice point of a page (its variants, each personalized block) as
plain `Option`s. Queries are per page, not per variant: targets are mapped from id maps."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext
from wagtail.models import Page, Site
from wagtail_personalisation.models import Segment

from personalization.engine.ruleset import Target
from personalization.models import JourneyStage, Persona, SegmentIdentity

from .coverage import Axis, Grid, Option, Scope, build_grid
from .variant_checks import list_items

_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Names:
    """Slugs by primary key (page variants hold foreign keys, the engine speaks slugs)."""

    persona_slugs: dict[int, str]
    stage_slugs: dict[int, str]
    segment_slugs: dict[int, str]
    segment_names: dict[str, str]  # slug -> name, for "if in segment X"

    @classmethod
    def load(cls) -> Names:
        identities = dict(SegmentIdentity.objects.values_list("segment_id", "slug"))
        segment_slugs, segment_names = {}, {}
        for pk, name in Segment.objects.values_list("pk", "name"):
            slug = identities.get(pk, f"segment-{pk}")
            segment_slugs[pk] = slug
            segment_names[slug] = name
        return cls(
            persona_slugs=dict(Persona.objects.values_list("pk", "slug")),
            stage_slugs=dict(JourneyStage.objects.values_list("pk", "slug")),
            segment_slugs=segment_slugs,
            segment_names=segment_names,
        )


def persona_axes() -> list[Axis]:
    return [
        Axis(slug, name)
        for slug, name in Persona.objects.order_by("sort_order", "pk").values_list("slug", "name")
    ]


def stage_axes(site: Site | None) -> list[Axis]:
    """The stages that apply on a site: its own and those for every site, in order."""
    stages = (
        JourneyStage.objects.filter(Q(site__isnull=True) | Q(site=site))
        if site
        else JourneyStage.objects.filter(site__isnull=True)
    )
    return [
        Axis(slug, name)
        for slug, name in stages.order_by("order", "pk").values_list("slug", "name")
    ]


def summary(blocks: Iterable[dict] | None, limit: int = 60) -> str:
    """A short human label for a list of stored blocks: its first heading, CTA or paragraph,
    cut at a word boundary."""
    for block in blocks or []:
        value = block.get("value")
        text = ""
        if block.get("type") in ("heading", "paragraph") and isinstance(value, str):
            text = unescape(_TAGS.sub(" ", value))
        elif block.get("type") == "cta" and isinstance(value, dict):
            text = value.get("label") or ""
        text = " ".join(text.split())
        if text:
            return (
                text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
            )
    return gettext("(no text)")


def variant_options(page: Page, names: Names) -> list[Option]:
    """The page's variants (for a page built from a revision: that revision's variants)."""
    return [
        Option(
            variant.name,
            Target(
                names.persona_slugs.get(variant.persona_id),
                names.stage_slugs.get(variant.stage_id),
                names.segment_slugs.get(variant.segment_id),
            ),
            variant.weight,
            own_body=bool(list(variant.body.raw_data)),
        )
        for variant in page.variants.all()
    ]


@dataclass(frozen=True)
class ChoicePoint:
    label: str
    options: list[Option]
    scope: Scope  # the body it sits in, and the variants that decide who reads that body


def choice_points(page: Page, variants: list[Option]) -> list[ChoicePoint]:
    """Every top-level personalized block of the page's body, then of each variant's own body."""
    scope = Scope(None, tuple(variants))
    points = [
        ChoicePoint(label, options, scope)
        for label, options in _body_points(getattr(page, "body", None), "")
    ]
    for variant in page.variants.all():
        if not list(variant.body.raw_data):
            continue
        where = gettext("Variant “%(name)s”, ") % {"name": variant.name}
        scope = Scope(variant.name, tuple(variants))
        points += [
            ChoicePoint(label, options, scope)
            for label, options in _body_points(variant.body, where)
        ]
    return points


def block_choice_points(page: Page) -> list[tuple[str, list[Option]]]:
    """(label, options) for every top-level personalized block of the page body and of its
    variants' own bodies."""
    return [(p.label, p.options) for p in choice_points(page, [])]


def _body_points(body, where: str) -> list[tuple[str, list[Option]]]:
    points = []
    raw = list(body.raw_data) if body is not None else []
    number = 0
    for block in raw:
        if block.get("type") != "personalized":
            continue
        number += 1
        value: dict[str, Any] = block.get("value") or {}
        options = [
            Option(
                summary(alt.get("blocks")),
                Target(
                    alt.get("persona") or None, alt.get("stage") or None, alt.get("segment") or None
                ),
                alt.get("weight"),
            )
            for alt in list_items(value.get("variants"))
            if isinstance(alt, dict)
        ]
        points.append(
            (
                where
                + gettext("Personalized block %(number)s: default “%(summary)s”")
                % {"number": number, "summary": summary(value.get("default"))},
                options,
            )
        )
    return points


def page_site(page: Page) -> Site | None:
    return page.get_site() if page.pk else None


def page_grids(page: Page, names: Names | None = None) -> list[Grid]:
    """The grids of one page: its variants first, then each personalized block."""
    names = names or Names.load()
    personas, stages = persona_axes(), stage_axes(page_site(page))
    variants = variant_options(page, names)
    grids = [build_grid(gettext("Page variants"), variants, personas, stages, names.segment_names)]
    for point in choice_points(page, variants):
        grids.append(
            build_grid(
                point.label, point.options, personas, stages, names.segment_names, point.scope
            )
        )
    return grids
