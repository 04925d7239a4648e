"""`manage.py rollup_events [--full]`: exposures and conversions -> daily aggregates (idempotent).

Run it periodically, e.g. every 15 minutes from cron:
    */15 * * * *  cd /srv/tailor && .venv/bin/python manage.py rollup_events
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from personalization.experiments.rollup import rollup


class Command(BaseCommand):
    help = "Roll raw exposures and events up into the daily figures that experiment reports read."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="Recompute every day that still has exposures (after events sent with an old date).",
        )

    def handle(self, *args, full=False, **options):
        report = rollup(timezone.now(), full=full)
        since = report.from_day.isoformat() if report.from_day else "-"
        self.stdout.write(
            f"Rolled up {report.exposures} exposures from {since} into {report.rows} daily rows; "
            f"{report.bandits} bandit weights recomputed."
        )
