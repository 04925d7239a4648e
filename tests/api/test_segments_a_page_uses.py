"""personalizedPage decides only the segments the page can use unless the query reads
`decision { segments }` (issue 14 item 3): a site's other segments cost nothing."""

import json

import pytest
from django.core.management import call_command

from bench.bench_api import site_yaml
from personalization.delivery.compiled import current_compiled

pytestmark = pytest.mark.django_db

WITHOUT = """query { personalizedPage(path: "/", context: {url: "https://x.test/?utm_campaign=camp5"}, track: false) {
  variant { name } decision { persona { slug } stage { slug } } } }"""
WITH = """query { personalizedPage(path: "/", context: {url: "https://x.test/?utm_campaign=camp5"}, track: false) {
  variant { name } decision { segments } } }"""


@pytest.fixture
def evaluated(tmp_path):
    """Load a site of 20 segments (the home page's variants target persona racer and segment
    s1); the set of segments whose rules run in the next requests."""
    file = tmp_path / "site.yaml"
    file.write_text(site_yaml(20))
    call_command("load_site", str(file), verbosity=0)
    return _spy(current_compiled(_default_site()))


def _default_site():
    from wagtail.models import Site as WagtailSite

    return WagtailSite.objects.get(is_default_site=True)


def _spy(compiled) -> set[str]:
    seen: set[str] = set()

    def spy(slug, test):
        def run(state):
            seen.add(slug)
            return test(state)

        return run

    compiled.segment_tests = {
        slug: spy(slug, test) for slug, test in compiled.segment_tests.items()
    }
    return seen


def _post(client, query):
    body = client.post(
        "/graphql/", json.dumps({"query": query}), content_type="application/json"
    ).json()
    assert "errors" not in body, body
    return body["data"]["personalizedPage"]


def test_a_page_request_evaluates_only_the_segments_its_variants_target(client, evaluated):
    _post(client, WITHOUT)

    assert evaluated == {"s1"}, (
        "s0, s2..s19 are targeted by nothing on this page: their rules never run"
    )


def test_asking_for_decision_segments_still_lists_every_segment_the_visitor_is_in(
    client, evaluated
):
    page = _post(client, WITH)

    assert "s5" in page["decision"]["segments"], (
        "utm_campaign camp5 puts the visitor in s5, which no variant targets"
    )
    assert evaluated == {f"s{i}" for i in range(20)}
