"""`manage.py purge_events --older-than DAYS`: delete raw exposures, events, page views and
impressions older than DAYS days, after rolling them up (the aggregates stay)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from personalization.experiments.purge import purge, shortest_allowed
from personalization.experiments.rollup import rollup


class Command(BaseCommand):
    help = "Delete raw exposures and events older than --older-than DAYS (the daily aggregates are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args, older_than, **options):
        minimum = shortest_allowed()
        if older_than < minimum:
            raise CommandError(
                f"--older-than must be at least {minimum} days: the longest goal window plus 2, "
                "so that conversions still to come keep their exposures."
            )
        now = timezone.now()
        rollup(now)
        counts = purge(now - timedelta(days=older_than))
        self.stdout.write("Deleted " + ", ".join(f"{n} {name}" for name, n in counts.items()) + ".")
