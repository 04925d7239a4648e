"""Bulk customer data in: `import_events` and `import_traits` on a throwaway test database (the
one DATABASE_URL names: run it with PostgreSQL for production numbers). Run with `make bench`.

Memory is flat when the peak resident size after the full file is the same as after a tenth of
it: the import streams the file and holds one batch at a time.

    BENCH_EVENTS (default 1,000,000)   BENCH_TRAIT_ROWS (default 100,000)
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from datetime import UTC, datetime, timedelta  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
TRAIT_ROWS = int(os.environ.get("BENCH_TRAIT_ROWS", "100000"))
USERS = 10000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_events(path: Path, n: int, start: int = 0) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with path.open("w") as f:
        for i in range(start, start + n):
            f.write(
                json.dumps(
                    {
                        "userKey": f"user-{i % USERS}",
                        "type": "purchase" if i % 10 == 0 else "page_read",
                        "value": float(i % 500),
                        "eventId": f"e-{i}",
                        "properties": {"category": ("suv", "sedan", "van")[i % 3]},
                        "at": (at + timedelta(seconds=i)).isoformat(),
                    }
                )
                + "\n"
            )


def write_traits(path: Path, n: int) -> None:
    with path.open("w") as f:
        f.write("user_key,plan,lifetime_value\n")
        for i in range(n):
            f.write(f"user-{i},{('free', 'pro', 'team')[i % 3]},{i % 5000}\n")


def main() -> None:
    from personalization.bulk_import import import_events, import_traits
    from personalization.models import Trait
    from personalization.profiles.models import Visitor

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        now = datetime.now(UTC)
        Visitor.objects.bulk_create(
            Visitor(
                public_id=f"bench-visitor-{i:06d}",
                user_key=f"user-{i}",
                created_at=now,
                consent_personalization=True,
                consent_analytics=True,
                consent_at=now,
            )
            for i in range(USERS)
        )
        Trait.objects.create(name="plan", type="text")
        Trait.objects.create(name="lifetime_value", type="number")
        with tempfile.TemporaryDirectory() as tmp:
            print(f"Imports on {connection.vendor}, batches of 1,000, {USERS:,} consented users")
            print(
                f"{'import':>14} | {'rows':>10} | {'seconds':>8} | {'rows/s':>8} | {'peak RSS MB':>11}"
            )
            tenth = Path(tmp) / "tenth.jsonl"
            write_events(tenth, EVENTS // 10)
            report = import_events(tenth, quiet=True)
            print(
                f"{'events (1/10)':>14} | {report.done:>10,} | {report.seconds:>8.1f} | {report.rate:>8,.0f} | "
                f"{peak_mb():>11.0f}",
                flush=True,
            )
            full = Path(tmp) / "events.jsonl"
            write_events(full, EVENTS, start=EVENTS // 10)
            report = import_events(full, quiet=True)
            print(
                f"{'events':>14} | {report.done:>10,} | {report.seconds:>8.1f} | {report.rate:>8,.0f} | "
                f"{peak_mb():>11.0f}",
                flush=True,
            )
            assert report.errors == 0 and report.accepted == EVENTS, report.shown
            traits = Path(tmp) / "crm.csv"
            write_traits(traits, TRAIT_ROWS)
            report = import_traits(traits, quiet=True)
            print(
                f"{'traits':>14} | {report.done:>10,} | {report.seconds:>8.1f} | {report.rate:>8,.0f} | "
                f"{peak_mb():>11.0f}",
                flush=True,
            )
            assert report.errors == 0, report.shown
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
