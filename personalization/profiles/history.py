"""The read side of profiles: resolving an id, the engine's `History`, the visitor's data export.

Reads only; every write is in store.py. Each function runs a fixed number of queries whatever
the size of the history (pinned in tests/profiles/test_query_counts.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import CharField, F, FloatField, Value
from django.db.models.functions import Cast

from personalization.engine.context import EventRecord, History

from .models import Event, Impression, PageView, PathView, PersonaAffinity, TagView, Visitor

# A page view more than this after the previous one starts a new visit (as GA4 sessions do).
VISIT_TIMEOUT = timedelta(minutes=30)
# Events older than this are not history any more (the `event` condition's within_days is less).
EVENT_HORIZON = timedelta(days=400)
# The newest events kept in a History: an `event` condition's count is exact up to this many.
MAX_HISTORY_EVENTS = 1000


def resolve(visitor_id: str | None) -> Visitor | None:
    """The profile `visitor_id` names, directly or as an alias of a merged profile; one query."""
    if not visitor_id:
        return None
    direct = Visitor.objects.filter(public_id=visitor_id)
    aliased = Visitor.objects.filter(aliases__alias=visitor_id)
    return next(iter(direct.union(aliased, all=True)[:1]), None)


def load_history(visitor_id: str | None, *, now: datetime) -> History | None:
    """The engine's view of the visitor before this request is recorded; None without a profile
    that has personalization consent. Three queries: the profile, its counters, its events.

    Visit semantics, so that rules read the same before and after `record_page_view`:
    - `visit_count` is the number of visits including the one this request belongs to. If the
      last page view was more than VISIT_TIMEOUT before `now` (or there was none), this request
      starts a new visit and the count is the stored count + 1; otherwise it is the stored count.
    - `last_seen` is the end (last page view) of the visit before the current one: the stored
      `last_seen` when this request starts a new visit, else the stored end of the previous
      visit; None during the first visit.
    - `first_seen` is the first page view, or `now` for a visitor on their first page view.
    - `page_views`, `path_views` and `tag_views` count earlier page views only (the API records
      this one after deciding). `events` are the newest MAX_HISTORY_EVENTS of the last
      EVENT_HORIZON, newest first.
    """
    visitor = resolve(visitor_id)
    if visitor is None or not visitor.consent_personalization:
        return None
    return history_of(visitor, now=now)


def history_of(visitor: Visitor, *, now: datetime) -> History:
    """`load_history` for a profile already resolved (two queries: counters, events)."""
    path_views, tag_views, affinity = _counters(visitor.pk)
    events = (
        Event.objects.filter(visitor_id=visitor.pk, at__gte=now - EVENT_HORIZON)
        .order_by("-at")
        .values_list("type", "at")[:MAX_HISTORY_EVENTS]
    )
    last = visitor.last_seen
    starts_visit = last is None or last < now - VISIT_TIMEOUT
    return History(
        visit_count=visitor.visit_count + 1 if starts_visit else max(visitor.visit_count, 1),
        page_views=visitor.page_views,
        path_views=path_views,
        tag_views=tag_views,
        events=tuple(EventRecord(type=type_, at=at) for type_, at in events),
        first_seen=visitor.first_seen or now,
        last_seen=last if starts_visit else visitor.previous_visit_ended_at,
        affinity=affinity,
        stage=visitor.stage_reached or None,
    )


def _counters(visitor_pk: int) -> tuple[dict[str, int], dict[str, int], dict[str, float]]:
    """Path views, tag views and persona affinity in one UNION ALL query."""
    def rows(model: type, kind: str, key: str, amount: str):
        return model.objects.filter(visitor_id=visitor_pk).values_list(
            Value(kind, output_field=CharField()), F(key), Cast(amount, FloatField())
        )

    query = rows(PathView, "path", "path", "count").union(
        rows(TagView, "tag", "tag", "count"), rows(PersonaAffinity, "persona", "persona", "score"), all=True
    )
    paths: dict[str, int] = {}
    tags: dict[str, int] = {}
    affinity: dict[str, float] = {}
    for kind, key, amount in query:
        if kind == "path":
            paths[key] = int(amount)
        elif kind == "tag":
            tags[key] = int(amount)
        else:
            affinity[key] = float(amount)
    return paths, tags, affinity


def export(visitor_id: str | None, *, event_limit: int | None = None) -> dict[str, Any] | None:
    """Everything stored about the visitor (the `visitor` query, a data-access request).

    Events, page views and impressions newest first; `event_limit` caps the events only.
    """
    visitor = resolve(visitor_id)
    if visitor is None:
        return None
    path_views, tag_views, affinity = _counters(visitor.pk)
    events = Event.objects.filter(visitor_id=visitor.pk).order_by("-at", "-pk")
    if event_limit is not None:
        events = events[: max(event_limit, 0)]
    return {
        "visitor_id": visitor_id,
        "public_id": visitor.public_id,
        "aliases": sorted(visitor.aliases.values_list("alias", flat=True)),
        "user_key": visitor.user_key,
        "created_at": visitor.created_at,
        "first_seen": visitor.first_seen,
        "last_seen": visitor.last_seen,
        "visit_count": visitor.visit_count,
        "page_views": visitor.page_views,
        "consent": {
            "personalization": visitor.consent_personalization,
            "analytics": visitor.consent_analytics,
            "at": visitor.consent_at,
        },
        "declared_persona": visitor.declared_persona or None,
        "interests": list(visitor.interests),
        "stage_reached": visitor.stage_reached or None,
        "visit_source": visitor.visit_source or None,
        "path_views": path_views,
        "tag_views": tag_views,
        "affinity": affinity,
        "events": list(events.values(
            "type", "path", "value", "variant_id", "properties", "at", "client_event_id"
        )),
        "page_view_log": list(
            PageView.objects.filter(visitor_id=visitor.pk).order_by("-at", "-pk")
            .values("path", "page_id", "variant_id", "at")
        ),
        "impressions": list(
            Impression.objects.filter(visitor_id=visitor.pk).order_by("-at", "-pk")
            .values("page_id", "variant_id", "arm", "at")
        ),
    }
