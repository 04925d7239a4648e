"""The jobs that keep Tailor's figures fresh, each with how often it runs (`run_periodic` runs
them; nobody types a command). Each job takes `now` and answers one line for the log and the
admin. The jobs are the same functions the per-job commands (`rollup_events`, ...) call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Job:
    name: str
    label: object  # what a marketer reads ("Experiment figures"), lazily translated
    every: timedelta
    run: Callable[[datetime], str]


def _rollup(now: datetime) -> str:
    from personalization.experiments.rollup import rollup

    report = rollup(now)
    return (
        f"{report.exposures} exposures rolled into {report.rows} daily rows; "
        f"{report.bandits} bandit weights recomputed"
    )


def _sync_audiences(now: datetime) -> str:
    from personalization.audiences.sync import sync_all

    return f"{sync_all(now)} webhook deliveries queued"


def _send_webhooks(now: datetime) -> str:
    from personalization import publish_webhooks
    from personalization.audiences.webhooks import send_due

    audiences, publish = send_due(now), publish_webhooks.send_due(now)
    return (
        ", ".join(f"{n} {what}" for what, n in audiences.items())
        + "; publish webhooks: "
        + ", ".join(f"{n} {what}" for what, n in publish.items())
    )


def _estimate_audiences(now: datetime) -> str:
    from personalization.audiences.estimates import estimate

    return f"{estimate(now)} profiles evaluated"


def _recommendations(now: datetime) -> str:
    from wagtail.models import Site

    from personalization.delivery.recommendations import compute_site

    done = [compute_site(site, now=now) for site in Site.objects.select_related("root_page")]
    return f"{len(done)} sites, {sum(pages for pages, _pairs in done)} pages"


# Order matters for `run_periodic --once`: audiences are synced before webhooks are sent.
JOBS: tuple[Job, ...] = (
    Job("rollup", _("Experiment figures and bandit weights"), timedelta(minutes=15), _rollup),
    Job("sync_audiences", _("Audience membership"), timedelta(minutes=5), _sync_audiences),
    Job("send_webhooks", _("Webhook deliveries"), timedelta(minutes=1), _send_webhooks),
    Job("estimate_audiences", _("Audience counts"), timedelta(hours=1), _estimate_audiences),
    Job("recommendations", _("Recommendations"), timedelta(hours=1), _recommendations),
)


def jobs() -> tuple[Job, ...]:
    """JOBS, with the intervals of settings.TAILOR_PERIODIC_MINUTES ({"rollup": 5, ...})."""
    minutes = getattr(settings, "TAILOR_PERIODIC_MINUTES", {}) or {}
    return tuple(
        Job(j.name, j.label, timedelta(minutes=minutes[j.name]), j.run) if j.name in minutes else j
        for j in JOBS
    )


def job(name: str) -> Job:
    for each in jobs():
        if each.name == name:
            return each
    raise KeyError(name)
