"""The admin "Analytics" report: per page, conversion rate per variant as a bar chart, then a
table of impressions, conversions, rate and uplift, A/B tests highlighted with their verdict.
Admin access is required by Wagtail's admin URL registration, as for the coverage report."""
from __future__ import annotations

from django.utils import timezone
from wagtail.admin.widgets import HeaderButton

from personalization.admin.views import AdminPage

from .chart import percent, rate_chart
from .queries import DEFAULT_DAYS, conversion_types, report
from .uplift import MIN_VISITORS_PER_ARM

RANGES = (7, 30, 90)


def chosen_days(value: str | None) -> int:
    """?days=7|30|90; anything else is the default 30."""
    try:
        days = int(value or "")
    except ValueError:
        return DEFAULT_DAYS
    return days if days in RANGES else DEFAULT_DAYS


def signed_percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:+.1f}%"


class AnalyticsReportView(AdminPage):
    template_name = "personalization/analytics/report.html"
    page_title = "Analytics"
    header_icon = "bars"

    def dispatch(self, request, *args, **kwargs):
        self.days = chosen_days(request.GET.get("days"))
        return super().dispatch(request, *args, **kwargs)

    def get_header_buttons(self):
        """The date range selector, in the header so that the first chart opens the page."""
        return [HeaderButton(f"Last {days} days", url=f"?days={days}", icon_name="calendar",
                             classname="" if days == self.days else "button-secondary",
                             attrs={"aria-current": "true"} if days == self.days else {})
                for days in RANGES]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, reports = report(timezone.now(), self.days)
        pages = []
        for page_report in reports:
            table = [{"stats": row, "rate": percent(row.rate), "uplift": signed_percent(row.uplift),
                      "group": page_report.groups[row.group] if row.group is not None else None}
                     for row in page_report.rows]
            pages.append({"report": page_report, "chart": rate_chart(page_report), "table": table})
        context.update(pages=pages, days=self.days, start=rows.start, end=rows.end,
                       conversion_types=conversion_types(), min_visitors=MIN_VISITORS_PER_ARM)
        return context
