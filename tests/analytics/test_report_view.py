"""The admin "Analytics" report on the real database: numbers, charts, access, query count."""
from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from personalization.analytics.queries import load_rows
from personalization.profiles import store

from .conftest import visit

URL = reverse("personalization_admin:analytics")
REPORT_QUERIES = 5
VIEW_QUERIES = 11  # session, user, user profile, admin menu (3) + the report (5)


def table(html: str, page_id: int) -> dict[str, dict[str, str]]:
    """Variant name -> its numbers, as the report's table shows them."""
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.find(attrs={"data-table": str(page_id)}).find_all("tr", attrs={"data-variant": True})
    return {tr["data-variant"]: {k: tr[f"data-{k}"] for k in ("impressions", "visitors", "conversions", "rate", "uplift")}
            for tr in rows}


@pytest.fixture
def traffic(landing):
    """Default: 4 visitors, 1 buys. Racer home: 2 visitors, both buy. Phone A: 1, Phone B: 1."""
    for buys in (True, False, False, False):
        visit(landing, None, buys=buys)
    visit(landing, "Racer home", buys=True)
    visit(landing, "Racer home", buys=True)
    visit(landing, "Phone A")
    visit(landing, "Phone B", buys=True)
    return landing


def test_report_shows_impressions_conversions_rate_and_uplift_per_variant(admin_client, traffic):
    html = admin_client.get(URL).content.decode()
    numbers = table(html, traffic.pk)
    assert numbers["Default content"] == {"impressions": "4", "visitors": "4", "conversions": "1",
                                          "rate": "25.0%", "uplift": "–"}
    assert numbers["Racer home"] == {"impressions": "2", "visitors": "2", "conversions": "2",
                                     "rate": "100.0%", "uplift": "+300.0%"}
    assert numbers["Phone B"]["rate"] == "100.0%" and numbers["Phone A"]["rate"] == "0.0%"


def test_the_chart_comes_first_and_says_its_numbers(admin_client, traffic):
    soup = BeautifulSoup(admin_client.get(URL).content.decode(), "html.parser")
    section = soup.find("section", attrs={"data-page": str(traffic.pk)})
    first = section.find(["svg", "table"])
    assert first.name == "svg" and first["role"] == "img"
    assert first.title.get_text() == "Conversion rate per variant on Landing"
    assert "Racer home: 100.0% (2/2)" in first["aria-label"]
    bars = {g["data-label"]: float(g.rect["width"]) for g in first.find_all("g")}
    assert bars["Racer home"] > bars["Default content"] > bars["Phone A"] == 0


def test_ab_arms_are_highlighted_with_a_verdict(admin_client, traffic):
    soup = BeautifulSoup(admin_client.get(URL).content.decode(), "html.parser")
    verdict = soup.find(attrs={"class": "tailor-verdict"}).get_text(" ", strip=True)
    assert verdict.startswith("A/B test") and "Not enough data yet (1 of 100 visitors" in verdict
    highlighted = [tr["data-variant"] for tr in soup.select("tr.tailor-row--ab")]
    assert highlighted == ["Phone A", "Phone B"]


def test_date_range_leaves_out_older_visits(admin_client, landing):
    visit(landing, "Racer home", ago=timedelta(days=10))
    visit(landing, "Racer home", ago=timedelta(days=40))
    counts = {days: table(admin_client.get(URL, {"days": days}).content.decode(), landing.pk)["Racer home"]["visitors"]
              for days in (7, 30, 90)}
    assert counts == {7: "0", 30: "1", 90: "2"}
    assert admin_client.get(URL, {"days": "bogus"}).status_code == 200


def test_visitors_without_analytics_consent_are_not_counted(admin_client, landing):
    visit(landing, "Racer home", analytics=False, buys=True)
    assert table(admin_client.get(URL).content.decode(), landing.pk)["Racer home"]["visitors"] == "0"


def test_rows_load_in_a_fixed_number_of_queries(traffic):
    with CaptureQueriesContext(connection) as few:
        load_rows(timezone.now())
    for _ in range(5):
        visit(traffic, "Phone A", buys=True)
    with CaptureQueriesContext(connection) as many:
        rows = load_rows(timezone.now())
    assert len(few) == len(many) == REPORT_QUERIES
    assert len(rows.views) == 13


def test_report_view_query_count_does_not_grow_with_page_views(admin_client, traffic):
    admin_client.get(URL)  # warm per-process caches (menus, site)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(URL)
    vid = visit(traffic, "Phone A", buys=True)
    for minutes in range(1, 30):
        store.record_page_view(vid, path="/landing/", page_id=traffic.pk, tags=[], affinity={}, arm=None,
                               variant_id=None, now=timezone.now() - timedelta(minutes=minutes))
    for _ in range(10):
        visit(traffic, "Racer home", buys=True)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(URL)
    assert len(few) == len(many) == VIEW_QUERIES, [q["sql"] for q in many.captured_queries]


def test_users_without_admin_access_are_refused(client, django_user_model, traffic):
    assert client.get(URL).status_code == 302   # anonymous: to the login page
    user = django_user_model.objects.create_user("visitor", "v@example.com", "pw")
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)


def test_admin_users_see_the_report_in_the_personalization_menu(client, django_user_model, traffic):
    group = Group.objects.create(name="Analytics readers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("editor", "e@example.com", "pw")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()
