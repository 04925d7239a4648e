"""The bicycle shop of tests/api/site.yaml and helpers to ask for its pages over /graphql/."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

SITE = Path(__file__).with_name("site.yaml")
SERVER = {"Authorization": "Bearer test-server-key"}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
STOCKHOLM_FREE = "89.160.20.112"  # Linköping, SE in MaxMind's test database
LONDON = "81.2.69.142"

PAGE = """query P($path: String!, $site: String, $context: VisitorContextInput, $simulate: SimulationInput,
  $previewToken: String, $track: Boolean) {
  personalizedPage(path: $path, site: $site, context: $context, simulate: $simulate, previewToken: $previewToken, track: $track) {
    content
    variant { id name persona stage segment arm }
    decision { visitorId profiling persona { slug name } stage { slug order } segments
      location { countryCode country city region regionCode metroCode continent timezone eu }
      device channel reasons cacheKey }
  }
}"""


@pytest.fixture
def shop(db):
    call_command("load_site", str(SITE), verbosity=0)


def ask(graphql, path="/", context=None, headers=None, **variables):
    response = graphql(PAGE, {"path": path, "context": context, **variables}, headers=headers)
    body = response.json()
    return response, body, (body.get("data") or {}).get("personalizedPage")


def content(page):
    return json.loads(page["content"]) if isinstance(page["content"], str) else page["content"]


def codes(body):
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


def consent(graphql, visitor_id=None):
    """A new consenting visitor (as a frontend server, so the test client's cookie is not reused)."""
    response = graphql(
        """mutation C($v: String) { setConsent(visitorId: $v, personalization: true, analytics: true)
                          { visitorId consent { personalization analytics } } }""",
        {"v": visitor_id},
        headers=SERVER,
    )
    return response.json()["data"]["setConsent"]["visitorId"]
