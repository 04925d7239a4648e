"""Reports say when they have too few visitors (no "95% interval 0.0% – 0.0%", no "Sample ratio
ok" at 0 visitors), say how fresh their figures are without naming a command, and draw a daily
chart whose axis spans only the days with data."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from personalization.experiments.charts import day_axis_range, timeseries_chart, wrapped
from personalization.experiments.stats import ArmTotals
from personalization.experiments.sufficiency import enough_visitors, visitors_needed

from .conftest import rollup
from .test_aggregates import fake_traffic, split_arms

pytestmark = pytest.mark.usefixtures("lab")


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def arms(*exposures, weights=None):
    weights = weights or [1.0] * len(exposures)
    return [
        ArmTotals(f"a{i}", None, i == 0, n, 0, weight=w)
        for i, (n, w) in enumerate(zip(exposures, weights, strict=True))
    ]


def test_enough_visitors_means_every_arm_expects_five():
    assert not enough_visitors(arms(0, 0))
    assert not enough_visitors(arms(4, 5))
    assert enough_visitors(arms(5, 5))
    assert enough_visitors(arms(10, 0)), "an empty arm among enough visitors is a ratio mismatch"
    assert not enough_visitors(arms(30, 0, weights=[9, 1])), "the 10% arm expects only 3"
    assert visitors_needed(arms(0, 0)) == 10
    assert visitors_needed(arms(0, 0, weights=[9, 1])) == 50


def test_a_report_without_visitors_says_so_instead_of_intervals_and_a_ratio_verdict(admin):
    url = reverse("personalization_admin:experiment", args=[split_arms()[0]])
    body = admin.get(url).content.decode()
    assert "data-not-enough" in body and "Not enough visitors yet: 0 visitors so far." in body
    assert "0.0% – 0.0%" not in body
    listing = admin.get(reverse("personalization_admin:experiments")).content.decode()
    row = listing[listing.index(f'data-experiment="{split_arms()[0]}"') :]
    row = row[: row.index("</tr>")]
    assert "not enough visitors yet" in row and 'data-ratio="not_enough"' in row
    assert "Split as planned" not in row


def test_a_report_with_enough_visitors_shows_intervals_and_the_ratio_check(admin):
    fake_traffic(30, 1)
    rollup()
    url = reverse("personalization_admin:experiment", args=[split_arms()[0]])
    body = admin.get(url).content.decode()
    assert "data-not-enough" not in body and "% – " in body
    listing = admin.get(reverse("personalization_admin:experiments")).content.decode()
    row = listing[listing.index(f'data-experiment="{split_arms()[0]}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-ratio="ok"' in row and "Split as planned" in row


def test_the_figures_say_how_fresh_they_are_and_never_name_a_command(admin):
    body = admin.get(reverse("personalization_admin:experiments")).content.decode()
    assert "Figures not counted yet" in body and "every 15 minutes" in body
    rollup()
    body = admin.get(reverse("personalization_admin:experiments")).content.decode()
    assert "Figures updated just now" in body
    home = admin.get(reverse("wagtailadmin_home")).content.decode()
    for screen in (body, home):
        assert "manage.py" not in screen and "rollup_events" not in screen


def test_a_daily_chart_of_one_day_spans_one_day():
    start, end = day_axis_range([date(2026, 3, 4)])
    assert end - start == timedelta(days=1)
    assert start == datetime(2026, 3, 3, 12) and end == datetime(2026, 3, 4, 12)
    svg = timeseries_chart([date(2026, 3, 4)], {"Left": [0.5]}, "Daily")
    assert "04 Mar 2026" in svg and "2027" not in svg and "2029" not in svg


def test_long_chart_titles_wrap_instead_of_being_cut():
    title = "Performance enthusiasts homepage hero test: Booked a test drive within seven days"
    assert all(len(line) <= 80 for line in wrapped(title, 80).splitlines())
    assert wrapped(title, 80).replace("\n", " ") == title
