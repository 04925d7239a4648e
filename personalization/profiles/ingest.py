"""Customer data written in bulk or by the site's server: trait values and batches of events.

Part of the profiles' write side (store.py re-exports these; nothing else writes the rows).
The rules of store.py hold here too, and a batch costs a fixed number of queries whatever its
size (one lookup of the profiles, one of the event ids already stored, one insert):

- Trait values of a visitor are kept on the profile, only with personalization consent. Trait
  values of a user key (the site's own user id, e.g. from the CRM) are kept for that key, and
  read only through a profile identified with it (history.resolve); its values win over the
  visitor's own. Setting a trait on an identified visitor sets it on their user key, so every
  device of the user sees it. A value of None removes the trait.
- An event is stored only for a profile with consent (as store.record_event); an event by user
  key goes to the profile identified with that key (all of that user's devices are merged into
  it by identify). Events for no consented profile are reported, never stored.
- `client_event_id` makes an event idempotent per profile: a replayed batch stores nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from . import sql_inserts
from .history import resolve
from .models import Event, UserTraits, Visitor, VisitorAlias

STORED, DUPLICATE, NO_PROFILE = "stored", "duplicate", "no_profile"


def _merged(current: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(current or {})
    for name, value in values.items():
        if value is None:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def set_visitor_traits(visitor_id: str, values: Mapping[str, Any], *, now: datetime) -> bool:
    """Set trait values (already cleaned) for a visitor; False without a profile that has
    personalization consent. An identified visitor's values go to their user key."""
    visitor = resolve(visitor_id)
    if visitor is None or not visitor.consent_personalization:
        return False
    if visitor.user_key:
        set_user_traits({visitor.user_key: values}, now=now)
        return True
    with transaction.atomic():
        row = (
            Visitor.objects.select_for_update()
            .filter(pk=visitor.pk)
            .values_list("traits", flat=True)
            .first()
        )
        if row is None:
            return False
        Visitor.objects.filter(pk=visitor.pk).update(traits=_merged(row, values))
    return True


def set_user_traits(values_by_key: Mapping[str, Mapping[str, Any]], *, now: datetime) -> int:
    """Set trait values (already cleaned) for many user keys at once; the number of keys written.

    Three queries for any number of keys: lock the existing rows, update them, insert the new
    ones (a key inserted meanwhile by another writer is retried once as an update)."""
    if not values_by_key:
        return 0
    for attempt in range(2):
        try:
            with transaction.atomic():
                existing = {
                    row.user_key: row
                    for row in UserTraits.objects.select_for_update()
                    .filter(user_key__in=list(values_by_key))
                    .order_by("user_key")
                }
                changed, created = [], []
                for key, values in values_by_key.items():
                    row = existing.get(key)
                    if row is not None:
                        row.traits, row.updated_at = _merged(row.traits, values), now
                        changed.append(row)
                    else:
                        created.append(
                            UserTraits(user_key=key, traits=_merged({}, values), updated_at=now)
                        )
                if changed:
                    UserTraits.objects.bulk_update(changed, ["traits", "updated_at"])
                if created:
                    UserTraits.objects.bulk_create(created)
            return len(values_by_key)
        except IntegrityError:
            if attempt == 1:
                raise
    return 0  # unreachable


def forget_user_traits(user_keys: Iterable[str | None]) -> None:
    """Erase the trait values of these user keys (forgetVisitor of an identified visitor)."""
    keys = [k for k in user_keys if k]
    if keys:
        UserTraits.objects.filter(user_key__in=keys).delete()


@dataclass(frozen=True)
class NewEvent:
    """One event of a batch, validated by the caller. `visitor_id` or `user_key` names whose."""

    type: str
    at: datetime
    visitor_id: str | None = None
    user_key: str | None = None
    path: str | None = None
    value: float | None = None
    variant_id: str | None = None
    properties: Mapping[str, Any] | None = None
    client_event_id: str | None = None


def record_events(events: Sequence[NewEvent]) -> list[str]:
    """Store a batch; for each event STORED, DUPLICATE (its client id is already stored for that
    profile, or earlier in the batch) or NO_PROFILE (no profile with consent: nothing stored).

    One transaction, a fixed number of queries: the profiles (by id, alias or user key) locked,
    the client ids already stored, one bulk insert."""
    if not events:
        return []
    with transaction.atomic():
        owners = _owners(events)
        pks = sorted(set(owners.values()))
        ids = {e.client_event_id for e in events if e.client_event_id}
        seen: set[tuple[int, str | None]] = set()
        if ids and pks:
            seen = set(
                Event.objects.filter(visitor_id__in=pks, client_event_id__in=ids).values_list(
                    "visitor_id", "client_event_id"
                )
            )
        outcomes: list[str] = []
        rows: list[tuple] = []
        for event in events:
            pk = owners.get(("v", event.visitor_id) if event.visitor_id else ("u", event.user_key))
            if pk is None:
                outcomes.append(NO_PROFILE)
                continue
            if event.client_event_id:
                if (pk, event.client_event_id) in seen:
                    outcomes.append(DUPLICATE)
                    continue
                seen.add((pk, event.client_event_id))
            rows.append(
                (
                    pk,
                    event.type,
                    event.path,
                    event.value,
                    event.variant_id,
                    dict(event.properties or {}),
                    event.at,
                    event.client_event_id or None,
                )
            )
            outcomes.append(STORED)
        # One executemany; a concurrent writer storing the same client id first makes a row a no-op.
        sql_inserts.insert_events(rows)
    return outcomes


def _owners(events: Sequence[NewEvent]) -> dict[tuple[str, str | None], int]:
    """("v", visitor id) / ("u", user key) -> pk of the consented profile; one locking query."""
    vids = {e.visitor_id for e in events if e.visitor_id}
    keys = {e.user_key for e in events if e.user_key and not e.visitor_id}
    aliases = (
        dict(VisitorAlias.objects.filter(alias__in=vids).values_list("alias", "visitor_id"))
        if vids
        else {}
    )
    named = Q(public_id__in=vids) | Q(user_key__in=keys) | Q(pk__in=list(aliases.values()))
    consent = Q(consent_personalization=True) | Q(consent_analytics=True)
    rows = list(
        Visitor.objects.select_for_update()
        .filter(named & consent)
        .order_by("pk")
        .values_list("pk", "public_id", "user_key")
    )
    owners: dict[tuple[str, str | None], int] = {}
    consented = {pk for pk, _, _ in rows}
    for pk, public_id, user_key in rows:
        owners[("v", public_id)] = pk
        if user_key:
            owners[("u", user_key)] = pk
    for alias, pk in aliases.items():
        if pk in consented:
            owners[("v", alias)] = pk
    return owners
