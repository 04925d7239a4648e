"""Experiments through /graphql/: who is exposed, excluded and held out, and what the server-key
`experiments` query reports after `rollup_events`."""

import pytest

from personalization.experiments.models import Exposure

from .conftest import SERVER, by_page, consent, experiments, rollup, title, track

pytestmark = pytest.mark.usefixtures("lab")


def test_every_consenting_visitor_is_exposed_once_to_one_arm(graphql):
    visitors = [consent(graphql) for _ in range(20)]
    for vid in visitors:
        first = title(graphql, "/split/", vid)
        assert title(graphql, "/split/", vid) == first, "a visitor keeps their arm"
    rollup()
    split = by_page(experiments(graphql), "/split/")
    assert split["status"] == "running" and split["goal"] == "booking"
    assert [a["name"] for a in split["arms"]] == ["Left", "Right"]
    assert [a["control"] for a in split["arms"]] == [True, False]
    assert sum(a["exposures"] for a in split["arms"]) == 20
    assert Exposure.objects.filter(visitor__isnull=False).count() == 20


def test_anonymous_traffic_changes_no_arms_numbers(graphql):
    visitors = [consent(graphql) for _ in range(6)]
    for vid in visitors:
        title(graphql, "/split/", vid)
    rollup()
    before = by_page(experiments(graphql), "/split/")
    for _ in range(15):
        assert title(graphql, "/split/") == "Left", "without an id: the control"
        title(graphql, "/split/", "never-consented")
    rollup()
    after = by_page(experiments(graphql), "/split/")
    assert after["arms"] == before["arms"]
    assert after["excluded"] == before["excluded"] + 30


def test_holdout_visitors_see_the_default_content(graphql):
    seen = {}
    for _ in range(30):
        vid = consent(graphql)
        seen[vid] = title(graphql, "/held/", vid)
        assert title(graphql, "/held/", vid) == seen[vid], "the holdout sticks too"
    assert set(seen.values()) == {"Plain offer", "Special offer"}
    arms = dict(
        Exposure.objects.filter(
            experiment__endswith="", visitor__isnull=False, page_id__isnull=False
        )
        .exclude(arm__startswith="page:")
        .values_list("visitor__public_id", "arm")
    )
    assert all(seen[v] == "Plain offer" for v, arm in arms.items() if arm == "holdout")
    assert sum(1 for t in seen.values() if t == "Plain offer") == len(arms)
    rollup()
    held = by_page(experiments(graphql), "/held/")
    assert [(a["name"], a["control"], a["variantId"] is None) for a in held["arms"]] == [
        ("Holdout", True, True),
        ("Special offer", False, False),
    ]
    assert sum(a["exposures"] for a in held["arms"]) == 30
    assert title(graphql, "/held/") == "Plain offer", (
        "no id: the holdout's control, the default content"
    )


def test_a_conversion_is_never_counted_twice(graphql):
    vid = consent(graphql)
    arm = title(graphql, "/split/", vid)
    for _ in range(3):
        track(graphql, vid, "booking")
        title(graphql, "/split/", vid)
    rollup()
    rollup()  # idempotent
    split = by_page(experiments(graphql), "/split/")
    arm_row = next(a for a in split["arms"] if a["name"] == arm)
    assert (arm_row["exposures"], arm_row["conversions"]) == (1, 1)
    assert sum(a["conversions"] for a in split["arms"]) == 1


def test_a_conversion_before_the_exposure_does_not_count(graphql):
    vid = consent(graphql)
    track(graphql, vid, "booking")
    title(graphql, "/split/", vid)
    rollup()
    assert sum(a["conversions"] for a in by_page(experiments(graphql), "/split/")["arms"]) == 0


def test_prefetches_bots_and_analytics_refusers_are_not_exposed(graphql):
    vid = consent(graphql)
    graphql(
        """query { personalizedPage(path: "/split/", track: false, context: {visitorId: "%s"}) { content } }"""
        % vid
    )
    graphql(
        """query { personalizedPage(path: "/split/", context: {visitorId: "%s", userAgent: "Googlebot/2.1"}) { content } }"""
        % vid,
        headers=SERVER,
    )
    no_analytics = graphql(
        """mutation { setConsent(personalization: true, analytics: false) { visitorId } }""",
        headers=SERVER,
    ).json()["data"]["setConsent"]["visitorId"]
    title(graphql, "/split/", no_analytics)
    assert not Exposure.objects.exists()


def test_value_goals_report_the_mean_value_per_visitor(graphql):
    for amount in (10.0, 30.0, None, None):
        vid = consent(graphql)
        title(graphql, "/held/", vid)
        if amount:
            track(graphql, vid, "purchase", amount)
    rollup()
    held = by_page(experiments(graphql, "revenue"), "/held/")
    assert held["goal"] == "revenue"
    total = sum((a["mean"] or 0) * a["exposures"] for a in held["arms"])
    assert total == pytest.approx(40.0)


def test_experiments_need_the_server_key_and_a_known_goal(graphql):
    body = experiments(graphql, headers={})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and not body.get("data")
    body = experiments(graphql, "nope")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "booking" in body["errors"][0]["message"]


def test_the_site_wide_holdout_is_never_personalized(graphql):
    from wagtail.models import Site

    from personalization.experiments.models import ExperimentSettings
    from personalization.experiments.report import Filters, experiment_reports

    ExperimentSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"holdout": 50}
    )
    titles = {}
    for _ in range(16):
        vid = consent(graphql)
        titles[vid] = (title(graphql, "/split/", vid), title(graphql, "/held/", vid))
    site = dict(Exposure.objects.filter(experiment="site").values_list("visitor__public_id", "arm"))
    assert len(site) == 16 and set(site.values()) == {"holdout", "personalized"}
    for vid, arm in site.items():
        if arm == "holdout":
            assert titles[vid] == ("Split", "Plain offer"), "every page's default content"
            assert (
                not Exposure.objects.filter(visitor__public_id=vid)
                .exclude(experiment="site")
                .exists()
            )
        else:
            assert titles[vid][0] in ("Left", "Right")
    rollup()
    _, reports = experiment_reports(Filters(goal="booking"), include_site=True)
    whole = next(r for r in reports if r.id == "site")
    assert [a.totals.exposures for a in whole.result.arms] == [
        sum(1 for a in site.values() if a == "holdout"),
        sum(1 for a in site.values() if a == "personalized"),
    ]
