"""The admin's experiment list, per-experiment report (charts, breakdowns, CSV, date range) and
home panel, read from the aggregates at the same number of queries at two volumes."""
import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import rollup
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
    assert body.count("Matplotlib v") == 2, "rate intervals and the daily series, drawn by matplotlib"
    assert 'data-arm="Left" data-exposures="15"' in body and 'data-breakdown="desktop"' in body
    response = admin.get(url + "?goal=booking&by=device&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["breakdown"], r["value"], r["arm"], r["exposures"]) for r in rows] == [
        ("", "", "Left", "15"), ("", "", "Right", "15"), ("device", "desktop", "Left", "15"),
        ("device", "desktop", "Right", "15")]
    assert admin.get(url + "?start=2000-01-01&end=2000-01-02").status_code == 200
    assert admin.get(reverse("personalization_admin:experiment", args=["page:0:nope"])).status_code == 404
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
