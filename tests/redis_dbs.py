"""The Redis database numbers the tests may flush: three from TAILOR_TEST_REDIS_BASE (13 by
default), so two test runs side by side (`make test` runs SQLite and PostgreSQL at once) each
have their own."""

import os

BASE = int(os.environ.get("TAILOR_TEST_REDIS_BASE", "13"))


def redis_url(offset: int) -> str:
    """offset 0: the two-instance test; 1: rate limits; 2: the shared rule-set cache."""
    return f"redis://127.0.0.1:6379/{BASE + offset}"
