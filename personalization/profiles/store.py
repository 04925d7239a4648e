"""Every write to visitor profiles: consent, page views, events, zero-party data, merge, forget.

Rules that hold for every function here:
- Nothing is stored about a visitor without consent. A profile is created only by
  `set_consent` granting something; every other write to an unknown id does nothing.
- `now` is always passed in (aware, UTC); nothing here reads the clock.
- Counters change in the database (`n = n + 1`, upserts), never read-modify-write in Python,
  so concurrent requests for one visitor never lose an increment.
- A fixed number of queries per call, whatever the number of tags, personas or events.

Which consent allows what: `personalization` covers the history the engine reads (visits,
counters, affinity, declared data, stage); `analytics` covers the page view log and impressions
tied to the visitor (without it, an impression is still counted, with no visitor).
Events are kept with either. Withdrawing one consent erases the data only it allowed.

Reads (`resolve`, `load_history`, `export`) live in history.py and are re-exported here.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, Model, OuterRef
from django.db.models.expressions import RawSQL

from . import sql, sql_inserts
from .history import VISIT_TIMEOUT, day_number, export, load_history, resolve
from .ingest import (
    DUPLICATE,
    NO_PROFILE,
    STORED,
    NewEvent,
    forget_user_traits,
    record_events,
    set_user_traits,
    set_visitor_traits,
)
from .merge import merge_into
from .models import Impression, PageView, PathView, PersonaAffinity, TagView, Visitor

__all__ = [
    "UNSET",
    "Consent",
    "IdentityConflict",
    "declare",
    "export",
    "forget",
    "get_consent",
    "identify",
    "load_history",
    "log_page_view",
    "new_visitor_id",
    "record_anonymous_impression",
    "record_event",
    "record_page_view",
    "rename_slug",
    "resolve",
    "set_consent",
    # customer data (ingest.py): traits and batches of events
    "DUPLICATE",
    "NO_PROFILE",
    "STORED",
    "NewEvent",
    "record_events",
    "set_user_traits",
    "set_visitor_traits",
]


def _max_length(model: type[Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None
    return field.max_length


MAX_PATH = _max_length(PageView, "path")
MAX_KEY = _max_length(TagView, "tag")


@dataclass(frozen=True)
class Consent:
    personalization: bool
    analytics: bool


class _Unset:
    """Marks an argument that was not given (declare: None clears, UNSET leaves alone)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


class IdentityConflict(Exception):
    """The visitor id already belongs to another user; profiles of two users are never merged."""


def new_visitor_id() -> str:
    """A random, unguessable visitor id: 24 bytes (192 bits), 32 URL-safe characters."""
    return secrets.token_urlsafe(24)


def _resolved(visitor_id: str) -> RawSQL:
    """The internal id of `visitor_id` (aliases followed), as a subquery for ORM filters."""
    query, params = sql.resolve_sql(visitor_id)
    return RawSQL(query, params)


def set_consent(
    visitor_id: str | None, *, personalization: bool, analytics: bool, now: datetime
) -> tuple[str | None, Consent]:
    """Record the visitor's choice and return (id to keep using, consent).

    Granting anything to no id (or an id with no profile) creates a profile under a freshly
    minted id: ids are never chosen by the client. Declining both erases the profile of that id
    and returns None: nothing is kept about a visitor who said no.
    """
    consent = Consent(personalization=personalization, analytics=analytics)
    if not (personalization or analytics):
        if visitor_id:
            forget(visitor_id)
        return None, consent
    with transaction.atomic():
        visitor = None
        if visitor_id:
            visitor = (
                Visitor.objects.select_for_update().filter(pk__in=_resolved(visitor_id)).first()
            )
        if visitor is None:
            visitor_id = new_visitor_id()
            Visitor.objects.create(
                public_id=visitor_id,
                created_at=now,
                consent_personalization=personalization,
                consent_analytics=analytics,
                consent_at=now,
            )
            return visitor_id, consent
        Visitor.objects.filter(pk=visitor.pk).update(
            consent_personalization=personalization, consent_analytics=analytics, consent_at=now
        )
        _erase_withdrawn(visitor.pk, personalization=personalization, analytics=analytics)
    return visitor_id, consent


def _erase_withdrawn(visitor_pk: int, *, personalization: bool, analytics: bool) -> None:
    """Delete what only a withdrawn consent allowed (see the module docstring)."""
    if not personalization:
        for model in (PathView, TagView, PersonaAffinity):
            model.objects.filter(visitor_id=visitor_pk).delete()
        Visitor.objects.filter(pk=visitor_pk).update(
            declared_persona="", interests=[], declared_at=None, stage_reached="", traits={}
        )
    if not analytics:
        PageView.objects.filter(visitor_id=visitor_pk).delete()
        Impression.objects.filter(visitor_id=visitor_pk).delete()


def get_consent(visitor_id: str | None) -> Consent | None:
    """The visitor's recorded consent; None when there is no profile (nothing was granted)."""
    visitor = resolve(visitor_id)
    if visitor is None:
        return None
    return Consent(
        personalization=visitor.consent_personalization, analytics=visitor.consent_analytics
    )


