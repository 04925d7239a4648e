"""The read side of profiles: resolving an id, the engine's `History`, the visitor's data export.

Reads only; every write is in store.py. Each function runs a fixed number of queries whatever
the size of the history (pinned in tests/profiles/test_query_counts.py).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import OuterRef, Subquery

from personalization import settings as tailor_settings
from personalization.engine.context import DayCounts, EventRecord, History

from . import sql
from .models import Event, Impression, PageView, UserTraits, Visitor

# A page view more than this after the previous one starts a new visit (as GA4 sessions do).
VISIT_TIMEOUT = timedelta(minutes=30)
# Events older than this are not history any more (the `event` condition's within_days is less).
EVENT_HORIZON = timedelta(days=400)
# The newest events kept in a History: an `event` condition's count is exact up to this many.
MAX_HISTORY_EVENTS = 1000
_EPOCH = date(1970, 1, 1)
_DEFAULT: Any = object()


def day_number(when: datetime) -> int:
    """The UTC day of `when` as the counters store it: days since 1970-01-01."""
    return (when.astimezone(UTC).date() - _EPOCH).days


def affinity_half_life() -> float | None:
    """The site's affinity half-life in days (PERSONALIZATION_AFFINITY_HALF_LIFE_DAYS, default 90);
    None when it is 0: points never fade."""
    days = tailor_settings.affinity_half_life_days()
    return days if days > 0 else None


def resolve(visitor_id: str | None) -> Visitor | None:
    """The profile `visitor_id` names, directly or as an alias of a merged profile; one query.

    The profile carries `user_traits`, the trait values of its user key (a subquery in the same
    statement), so that reading traits costs no query of its own."""
    if not visitor_id:
        return None
    user_traits = Subquery(
        UserTraits.objects.filter(user_key=OuterRef("user_key")).values("traits")[:1]
    )
    direct = Visitor.objects.filter(public_id=visitor_id).annotate(user_traits=user_traits)
    aliased = Visitor.objects.filter(aliases__alias=visitor_id).annotate(user_traits=user_traits)
    return next(iter(direct.union(aliased, all=True)[:1]), None)


def traits_of(visitor: Visitor) -> dict[str, Any]:
    """The visitor's trait values: their own, then their user key's (which win)."""
    own = visitor.traits or {}
    of_user = getattr(visitor, "user_traits", None) or {}
    if isinstance(of_user, str):  # a backend that hands the subquery's JSON back as text
        of_user = json.loads(of_user)
    return {**own, **of_user}


def load_history(
    visitor_id: str | None, *, now: datetime, window_days: int | None = None
) -> History | None:
    """The engine's view of the visitor before this request is recorded; None without a profile
    that has personalization consent. One query: the profile, its counters and its events.

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
    - `days`: the daily counts of today and the `window_days` days before (UTC), newest first,
      for `within_days` conditions (none when `window_days` is None); today's visits include
      this request's visit when it starts one, like `visit_count`.
    - `affinity`: each day's points halved for every half-life of age (affinity_half_life).
    """
    return read(visitor_id, now=now, window_days=window_days)[1]


def read(
    visitor_id: str | None,
    *,
    now: datetime,
    window_days: int | None = None,
    half_life_days: float | None = _DEFAULT,
) -> tuple[Visitor | None, History | None]:
    """The profile and, with personalization consent, its History, in one query (profile,
    counters and events in one statement: sql.read_profile)."""
    if not visitor_id:
        return None, None
    half_life = affinity_half_life() if half_life_days is _DEFAULT else half_life_days
    today = day_number(now)
    visitor = sql.read_profile(
        visitor_id,
        today=today,
        since=today - window_days if window_days is not None else None,
        half_life_days=half_life,
        events_since=now - EVENT_HORIZON,
        max_events=MAX_HISTORY_EVENTS,
    )
    if visitor is None or not visitor.consent_personalization:
        return visitor, None
    events = sorted(visitor.event_rows, key=lambda row: row[1], reverse=True)
    return visitor, _history(visitor, now, window_days, half_life, visitor.counter_rows, events)


def history_of(
    visitor: Visitor,
    *,
    now: datetime,
    window_days: int | None = None,
    half_life_days: float | None = _DEFAULT,
) -> History:
    """`load_history` for a profile already resolved (two queries: counters, events)."""
    half_life = affinity_half_life() if half_life_days is _DEFAULT else half_life_days
    today = day_number(now)
    counters = sql.read_counters(
        visitor.pk,
        today=today,
        since=today - window_days if window_days is not None else None,
        half_life_days=half_life,
    )
    events = (
        Event.objects.filter(visitor_id=visitor.pk, at__gte=now - EVENT_HORIZON)
        .order_by("-at")
        .values_list("type", "at", "value", "properties")[:MAX_HISTORY_EVENTS]
    )
    return _history(visitor, now, window_days, half_life, counters, events)


def _history(
    visitor: Visitor,
    now: datetime,
    window_days: int | None,
    half_life: float | None,
    counter_rows,
    events,
) -> History:
    today = day_number(now)
    path_views, tag_views, affinity, days = _counters(counter_rows)
    last = visitor.last_seen
    starts_visit = last is None or last < now - VISIT_TIMEOUT
    if window_days is not None and starts_visit:
        days[today] = days.get(today) or DayCounts(day=_EPOCH + timedelta(days=today))
        days[today] = DayCounts(
            days[today].day,
            days[today].visits + 1,
            days[today].page_views,
            days[today].paths,
            days[today].tags,
        )
    return History(
        visit_count=visitor.visit_count + 1 if starts_visit else max(visitor.visit_count, 1),
        page_views=visitor.page_views,
        path_views=path_views,
        tag_views=tag_views,
        events=tuple(
            EventRecord(type=type_, at=at, value=value, properties=properties or {})
            for type_, at, value, properties in events
        ),
        first_seen=visitor.first_seen or now,
        last_seen=last if starts_visit else visitor.previous_visit_ended_at,
        affinity=affinity,
        affinity_half_life_days=half_life,
        days=tuple(days[d] for d in sorted(days, reverse=True)),
        stage=visitor.stage_reached or None,
        traits=traits_of(visitor),
    )


def _counters(
    rows,
) -> tuple[dict[str, int], dict[str, int], dict[str, float], dict[int, DayCounts]]:
    """Path views, tag views, persona affinity and the daily counts, from sql.read_counters' rows."""
    paths: dict[str, int] = {}
    tags: dict[str, int] = {}
    affinity: dict[str, float] = {}
    day_paths: dict[int, dict[str, int]] = {}
    day_tags: dict[int, dict[str, int]] = {}
    starts: dict[int, int] = {}
    for kind, key, day, amount, started in rows:
        if kind == "path":
            paths[key] = int(amount)
        elif kind == "tag":
            tags[key] = int(amount)
        elif kind == "persona":
            affinity[key] = float(amount)
        elif kind == "path_day":
            day_paths.setdefault(day, {})[key] = int(amount)
            starts[day] = starts.get(day, 0) + int(started)
        else:
            day_tags.setdefault(day, {})[key] = int(amount)
    days = {
        day: DayCounts(
            day=_EPOCH + timedelta(days=day),
            visits=starts.get(day, 0),
            page_views=sum(day_paths.get(day, {}).values()),
            paths=day_paths.get(day, {}),
            tags=day_tags.get(day, {}),
        )
        for day in set(day_paths) | set(day_tags)
    }
    return paths, tags, affinity, days


