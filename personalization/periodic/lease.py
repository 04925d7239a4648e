"""Who may run a job now: one conditional UPDATE on the job's row, so two schedulers (two
machines, or a restarted one beside an old one) never run the same job twice in one interval.

A scheduler claims a job when its lease has run out (nobody is running it) and, unless forced,
when its last run started at least 90% of its interval ago (another scheduler may have run it
meanwhile). The same statement works on SQLite and PostgreSQL: whoever's UPDATE matches the row
first wins; the other's matches nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from .models import JobRun

LEASE = timedelta(hours=1)  # longer than any job takes; a crashed holder's lease runs out
DUE_FRACTION = 0.9


def claim(name: str, holder: str, now: datetime, every: timedelta, *, force: bool = False) -> bool:
    try:
        with transaction.atomic():
            JobRun.objects.get_or_create(name=name)
    except IntegrityError:  # another scheduler created the row at the same moment
        pass
    free = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    rows = JobRun.objects.filter(free, name=name)
    if not force:
        rows = rows.filter(
            Q(last_started__isnull=True) | Q(last_started__lte=now - every * DUE_FRACTION)
        )
    return rows.update(locked_until=now + LEASE, holder=holder, last_started=now) == 1


def release(name: str, holder: str, finished: datetime, ok: bool, message: str) -> None:
    JobRun.objects.filter(name=name, holder=holder).update(
        locked_until=None, last_finished=finished, last_ok=ok, last_message=message[:2000]
    )