def _tags(values: Iterable[str]) -> list[str]:
    """Lower-case, stripped, distinct, in first-seen order."""
    seen: dict[str, None] = {}
    for value in values:
        tag = str(value).strip().lower()[:MAX_KEY]
        if tag:
            seen.setdefault(tag)
    return list(seen)


def record_page_view(
    visitor_id: str | None,
    *,
    path: str,
    page_id: int | None,
    tags: Iterable[str],
    affinity: Mapping[str, float],
    variant_id: str | None,
    arm: str | None,
    now: datetime,
    stage: str | None = None,
    source: Mapping[str, Any] | None = None,
) -> None:
    """Count one page view for a profile with personalization consent; otherwise do nothing.

    Visits: the view starts a new visit when the previous one is more than VISIT_TIMEOUT old.
    Adds 1 to today's (UTC) row of the path (and to its visit starts when the view starts a
    visit) and of each tag, and the page's `persona_affinity` points to today's scores; with
    analytics consent logs the view, which is also the impression of the variant served; without
    it, records the impression tied to no one. `stage`, when given, becomes the sticky stage
    reached, and `source` the visit's source (same statement).
    Queries: 1 profile UPDATE + 1 per non-empty counter kind + at most 1 log insert, in one
    transaction (no savepoint of its own), for any number of tags and personas.
    """
    if not visitor_id:
        return
    # One transaction, and no savepoint inside a caller's: nothing here needs a partial rollback.
    with transaction.atomic(savepoint=False):
        cutoff = now - VISIT_TIMEOUT
        started = sql.start_page_view(
            visitor_id, now=now, cutoff=cutoff, stage=stage or None, source=source
        )
        if started is None:
            return
        pk, analytics, new_visit = started
        day = day_number(now)
        sql.add_to_counters(
            PathView, "path", pk, day, {path[:MAX_PATH]: {"count": 1, "starts": int(new_visit)}}
        )
        sql.add_to_counters(TagView, "tag", pk, day, {tag: {"count": 1} for tag in _tags(tags)})
        points = {str(k)[:MAX_KEY]: {"score": float(v)} for k, v in affinity.items() if v}
        sql.add_to_counters(PersonaAffinity, "persona", pk, day, points)
        _log(
            pk if analytics else None,
            path=path,
            page_id=page_id,
            variant_id=variant_id,
            arm=arm,
            now=now,
        )


def _log(
    visitor_pk: int | None,
    *,
    path: str,
    page_id: int | None,
    variant_id: str | None,
    arm: str | None,
    now: datetime,
) -> None:
    """With analytics consent (`visitor_pk`), the page view log row, which is also the impression
    of the variant served (graphql-api.md: a request with profiling on records the impression of
    the variant served). Without it, only the impression, tied to no one. One INSERT at most."""
    if visitor_pk is not None:
        sql_inserts.insert_page_view(
            visitor_pk, path[:MAX_PATH], page_id, variant_id, (arm or "") if variant_id else "", now
        )
    elif variant_id:
        Impression.objects.create(
            visitor=None, page_id=page_id, variant_id=variant_id, arm=arm or "", at=now
        )


def log_page_view(
    visitor_id: str | None,
    *,
    path: str,
    page_id: int | None,
    variant_id: str | None,
    arm: str | None,
    now: datetime,
) -> bool:
    """For a visitor who allowed analytics but not personalization: the page view log and the
    impression, and nothing the engine reads (no visit, counter or affinity). False without
    analytics consent."""
    visitor = resolve(visitor_id)
    if visitor is None or not visitor.consent_analytics:
        return False
    _log(visitor.pk, path=path, page_id=page_id, variant_id=variant_id, arm=arm, now=now)
    return True


def record_anonymous_impression(
    *, page_id: int | None, variant_id: str, arm: str | None, now: datetime
) -> None:
    """Count a variant shown without profiling: no visitor, only what was shown and when."""
    Impression.objects.create(
        visitor=None, page_id=page_id, variant_id=variant_id, arm=arm or "", at=now
    )


def record_event(
    visitor_id: str | None,
    *,
    type: str,  # noqa: A002 - the API's own name
    path: str | None = None,
    value: float | None = None,
    variant_id: str | None = None,
    properties: Mapping[str, Any] | None = None,
    client_event_id: str | None = None,
    now: datetime,
) -> bool:
    """Store an event; False when there is no consented profile or `client_event_id` was seen.
    ValueError when `type` or `client_event_id` is longer than MAX_KEY (100) characters.

    One INSERT ... SELECT: the profile lookup, the consent check and the duplicate check are
    all in the statement, so two retries racing each other still store one event.
    """
    if not visitor_id:
        return False
    if len(type) > MAX_KEY or len(client_event_id or "") > MAX_KEY:
        raise ValueError(f"event type and client event id are at most {MAX_KEY} characters")
    fields = {
        "type": type,
        "path": path[:MAX_PATH] if path else path,
        "value": value,
        "variant_id": variant_id,
        "properties": dict(properties or {}),
        "at": now,
        "client_event_id": client_event_id or None,
    }
    try:
        return sql_inserts.insert_event(visitor_id, fields)
    except IntegrityError:  # PostgreSQL: the profile was forgotten while the event was written
        return False


