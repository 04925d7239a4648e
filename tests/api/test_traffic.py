"""Honest traffic over /graphql/: client hints decide the device, bots leave no trace, and
mutually exclusive experiments (`layer`) and `traffic` shares hold for real visitors."""

import json

import pytest
from django.core.management import call_command

from personalization.experiments.models import Exposure

from .shop import GOOGLEBOT, SERVER, ask, codes, consent, content

SITE = """
journey_stages:
  - {slug: dream, name: Dream, order: 1}
pages:
  - path: /one/
    type: content
    title: One default
    variants:
      - {name: One A, stage: dream, weight: 50, layer: homepage, title: One A}
      - {name: One B, stage: dream, weight: 50, layer: homepage, title: One B}
  - path: /two/
    type: content
    title: Two default
    variants:
      - {name: Two A, stage: dream, weight: 50, layer: homepage, title: Two A}
      - {name: Two B, stage: dream, weight: 50, layer: homepage, title: Two B}
  - path: /ramp/
    type: content
    title: Ramp default
    variants:
      - {name: Ramp A, stage: dream, weight: 50, traffic: 10, title: Ramp A}
      - {name: Ramp B, stage: dream, weight: 50, traffic: 10, title: Ramp B}
"""
REDUCED_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def layered_site(db, tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "site.yaml").write_text(SITE)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_site", str(tmp_path / "site.yaml"), verbosity=0)


pytestmark = pytest.mark.usefixtures("layered_site")


def title(graphql, path, context):
    _, body, page = ask(graphql, path, context=context, headers=SERVER)
    assert "errors" not in body, body
    return content(page)["title"]


def test_a_phone_whose_reduced_agent_hides_it_is_a_phone_by_its_client_hints(graphql):
    hints = json.dumps({"Sec-CH-UA-Mobile": "?1", "Sec-CH-UA-Platform": '"Android"'})
    _, body, page = ask(
        graphql,
        "/one/",
        context={"userAgent": REDUCED_ANDROID, "clientHints": hints},
        headers=SERVER,
    )
    assert page["decision"]["device"] == "mobile", body


def test_client_hints_that_are_not_an_object_of_texts_are_refused_with_a_clear_error(graphql):
    _, body, _ = ask(graphql, "/one/", context={"clientHints": "[1, 2]"}, headers=SERVER)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "clientHints" in body["errors"][0]["message"]


def test_a_browser_calling_the_api_is_classified_by_its_own_client_hint_headers(graphql):
    response = graphql(
        'query { personalizedPage(path: "/one/") { decision { device } } }',
        headers={
            "User-Agent": REDUCED_ANDROID,
            "Sec-CH-UA-Mobile": "?0",
            "Sec-CH-UA-Platform": '"Android"',
        },
    )
    assert response.json()["data"]["personalizedPage"]["decision"]["device"] == "tablet"


def test_a_bot_gets_the_default_content_and_leaves_no_page_view_nor_exposure(graphql):
    visitor = consent(graphql)
    for path in ("/one/", "/ramp/"):
        assert title(graphql, path, {"visitorId": visitor, "userAgent": GOOGLEBOT}).endswith(
            "default"
        )
    answer = graphql(
        "query V($v: String!) { visitor(visitorId: $v) { pageViews } }", {"v": visitor}
    )
    assert answer.json()["data"]["visitor"]["pageViews"] == 0
    assert not Exposure.objects.exists()


def test_a_visitor_is_in_at_most_one_test_of_a_layer(graphql):
    both = 0
    seen = set()
    for _ in range(12):
        visitor = consent(graphql)
        one = title(graphql, "/one/", {"visitorId": visitor})
        two = title(graphql, "/two/", {"visitorId": visitor})
        both += one != "One default" and two != "Two default"
        seen.add((one == "One default", two == "Two default"))
    assert both == 0
    assert seen == {(True, False), (False, True)}  # each test gets some of the visitors


def test_a_ten_percent_ramp_lets_few_visitors_in_and_counts_only_them(graphql):
    titles = [title(graphql, "/ramp/", {"visitorId": consent(graphql)}) for _ in range(20)]
    entered = sum(t != "Ramp default" for t in titles)
    assert entered <= 6
    assert Exposure.objects.filter(visitor__isnull=False).count() == entered


def test_visits_from_an_internal_address_are_served_but_never_counted_in_an_experiment(
    graphql, settings
):
    settings.PERSONALIZATION_INTERNAL_IPS = ["89.160.20.0/24"]
    internal = [
        title(graphql, "/one/", {"visitorId": consent(graphql), "ip": "89.160.20.112"})
        for _ in range(4)
    ]
    assert internal  # served as usual
    assert not Exposure.objects.filter(visitor__isnull=False).exists()
    outside = consent(graphql)
    title(graphql, "/one/", {"visitorId": outside, "ip": "81.2.69.142"})
    title(graphql, "/two/", {"visitorId": outside, "ip": "81.2.69.142"})
    assert (
        Exposure.objects.filter(visitor__isnull=False).count() == 1
    )  # one of the two layered tests


def test_an_editors_own_visit_is_not_counted_in_an_experiment(graphql, client, admin_user):
    client.force_login(admin_user)
    for path in ("/one/", "/two/"):
        title(graphql, path, {"visitorId": consent(graphql)})
    assert not Exposure.objects.filter(visitor__isnull=False).exists()
