"""Merging two profiles of the same person into one (store.identify).

Called inside store.identify's transaction with both rows locked. The merged history is the
union of both: counters and affinity summed day by day, every event kept (a retried event, the same
client_event_id on both sides, once), page views and impressions moved; the loser's ids become
aliases of the survivor. Private to the profiles app.

Apps that keep their own rows per profile (experiment exposures) move them
on `profiles_merged`, sent inside the same transaction before the loser is deleted (its rows
would otherwise cascade away with it).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Model
from django.dispatch import Signal

from . import sql
from .models import (
    Event,
    Impression,
    PageView,
    PathView,
    PersonaAffinity,
    TagView,
    Visitor,
    VisitorAlias,
)

# Sent with survivor_pk, loser_pk, now: move what belongs to `loser` before it is deleted.
profiles_merged = Signal()

COUNTERS: tuple[tuple[type[Model], str, tuple[str, ...]], ...] = (
    (PathView, "path", ("count", "starts")),
    (TagView, "tag", ("count",)),
    (PersonaAffinity, "persona", ("score",)),
)


def merge_into(survivor: Visitor, loser: Visitor, *, now: datetime) -> Visitor:
    """Fold `loser` into `survivor`, delete `loser`, and return the saved survivor."""
    for model, key, amount in COUNTERS:
        sql.move_counters(model, key, amount, from_pk=loser.pk, to_pk=survivor.pk)
    survivor_ids = Event.objects.filter(visitor=survivor, client_event_id__isnull=False).values(
        "client_event_id"
    )
    Event.objects.filter(visitor=loser, client_event_id__in=survivor_ids).delete()
    Event.objects.filter(visitor=loser).update(visitor=survivor)
    PageView.objects.filter(visitor=loser).update(visitor=survivor)
    Impression.objects.filter(visitor=loser).update(visitor=survivor)
    VisitorAlias.objects.filter(visitor=loser).update(visitor=survivor)
    _combine_fields(survivor, loser)
    profiles_merged.send(sender=Visitor, survivor_pk=survivor.pk, loser_pk=loser.pk, now=now)
    loser_id = loser.public_id
    Visitor.objects.filter(pk=loser.pk).delete()
    VisitorAlias.objects.create(alias=loser_id, visitor=survivor, created_at=now)
    survivor.save()
    return survivor


def _combine_fields(survivor: Visitor, loser: Visitor) -> None:
    """Profile fields of the merged profile, written onto `survivor` (not saved)."""
    recent, older = (
        (survivor, loser) if _later(survivor.last_seen, loser.last_seen) else (loser, survivor)
    )
    survivor.first_seen = _extreme(min, survivor.first_seen, loser.first_seen)
    survivor.last_seen = recent.last_seen or older.last_seen
    survivor.visit_started_at = recent.visit_started_at or older.visit_started_at
    # The visit before the current one ended at the latest page view that is not in it.
    survivor.previous_visit_ended_at = _extreme(
        max, recent.previous_visit_ended_at, older.last_seen
    )
    survivor.visit_count += loser.visit_count
    survivor.page_views += loser.page_views
    survivor.stage_reached = recent.stage_reached or older.stage_reached
    # The person's latest word wins: consent and declared data from the most recent change.
    consent = survivor if _later(survivor.consent_at, loser.consent_at) else loser
    survivor.consent_personalization = consent.consent_personalization
    survivor.consent_analytics = consent.consent_analytics
    survivor.consent_at = consent.consent_at
    declared = survivor if _later(survivor.declared_at, loser.declared_at) else loser
    survivor.declared_persona = declared.declared_persona
    survivor.interests = declared.interests
    survivor.declared_at = declared.declared_at
    # Trait values of either device; the survivor's (the user's existing profile) win.
    survivor.traits = {**(loser.traits or {}), **(survivor.traits or {})}


def _later(a: datetime | None, b: datetime | None) -> bool:
    """True when `a` is at least as recent as `b` (a missing time is the oldest)."""
    if a is None:
        return b is None
    return b is None or a >= b


def _extreme(pick, *values: datetime | None) -> datetime | None:
    present = [v for v in values if v is not None]
    return pick(present) if present else None
