"""Without Redis the rate limit counts in one SQLite file that every worker of the machine shares
(api/ratelimit_file.py; issue 25, finding 7: five workers with `memory://` let 461 of 700
mutations through a limit of 120)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from personalization.api import ratelimit, ratelimit_file  # noqa: F401  (registers sqlite://)

WORKER = """
import sys
from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
import personalization.api.ratelimit_file
counter = FixedWindowRateLimiter(storage_from_string(sys.argv[1]))
item = RateLimitItemPerMinute(50, namespace="ratelimit-mutation")
sys.stdin.readline()  # both workers start hitting together
print(sum(counter.hit(item, "addr:shared") for _ in range(40)))
"""


def test_two_worker_processes_share_one_count_in_the_file(tmp_path):
    uri = f"sqlite:///{tmp_path / 'ratelimit.sqlite3'}"
    root = Path(__file__).resolve().parents[2]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, uri],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    allowed = [int(worker.communicate(timeout=60)[0]) for worker in workers]
    assert sum(allowed) == 50, allowed  # 80 hits, a limit of 50: exactly 50 pass
    stats = FixedWindowRateLimiter(storage_from_string(uri)).get_window_stats(
        RateLimitItemPerMinute(50, namespace="ratelimit-mutation"), "addr:shared"
    )
    assert stats.remaining == 0 and stats.reset_time > 0


def test_without_redis_the_default_storage_is_a_file_under_var():
    from cms.settings import base

    if base.REDIS_URL or "PERSONALIZATION_RATE_LIMIT_STORAGE" in os.environ:
        pytest.skip("the environment chose the storage")
    assert base.PERSONALIZATION_RATE_LIMIT_STORAGE.startswith("sqlite:///")
    assert base.PERSONALIZATION_RATE_LIMIT_STORAGE.endswith("ratelimit.sqlite3")


def test_the_file_storage_forgets_and_limits_like_the_others(tmp_path):
    counter = FixedWindowRateLimiter(storage_from_string(f"sqlite:///{tmp_path / 'r.sqlite3'}"))
    three = RateLimitItemPerMinute(3, namespace=ratelimit.NAMESPACE)
    assert [counter.hit(three, "k") for _ in range(4)] == [True, True, True, False]
    assert counter.hit(three, "other")
    counter.storage.reset()
    assert counter.hit(three, "k")
