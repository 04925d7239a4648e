"""`rollup_events`: raw exposures, events and page views -> daily aggregates (ArmDay).

Idempotent: every run deletes the aggregates of the days it recomputes and writes them again
from the raw rows, in one transaction, so running it twice (or concurrently with reports)
gives the same figures. Which days: from the last finished run's start minus the longest goal
window minus a day (a conversion can arrive up to a window after its exposure) or the first
exposure of a profile merged by `identify` since then if that is older, or every day
that still has exposures with `full=True` (needed after events were sent with an old `at`).
Days before the oldest remaining exposure are never touched, so aggregates outlive
`purge_events`.

A visitor's exposure counts for each goal once: converted or not, and its value summed over
the window; the aggregates are keyed by the day of that first exposure (cohorts).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from django.db import transaction
from django.db.models import Min

from personalization.profiles.models import Event, PageView

from . import bandit
from .goals import GoalDef, all_goals
from .models import ArmDay, Exposure, RollupRun

CHUNK = 2000
DIMENSIONS = ("persona", "stage", "channel", "device", "country")


@dataclass(frozen=True)
class RollupReport:
    from_day: date | None
    exposures: int
    rows: int
    bandits: int


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def recompute_from(now: datetime, goals: list[GoalDef], full: bool) -> date | None:
    """The first day to recompute; None when there is no exposure at all."""
    first = Exposure.objects.order_by("at").values_list("at", flat=True).first()
    if first is None:
        return None
    last = RollupRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    if full or last is None:
        return first.astimezone(UTC).date()
    longest = max((g.window for g in goals), default=timedelta(days=7))
    since = (last.started_at - longest - timedelta(days=1)).astimezone(UTC).date()
    # Profiles merged by `identify` since then: their exposures (and the one deleted as a
    # duplicate, on a later day) and their moved events change days that may be older.
    merged = Exposure.objects.filter(visitor__aliases__created_at__gte=last.started_at).aggregate(
        first=Min("at")
    )["first"]
    if merged is not None:
        since = min(since, merged.astimezone(UTC).date())
    return max(since, first.astimezone(UTC).date())


def outcome(
    goal: GoalDef, at: datetime, events: list[tuple], views: list[datetime]
) -> tuple[bool, float]:
    """(converted, value) of one exposure at `at` for `goal`. `events`: the visitor's
    (type, path, value, at); `views`: the visitor's page view times, sorted."""
    end = at + goal.window
    if goal.kind == "event":
        hits = [
            e
            for e in events
            if e[0] == goal.event and (goal.path is None or e[1] == goal.path) and at <= e[3] < end
        ]
        return bool(hits), (sum(e[2] or 0.0 for e in hits) if goal.value else 0.0)
    others = bisect.bisect_right(views, end) - bisect.bisect_right(views, at)
    if goal.kind == "bounce":
        return others == 0, 0.0
    return others > 0, float(1 + others)  # pages: this page and the others of the visit


def _add(acc: dict, key: tuple, converted: bool, value: float) -> None:
    row = acc[key]
    row[0] += 1
    row[1] += converted
    row[2] += value
    row[3] += value * value


def aggregate(exposures: Iterable[tuple], goals: list[GoalDef]) -> dict[tuple, list]:
    """(experiment, arm, day, goal, dimension, value) -> [exposures, conversions, sum, sum of squares].
    `exposures`: (experiment, arm, visitor pk or None, at, persona, stage, channel, device, country)."""
    acc: dict[tuple, list] = defaultdict(lambda: [0, 0, 0.0, 0.0])
    types = {g.event for g in goals if g.kind == "event"}
    longest = max((g.window for g in goals), default=timedelta(days=7))
    for chunk in _chunks(exposures, CHUNK):
        visitors = {row[2] for row in chunk if row[2] is not None}
        events: dict[int, list] = defaultdict(list)
        views: dict[int, list] = defaultdict(list)
        if visitors:
            low = min(row[3] for row in chunk if row[2] is not None)
            high = max(row[3] for row in chunk if row[2] is not None) + longest
            for visitor, type_, path, value, at in (
                Event.objects.filter(
                    visitor_id__in=visitors, type__in=types, at__gte=low, at__lt=high
                )
                .values_list("visitor_id", "type", "path", "value", "at")
                .iterator()
            ):
                events[visitor].append((type_, path, value, at))
            for visitor, at in (
                PageView.objects.filter(visitor_id__in=visitors, at__gt=low, at__lte=high)
                .values_list("visitor_id", "at")
                .iterator()
            ):
                views[visitor].append(at)
            for times in views.values():
                times.sort()
        for experiment, arm, visitor, at, *dims in chunk:
            day = at.astimezone(UTC).date()
            if visitor is None:
                _add(acc, (experiment, "", day, "", "", ""), False, 0.0)
                continue
            for goal in goals:
                converted, value = outcome(
                    goal, at, events.get(visitor, []), views.get(visitor, [])
                )
                _add(acc, (experiment, arm, day, goal.slug, "", ""), converted, value)
                for dimension, dim_value in zip(DIMENSIONS, dims, strict=True):
                    _add(
                        acc,
                        (experiment, arm, day, goal.slug, dimension, (dim_value or "none")[:100]),
                        converted,
                        value,
                    )
    return acc


def rollup(now: datetime, *, full: bool = False) -> RollupReport:
    """Recompute the aggregates from the raw rows (see the module docstring); then the bandit
    weights that are more than an hour old."""
    goals = all_goals()
    run = RollupRun.objects.create(started_at=now)
    from_day = recompute_from(now, goals, full)
    count = rows = 0
    if from_day is not None:
        with transaction.atomic():
            ArmDay.objects.filter(day__gte=from_day).delete()
            raw = (
                Exposure.objects.filter(at__gte=start_of(from_day))
                .order_by("pk")
                .values_list("experiment", "arm", "visitor_id", "at", *DIMENSIONS)
                .iterator(chunk_size=CHUNK)
            )
            counted = _Counted(raw)
            acc = aggregate(counted, goals)
            count = counted.n
            objects = [
                ArmDay(
                    experiment=k[0],
                    arm=k[1],
                    day=k[2],
                    goal=k[3],
                    dimension=k[4],
                    value=k[5],
                    exposures=v[0],
                    conversions=v[1],
                    value_sum=v[2],
                    value_sumsq=v[3],
                )
                for k, v in acc.items()
            ]
            ArmDay.objects.bulk_create(objects, batch_size=1000)
            rows = len(objects)
    bandits = bandit.recompute(now, goals)
    RollupRun.objects.filter(pk=run.pk).update(
        finished_at=datetime.now(UTC), from_day=from_day, exposures=count
    )
    return RollupReport(from_day, count, rows, bandits)


class _Counted:
    def __init__(self, items: Iterable):
        self.items, self.n = items, 0

    def __iter__(self):
        for item in self.items:
            self.n += 1
            yield item


def stale(now: datetime, max_age: timedelta = timedelta(hours=1)) -> bool:
    """True when no rollup finished in the last `max_age` (reports then run one on demand)."""
    last = (
        RollupRun.objects.filter(finished_at__isnull=False)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    return last is None or last < now - max_age
