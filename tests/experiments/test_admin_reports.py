"""The admin's experiment list, per-experiment report (charts, breakdowns, CSV, date range) and
home panel, read from the aggregates at the same number of queries at two volumes."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from personalization.experiments.models import ArmDay, Exposure
from personalization.profiles import store
from personalization.profiles.models import Event

from .conftest import EXPERIMENTS, SERVER, rollup
from .test_aggregates import fake_traffic, split_arms

pytestmark = pytest.mark.usefixtures("lab")


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def test_the_list_shows_status_winner_and_sample_ratio(admin):
    fake_traffic(40, 1)
    rollup()
    body = admin.get(reverse("personalization_admin:experiments")).content.decode()
    assert f'data-experiment="{split_arms()[0]}" data-status="running" data-srm="false"' in body
    assert "Left vs Right" in body and "Special offer vs holdout" in body


def test_the_report_has_charts_arms_breakdowns_and_a_csv(admin):
    fake_traffic(30, 1)
    rollup()
    url = reverse("personalization_admin:experiment", args=[split_arms()[0]])
    body = admin.get(url + "?goal=booking&by=device").content.decode()
    assert 'data-chart="rates"><svg' in body and 'data-chart="daily"><svg' in body
    assert body.count("Matplotlib v") == 2, (
        "rate intervals and the daily series, drawn by matplotlib"
    )
    assert 'data-arm="Left" data-exposures="15"' in body and 'data-breakdown="desktop"' in body
    response = admin.get(url + "?goal=booking&by=device&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["breakdown"], r["value"], r["arm"], r["exposures"]) for r in rows] == [
        ("", "", "Left", "15"),
        ("", "", "Right", "15"),
        ("device", "desktop", "Left", "15"),
        ("device", "desktop", "Right", "15"),
    ]
    assert admin.get(url + "?start=2000-01-01&end=2000-01-02").status_code == 200
    assert (
        admin.get(reverse("personalization_admin:experiment", args=["page:0:nope"])).status_code
        == 404
    )
    assert admin.get(url + "?goal=unknown").status_code == 404


def test_report_pages_cost_the_same_queries_at_two_volumes(admin):
    url = reverse("personalization_admin:experiment", args=[split_arms()[0]])
    fake_traffic(10, 1)
    rollup()
    admin.get(url)
    with CaptureQueriesContext(connection) as small:
        assert admin.get(url).status_code == 200
        assert admin.get(reverse("personalization_admin:experiments")).status_code == 200
    fake_traffic(400, 5)
    rollup()
    with CaptureQueriesContext(connection) as large:
        admin.get(url)
        admin.get(reverse("personalization_admin:experiments"))
    assert len(small) == len(large)


def test_the_admin_home_lists_running_experiments(admin):
    fake_traffic(8, 0)
    rollup()
    body = admin.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-experiments-panel" in body and "Left vs Right" in body


def test_update_figures_now_runs_the_rollup(admin):
    fake_traffic(4, 0)
    response = admin.post(reverse("personalization_admin:experiments"))
    assert response.status_code == 302
    body = admin.get(reverse("personalization_admin:experiments")).content.decode()
    assert '<td class="num">4</td>' in body


def spread_traffic(days: int, per_day: int):
    """Exposed visitors on `days` different days, each with its own persona, device and country
    values, so every aggregate axis (days, breakdown values) grows as raw volume would."""
    arms = split_arms()
    rows = []
    for d in range(days):
        at = timezone.now() - timedelta(days=d, hours=1)
        for i in range(per_day):
            vid, _ = store.set_consent(None, personalization=True, analytics=True, now=at)
            pk = store.resolve(vid).pk
            rows.append(
                Exposure(
                    experiment=arms[0],
                    arm=arms[i % 2],
                    visitor_id=pk,
                    at=at,
                    persona=f"p{d}",
                    device=f"d{i % 5}",
                    country=f"{chr(65 + i % 20)}{chr(65 + d % 20)}",
                )
            )
            Event.objects.create(visitor_id=pk, type="booking", at=at + timedelta(minutes=1))
    Exposure.objects.bulk_create(rows)


def test_every_report_screen_costs_the_same_queries_over_1_or_60_days_of_traffic(admin, graphql):
    report = reverse("personalization_admin:experiment", args=[split_arms()[0]])
    screens = {
        "report": lambda: admin.get(report),
        "by country": lambda: admin.get(report + "?by=country&days=90"),
        "csv": lambda: admin.get(report + "?format=csv&by=persona"),
        "list": lambda: admin.get(reverse("personalization_admin:experiments")),
        "home": lambda: admin.get(reverse("wagtailadmin_home")),
        "graphql": lambda: graphql(EXPERIMENTS, {"goal": "booking"}, headers=SERVER),
    }

    def count() -> dict[str, int]:
        out = {}
        for name, visit in screens.items():
            visit()  # warm the per-process caches
            with CaptureQueriesContext(connection) as queries:
                assert visit().status_code == 200
            out[name] = len(queries)
        return out

    spread_traffic(1, 4)
    rollup()
    small = count()
    spread_traffic(60, 4)
    call_command("rollup_events", "--full", verbosity=0)  # the new traffic is backdated
    assert ArmDay.objects.values("day").distinct().count() == 60
    assert count() == small
