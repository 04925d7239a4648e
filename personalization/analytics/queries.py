"""Loading what the analytics report needs for a date range, in five queries whatever the
traffic: the database aggregates page views to the first view per (visitor, page, variant) and
events to the last conversion per (visitor, type), which is all uplift.py needs (see its
docstring), so the rows grow with visitors, not with page views.

Only visitors with analytics consent are counted: the page view log and impressions exist only
with it, and events (kept with either consent) are filtered by it here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Collection

from django.conf import settings
from django.db.models import Count, Max, Min
from wagtail.models import Page

from cms.pages.models import PageVariant
from personalization.profiles.models import Event, Impression, PageView

from .uplift import DEFAULT_CONVERSION_EVENTS, Conversion, PageReport, VariantInfo, View, page_of, page_reports

DEFAULT_DAYS = 30


def conversion_types() -> tuple[str, ...]:
    """The event types that count as a conversion (settings.PERSONALIZATION_CONVERSION_EVENTS)."""
    return tuple(getattr(settings, "PERSONALIZATION_CONVERSION_EVENTS", DEFAULT_CONVERSION_EVENTS))


@dataclass(frozen=True)
class Rows:
    start: datetime
    end: datetime
    views: list[View]
    conversions: list[Conversion]
    anonymous: dict[str, int]          # variant id -> anonymous impressions
    variants: list[VariantInfo]
    titles: dict[int, str]


def target_label(persona: str | None, stage: str | None, segment: str | None) -> str:
    """Who a variant is for, in words; equal labels on one page mean an A/B test."""
    parts = [f"{kind} {name}" for kind, name in (("persona", persona), ("stage", stage), ("segment", segment)) if name]
    return " · ".join(parts)


def live_variants() -> list[VariantInfo]:
    """Every variant of every live page, in page order. PageVariant rows are the published
    content (drafts live in revisions), so these are the variants visitors can be served."""
    rows = (PageVariant.objects.filter(page__live=True).order_by("page_id", "sort_order", "pk")
            .values_list("page_id", "key", "name", "persona__name", "stage__name", "segment__name", "weight"))
    return [VariantInfo(f"page:{page_id}:{key}", page_id, name, target_label(persona, stage, segment), weight)
            for page_id, key, name, persona, stage, segment, weight in rows]


def load_rows(end: datetime, days: int = DEFAULT_DAYS, types: Collection[str] | None = None) -> Rows:
    """The rows of [end - days, end). Five queries."""
    start = end - timedelta(days=days)
    types = tuple(types if types is not None else conversion_types())
    window = {"at__gte": start, "at__lt": end}
    views = [
        View(row["visitor_id"], row["page_id"], row["variant_id"], row["first"])
        for row in PageView.objects.filter(page_id__isnull=False, visitor__consent_analytics=True, **window)
        .values("visitor_id", "page_id", "variant_id").annotate(first=Min("at")).order_by()
    ]
    conversions = [
        Conversion(row["visitor_id"], row["type"], row["last"])
        for row in Event.objects.filter(type__in=types, visitor__consent_analytics=True, **window)
        .values("visitor_id", "type").annotate(last=Max("at")).order_by()
    ]
    anonymous = dict(Impression.objects.filter(visitor__isnull=True, **window)
                     .values("variant_id").annotate(n=Count("id")).order_by().values_list("variant_id", "n"))
    variants = live_variants()
    page_ids = {v.page_id for v in views} | {v.page_id for v in variants}
    page_ids |= {p for p in map(page_of, anonymous) if p is not None}
    titles = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "title"))  # no query when empty
    return Rows(start, end, views, conversions, anonymous, variants, titles)


def report(end: datetime, days: int = DEFAULT_DAYS) -> tuple[Rows, list[PageReport]]:
    """The rows and the per-page reports for the `days` before `end`."""
    types = conversion_types()
    rows = load_rows(end, days, types)
    return rows, page_reports(rows.views, rows.conversions, rows.variants, anonymous=rows.anonymous,
                              titles=rows.titles, conversion_types=types)
