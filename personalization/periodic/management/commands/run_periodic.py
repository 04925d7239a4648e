"""`manage.py run_periodic [--once] [--only JOB ...]`: the jobs of personalization/periodic/jobs.py,
each at its interval, for as long as the process lives (APScheduler's BlockingScheduler; one job
at a time, missed runs coalesced). Every job also runs once at start, so a fresh install has its
first figures at once. Start one per installation (or more: the leases of lease.py keep two
schedulers from running a job twice); docs/admin.md shows systemd and container set-ups.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from personalization.periodic.jobs import jobs
from personalization.periodic.runner import run_all, run_in_thread


class Command(BaseCommand):
    help = "Run the periodic jobs (experiment figures, audiences, webhooks, recommendations) by themselves."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every job once now, then exit."
        )
        parser.add_argument(
            "--only",
            nargs="+",
            metavar="JOB",
            help="Only these jobs: " + ", ".join(j.name for j in jobs()),
        )

    def handle(self, *args, once=False, only=None, **options):
        known = {j.name for j in jobs()}
        if only and set(only) - known:
            raise CommandError(
                f"Unknown job {', '.join(sorted(set(only) - known))}; the jobs are {', '.join(sorted(known))}."
            )
        selected = set(only) if only else None
        if once:
            for outcome in run_all(force=True, only=selected):
                state = (
                    "skipped (running elsewhere)"
                    if not outcome.ran
                    else ("ok" if outcome.ok else "FAILED")
                )
                self.stdout.write(f"{outcome.job}: {state} {outcome.message}".rstrip())
            return
        self.serve(selected)

    def serve(self, selected: set[str] | None) -> None:  # pragma: no cover - runs until stopped
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.blocking import BlockingScheduler

        scheduler = BlockingScheduler(
            executors={"default": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone="UTC",
        )
        for job in jobs():
            if selected is None or job.name in selected:
                scheduler.add_job(
                    run_in_thread,
                    "interval",
                    args=[job],
                    seconds=job.every.total_seconds(),
                    next_run_time=timezone.now(),
                    id=job.name,
                )
                self.stdout.write(f"{job.name}: every {job.every}")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            pass
