"""The database -> the engine's RuleSet, in a number of queries that does not grow with the number
of segments, personas, stages or rules (see `read_ruleset`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db.models import Q

from personalization import stamps
from personalization.engine.cycles import find_cycles
from personalization.engine.ruleset import PersonaDef, RuleSet, SegmentDef, StageDef
from personalization.models import JourneyStage, Persona

from .legacy import NEVER
from .read_segments import Book, load_book


def read_ruleset(site=None, version: str | None = None) -> RuleSet:
    """Personas, the stages of `site` (and those for every site), public segments and the site
    time zone, as plain data. Queries: the version (unless given), the segments, one per rule
    model, personas, stages (+1 for site roots when wagtail-personalisation's page visit rule
    is used). A disabled segment compiles to a condition that never holds."""
    if version is None:
        version = stamps.read_database()[stamps.RULES]
    return build_ruleset(load_book(), site, version)


def build_ruleset(book: Book, site, version: str) -> RuleSet:
    """The RuleSet from an already loaded Book (two more queries: personas, stages)."""

    def rules_of(segment_id: int | None) -> dict[str, Any] | None:
        return book.condition(segment_id) if segment_id in book.segments else None

    personas = tuple(
        PersonaDef(
            slug=p.slug,
            name=p.name,
            description=p.description,
            priority=p.priority,
            rules=rules_of(p.rules_id),
            score_threshold=p.score_threshold,
            public_name=p.public_name,
            public_description=p.public_description,
        )
        for p in Persona.objects.order_by("sort_order", "pk").only(
            "slug",
            "name",
            "description",
            "priority",
            "rules_id",
            "score_threshold",
            "public_name",
            "public_description",
        )
    )
    return RuleSet(
        version=version,
        personas=personas,
        stages=_stages(site, rules_of),
        segments={
            info.slug: SegmentDef(
                info.slug, info.name, book.condition(info.id) if info.enabled else NEVER
            )
            for info in sorted(book.segments.values(), key=lambda i: i.slug or "")
            if info.public and info.slug
        },
        site_timezone=settings.TIME_ZONE,
    )


def _stages(site, rules_of) -> tuple[StageDef, ...]:
    """The site's stages plus the shared ones (site empty); a site's own stage wins a slug clash."""
    site_filter = Q(site__isnull=True) | Q(site=site) if site is not None else Q(site__isnull=True)
    chosen: dict[str, JourneyStage] = {}
    for stage in JourneyStage.objects.filter(site_filter).order_by("order", "pk"):
        if stage.slug not in chosen or stage.site_id is not None:
            chosen[stage.slug] = stage
    ordered = sorted(chosen.values(), key=lambda s: (s.order, s.pk))
    return tuple(
        StageDef(slug=s.slug, name=s.name, order=s.order, rules=rules_of(s.rules_id))
        for s in ordered
    )


def cycles_through(slug: str, condition: dict[str, Any] | None = None) -> list[list[str]]:
    """Reference cycles that pass through public segment `slug`, with `condition` as its rules
    when given (the editor checks a form before saving), else its rules in the database."""
    ruleset = read_ruleset(version="cycle-check")
    if condition is not None:
        segments = dict(ruleset.segments)
        segments[slug] = SegmentDef(slug, slug, condition)
        ruleset = replace(ruleset, segments=segments)
    node = f"segment:{slug}"
    return [cycle for cycle in find_cycles(ruleset) if node in cycle]


def all_cycles() -> list[list[str]]:
    """Every reference cycle among segments, personas and shared stages, e.g.
    [["persona:developer", "segment:api-readers", "persona:developer"]]."""
    return find_cycles(read_ruleset(version="cycle-check"))


def describe_cycle(cycle: list[str]) -> str:
    """ "segment:a -> segment:b -> segment:a" as a marketer reads it: "a → b → a"."""
    return " → ".join(node.replace(":", " ", 1) for node in cycle)
