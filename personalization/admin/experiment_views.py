"""The admin's experiment screens: the list (status, winner, SRM), one report per experiment
(charts, arms, breakdowns, date range, CSV) and the panel on the admin home. Every figure comes
from report.py, which the GraphQL `experiments` query uses too."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import HeaderButton

from personalization.experiments import charts
from personalization.experiments.bots import bot_requests
from personalization.experiments.goals import all_goals
from personalization.experiments.models import RollupRun
from personalization.experiments.ratio_check import ratio_check
from personalization.experiments.report import (
    Filters,
    UnknownGoal,
    breakdown,
    daily,
    experiment_reports,
)
from personalization.experiments.rollup import DIMENSIONS, rollup, stale
from personalization.experiments.sufficiency import enough_visitors, visitors_needed

from .freshness import ago, how_often, late, stopped_note
from .views import AdminPage

RANGES = (7, 30, 90)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from(request) -> Filters:
    """?goal=&start=&end=&days= (a bad value is ignored, never an error page)."""
    get = request.GET
    start, end = _date(get.get("start")), _date(get.get("end"))
    days = get.get("days")
    if not start and days and days.isdigit() and int(days) in RANGES:
        start = timezone.now().date() - timedelta(days=int(days) - 1)
    return Filters(goal=get.get("goal") or None, start=start, end=end)


def percent(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value * 100:+.1f}%" if signed else f"{value * 100:.1f}%"


def has_enough_visitors(report) -> bool:
    return enough_visitors([arm.totals for arm in report.result.arms])


def arm_rows(report) -> list[dict]:
    """One row per arm; without enough visitors, the counts only (sufficiency.py)."""
    if not has_enough_visitors(report):
        return [
            {
                "name": arm.totals.name,
                "control": arm.totals.control,
                "exposures": arm.totals.exposures,
                "conversions": arm.totals.conversions,
                "rate": percent(arm.rate) if arm.totals.exposures else "–",
                **dict.fromkeys(
                    ("interval", "uplift", "uplift_interval", "p_value", "chance"), "–"
                ),
                "mean": None,
                "winner": False,
            }
            for arm in report.result.arms
        ]
    rows = []
    for arm in report.result.arms:
        t = arm.totals
        rows.append(
            {
                "name": t.name,
                "control": t.control,
                "exposures": t.exposures,
                "conversions": t.conversions,
                "rate": percent(arm.rate),
                "interval": f"{percent(arm.rate_low)} – {percent(arm.rate_high)}",
                "uplift": percent(arm.uplift, True),
                "uplift_interval": "–"
                if arm.uplift_low is None
                else f"{percent(arm.uplift_low, True)} – {percent(arm.uplift_high, True)}",
                "p_value": "–"
                if arm.p_value is None
                else (f"{arm.p_value:.4f}" if arm.p_value >= 0.0001 else "<0.0001"),
                "chance": percent(arm.chance_to_beat_control),
                "mean": None
                if arm.mean is None
                else f"{arm.mean:.2f}"
                + ("" if arm.mean_low is None else f" ({arm.mean_low:.2f} – {arm.mean_high:.2f})"),
                "winner": t.name == report.winner,
            }
        )
    return rows


def figures_age() -> dict:
    """When the experiment figures were last rolled up, in words (the `rollup` job)."""
    last = RollupRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    when = last.started_at if last else None
    return {
        "last_rollup": last,
        "updated_ago": ago(when) if when else "",
        "update_often": how_often("rollup"),
        "stale": late(when, "rollup"),
        "stopped_note": stopped_note(),
    }


class _Base(AdminPage):
    def dispatch(self, request, *args, **kwargs):
        self.filters = filters_from(request)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        """ "Update figures now": runs rollup_events when the figures are more than an hour old."""
        now = timezone.now()
        if stale(now, timedelta(minutes=1)):
            result = rollup(now)
            messages.success(
                request,
                gettext("Figures updated: %(count)s exposures rolled up.")
                % {"count": result.exposures},
            )
        else:
            messages.info(request, gettext("The figures were updated less than a minute ago."))
        return redirect(request.get_full_path())

    def reports(self, **kwargs):
        try:
            return experiment_reports(self.filters, **kwargs)
        except UnknownGoal:
            raise Http404("No such goal") from None

    def common(self) -> dict:
        return {"goals": all_goals(), "filters": self.filters, "ranges": RANGES, **figures_age()}


class ExperimentListView(_Base):
    template_name = "personalization/experiments/list.html"
    page_title = _("Experiments")
    header_icon = "crosshairs"

    def get_header_buttons(self):
        return [
            HeaderButton(
                gettext("Last %(days)s days") % {"days": d}, url=f"?days={d}", icon_name="calendar"
            )
            for d in RANGES
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goal, reports = self.reports(include_site=True)
        rows = [(r, ratio_check(r)) for r in reports]
        today = self.filters.end or timezone.now().date()
        days = (today - self.filters.start).days + 1 if self.filters.start else 7
        bots = bot_requests(max(1, min(days, max(RANGES))), today)
        context.update(
            self.common(),
            goal=goal,
            reports=reports,
            rows=rows,
            bot_days=bots,
            bot_total=sum(n for _, n in bots),
        )
        return context


class ExperimentReportView(_Base):
    template_name = "personalization/experiments/report.html"
    header_icon = "crosshairs"

    def dispatch(self, request, *args, **kwargs):
        self.experiment = kwargs["experiment"]
        self.dimension = request.GET.get("by") if request.GET.get("by") in DIMENSIONS else "persona"
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Experiment: {self.report.name}" if getattr(self, "report", None) else "Experiment"

    def load(self):
        self.filters.experiment = self.experiment
        goal, reports = self.reports(include_site=self.experiment == "site")
        self.report = next((r for r in reports if r.id == self.experiment), None)
        if self.report is None:
            raise Http404("No such experiment")
        return self.report

    def get(self, request, *args, **kwargs):
        report = self.load()
        if request.GET.get("format") == "csv":
            return self.csv(report)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        days, series = daily(report, self.filters)
        groups = [
            (value, arm_rows(r)) for value, r in breakdown(report, self.filters, self.dimension)
        ]
        context.update(
            self.common(),
            report=report,
            enough_visitors=has_enough_visitors(report),
            ratio=ratio_check(report),
            visitors_needed=visitors_needed([arm.totals for arm in report.result.arms]),
            arms=arm_rows(report),
            dimension=self.dimension,
            dimensions=DIMENSIONS,
            groups=groups,
            rate_chart=charts.rate_chart(report.result.arms, f"{report.name}: {report.goal.name}"),
            time_chart=charts.timeseries_chart(
                days, series, gettext("Cumulative conversion rate per day")
            )
            if days
            else "",
            csv_url=f"{self.request.path}?{self._query(format='csv')}",
            list_url=reverse("personalization_admin:experiments"),
        )
        return context

    def _query(self, **extra) -> str:
        params = self.request.GET.copy()
        for key, value in extra.items():
            params[key] = value
        return params.urlencode()

    def csv(self, report) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="experiment-{report.id.replace(":", "-")}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            [
                "page",
                "experiment",
                "goal",
                "breakdown",
                "value",
                "arm",
                "control",
                "exposures",
                "conversions",
                "rate",
                "rate_low",
                "rate_high",
                "uplift",
                "uplift_low",
                "uplift_high",
                "p_value",
                "chance_to_beat_control",
                "mean",
                "srm",
                "srm_p_value",
                "excluded",
            ]
        )
        groups = [("", "", report)] + [
            (self.dimension, value, r)
            for value, r in breakdown(report, self.filters, self.dimension)
        ]
        for dim, value, r in groups:
            for a in r.result.arms:
                writer.writerow(
                    [
                        report.page,
                        report.name,
                        report.goal.slug,
                        dim,
                        value,
                        a.totals.name,
                        a.totals.control,
                        a.totals.exposures,
                        a.totals.conversions,
                        a.rate,
                        a.rate_low,
                        a.rate_high,
                        a.uplift,
                        a.uplift_low,
                        a.uplift_high,
                        a.p_value,
                        a.chance_to_beat_control,
                        a.mean,
                        report.srm if not dim else "",
                        report.result.srm_p_value if not dim else "",
                        report.excluded if not dim else "",
                    ]
                )
        return response


class ExperimentsPanel(Component):
    """On the admin home: running experiments with their alerts (SRM, a winner, figures stale)."""

    name = "experiments"
    order = 150
    template_name = "personalization/experiments/home_panel.html"

    def get_context_data(self, parent_context=None):
        goal, reports = experiment_reports(Filters())
        running = [r for r in reports if r.status == "running"]
        return {
            "goal": goal,
            "reports": running[:10],
            "more": max(0, len(running) - 10),
            **figures_age(),
            "list_url": reverse("personalization_admin:experiments"),
        }
