"""Aggregates, not scans: rollup_events is idempotent, reports cost the same number of queries
at two raw volumes, purge_events keeps the aggregates, the site format round-trips goals."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.pages.models import PageVariant
from personalization.experiments.models import ArmDay, Exposure, Goal
from personalization.experiments.report import Filters, experiment_reports
from personalization.profiles import store
from personalization.profiles.models import Event

from .conftest import rollup

pytestmark = pytest.mark.usefixtures("lab")


def split_arms():
    keys = list(
        PageVariant.objects.filter(page__url_path__endswith="/split/")
        .order_by("sort_order")
        .values_list("page_id", "key")
    )
    return [f"page:{p}:{k}" for p, k in keys]


def fake_traffic(visitors: int, events_each: int, ago=timedelta(hours=3)):
    """Consenting visitors exposed to /split/ with `events_each` bookings each, written as
    delivery and trackEvent write them."""
    arms = split_arms()
    now = timezone.now() - ago
    rows = []
    for i in range(visitors):
        vid, _ = store.set_consent(None, personalization=True, analytics=True, now=now)
        pk = store.resolve(vid).pk
        rows.append(
            Exposure(experiment=arms[0], arm=arms[i % 2], visitor_id=pk, at=now, device="desktop")
        )
        Event.objects.bulk_create(
            [
                Event(visitor_id=pk, type="booking", at=now + timedelta(minutes=j + 1))
                for j in range(events_each)
            ]
        )
    Exposure.objects.bulk_create(rows)


def report_queries():
    with CaptureQueriesContext(connection) as ctx:
        _, reports = experiment_reports(Filters(goal="booking"))
    return len(ctx), reports


def test_reports_cost_the_same_queries_at_two_volumes():
    fake_traffic(10, 1)
    rollup()
    small, reports = report_queries()
    assert sum(a.totals.exposures for r in reports for a in r.result.arms) == 10
    fake_traffic(300, 8)
    rollup()
    large, reports = report_queries()
    split = next(r for r in reports if r.page == "/split/")
    assert sum(a.totals.exposures for a in split.result.arms) == 310
    assert sum(a.totals.conversions for a in split.result.arms) == 310, (
        "each visitor converts once, not 8 times"
    )
    assert small == large <= 6


def test_rollup_is_idempotent():
    fake_traffic(20, 2)
    rollup()
    first = sorted(
        ArmDay.objects.values_list(
            "experiment", "arm", "day", "goal", "dimension", "value", "exposures", "conversions"
        )
    )
    rollup()
    call_command("rollup_events", "--full", verbosity=0)
    assert (
        sorted(
            ArmDay.objects.values_list(
                "experiment", "arm", "day", "goal", "dimension", "value", "exposures", "conversions"
            )
        )
        == first
    )


def test_purge_deletes_old_raw_rows_and_keeps_the_figures():
    fake_traffic(12, 1, ago=timedelta(days=40))
    fake_traffic(4, 0, ago=timedelta(hours=1))
    with pytest.raises(CommandError):
        call_command("purge_events", "--older-than", "3", verbosity=0)
    call_command("purge_events", "--older-than", "30", verbosity=0)
    assert Exposure.objects.count() == 4
    rollup()
    _, reports = report_queries()
    split = next(r for r in reports if r.page == "/split/")
    assert sum(a.totals.exposures for a in split.result.arms) == 16
    assert sum(a.totals.conversions for a in split.result.arms) == 12


def test_breakdowns_and_date_ranges_read_the_aggregates():
    fake_traffic(6, 1)
    rollup()
    _, by_device = experiment_reports(Filters(goal="booking", dimension="device", value="desktop"))
    split = next(r for r in by_device if r.page == "/split/")
    assert sum(a.totals.exposures for a in split.result.arms) == 6
    tomorrow = timezone.now().date() + timedelta(days=1)
    _, later = experiment_reports(Filters(goal="booking", start=tomorrow))
    assert sum(a.totals.exposures for r in later for a in r.result.arms) == 0


def test_goals_and_holdouts_round_trip_through_the_site_format(tmp_path):
    call_command("dump_site", str(tmp_path), verbosity=0)
    text = (tmp_path / "goals.yaml").read_text()
    assert "booking" in text and "window_days: 3" in text and "value: true" in text
    pages = (tmp_path / "pages.yaml").read_text()
    assert "holdout: 50" in pages
    Goal.objects.all().delete()
    call_command("load_site", str(tmp_path), verbosity=0)
    assert list(Goal.objects.values_list("slug", "event", "value", "window_days")) == [
        ("booking", "booking", False, 7),
        ("revenue", "purchase", True, 3),
    ]


def test_the_site_format_refuses_bad_holdouts_and_lonely_bandits(tmp_path):
    from cms.sitefmt.errors import SiteFormatError
    from cms.sitefmt.load import load_site

    bad = tmp_path / "bad.yaml"
    stages = "journey_stages:\n  - {slug: look, name: Look, order: 1}\n"
    bad.write_text(
        stages
        + "pages:\n  - {path: /x/, type: content, title: X, variants: [{name: A, stage: look, holdout: 90}]}\n"
    )
    with pytest.raises(SiteFormatError, match="holdout"):
        load_site(bad)
    bad.write_text(
        stages
        + "pages:\n  - {path: /x/, type: content, title: X, variants: [{name: A, stage: look, allocation: bandit}]}\n"
    )
    with pytest.raises(SiteFormatError, match="allocation"):
        load_site(bad)
    bad.write_text("goals:\n  - {slug: g, name: G}\n")
    with pytest.raises(SiteFormatError, match="event"):
        load_site(bad)
