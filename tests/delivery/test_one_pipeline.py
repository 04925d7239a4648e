"""One pipeline: `personalizedPage` and a frontend deciding locally from `ruleSet` (LocalEngine,
the `tailor_engine.cli` command line) give the same persona, stage, segments, page variant,
cacheKey and contentUrl for the same visitor, with the site holdout and current bandit weights
in play. The server's answers are read through /graphql/ itself; the visitor context is either
the one the server built from a real request (captured on its way into the engine) or one put in
its place (the committed corpus's contexts, fresh random ones)."""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personalization.delivery import routes, service
from personalization.engine import in_site_holdout
from personalization.engine.cli import answer, dumps_line
from personalization.engine.context_json import context_from_json, context_to_json
from personalization.engine.portable import LocalEngine
from personalization.experiments import settings_cache
from personalization.experiments.models import BanditWeights, ExperimentSettings

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "sdk" / "conformance"))
from contexts import context as random_context  # noqa: E402

SITE = Path(__file__).with_name("pipeline_site.yaml")
SERVER = {"Authorization": "Bearer test-server-key"}
PATHS = ["/", "/prices/", "/launch/", "/about/", "/cart/", "/checkout/"]
PAGE = """query P($path: String!, $context: VisitorContextInput, $track: Boolean) {
  personalizedPage(path: $path, context: $context, track: $track) {
    variant { id }
    decision { persona { slug } stage { slug } segments cacheKey contentUrl }
  }
}"""


@pytest.fixture
def pipeline_site(db, graphql):
    """The site loaded, bandit weights computed for /prices/, and its ruleSet as LocalEngine."""
    call_command("load_site", str(SITE), verbosity=0)
    site = routes.current().site(None).site
    ExperimentSettings.objects.update_or_create(site=site, defaults={"holdout": 20})
    document = rule_set(graphql)
    prices = next(p for p in document["pages"] if p["path"] == "/prices/")
    arms = [v["id"] for v in prices["variants"] if v["allocation"] == "bandit"]
    BanditWeights.objects.create(
        experiment=arms[0],
        goal="purchase",
        weights=dict(zip(arms, [0.7, 0.25, 0.05], strict=True)),
        computed_at=datetime.now(UTC),
    )
    cache.clear()
    settings_cache._local.clear()
    document = rule_set(graphql)
    assert document["holdout"] == 20 and document["formatVersion"] == 3
    assert json.loads(json.dumps(document)) == document
    return LocalEngine(document)


def rule_set(graphql) -> dict:
    body = graphql("{ ruleSet { version json } }", headers=SERVER).json()
    return json.loads(body["data"]["ruleSet"]["json"])


def server_answer(graphql, path: str, context: dict | None = None, track: bool = False) -> dict:
    body = graphql(PAGE, {"path": path, "context": context, "track": track}, headers=SERVER).json()
    assert "errors" not in body, body
    page = body["data"]["personalizedPage"]
    decision = page["decision"]
    return {
        "persona": (decision["persona"] or {}).get("slug"),
        "stage": (decision["stage"] or {}).get("slug"),
        "segments": decision["segments"],
        "variantId": (page["variant"] or {}).get("id"),
        "cacheKey": decision["cacheKey"],
        "contentUrl": decision["contentUrl"],
    }


def local_answer(engine: LocalEngine, path: str, context_json: dict) -> dict:
    """What the command line prints for this request (through the JSON line, as a frontend's)."""
    return answer(engine, dumps_line({"path": path, "context": context_json}))


class Given:
    """Puts a chosen context in place of the one the server would build from the request."""

    def __init__(self, monkeypatch):
        self.ctx = None
        monkeypatch.setattr(service, "build_context", lambda *a, **k: (self.ctx, None))


def test_real_requests_get_the_same_answer_from_the_server_and_locally(
    pipeline_site, graphql, monkeypatch
):
    """Consenting visitors with a history built by their own page views, campaigns, referrers,
    phones: the context the server built is captured on its way into the engine."""
    seen = []
    real = service.personalize
    monkeypatch.setattr(
        service, "personalize", lambda ctx, *a, **k: seen.append(ctx) or real(ctx, *a, **k)
    )
    rng = random.Random(19)
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    visitors: list[str] = []
    # The ids are random: consent until one falls in the 20% site holdout (it is asked first).
    while len(visitors) < 12 or not any(in_site_holdout(v, 20) for v in visitors):
        body = graphql(
            "mutation { setConsent(personalization: true, analytics: true) { visitorId } }",
            headers=SERVER,
        ).json()
        visitors.append(body["data"]["setConsent"]["visitorId"])
    visitors.sort(key=lambda v: not in_site_holdout(v, 20))
    held_out = 0
    for i in range(60):
        path = rng.choice(PATHS)
        context = {
            "visitorId": visitors[0] if i == 0 else rng.choice(visitors + [None]),
            "url": "https://shop.example" + path + rng.choice(["", "?utm_campaign=race-day"]),
            "referrer": rng.choice([None, "https://strava.com/feed", "https://google.com/"]),
            "ip": rng.choice(["89.160.20.112", "81.2.69.142", "2.125.160.216"]),
            "userAgent": rng.choice([iphone, "Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0"]),
        }
        server = server_answer(graphql, path, context, track=i % 2 == 0)
        ctx = seen.pop()
        assert local_answer(pipeline_site, path, context_to_json(ctx)) == server, context
        held_out += pipeline_site.personalize(path, ctx).held_out
    assert held_out, "some visitors with an id fall in the 20% site holdout"


def test_the_committed_corpus_contexts_get_the_same_answer_from_the_server_and_locally(
    pipeline_site, graphql, monkeypatch
):
    given = Given(monkeypatch)
    corpus = ROOT / "sdk" / "conformance" / "cases"
    checked = variants = 0
    for file in sorted(corpus.glob("*.jsonl")):
        for number, line in enumerate(file.read_bytes().split(b"\n")[::40]):
            try:
                context_json = json.loads(line)["context"]
                given.ctx = context_from_json(context_json)
            except (ValueError, KeyError, TypeError):
                continue  # the corpus's unreadable lines: no context to give the server
            path = PATHS[number % len(PATHS)]
            server = server_answer(graphql, path)
            assert local_answer(pipeline_site, path, context_json) == server, (file.name, line)
            checked += 1
            variants += server["variantId"] is not None
    assert checked >= 200 and variants >= 30


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32), path=st.sampled_from(PATHS))
def test_fresh_random_contexts_get_the_same_answer_from_the_server_and_locally(
    pipeline_site, graphql, monkeypatch, seed, path
):
    given = Given(monkeypatch)
    context_json = random_context(random.Random(seed))
    given.ctx = context_from_json(context_json)
    assert local_answer(pipeline_site, path, context_json) == server_answer(graphql, path)