def export(visitor_id: str | None, *, event_limit: int | None = None) -> dict[str, Any] | None:
    """Everything stored about the visitor (the `visitor` query, a data-access request).

    Events, page views and impressions newest first; `event_limit` caps the events only.
    """
    visitor = resolve(visitor_id)
    if visitor is None:
        return None
    path_views, tag_views, affinity, _ = _counters(
        sql.read_counters(visitor.pk, today=0, since=None, half_life_days=None)
    )
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
        "traits": traits_of(visitor),
        "path_views": path_views,
        "tag_views": tag_views,
        "affinity": affinity,
        "events": list(
            events.values(
                "type", "path", "value", "variant_id", "properties", "at", "client_event_id"
            )
        ),
        "page_view_log": list(
            PageView.objects.filter(visitor_id=visitor.pk)
            .order_by("-at", "-pk")
            .values("path", "page_id", "variant_id", "at")
        ),
        "impressions": _impressions(visitor.pk),
    }


def _impressions(visitor_pk: int) -> list[dict[str, Any]]:
    """The variants shown to the visitor, newest first: their page views with a variant (how
    they are stored now) and any older Impression rows tied to them."""
    fields = ("page_id", "variant_id", "arm", "at")
    rows = list(
        PageView.objects.filter(visitor_id=visitor_pk, variant_id__isnull=False).values(*fields)
    )
    rows += Impression.objects.filter(visitor_id=visitor_pk).values(*fields)
    return sorted(rows, key=lambda row: row["at"], reverse=True)
