"""A/B tests on a personalized block's alternatives (same target, weights) are experiments like
page variants: each consenting visitor is exposed once to one alternative, a visitor without an
id is excluded, and the `experiments` query and the admin list report them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from personalization.experiments.models import Exposure

from .conftest import ask, by_page, consent, content, experiments, rollup, track

pytestmark = pytest.mark.usefixtures("lab")

BLOCKS = """
pages:
  - path: /blocks/
    type: content
    title: Blocks
    body:
      - {type: heading, value: Welcome}
      - type: personalized
        value:
          variants:
            - {stage: look, weight: 50, blocks: [{type: heading, value: Offer A}]}
            - {stage: look, weight: 50, blocks: [{type: heading, value: Offer B}]}
          default: [{type: heading, value: No offer}]
"""


@pytest.fixture
def blocks_page(lab, tmp_path):
    extension = tmp_path / "blocks.yaml"
    extension.write_text(BLOCKS)
    call_command("load_site", str(extension), verbosity=0)


def offer(graphql, visitor_id=None) -> str:
    _, body, page = ask(
        graphql, path="/blocks/", context={"visitorId": visitor_id} if visitor_id else None
    )
    assert page is not None, body
    headings = [b["value"] for b in content(page)["body"] if b["type"] == "heading"]
    return headings[1]


def test_a_block_ab_test_is_reported_like_a_page_experiment(graphql, blocks_page):
    seen = {}
    for _ in range(24):
        vid = consent(graphql)
        seen[vid] = offer(graphql, vid)
        assert offer(graphql, vid) == seen[vid], "a visitor keeps their alternative"
    assert set(seen.values()) == {"Offer A", "Offer B"}
    assert offer(graphql) == "Offer A", "without an id: the control"
    for vid, shown in seen.items():
        if shown == "Offer B":
            track(graphql, vid, "booking")
    assert (
        Exposure.objects.filter(experiment__startswith="block:", visitor__isnull=False).count()
        == 24
    )
    rollup()
    report = by_page(experiments(graphql), "/blocks/")
    assert report["status"] == "running" and report["excluded"] == 1
    assert report["name"] == "Personalized section 1: Alternative 1 vs Alternative 2"
    arms = {a["name"]: (a["control"], a["exposures"], a["conversions"]) for a in report["arms"]}
    b = sum(1 for shown in seen.values() if shown == "Offer B")
    assert arms == {"Alternative 1": (True, 24 - b, 0), "Alternative 2": (False, b, b)}


def test_the_admin_lists_and_reports_block_experiments(graphql, blocks_page, admin_client):
    for _ in range(4):
        offer(graphql, consent(graphql))
    rollup()
    body = admin_client.get(reverse("personalization_admin:experiments")).content.decode()
    assert "Personalized section 1: Alternative 1 vs Alternative 2" in body
    experiment = Exposure.objects.filter(experiment__startswith="block:").values_list(
        "experiment", flat=True
    )[0]
    report = admin_client.get(reverse("personalization_admin:experiment", args=[experiment]))
    assert report.status_code == 200 and b'data-arm="Alternative 1"' in report.content
