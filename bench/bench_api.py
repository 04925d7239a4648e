"""One personalizedPage request through the real view: database queries and time per request,
as the number of segments grows. Run with `make bench` (uses a throwaway test database).

    segments | queries/request | p50 ms | p99 ms | requests/s
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

QUERY = """query P($context: VisitorContextInput) { personalizedPage(path: "/", context: $context) {
  content variant { id } decision { persona { slug } stage { slug } segments reasons cacheKey } } }"""
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))


def site_yaml(segments: int) -> str:
    lines = [
        "personas:",
        "  - {slug: racer, name: Racer, priority: 10, rules: {referrer_domain: strava.com}}",
        "journey_stages:",
        "  - {slug: browse, name: Browse, order: 1}",
        "  - {slug: compare, name: Compare, order: 2, rules: {visited: {path: /prices/, min: 1}}}",
        "segments:",
    ]
    countries = ["SE", "NO", "DK", "FI", "DE", "GB", "US", "FR"]
    for i in range(segments):
        rule = [
            f"{{country: {countries[i % 8]}}}",
            f"{{utm_campaign: {{contains: camp{i}}}}}",
            f"{{visited: {{tag: t{i % 17}, min: 2}}}}",
            f"{{all: [{{device: mobile}}, {{local_hour: {{between: [{i % 24}, 23]}}}}]}}",
        ][i % 4]
        lines.append(f"  - {{slug: s{i}, name: Segment {i}, rules: {rule}}}")
    lines += [
        "pages:",
        "  - path: /",
        "    type: content",
        "    title: Home",
        "    intro: Hello {city|there}",
        "    body: [{type: heading, value: Hi}]",
        "    variants:",
        "      - {name: Racer, persona: racer, title: Fast}",
        "      - {name: S1, segment: s1, title: Segment one}",
        "  - path: /prices/",
        "    type: content",
        "    title: Prices",
        "    tags: [t1]",
        "    body: []",
    ]
    return "\n".join(lines) + "\n"


def run(segments: int, tmp: Path) -> tuple[int, float, float, float, int]:
    from django.core.management import call_command

    from personalization.api.schema import schema  # noqa: F401  (import cost outside the timing)

    # Sizes grow 5 -> 50 -> 200: loading the bigger file adds segments to the same site.
    path = tmp / f"site-{segments}.yaml"
    path.write_text(site_yaml(segments))
    call_command("load_site", str(path), verbosity=0)
    client = Client()
    consent = client.post(
        "/graphql/",
        json.dumps(
            {
                "query": "mutation { setConsent(personalization: true, analytics: true) { visitorId } }"
            }
        ),
        content_type="application/json",
    ).json()
    vid = consent["data"]["setConsent"]["visitorId"]
    body = json.dumps(
        {
            "query": QUERY,
            "variables": {"context": {"visitorId": vid, "referrer": "https://strava.com/"}},
        }
    )
    for _ in range(5):  # warm: compiled rules, page snapshot, user agent parse
        client.post("/graphql/", body, content_type="application/json", HTTP_USER_AGENT="bench")
    with CaptureQueriesContext(connection) as queries:
        client.post("/graphql/", body, content_type="application/json", HTTP_USER_AGENT="bench")
    per_request = len(queries.captured_queries)
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.post(
            "/graphql/", body, content_type="application/json", HTTP_USER_AGENT="bench"
        )
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and "errors" not in response.json(), response.content[
            :300
        ]
    times.sort()
    p50, p99 = statistics.median(times), times[int(len(times) * 0.99) - 1]
    return segments, p50, p99, 1000 / statistics.mean(times), per_request


def main() -> None:
    import tempfile

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print(
                f"personalizedPage, profiling on, {REQUESTS} requests each, database {connection.vendor}"
            )
            print(
                f"{'segments':>9} | {'queries/request':>15} | {'p50 ms':>7} | {'p99 ms':>7} | {'requests/s':>10}"
            )
            for n in (5, 50, 200):
                segments, p50, p99, rps, queries = run(n, Path(tmp))
                print(
                    f"{segments:>9} | {queries:>15} | {p50:>7.2f} | {p99:>7.2f} | {rps:>10.0f}",
                    flush=True,
                )
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
