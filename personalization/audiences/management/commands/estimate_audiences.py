"""manage.py estimate_audiences: how many profiled visitors are in each segment and persona."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from personalization.audiences.estimates import SAMPLE, estimate, load_estimates


class Command(BaseCommand):
    help = (
        "Estimate each segment's and persona's members from a random sample of consented profiles "
        "(all of them when there are few); the admin's segment, persona and audience screens show it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sample", type=int, default=SAMPLE, help=f"Profiles to sample (default {SAMPLE})."
        )

    def handle(self, **options):
        evaluated = estimate(timezone.now(), sample=max(1, options["sample"]))
        for audience, e in load_estimates().items():
            self.stdout.write(f"{audience}: {e.now}; seen in the last 30 days: {e.recent}")
        self.stdout.write(f"{evaluated} profiles evaluated")
