"""Who references a persona, journey stage, segment or trait by its slug in rules: the one finder
read by the admin's "where is this used" (personalization/admin/usage.py) and by the site
format's `--prune`, which refuses to delete what is still used (cms/sitefmt/prunables.py).

Owners of rules are personas, journey stages (those of one site too) and public segments; each
references what its condition names, and a persona or stage whose rules are a public segment
picked from a list references that segment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from personalization.engine.cycles import condition_references
from personalization.models import JourneyStage, Persona
from personalization.rules.read_segments import Book, SegmentInfo

RULES, PICKED = "rules", "picked"


@dataclass(frozen=True)
class RuleOwner:
    kind: str  # persona | stage | segment
    slug: str
    name: str
    pk: int  # the persona's, stage's or segment's
    site: Any = None  # a journey stage of one site: its Site


@dataclass(frozen=True)
class RuleReference:
    owner: RuleOwner
    how: str  # RULES: its condition names the target; PICKED: its rules are that segment
    kind: str  # persona | stage | segment | trait
    slug: str


def trait_names(cond: Any) -> Iterator[str]:
    """The trait of every `{trait: {name: ...}}` in a condition, nested groups included."""
    if isinstance(cond, list):
        for child in cond:
            yield from trait_names(child)
    elif isinstance(cond, dict):
        for key, test in cond.items():
            if key == "trait" and isinstance(test, dict) and test.get("name"):
                yield str(test["name"])
            elif key in ("all", "any", "not"):
                yield from trait_names(test)


def _owners(book: Book) -> Iterator[tuple[RuleOwner, SegmentInfo]]:
    for p in Persona.objects.order_by("sort_order", "pk").only("pk", "slug", "name", "rules_id"):
        if p.rules_id in book.segments:
            yield RuleOwner("persona", p.slug, p.name, p.pk), book.segments[p.rules_id]
    for s in JourneyStage.objects.order_by("order", "pk").select_related("site"):
        if s.rules_id in book.segments:
            yield RuleOwner("stage", s.slug, s.name, s.pk, s.site), book.segments[s.rules_id]
    for info in book.segments.values():
        if info.public and info.slug:
            yield RuleOwner("segment", info.slug, info.name, info.id), info


def rule_references(book: Book, *, traits: bool = True) -> Iterator[RuleReference]:
    """Every reference made by rules, owner by owner (personas, stages, then public segments)."""
    for owner, info in _owners(book):
        condition = book.condition(info.id)
        for kind, slug in condition_references(condition):
            yield RuleReference(owner, RULES, kind, slug)
        if traits:
            for name in trait_names(condition):
                yield RuleReference(owner, RULES, "trait", name)
        if owner.kind != "segment" and info.public and info.slug:
            yield RuleReference(owner, PICKED, "segment", info.slug)
