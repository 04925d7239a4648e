"""The jobs run by themselves (`run_periodic`): once at start, never twice in an interval when two
schedulers run, a failure recorded instead of stopping the others."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from personalization.experiments.models import RollupRun
from personalization.periodic.jobs import Job, job
from personalization.periodic.lease import claim
from personalization.periodic.models import JobRun
from personalization.periodic.runner import run_job

pytestmark = pytest.mark.django_db


def test_run_periodic_once_runs_every_job_and_records_when():
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)
    names = set(JobRun.objects.values_list("name", flat=True))
    assert names == {
        "rollup",
        "sync_audiences",
        "send_webhooks",
        "estimate_audiences",
        "recommendations",
    }
    assert all(
        r.last_ok and r.last_finished and r.locked_until is None for r in JobRun.objects.all()
    )
    assert RollupRun.objects.filter(finished_at__isnull=False).exists()  # the reports' "updated"
    assert "rollup: ok" in out.getvalue()


def test_a_second_scheduler_does_not_run_a_job_that_just_ran():
    rollup = job("rollup")
    assert run_job(rollup, holder="machine-a").ran
    assert not run_job(rollup, holder="machine-b").ran
    assert RollupRun.objects.count() == 1


def test_a_job_held_by_a_running_scheduler_is_not_run_even_when_forced():
    now = timezone.now()
    assert claim("rollup", "machine-a", now, timedelta(minutes=15))
    assert not claim("rollup", "machine-b", now, timedelta(minutes=15), force=True)
    # the holder crashed: its lease runs out and the job runs again
    assert claim("rollup", "machine-b", now + timedelta(hours=2), timedelta(minutes=15))


def test_a_job_is_due_again_after_its_interval():
    every = timedelta(minutes=15)
    now = timezone.now()
    assert claim("x", "a", now, every)
    JobRun.objects.filter(name="x").update(locked_until=None)
    assert not claim("x", "b", now + timedelta(minutes=5), every)
    assert claim("x", "b", now + every, every)


def test_a_failing_job_is_recorded_and_does_not_raise():
    def broken(now):
        raise RuntimeError("the network is down")

    outcome = run_job(Job("broken", "Broken", timedelta(minutes=1), broken))
    assert outcome.ran and not outcome.ok
    row = JobRun.objects.get(name="broken")
    assert (
        not row.last_ok and "the network is down" in row.last_message and row.locked_until is None
    )


def test_an_unknown_job_name_is_refused_with_the_known_ones():
    with pytest.raises(CommandError, match="the jobs are"):
        call_command("run_periodic", "--once", "--only", "rolup")
