import json

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

    def handle(self, port, frontend_port, **options):
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
