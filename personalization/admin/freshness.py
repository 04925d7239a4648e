"""How fresh a figure is, in words: "updated 4 minutes ago", "not counted yet: this happens by
itself every hour". The figures come from the jobs of personalization/periodic (run_periodic),
so no screen ever asks a marketer to run a command."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from personalization.periodic.jobs import job


def ago(when: datetime, now: datetime | None = None) -> str:
    """ "just now", "4 minutes ago", "3 hours ago", "2 days ago"."""
    seconds = max(0, int(((now or timezone.now()) - when).total_seconds()))
    if seconds < 60:
        return gettext("just now")
    minutes = seconds // 60
    if minutes < 60:
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}


def every(delta: timedelta) -> str:
    """ "every minute", "every 15 minutes", "every hour"."""
    minutes = int(delta.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("every hour", "every %(n)d hours", hours) % {"n": hours}
    return ngettext("every minute", "every %(n)d minutes", minutes) % {"n": minutes}


def how_often(job_name: str) -> str:
    return every(job(job_name).every)


def late(when: datetime | None, job_name: str, now: datetime | None = None) -> bool:
    """True when the job should have run twice since `when`: the scheduler may be stopped."""
    if when is None:
        return False
    return (now or timezone.now()) - when > max(2 * job(job_name).every, timedelta(hours=1))


STOPPED = gettext_lazy(
    "These figures stopped updating: the background jobs of Tailor may not be running. "
    "Tell whoever runs Tailor (docs/admin.md, “Jobs that run by themselves”)."
)


def stopped_note() -> str:
    return str(STOPPED)
