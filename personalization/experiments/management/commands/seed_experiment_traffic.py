"""`manage.py seed_experiment_traffic`: simulated consenting visitors for the demo's experiments,
from a fixed seed, then `rollup_events`, so that the reports have something to show.

Every arm converts at 10% on the first goal, except that the second arm of each experiment
converts at 12%; exposures are spread over the last 14 days. Demo data only: it writes real
profiles and events (through the same tables delivery and trackEvent write)."""

from datetime import timedelta

import numpy as np
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from personalization.experiments.definitions import live_experiments
from personalization.experiments.goals import all_goals
from personalization.experiments.models import Exposure
from personalization.experiments.rollup import rollup
from personalization.profiles.models import Event, Visitor
from personalization.profiles.store import new_visitor_id

DEVICES = ("mobile", "desktop", "tablet")
CHANNELS = ("organic_search", "direct", "social", "email", "paid_search")
COUNTRIES = ("SE", "GB", "DE", "NO", "US")


class Command(BaseCommand):
    help = "Simulate consenting visitors in the demo's experiments (fixed seed), then roll them up."

    def add_arguments(self, parser):
        parser.add_argument("--visitors", type=int, default=4000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, visitors, seed, **options):
        rng = np.random.default_rng(seed)
        now = timezone.now()
        experiments = [e for e in live_experiments()]
        goal = all_goals()[0]
        if not experiments or goal.event is None:
            self.stdout.write("No experiment or no event goal: nothing to seed.")
            return
        with transaction.atomic():
            created = Visitor.objects.bulk_create(
                [
                    Visitor(
                        public_id=new_visitor_id(),
                        created_at=now - timedelta(days=14),
                        consent_personalization=True,
                        consent_analytics=True,
                        consent_at=now - timedelta(days=14),
                    )
                    for _ in range(visitors)
                ]
            )
            pks = list(Visitor.objects.order_by("-pk").values_list("pk", flat=True)[:visitors])
            exposures, events = [], []
            for pk in pks:
                experiment = experiments[int(rng.integers(len(experiments)))]
                weights = np.array([a.weight for a in experiment.arms], dtype=float)
                index = int(rng.choice(len(experiment.arms), p=weights / weights.sum()))
                arm = experiment.arms[index]
                at = now - timedelta(minutes=int(rng.integers(60, 14 * 24 * 60)))
                exposures.append(
                    Exposure(
                        experiment=experiment.id,
                        arm=arm.arm,
                        visitor_id=pk,
                        page_id=experiment.page_id,
                        at=at,
                        device=DEVICES[int(rng.integers(3))],
                        channel=CHANNELS[int(rng.integers(5))],
                        country=COUNTRIES[int(rng.integers(5))],
                    )
                )
                if rng.random() < (0.12 if index == 1 else 0.10):
                    events.append(
                        Event(
                            visitor_id=pk,
                            type=goal.event,
                            at=at + timedelta(hours=int(rng.integers(1, 48))),
                            value=float(rng.integers(20, 60)) * 1000 if goal.value else None,
                        )
                    )
            Exposure.objects.bulk_create(exposures, batch_size=1000)
            Event.objects.bulk_create(events, batch_size=1000)
        report = rollup(now, full=True)
        self.stdout.write(
            f"Seeded {len(created)} visitors, {len(events)} conversions; rolled up {report.exposures} exposures."
        )
