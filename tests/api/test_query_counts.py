"""One personalizedPage request costs the same database queries whatever the number of
segments, rules and history (issue: fast by design). Pinned, with each query named.

Sites, routes and the rules version are held in process (delivery/routes.py, stamps.py): the
stamps are read once per TAILOR_STAMP_SECONDS, not per request; the tests set a long interval so
that the one request measured is never the one that reads them."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.bench_api import site_yaml

QUERY = """query P($c: VisitorContextInput) { personalizedPage(path: "/", context: $c) {
  content variant { id name } decision { visitorId persona { slug } stage { slug } segments reasons cacheKey } } }"""


def load(tmp_path, segments):
    path = tmp_path / f"site-{segments}.yaml"
    path.write_text(site_yaml(segments))
    call_command("load_site", str(path), verbosity=0)


def post(client, query, variables=None):
    return client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0",
    )


def queries_for_one_request(client, vid, extra_views=0):
    for _ in range(3 + extra_views):  # warm: compiled rules and the page snapshot; grows history
        post(client, QUERY, {"c": {"visitorId": vid, "referrer": "https://strava.com/"}})
    with CaptureQueriesContext(connection) as captured:
        response = post(client, QUERY, {"c": {"visitorId": vid, "referrer": "https://strava.com/"}})
    assert "errors" not in response.json(), response.json()
    return [q["sql"] for q in captured.captured_queries]


def consented(client):
    body = post(
        client, "mutation { setConsent(personalization: true, analytics: true) { visitorId } }"
    ).json()
    return body["data"]["setConsent"]["visitorId"]


@pytest.fixture(autouse=True)
def stamps_read_rarely(settings):
    settings.TAILOR_STAMP_SECONDS = 3600


@pytest.mark.django_db
@pytest.mark.parametrize("segments", [5, 200])
def test_a_profiled_page_request_costs_a_constant_number_of_queries(client, tmp_path, segments):
    load(tmp_path, segments)
    sql = queries_for_one_request(client, consented(client))
    # Read: the profile (with consent) with its counters and events, one statement (site, page,
    # view restrictions and the rules version come from the process's route table and stamps).
    # Writes, one transaction with no savepoint: profile update (visit, counts, stage, source),
    # path counter upsert (the home page has no tags or affinity to upsert), the page view, which
    # is also the impression of the variant served.
    assert len(sql) == EXPECTED_PROFILED, "\n".join(sql)


@pytest.mark.django_db
def test_history_size_does_not_change_the_query_count(client, tmp_path):
    load(tmp_path, 5)
    short, long = consented(client), consented(client)
    assert len(queries_for_one_request(client, short)) == len(
        queries_for_one_request(client, long, extra_views=40)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("segments", [5, 200])
def test_an_anonymous_page_request_costs_a_constant_number_of_queries(client, tmp_path, segments):
    load(tmp_path, segments)
    for _ in range(3):
        post(client, QUERY, {"c": {"referrer": "https://strava.com/"}})
    with CaptureQueriesContext(connection) as captured:
        post(client, QUERY, {"c": {"referrer": "https://strava.com/"}})
    # the anonymous impression of the variant served; nothing is read
    assert len(captured.captured_queries) == EXPECTED_ANONYMOUS, "\n".join(
        q["sql"] for q in captured.captured_queries
    )


EXPECTED_PROFILED = 4
EXPECTED_ANONYMOUS = 1
