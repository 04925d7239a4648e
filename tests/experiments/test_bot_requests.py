"""Robots are counted apart: "bot requests" per day on the experiments screen, one small upsert
per robot request and nothing else stored; people's figures never include them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from personalization.experiments.bots import bot_requests, count_bot_request
from personalization.experiments.models import BotDay, Exposure
from personalization.profiles.models import PageView, Visitor

from ..api.shop import GOOGLEBOT, SERVER, ask
from .conftest import title

pytestmark = pytest.mark.usefixtures("lab")


def as_bot(graphql, path="/split/"):
    _, body, page = ask(graphql, path=path, context={"userAgent": GOOGLEBOT}, headers=SERVER)
    assert page is not None, body


def test_each_bot_request_adds_one_to_todays_count_and_stores_nothing_else(graphql):
    people_before = Visitor.objects.count()
    for _ in range(3):
        as_bot(graphql)
    assert list(BotDay.objects.values_list("day", "requests")) == [
        (timezone.now().astimezone(UTC).date(), 3)
    ]
    assert Visitor.objects.count() == people_before
    assert not PageView.objects.exists() and not Exposure.objects.exists()


def test_a_person_is_never_counted_as_a_bot_request(graphql):
    title(graphql, "/split/")
    assert not BotDay.objects.exists()


def test_the_bot_path_costs_the_same_queries_on_the_first_and_the_hundredth_request(graphql):
    as_bot(graphql)  # warm caches
    with CaptureQueriesContext(connection) as first:
        as_bot(graphql)
    BotDay.objects.update(requests=99)
    with CaptureQueriesContext(connection) as later:
        as_bot(graphql)
    assert len(first) == len(later)
    writes = [q["sql"] for q in later.captured_queries if "botday" in q["sql"].lower()]
    assert len(writes) == 1, writes
    assert BotDay.objects.get().requests == 100


def test_counting_is_one_query_and_days_roll_over_at_midnight_utc():
    late = datetime(2026, 3, 1, 23, 59, tzinfo=UTC)
    with CaptureQueriesContext(connection) as ctx:
        count_bot_request(late)
    assert len(ctx) == 1
    count_bot_request(late + timedelta(minutes=2))
    count_bot_request(late + timedelta(minutes=3))
    assert bot_requests(3, late.date() + timedelta(days=1)) == [
        (late.date() + timedelta(days=1), 2),
        (late.date(), 1),
        (late.date() - timedelta(days=1), 0),
    ]


def test_the_experiments_screen_shows_bot_requests_per_day(graphql, client, django_user_model):
    for _ in range(2):
        as_bot(graphql)
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.com", "pw"))
    body = client.get(reverse("personalization_admin:experiments")).content.decode()
    table = body[body.index("data-bot-requests") :]
    today = timezone.now().astimezone(UTC).date().isoformat()
    row = table[table.index(f'data-day="{today}"') :]
    assert '<td class="num">2</td>' in row[: row.index("</tr>")]
    assert "2 requests from robots" in body and "left out of every figure" in body
    assert table.count("data-day=") == 7, "the last 7 days by default, empty days as 0"