def declare(
    visitor_id: str | None,
    *,
    persona: str | None = UNSET,
    interests: list[str] | None = UNSET,
    now: datetime,
) -> bool:
    """Store what the visitor said about themselves (zero-party data); False without a profile
    with personalization consent. `persona=None` clears the persona, `interests=[]` (or None)
    clears the interests, UNSET leaves a field as it is. Interests are lower-cased like tags.
    Checking that the persona slug exists is the caller's job (it knows the personas)."""
    if not visitor_id:
        return False
    changes: dict[str, Any] = {"declared_at": now}
    if persona is not UNSET:
        changes["declared_persona"] = (persona or "")[:MAX_KEY]
    if interests is not UNSET:
        changes["interests"] = _tags(interests or [])
    return bool(
        Visitor.objects.filter(pk__in=_resolved(visitor_id), consent_personalization=True).update(
            **changes
        )
    )


def rename_slug(kind: str, old: str, new: str) -> int:
    """A persona or stage slug renamed by an editor (personalization/renames.py): profiles that
    declared the persona, reached the stage or scored the persona keep it. Three statements
    whatever the number of visitors; a day's affinity row for the new slug already there (a
    visitor who scored an earlier persona of that name) keeps its score and the old row goes."""
    if kind == "persona":
        changed = Visitor.objects.filter(declared_persona__iexact=old).update(declared_persona=new)
        taken = PersonaAffinity.objects.filter(
            persona=new, visitor_id=OuterRef("visitor_id"), day=OuterRef("day")
        )
        changed += PersonaAffinity.objects.filter(~Exists(taken), persona=old).update(persona=new)
        PersonaAffinity.objects.filter(persona=old).delete()
        return changed
    if kind == "stage":
        return Visitor.objects.filter(stage_reached__iexact=old).update(stage_reached=new)
    return 0


class _Changed(Exception):
    """Another transaction changed the rows between lookup and lock; try again."""


def identify(visitor_id: str | None, *, user_key: str, now: datetime) -> Visitor | None:
    """Tie the visitor's profile to `user_key`; merge it into the profile that already has it.

    Returns the resulting profile, or None when `visitor_id` has no profile (no consent: an
    identified user is still not profiled without it). The profile holding `user_key` survives
    (its id is the one other devices already use); the visitor's profile is folded into it
    (merge.py) and its ids become aliases. Raises IdentityConflict when the visitor's profile
    already belongs to another user.

    One transaction; both rows are locked in primary-key order (SELECT ... FOR UPDATE on
    PostgreSQL; SQLite's IMMEDIATE transactions serialise writers). Two concurrent first
    identifications of one user collide on the unique user_key: the loser retries and merges.
    """
    if not visitor_id:
        return None
    for attempt in range(5):
        try:
            with transaction.atomic():
                return _identify_once(visitor_id, user_key, now)
        except (IntegrityError, _Changed):
            if attempt == 4:
                raise
    return None  # unreachable


def _identify_once(visitor_id: str, user_key: str, now: datetime) -> Visitor | None:
    current = resolve(visitor_id)
    if current is None:
        return None
    owner_pk = Visitor.objects.filter(user_key=user_key).values_list("pk", flat=True).first()
    wanted = {current.pk} | ({owner_pk} if owner_pk else set())
    locked = {
        v.pk: v for v in Visitor.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    }
    current = locked.get(current.pk)
    if current is None:
        raise _Changed  # merged into another profile meanwhile
    if current.user_key == user_key:
        return current
    if current.user_key:
        raise IdentityConflict("this visitor id is already identified as another user")
    owner = locked.get(owner_pk) if owner_pk else None
    if owner is None or owner.user_key != user_key:
        if owner_pk is not None:
            raise _Changed
        Visitor.objects.filter(pk=current.pk).update(user_key=user_key)
        current.user_key = user_key
        return current
    survivor = merge_into(owner, current, now=now)
    _erase_withdrawn(
        survivor.pk,
        personalization=survivor.consent_personalization,
        analytics=survivor.consent_analytics,
    )
    return survivor


def forget(visitor_id: str | None) -> bool:
    """Erase the profile `visitor_id` resolves to: every id, counter, event, page view,
    impression and trait of it (all cascade from the profile row), and the trait values of its
    user key. False when there was none."""
    if not visitor_id:
        return False
    with transaction.atomic():
        # Lock the profile first: a page view in flight then either finishes before the delete
        # (and its rows are deleted too) or finds no profile afterwards (and writes nothing).
        locked = Visitor.objects.select_for_update().filter(pk__in=_resolved(visitor_id))
        rows = list(locked.values_list("pk", "user_key"))
        if not rows:
            return False
        forget_user_traits(key for _, key in rows)
        Visitor.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    return True
