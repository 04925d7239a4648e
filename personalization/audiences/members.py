"""Who is in an audience: the engine's own decision, on what is stored about each profile.

Only profiles with personalization consent are evaluated. Signals a request would carry
(location, device, source of a visit in progress) are unknown here, so conditions on them do not
hold; history, traits, declared data, identity and the time do. Profiles are read in batches
(one query for a batch of profiles, two per profile for its history)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from personalization.delivery.compiled import current_compiled
from personalization.engine.context import VisitorContext
from personalization.engine.decide import decide
from personalization.profiles.history import history_of, resolve
from personalization.profiles.models import Visitor

BATCH = 500


def audiences_of(visitor: Visitor, now: datetime, compiled=None) -> set[str]:
    """ "segment:slug" and "persona:slug" the profile is in now (empty without consent)."""
    if not visitor.consent_personalization:
        return set()
    compiled = compiled or current_compiled()
    ctx = VisitorContext(
        now=now,
        site_timezone=compiled.rules.site_timezone,
        visitor_id=visitor.public_id,
        history=history_of(visitor, now=now),
        logged_in=bool(visitor.user_key),
        declared_persona=visitor.declared_persona or None,
        declared_interests=tuple(visitor.interests or ()),
    )
    decision = decide(ctx, compiled, explain=False)
    found = {f"segment:{slug}" for slug in decision.segments}
    if decision.persona:
        found.add(f"persona:{decision.persona}")
    return found


def consented_profiles(identified_only: bool = False) -> Iterator[Visitor]:
    """Every profile with personalization consent, in primary-key batches (constant memory)."""
    last = 0
    while True:
        query = Visitor.objects.filter(pk__gt=last, consent_personalization=True)
        if identified_only:
            query = query.exclude(user_key__isnull=True).exclude(user_key="")
        batch = list(query.order_by("pk")[:BATCH])
        if not batch:
            return
        for row in batch:
            # resolve() adds the user key's traits to the profile, as a request would see them.
            profile = resolve(row.public_id) if row.user_key else row
            if profile is not None:  # None only if the profile was erased since the batch read
                yield profile
        last = batch[-1].pk


def members(audience: str, now: datetime) -> Iterator[str]:
    """User keys of the consented, identified profiles in `audience`, in profile order."""
    compiled = current_compiled()
    for visitor in consented_profiles(identified_only=True):
        if audience in audiences_of(visitor, now, compiled):
            assert visitor.user_key  # identified_only: profiles with a user key
            yield visitor.user_key
