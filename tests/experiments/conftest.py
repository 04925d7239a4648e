"""A small site with an A/B test (/split/) and a variant with a 50% holdout (/held/), and helpers
to visit it over /graphql/ as consenting and anonymous visitors."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.api.conftest import graphql  # noqa: F401
from tests.api.shop import SERVER, ask, consent, content  # noqa: F401

SITE = Path(__file__).with_name("site.yaml")
EXPERIMENTS = """query E($goal: String, $site: String) { experiments(goal: $goal, site: $site) {
  page name goal status srm srmPValue excluded
  arms { name variantId control exposures conversions rate rateLow rateHigh uplift upliftLow upliftHigh
         pValue chanceToBeatControl mean meanLow meanHigh } } }"""


@pytest.fixture(autouse=True)
def fresh_rules():
    """Compiled rule sets are cached per process by version, and a rolled-back test leaves the
    same version number behind: forget them before and after, so no other test sees this site's."""
    from personalization.delivery import compiled
    from personalization.rules.current import forget_snapshots

    forget_snapshots()
    compiled._compiled.clear()
    yield
    forget_snapshots()
    compiled._compiled.clear()


@pytest.fixture
def lab(db):
    call_command("load_site", str(SITE), verbosity=0)


def title(graphql, path, visitor_id=None, **context):
    if visitor_id:
        context["visitorId"] = visitor_id
    _, body, page = ask(graphql, path=path, context=context or None)
    assert page is not None, body
    return content(page)["title"]


def track(graphql, visitor_id, type_, value=None):
    body = graphql(
        "mutation T($v: String!, $t: String!, $x: Float) { trackEvent(visitorId: $v, type: $t, value: $x) { ok } }",
        {"v": visitor_id, "t": type_, "x": value},
    ).json()
    assert body["data"]["trackEvent"]["ok"], body


def experiments(graphql, goal=None, headers=SERVER, **variables):
    return graphql(EXPERIMENTS, {"goal": goal, **variables}, headers=headers).json()


def by_page(body, path):
    return next(e for e in body["data"]["experiments"] if e["page"] == path)


def rollup():
    call_command("rollup_events", verbosity=0)
