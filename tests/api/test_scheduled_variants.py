"""Scheduled variants over /graphql/: served only in their window at the request's time, and
previewable at any time with `simulate.now`; the cacheKey follows what is served."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from .shop import SERVER, ask, content

NOW = datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


SITE = f"""
personas:
  - {{slug: racer, name: Racer}}
segments:
  - {{slug: spring, name: Spring campaign, rules: {{utm_campaign: spring}}}}
pages:
  - path: /
    type: home
    title: Bikes
    body:
      - type: personalized
        value:
          variants:
            - persona: racer
              go_live_at: 2026-12-07T00:00:00Z
              expire_at: 2026-12-12T00:00:00Z
              blocks: [{{type: heading, value: Race week}}]
          default: [{{type: heading, value: Welcome}}]
    variants:
      - name: Black Friday
        persona: racer
        go_live_at: 2026-11-27T00:00:00Z
        expire_at: 2026-11-30T00:00:00Z
        title: Black Friday for racers
      - name: Spring, ended
        segment: spring
        expire_at: {iso(NOW - timedelta(days=1))}
        title: Spring is over
  - path: /live/
    type: content
    title: Live page
    variants:
      - name: Spring, running
        segment: spring
        go_live_at: {iso(NOW - timedelta(days=1))}
        expire_at: {iso(NOW + timedelta(days=1))}
        title: Spring offer
  - path: /planned/
    type: content
    title: Planned page
    body:
      - type: personalized
        value:
          variants:
            - segment: spring
              go_live_at: 2099-01-01T00:00:00Z
              blocks: [{{type: heading, value: Not yet}}]
          default: [{{type: heading, value: Now}}]
    variants:
      - name: SECRETSCHEDVARIANT
        segment: spring
        go_live_at: 2099-01-01T00:00:00Z
        title: Not yet
      - name: Spring, ended too
        segment: spring
        expire_at: {iso(NOW - timedelta(days=1))}
        title: Over
"""


@pytest.fixture
def scheduled_site(db, tmp_path, django_capture_on_commit_callbacks):
    """Loaded with its commit callbacks run, so the rule set version moves: every process (and
    the next test, rolled back to the shop's rules) compiles the rules again."""
    (tmp_path / "site.yaml").write_text(SITE)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_site", str(tmp_path / "site.yaml"), verbosity=0)


pytestmark = pytest.mark.usefixtures("scheduled_site")


def preview_at(graphql, moment: str, **simulate):
    _, body, data = ask(
        graphql, simulate={"persona": "racer", "now": moment, **simulate}, headers=SERVER
    )
    assert "errors" not in body, body
    return data


def title(data) -> str:
    return content(data)["title"]


def test_previewing_at_a_chosen_time_shows_the_variant_live_then(graphql):
    assert title(preview_at(graphql, "2026-11-26T23:59:59Z")) == "Bikes"
    assert title(preview_at(graphql, "2026-11-27T00:00:00Z")) == "Black Friday for racers"
    assert title(preview_at(graphql, "2026-11-29T23:59:59Z")) == "Black Friday for racers"
    assert title(preview_at(graphql, "2026-11-30T00:00:00Z")) == "Bikes"


def test_the_preview_explains_a_variant_that_is_not_live_yet(graphql):
    reasons = preview_at(graphql, "2026-11-26T12:00:00Z")["decision"]["reasons"]
    assert any("variant 'Black Friday' goes live 2026-11-27 00:00 UTC" in r for r in reasons)


def test_previewing_a_block_alternative_at_a_time(graphql):
    def heading(moment):
        return content(preview_at(graphql, moment))["body"][0]["value"]

    assert heading("2026-12-06T23:59:59Z") == "Welcome"
    assert heading("2026-12-07T00:00:00Z") == "Race week"
    assert heading("2026-12-12T00:00:00Z") == "Welcome"


def test_two_times_either_side_of_go_live_never_share_a_cache_key(graphql):
    before = preview_at(graphql, "2026-11-26T23:59:59Z")
    after = preview_at(graphql, "2026-11-27T00:00:00Z")
    assert title(before) != title(after)
    assert before["decision"]["cacheKey"] != after["decision"]["cacheKey"]
    earlier = preview_at(graphql, "2026-11-20T08:00:00Z")
    assert earlier["decision"]["cacheKey"] == before["decision"]["cacheKey"], (
        "same content, same key"
    )


def test_a_visitor_never_gets_an_expired_variant(graphql):
    _, _, data = ask(
        graphql, path="/", context={"url": "https://shop.example/?utm_campaign=spring"}
    )
    assert "spring" in data["decision"]["segments"]
    assert title(data) == "Bikes" and data["variant"] is None


def test_a_visitor_gets_a_variant_inside_its_window_at_the_time_of_the_request(graphql):
    _, _, data = ask(
        graphql, path="/live/", context={"url": "https://shop.example/live/?utm_campaign=spring"}
    )
    assert title(data) == "Spring offer" and data["variant"]["name"] == "Spring, running"


TYPED_BODY = """query T($s: SimulationInput) { personalizedPage(path: "/", simulate: $s) {
  page { ... on HomePage { body { rawValue } } } } }"""


def typed_body_text(graphql, **simulate) -> str:
    response = graphql(TYPED_BODY, {"s": simulate or None}, headers=SERVER)
    body = response.json()
    assert "errors" not in body, body
    return json.dumps(body["data"]["personalizedPage"]["page"]["body"])


def test_the_typed_page_never_shows_a_block_alternative_before_its_go_live_time(graphql):
    assert "Race week" not in typed_body_text(graphql, now="2026-12-06T23:59:59Z")
    assert "Race week" in typed_body_text(graphql, now="2026-12-07T00:00:00Z")
    assert "Race week" not in typed_body_text(graphql, now="2026-12-12T00:00:00Z")
    assert "Welcome" in typed_body_text(graphql, now="2026-12-12T00:00:00Z")


def test_reasons_name_scheduled_content_only_to_the_server_and_previews(graphql):
    spring = {"url": "https://shop.example/planned/?utm_campaign=spring"}
    _, _, anyone = ask(graphql, path="/planned/", context=spring)
    said = " ".join(anyone["decision"]["reasons"])
    assert title(anyone) == "Planned page" and "Segment spring" in said
    for clue in (
        "SECRETSCHEDVARIANT",
        "Hidden alternative",
        "ended too",
        "2099",
        "goes live",
        "expired",
    ):
        assert clue not in said, anyone["decision"]["reasons"]
    assert anyone["decision"]["reasons"][-2:] == [
        "Default content",
        "Personalized section 1: the default content",
    ]
    _, _, server = ask(graphql, path="/planned/", context=spring, headers=SERVER)
    told = " ".join(server["decision"]["reasons"])
    assert (
        "SECRETSCHEDVARIANT' goes live 2099-01-01" in told and "alternative '1' goes live" in told
    )
