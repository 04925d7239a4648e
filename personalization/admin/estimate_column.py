"""The "Profiled visitors" column of the segment and persona screens: how many consented
profiles are in it now and among those seen in the last 30 days, with how that was counted
(audiences/estimates.py; one query for the whole page of rows)."""
from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.ui.tables import Column

from personalization.audiences.estimates import RECENT_DAYS, Estimate, load_estimates


def estimate_html(estimate: Estimate | None):
    if estimate is None:
        return mark_safe('<span data-estimate="none">Not counted yet (<code>manage.py estimate_audiences</code>)</span>')
    return format_html(
        '<span data-estimate="{}">Now: {}<br>Seen in the last {} days: {}<br><small>sampled {}</small></span>',
        estimate.now.count, estimate.now, RECENT_DAYS, estimate.recent,
        estimate.computed_at.strftime("%Y-%m-%d %H:%M UTC"))


class EstimateColumn(Column):
    """Reads `tailor_estimate`, set on each row by EstimateIndexMixin."""

    def __init__(self, name: str = "profiled", label: str = "Profiled visitors in it", **kwargs):
        super().__init__(name, label=label, accessor=lambda obj: estimate_html(getattr(obj, "tailor_estimate", None)),
                         **kwargs)


class EstimateIndexMixin:
    """Decorates the page of rows shown with their estimates (one query)."""

    estimate_kind = "persona"

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        estimates = load_estimates()
        for obj in object_list:
            obj.tailor_estimate = estimates.get(f"{self.estimate_kind}:{self.slug_of(obj)}")
        return paginator, page, object_list, is_paginated
