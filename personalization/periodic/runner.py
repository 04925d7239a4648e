"""Running one job under its lease, recording how it went; `run_all` for `run_periodic --once`."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass

from django.db import close_old_connections
from django.utils import timezone

from .jobs import Job, jobs
from .lease import claim, release

logger = logging.getLogger("personalization.periodic")


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Outcome:
    job: str
    ran: bool  # False: another scheduler holds it, or it ran less than an interval ago
    ok: bool = True
    message: str = ""


def run_job(job: Job, *, force: bool = False, holder: str | None = None) -> Outcome:
    holder = holder or holder_name()
    now = timezone.now()
    if not claim(job.name, holder, now, job.every, force=force):
        return Outcome(job.name, ran=False)
    ok, message = True, ""
    try:
        message = job.run(now)
    except Exception as error:  # a job's failure is logged and recorded, never fatal
        logger.exception("periodic job %s failed", job.name)
        ok, message = False, f"{type(error).__name__}: {error}"
    finally:
        release(job.name, holder, timezone.now(), ok, message)
    logger.info("periodic job %s: %s", job.name, message)
    return Outcome(job.name, ran=True, ok=ok, message=message)


def run_in_thread(job: Job) -> Outcome:
    """The scheduler's entry: a scheduler thread outlives any one database connection."""
    close_old_connections()
    try:
        return run_job(job)
    finally:
        close_old_connections()


def run_all(*, force: bool = True, only: set[str] | None = None) -> list[Outcome]:
    return [run_job(j, force=force) for j in jobs() if not only or j.name in only]
