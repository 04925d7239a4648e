"""`load_site --prune` and traits: a trait the files no longer declare is deleted unless a rule
(of a segment, a persona or a stage, nested groups included) still tests it; then nothing is
loaded and the message names the rule."""

import pytest
from django.core.management.base import CommandError

from personalization.models import Trait

from .test_load_dry_run_and_prune import run

pytestmark = pytest.mark.django_db

SITE = """\
traits:
  - {name: plan, type: text}
  - {name: lifetime_value, type: number}
  - {name: newsletter, type: boolean}
  - {name: tier, type: text}
personas:
  - slug: pro
    name: Pro
    rules: {trait: {name: plan, in: [pro, team]}}
journey_stages:
  - slug: loyal
    name: Loyal
    order: 1
    rules: {any: [{not: {trait: {name: tier, equals: bronze}}}, {event: {type: purchase, min: 3}}]}
segments:
  - slug: big
    name: Big spenders
    rules: {all: [{trait: {name: lifetime_value, gte: 1000}}, {device: mobile}]}
pages:
  - {path: /, type: home, title: Home, body: []}
"""


def names():
    return sorted(Trait.objects.values_list("name", flat=True))


def without(text: str, *lines: str) -> str:
    for line in lines:
        assert line in text
        text = text.replace(line, "")
    return text


def test_prune_deletes_a_trait_no_rule_uses_and_keeps_the_others(site_dir):
    path = site_dir({"site.yaml": SITE})
    run(path)
    site_dir({"site.yaml": without(SITE, "  - {name: newsletter, type: boolean}\n")})
    out = run(path, "--prune")
    assert names() == ["lifetime_value", "plan", "tier"]
    assert "traits: 3 unchanged, 1 deleted" in out


def test_without_prune_a_trait_is_never_deleted(site_dir):
    path = site_dir({"site.yaml": SITE})
    run(path)
    site_dir({"site.yaml": without(SITE, "  - {name: newsletter, type: boolean}\n")})
    run(path)
    assert "newsletter" in names()


@pytest.mark.parametrize(
    "line, user",
    [
        ("  - {name: plan, type: text}\n", "trait plan is still used by persona pro (its rules)"),
        (
            "  - {name: tier, type: text}\n",
            "trait tier is still used by journey stage loyal (its rules)",
        ),
        (
            "  - {name: lifetime_value, type: number}\n",
            "trait lifetime_value is still used by segment big (its rules)",
        ),
    ],
)
def test_prune_refuses_a_trait_a_rule_still_tests_and_loads_nothing(site_dir, line, user):
    path = site_dir({"site.yaml": SITE})
    run(path)
    site_dir({"site.yaml": without(SITE, line, "  - {name: newsletter, type: boolean}\n")})
    with pytest.raises(CommandError) as error:
        run(path, "--prune")
    assert user in str(error.value)
    assert names() == ["lifetime_value", "newsletter", "plan", "tier"], (
        "the whole load was rolled back"
    )
    with pytest.raises(CommandError, match=user.split(" (")[0]):
        run(path, "--dry-run", "--prune")


def test_a_trait_whose_only_rule_goes_in_the_same_prune_goes_too(site_dir):
    path = site_dir({"site.yaml": SITE})
    run(path)
    site_dir(
        {
            "site.yaml": without(
                SITE,
                "  - {name: lifetime_value, type: number}\n",
                "  - slug: big\n    name: Big spenders\n    rules: {all: [{trait: {name: lifetime_value, gte: 1000}}, {device: mobile}]}\n",
            ).replace("segments:\n", "segments: []\n")
        }
    )
    run(path, "--prune")
    assert names() == ["newsletter", "plan", "tier"]
