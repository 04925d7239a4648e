"""Robot traffic counted apart: one number per UTC day, "bot requests", and nothing else of a
robot's request is stored (no profile, page view, exposure or impression: delivery/service.py).

The count is one upsert per robot request (INSERT ... ON CONFLICT DO UPDATE, which SQLite and
PostgreSQL both run atomically): one query whatever the traffic, and no lost increments when
two robots arrive at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.db import connection

from .models import BotDay


def count_bot_request(now: datetime) -> None:
    """Add one to today's (UTC) bot requests. One query."""
    table = connection.ops.quote_name(BotDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, requests) VALUES (%s, 1) "  # noqa: S608 (the table name is ours)
            "ON CONFLICT (day) DO UPDATE SET requests = "
            f"{table}.requests + 1",
            [now.astimezone(UTC).date()],
        )


def bot_requests(days: int, today: date) -> list[tuple[date, int]]:
    """(day, requests) for the `days` days up to `today`, newest first, 0 for days without
    robots. One query."""
    since = today - timedelta(days=days - 1)
    counted = dict(
        BotDay.objects.filter(day__gte=since, day__lte=today).values_list("day", "requests")
    )
    return [(day, counted.get(day, 0)) for day in (today - timedelta(days=i) for i in range(days))]
