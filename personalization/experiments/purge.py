"""Retention: raw rows older than a cutoff go; the daily aggregates stay (rollup.py never
recomputes days older than the oldest remaining exposure)."""

from __future__ import annotations

from datetime import datetime

from personalization.profiles.models import Event, Impression, PageView

from .goals import all_goals
from .models import Exposure


def shortest_allowed() -> int:
    """The longest goal window in days, plus 2."""
    return max((g.window.days for g in all_goals()), default=7) + 2


def purge(cutoff: datetime) -> dict[str, int]:
    """Delete raw rows before `cutoff`; the number deleted per kind."""
    counts = {}
    for name, model in (
        ("exposures", Exposure),
        ("events", Event),
        ("page views", PageView),
        ("impressions", Impression),
    ):
        counts[name] = model.objects.filter(at__lt=cutoff).delete()[1].get(model._meta.label, 0)
    return counts
