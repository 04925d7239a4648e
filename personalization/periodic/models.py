"""One row per periodic job: who holds it now (a lease, so two schedulers never run the same job
at once) and how its last run went (what the admin's "updated N minutes ago" reads)."""

from __future__ import annotations

from django.db import models


class JobRun(models.Model):
    name = models.CharField(max_length=64, unique=True)
    # The lease: a scheduler runs the job only after moving `locked_until` from the past to the
    # future in one conditional UPDATE (lease.py); a crashed holder's lease simply runs out.
    locked_until = models.DateTimeField(null=True, blank=True)
    holder = models.CharField(max_length=200, blank=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(default=False)
    last_message = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name
