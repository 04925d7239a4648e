"""Recording exposures when delivery actually serves an experiment's arm (docs/experiments.md).

- A visitor with an id and analytics consent: one row per experiment, the first time (later
  requests hit the unique index and change nothing). One INSERT ... SELECT ... ON CONFLICT DO
  NOTHING: the profile lookup and the consent check are in the statement.
- A request without a visitor id: one row with no visitor, counted as *excluded*.
- Nothing for bots, previews, `track: false`, GPC / DNT without consent (the caller decides).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from personalization.profiles.models import Visitor
from personalization.profiles.sql import _column, _q, dt, resolve_sql

from .models import Exposure

SITE_EXPERIMENT = "site"  # the site-wide holdout: arms "holdout" and "personalized"
HOLDOUT_ARM = "holdout"
PERSONALIZED_ARM = "personalized"


def block_id(page_id: int, block_variant_id: str) -> str:
    """A personalized block's experiment or arm id: its engine variant id ("<block id>:<n>")
    under its page ("block:<page id>:<block id>:<n>"), as block ids are copied with a page."""
    return f"block:{page_id}:{block_variant_id}"


@dataclass(frozen=True)
class Breakdown:
    """What the report can break an arm down by, as it was on the first exposure."""

    persona: str = ""
    stage: str = ""
    channel: str = ""
    device: str = ""
    country: str = ""


def record(
    experiment: str,
    arm: str,
    visitor_id: str | None,
    *,
    page_id: int | None,
    now: datetime,
    breakdown: Breakdown,
) -> None:
    """One statement. `visitor_id` None: an excluded request."""
    fields = {
        "experiment": experiment[:120],
        "arm": arm[:120],
        "page_id": page_id,
        "at": dt(now),
        "persona": (breakdown.persona or "")[:100],
        "stage": (breakdown.stage or "")[:100],
        "channel": (breakdown.channel or "")[:40],
        "device": (breakdown.device or "")[:20],
        "country": (breakdown.country or "")[:2],
    }
    if not visitor_id:
        fields["arm"] = ""
        Exposure.objects.create(visitor=None, **{**fields, "at": now})
        return
    e, v = _q(Exposure._meta.db_table), _q(Visitor._meta.db_table)
    names = list(fields)
    columns = ", ".join([_column(Exposure, "visitor"), *(_column(Exposure, n) for n in names)])
    resolve, params = resolve_sql(visitor_id)
    sql = (
        f"INSERT INTO {e} ({columns}) SELECT {v}.{_q('id')}, {', '.join(['%s'] * len(names))} FROM {v} "
        f"WHERE {v}.{_q('id')} IN ({resolve}) AND {v}.{_column(Visitor, 'consent_analytics')} "
        f"ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(fields[n] for n in names), *params])


def move_on_merge(sender, *, survivor_pk: int, loser_pk: int, **kwargs) -> None:
    """`identify` merged two profiles of one person (profiles.merge.profiles_merged): the person
    is one unit, so per experiment only their *first* exposure stays (its arm and its day);
    the later one is deleted, never counted twice. Exposures of experiments only the absorbed
    profile saw move to the survivor, so none is dropped. Conversions follow, as the events
    move too. `rollup_events` recomputes the days of the merged profile's exposures."""
    rows = Exposure.objects.filter(visitor_id__in=(survivor_pk, loser_pk)).values_list(
        "pk", "experiment", "at", "visitor_id"
    )
    seen: set[str] = set()
    later: list[int] = []
    for pk, experiment, _at, _visitor in sorted(
        rows, key=lambda r: (r[2], r[3] != survivor_pk, r[0])
    ):
        if experiment in seen:
            later.append(pk)
        seen.add(experiment)
    if later:
        Exposure.objects.filter(pk__in=later).delete()
    Exposure.objects.filter(visitor_id=loser_pk).update(visitor_id=survivor_pk)
