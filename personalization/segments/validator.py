"""The one check of a proposed condition, for the segment, persona and stage forms and for
`load_site`: may these rules be saved, and what should the author be told?

- the shape and value types are the engine's (engine/validate.py, run by rule health);
- values outside their vocabulary (vocabulary.py): refused, or a warning for families and events;
- a name used twice by the same kind (on the same site, for stages) is refused, since every
  dropdown would show both alike;
- rule health against everything stored (health.py): no rules, unknown references, cycles are
  refused; suspicious rules are warnings.

Every problem says which field it concerns (`Problem.field`), in the form's words (words.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from wagtail_personalisation.models import Segment

from personalization.experiments.models import Goal
from personalization.models import JourneyStage, Persona, SegmentIdentity
from personalization.profiles.models import Event
from personalization.traits import declared_traits

from .health import proposed_health
from .vocabulary import Finding, Known, condition_findings
from .words import KIND_WORDS, Names, in_words

NAME, RULES = "name", "rules"  # the fields problems attach to


@dataclass(frozen=True)
class Problem:
    message: str
    field: str | None = RULES  # the form field the message belongs next to


@dataclass
class Verdict:
    errors: list[Problem]
    warnings: list[Problem]

    def add(self, finding: Finding, field: str | None = RULES) -> None:
        (self.warnings if finding.warning else self.errors).append(Problem(finding.message, field))


def known_values() -> Known:
    """Declared traits now; event types (sent by visitors or counted by goals) when first asked."""
    seen: set[str] | None = None

    def event_types() -> set[str]:
        nonlocal seen
        if seen is None:
            seen = set(Event.objects.values_list("type", flat=True).distinct())
            seen |= set(Goal.objects.values_list("event", flat=True))
        return seen

    return Known(traits=declared_traits(), event_types=event_types)


def stored_names() -> Names:
    """(kind, slug) -> name of every persona, stage and public segment, for messages."""
    names: dict[tuple[str, str], str] = {}
    for slug, name in Persona.objects.values_list("slug", "name"):
        names["persona", slug] = name
    for slug, name in JourneyStage.objects.values_list("slug", "name"):
        names["stage", slug] = name
    public = SegmentIdentity.objects.filter(role=SegmentIdentity.PUBLIC)
    for slug, name in public.values_list("slug", "segment__name"):
        names["segment", slug] = name
    return names


def duplicate_name(
    kind: str, name: str, *, pk: int | None = None, site=None, slugs: Collection[str] = ()
) -> str | None:
    """The message when another persona / stage (of the same site) / segment has this name
    (ignoring case); None when it is free. `pk` is the object itself; `slugs` are objects a
    site file is about to rewrite (their names in the database do not count)."""
    name = (name or "").strip()
    if not name:
        return None
    taken: QuerySet[Any]
    if kind == "persona":
        taken = Persona.objects.filter(name__iexact=name)
    elif kind == "stage":
        taken = JourneyStage.objects.filter(name__iexact=name)
        taken = taken.filter(Q(site=site) | Q(site__isnull=True)) if site else taken
    else:  # segments a marketer sees: not the ones holding a persona's or stage's rules
        taken = Segment.objects.filter(name__iexact=name).exclude(
            identity__role=SegmentIdentity.OWNED
        )
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if slugs:
        slug_key = "identity__slug__in" if kind == "segment" else "slug__in"
        taken = taken.exclude(**{slug_key: list(slugs)})
    if not taken.exists():
        return None
    return gettext(
        "Another %(kind)s is already called “%(name)s”; choose a name people can tell apart."
    ) % {"kind": KIND_WORDS[kind], "name": name}


def check_proposed(
    kind: str,
    slug: str,
    condition: dict[str, Any] | None,
    *,
    name: str = "",
    pk: int | None = None,
    old_slug: str | None = None,
    order: int | None = None,
    site=None,
    vocabulary: bool = True,
    known: Known | None = None,
) -> Verdict:
    """Errors (refuse the save) and warnings (tell after saving) for `kind` `slug` with these
    rules. `vocabulary=False` when the caller checked each rule row already (`row_findings`)."""
    verdict = Verdict([], [])
    taken = duplicate_name(kind, name, pk=pk, site=site)
    if taken:
        verdict.errors.append(Problem(taken, NAME))
    if vocabulary and condition is not None:
        for finding in condition_findings(condition, known or known_values()):
            verdict.add(finding)
    health = proposed_health(
        kind, slug, condition, old_slug=old_slug, order=order, name=name or slug, site=site
    )
    names = {**stored_names(), (kind, slug): name or slug}
    for message in health.errors:
        verdict.errors.append(Problem(in_words(message, names, (kind, slug))))
    for message in health.warnings:
        verdict.warnings.append(Problem(in_words(message, names, (kind, slug))))
    return verdict


def row_findings(rule: Any, known: Known) -> list[Finding]:
    """Vocabulary findings for one rule row (a model with `as_condition`), for its own form."""
    try:
        condition = rule.as_condition()
    except Exception:  # noqa: BLE001 - the row's own validation reports it
        return []
    return condition_findings(condition, known)


@dataclass(frozen=True)
class EntryProblem:
    """A problem of one site-file entry: `kind` persona / stage / segment, `slug`, `key`
    (name or rules), in words."""

    kind: str
    slug: str
    key: str
    message: str
    warning: bool = False


def check_entries(kind: str, entries: Iterable[dict[str, Any]], known: Known) -> list[EntryProblem]:
    """For `load_site`: the checks of `check_proposed` that do not need the whole site (rule
    health does, cms/sitefmt/load.py runs it): values against their vocabulary, and names unique
    among the entries and against what the database keeps beside them."""
    entries = [e for e in entries if isinstance(e, dict)]
    slugs = {str(e["slug"]) for e in entries if isinstance(e.get("slug"), str)}
    problems: list[EntryProblem] = []
    seen: dict[str, str] = {}
    for entry in entries:
        slug, name = str(entry.get("slug", "?")), entry.get("name")
        if isinstance(name, str) and name.strip():
            other = seen.setdefault(name.strip().lower(), slug)
            message = (
                gettext("Another %(kind)s in the files is also called “%(name)s” (%(other)s).")
                % {"kind": KIND_WORDS[kind], "name": name, "other": other}
                if other != slug
                else duplicate_name(kind, name, slugs=slugs)
            )
            if message:
                problems.append(EntryProblem(kind, slug, NAME, message))
        if entry.get("rules") is not None:
            for finding in condition_findings(entry["rules"], known):
                problems.append(EntryProblem(kind, slug, RULES, finding.message, finding.warning))
    return problems
