"""Rule health of what is in the database, for the admin (engine/health.py does the analysis).

`site_health(request)` is every finding for the stored rules, computed once per request (a
listing reads it for each row, in a constant number of queries). `proposed_health(kind, slug, condition, ...)` answers "what if this
persona / stage / segment had these rules?" before a form saves: the errors that must refuse
the save and the warnings to show once saved, each naming the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from wagtail.models import Site

from personalization.engine.health import BROKEN, WARNING, Finding, rule_health, status
from personalization.engine.ruleset import PersonaDef, RuleSet, SegmentDef, StageDef
from personalization.models import JourneyStage, Persona
from personalization.rules.build import build_ruleset
from personalization.rules.read_segments import Book, load_book

_ATTR = "_tailor_rule_health"


@dataclass(frozen=True)
class Verdict:
    errors: list[str]
    warnings: list[str]


def stored_ruleset(book: Book | None = None, site=None) -> tuple[RuleSet, set[str]]:
    """Every persona, the stages of `site` (and the shared ones) and every public segment with
    its real rules (a disabled segment keeps them; the engine would read "never"), and the
    disabled segments' slugs."""
    book = book or load_book()
    base = build_ruleset(book, site, "health")
    segments = {
        info.slug: SegmentDef(info.slug, info.name, book.condition(info.id))
        for info in sorted(book.segments.values(), key=lambda i: i.slug or "")
        if info.public and info.slug
    }
    disabled = {
        info.slug
        for info in book.segments.values()
        if info.public and info.slug and not info.enabled
    }
    # A persona or stage whose rules are a public segment reads as `{segment: slug}`, so messages
    # say "persona student -> segment students -> persona student" rather than inlining it.
    public = {info.id: info.slug for info in book.segments.values() if info.public and info.slug}
    persona_refs = dict(Persona.objects.filter(rules_id__in=public).values_list("slug", "rules_id"))
    stage_refs = dict(
        JourneyStage.objects.filter(rules_id__in=public).values_list("slug", "rules_id")
    )
    personas = tuple(
        replace(p, rules={"segment": public[persona_refs[p.slug]]}) if p.slug in persona_refs else p
        for p in base.personas
    )
    stages = tuple(
        replace(s, rules={"segment": public[stage_refs[s.slug]]}) if s.slug in stage_refs else s
        for s in base.stages
    )
    return replace(base, segments=segments, personas=personas, stages=stages), disabled


def site_health(request=None) -> list[Finding]:
    """Every finding for the stored rules (shared stages, then each site's own); kept on
    `request` so a listing computes it once."""
    found = getattr(request, _ATTR, None) if request is not None else None
    if found is None:
        book = load_book()
        found = []
        sites = [None, *Site.objects.filter(journey_stages__isnull=False).distinct().order_by("pk")]
        for site in sites:
            rules, disabled = stored_ruleset(book, site)
            found += [f for f in rule_health(rules, disabled) if f not in found]
        if request is not None:
            setattr(request, _ATTR, found)
    return found


def health_of(kind: str, slug: str, request=None) -> tuple[str, list[str]]:
    """(ok | warning | broken, messages) of one stored persona, stage or segment."""
    findings = site_health(request)
    owner = f"{kind}:{slug}"
    return status(findings, owner), [f.message for f in findings if f.owner == owner]


def proposed_health(
    kind: str,
    slug: str,
    condition: dict[str, Any] | None,
    *,
    old_slug: str | None = None,
    order: int | None = None,
    name: str = "",
    site=None,
) -> Verdict:
    """Errors and warnings about `kind` `slug` if its rules were `condition` (None: no rules),
    against everything else as stored. A renamed owner (`old_slug`) replaces its old entry."""
    rules, disabled = stored_ruleset(site=site)
    rules = _with(rules, kind, slug, old_slug or slug, condition, order, name or slug)
    owner = f"{kind}:{slug}"
    findings = [f for f in rule_health(rules, disabled) if f.owner == owner]
    return Verdict(
        errors=[f.message for f in findings if f.level == BROKEN],
        warnings=[f.message for f in findings if f.level == WARNING],
    )


def _with(rules: RuleSet, kind: str, slug: str, old: str, condition, order, name) -> RuleSet:
    if kind == "segment":
        segments = {k: v for k, v in rules.segments.items() if k not in (old, slug)}
        if condition is not None:
            segments[slug] = SegmentDef(slug, name, condition)
        return replace(rules, segments=segments)
    if kind == "persona":
        current = next((p for p in rules.personas if p.slug == old), None)
        others = tuple(p for p in rules.personas if p.slug not in (old, slug))
        mine = (
            replace(current, slug=slug, rules=condition)
            if current
            else PersonaDef(slug, name, rules=condition)
        )
        return replace(rules, personas=others + (mine,))
    stage = next((s for s in rules.stages if s.slug == old), None)
    other_stages = tuple(s for s in rules.stages if s.slug not in (old, slug))
    if stage is not None:
        new_stage = replace(
            stage, slug=slug, rules=condition, order=stage.order if order is None else order
        )
    else:
        new_stage = StageDef(slug, name, 0 if order is None else order, condition)
    return replace(rules, stages=tuple(sorted(other_stages + (new_stage,), key=lambda s: s.order)))
