"""How many profiled visitors are in each segment and persona: estimated from a random sample of
consented profiles, evaluated by the engine as members.py does (history, traits, declared data;
request-only signals such as location do not hold), and stored for the admin screens.

`estimate(now)` (manage.py estimate_audiences, run periodically like sync_audiences) samples
up to SAMPLE profiles among every consented profile and up to SAMPLE among those seen in the
last RECENT_DAYS days; with fewer profiles than that it evaluates all of them and the counts
are exact. Screens read the stored rows in one query (`load_estimates`), whatever the number of
profiles, segments or personas."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from personalization.delivery.compiled import current_compiled
from personalization.models import Persona, SegmentIdentity
from personalization.profiles.history import resolve
from personalization.profiles.models import Visitor

from .members import BATCH, audiences_of
from .models import AudienceEstimate

SAMPLE = 5000
RECENT_DAYS = 30


@dataclass(frozen=True)
class Share:
    matched: int
    sampled: int
    population: int

    @property
    def exact(self) -> bool:
        return self.sampled >= self.population

    @property
    def count(self) -> int:
        if self.exact or not self.sampled:
            return self.matched
        return round(self.matched / self.sampled * self.population)

    @property
    def percent(self) -> float:
        return 100 * self.matched / self.sampled if self.sampled else 0.0

    def __str__(self) -> str:
        """ "~12,400 (1,240 of 5,000 sampled profiles, 24.8%)" or "31 of all 120 profiles (25.8%)"."""
        if not self.population:
            return "0 (no profiled visitors)"
        if self.exact:
            return f"{self.matched:,} of all {self.population:,} profiles ({self.percent:.1f}%)"
        return (
            f"~{self.count:,} of {self.population:,} ({self.matched:,} of {self.sampled:,} sampled profiles, "
            f"{self.percent:.1f}%)"
        )


@dataclass(frozen=True)
class Estimate:
    now: Share
    recent: Share  # among the profiles seen in the last RECENT_DAYS days
    computed_at: datetime


def audience_keys() -> list[str]:
    """ "segment:slug" for every segment editors see, then "persona:slug" (two queries)."""
    return [
        f"segment:{s}"
        for s in SegmentIdentity.objects.filter(role=SegmentIdentity.PUBLIC)
        .order_by("slug")
        .values_list("slug", flat=True)
    ] + [
        f"persona:{p}"
        for p in Persona.objects.order_by("sort_order", "pk").values_list("slug", flat=True)
    ]


def _sample(query, population: int, size: int) -> list[int]:
    if population <= size:
        return list(query.values_list("pk", flat=True))
    return list(query.order_by("?").values_list("pk", flat=True)[:size])


def estimate(now: datetime, sample: int = SAMPLE) -> int:
    """Sample, evaluate and store the estimates of every audience; the profiles evaluated."""
    consented = Visitor.objects.filter(consent_personalization=True)
    recent_query = consented.filter(last_seen__gte=now - timedelta(days=RECENT_DAYS))
    population, population_recent = consented.count(), recent_query.count()
    everyone = _sample(consented, population, sample)
    recent = set(_sample(recent_query, population_recent, sample))
    matched: Counter[str] = Counter()
    matched_recent: Counter[str] = Counter()
    compiled = current_compiled()
    pks = sorted(set(everyone) | recent)
    in_everyone = set(everyone)
    for start in range(0, len(pks), BATCH):
        for row in Visitor.objects.filter(pk__in=pks[start : start + BATCH]).order_by("pk"):
            visitor = resolve(row.public_id) if row.user_key else row  # with the user key's traits
            found = audiences_of(visitor, now, compiled) if visitor is not None else set()
            if row.pk in in_everyone:
                matched.update(found)
            if row.pk in recent:
                matched_recent.update(found)
    rows = [
        AudienceEstimate(
            audience=key,
            matched=matched[key],
            sampled=len(everyone),
            population=population,
            matched_recent=matched_recent[key],
            sampled_recent=len(recent),
            population_recent=population_recent,
            computed_at=now,
        )
        for key in audience_keys()
    ]
    with transaction.atomic():
        AudienceEstimate.objects.all().delete()
        AudienceEstimate.objects.bulk_create(rows)
    return len(pks)


def load_estimates() -> dict[str, Estimate]:
    """Audience key -> its last estimate. One query."""
    return {
        e.audience: Estimate(
            Share(e.matched, e.sampled, e.population),
            Share(e.matched_recent, e.sampled_recent, e.population_recent),
            e.computed_at,
        )
        for e in AudienceEstimate.objects.all()
    }
