"""Print where the demo runs; with --wait, only once the CMS and the website both answer."""

import json
import time

import httpx
from django.core.management.base import BaseCommand

from .demo_editor import PASSWORD, USERNAME

PAGE_QUERY = """query { personalizedPage(path: "/", context: {url: "http://localhost/?utm_source=newsletter&utm_medium=email&utm_campaign=family-summer"}) {
  content variant { name } decision { persona { slug } stage { slug } channel reasons } } }"""
PERSONAS_QUERY = "query { personas { slug name } journeyStages { slug name order } }"


class Command(BaseCommand):
    help = "Print where the demo runs and two queries to try."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--frontend-port", default="3000")
        parser.add_argument(
            "--wait",
            type=float,
            default=0,
            help="Seconds to wait for the CMS and the website to answer before printing.",
        )

    def handle(self, port, frontend_port, wait=0, **options):
        if wait:
            missing = wait_for(
                {
                    "the CMS": f"http://127.0.0.1:{port}/admin/login/",
                    "the website": f"http://127.0.0.1:{frontend_port}/",
                },
                wait,
            )
            if missing:
                self.stderr.write(
                    f"{' and '.join(missing)} did not answer within {wait:.0f} s: see the output above."
                )
                return
        cms = f"http://localhost:{port}"
        curl = "curl -s {}/graphql/ -H 'Content-Type: application/json' -d '{}'"
        lines = [
            "",
            "Tailor demo",
            f"  Website (frontend):  http://localhost:{frontend_port}/",
            f"  Wagtail admin:       {cms}/admin/   login: {USERNAME} / {PASSWORD}",
            f"  GraphQL:             {cms}/graphql/  (explorer: {cms}/graphiql/)",
            "",
            "Try:",
            "  " + curl.format(cms, json.dumps({"query": PERSONAS_QUERY})),
            "  " + curl.format(cms, json.dumps({"query": " ".join(PAGE_QUERY.split())})),
            "",
        ]
        self.stdout.write("\n".join(lines))


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=30).status_code < 500
    except httpx.HTTPError:
        return False


def wait_for(urls: dict[str, str], seconds: float, pause: float = 1.0) -> list[str]:
    """Polls each address until it answers below 500; returns the names still silent at the end."""
    deadline = time.monotonic() + seconds
    waiting = dict(urls)
    while waiting:
        waiting = {name: url for name, url in waiting.items() if not answers(url)}
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(pause)
    return list(waiting)
