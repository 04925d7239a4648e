"""The `recommendations` query over /graphql/: the site's precomputed table (compute_recommendations),
co-views from the page view log, per site, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from personalization.models import CoView, RecommendedPage
from personalization.profiles import store

from .shop import SERVER, ask, codes, consent, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")

QUERY = """query R($v: String, $p: String, $s: String) {
  recommendations(visitorId: $v, path: $p, limit: 3, site: $s) { path title reason } }"""


def readers_who_read(*paths, count=4):
    """`count` consenting readers whose page view log holds `paths` (analytics)."""
    from cms.pages.models import ContentPage

    now = timezone.now() - timedelta(days=1)
    for _ in range(count):
        vid, _ = store.set_consent(None, personalization=False, analytics=True, now=now)
        for i, path in enumerate(paths):
            page_id = ContentPage.objects.get(url_path="/home" + path).pk
            store.log_page_view(
                vid,
                path=path,
                page_id=page_id,
                variant_id=None,
                arm=None,
                now=now + timedelta(minutes=i),
            )


def recommend(graphql, **variables):
    body = graphql(QUERY, variables, headers=SERVER).json()
    return body, (body.get("data") or {}).get("recommendations")


def test_readers_of_a_page_are_offered_what_its_other_readers_read_next(graphql):
    readers_who_read("/city/", "/wholesale/")
    readers_who_read("/prices/", count=2)
    call_command("compute_recommendations", verbosity=0)
    assert (
        RecommendedPage.objects.count() == 4
        and CoView.objects.filter(path="/city/", other="/wholesale/").exists()
    )
    visitor = consent(graphql)
    ask(graphql, path="/city/", context={"visitorId": visitor}, headers=SERVER)
    _, top = recommend(graphql, v=visitor, p="/city/")
    assert top[0] == {
        "path": "/wholesale/",
        "title": top[0]["title"],
        "reason": "visitors who read what you read also read this",
    }
    assert "/city/" not in [r["path"] for r in top]


def test_a_site_not_computed_yet_is_ranked_from_its_live_pages(graphql):
    _, top = recommend(graphql, p="/city/")
    assert {r["path"] for r in top} <= {"/prices/", "/city/cargo/", "/wholesale/", "/"}
    assert "/secret/" not in {r["path"] for r in top} and len(top) == 3


def test_an_unknown_site_is_bad_user_input(graphql):
    body, _ = recommend(graphql, s="nowhere.example")
    assert codes(body) == ["BAD_USER_INPUT"]


def test_the_query_count_does_not_grow_with_history_or_co_views(graphql):
    readers_who_read("/city/", "/wholesale/", "/prices/", "/city/cargo/")
    call_command("compute_recommendations", verbosity=0)
    short, long = consent(graphql), consent(graphql)
    ask(graphql, path="/city/", context={"visitorId": short}, headers=SERVER)
    for path in ("/", "/city/", "/prices/", "/city/cargo/"):
        ask(graphql, path=path, context={"visitorId": long}, headers=SERVER)
    counts = []
    for vid in (short, long):
        recommend(graphql, v=vid, p="/city/")  # warm the compiled rules
        with CaptureQueriesContext(connection) as captured:
            body, _ = recommend(graphql, v=vid, p="/city/")
        assert "errors" not in body
        counts.append(len(captured.captured_queries))
    # site, rules version, profile, counters, events, the site's pages, co-views of what was read
    assert counts[0] == counts[1] <= 8, counts


def test_the_persona_comes_from_the_visit_source_too(graphql):
    from cms.pages.models import ContentPage, PersonaAffinity
    from personalization.models import Persona

    prices = ContentPage.objects.get(url_path="/home/prices/")
    PersonaAffinity.objects.create(page=prices, persona=Persona.objects.get(slug="racer"), points=2)
    visitor = consent(graphql)
    ask(
        graphql,
        path="/",
        context={"visitorId": visitor, "referrer": "https://www.strava.com/"},
        headers=SERVER,
    )
    _, top = recommend(graphql, v=visitor, p="/")
    assert (top[0]["path"], top[0]["reason"]) == ("/prices/", "written for racer visitors")


def test_a_malformed_visitor_id_is_bad_user_input(graphql):
    body, _ = recommend(graphql, v="x" * 500)
    assert codes(body) == ["BAD_USER_INPUT"]
