"""The "Profiled visitors" column of the segment and persona screens: how many consented
profiles are in it now and among those seen in the last 30 days, with how that was counted
(audiences/estimates.py; one query for the whole page of rows)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from personalization.audiences.estimates import RECENT_DAYS, Estimate, load_estimates

from .freshness import ago, how_often

LABEL = _("Profiled visitors in it")


def estimate_html(estimate: Estimate | None):
    if estimate is None:
        return format_html(
            '<span data-estimate="none">{}</span>',
            gettext("Not counted yet: counted by itself %(often)s.")
            % {"often": how_often("estimate_audiences")},
        )
    return format_html(
        '<span data-estimate="{}">{} {}<br>{} {}<br><small title="{}">{}</small></span>',
        estimate.now.count,
        gettext("Now:"),
        estimate.now,
        gettext("Seen in the last %(days)s days:") % {"days": RECENT_DAYS},
        estimate.recent,
        estimate.computed_at.strftime("%Y-%m-%d %H:%M UTC"),
        gettext("counted %(ago)s") % {"ago": ago(estimate.computed_at)},
    )


class EstimateColumn(Column):
    """Reads `tailor_estimate`, set on each row by EstimateIndexMixin."""

    def __init__(self, name: str = "profiled", label: str | Promise = LABEL, **kwargs):
        super().__init__(
            name,
            label=label,
            accessor=lambda obj: estimate_html(getattr(obj, "tailor_estimate", None)),
            **kwargs,
        )


class EstimateIndexMixin:
    """Decorates the page of rows shown with their estimates (one query)."""

    estimate_kind = "persona"

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        estimates = load_estimates()
        for obj in object_list:
            obj.tailor_estimate = estimates.get(f"{self.estimate_kind}:{self.slug_of(obj)}")
        return paginator, page, object_list, is_paginated
