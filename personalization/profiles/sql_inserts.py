"""The insert statements of the profile store (store.py, ingest.py): one event with its consent
checked in the same statement, many events in one executemany, one page view row; written once
for SQLite and PostgreSQL with the helpers of sql.py (names from model metadata, values as
parameters). Duplicates by client event id are skipped by the partial unique index."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection

from .models import Event, PageView, Visitor
from .sql import _column, _field, _q, dt, resolve_sql


def insert_event(visitor_id: str, fields: Mapping[str, Any]) -> bool:
    """Store one event for the resolved profile, if it has any consent; False if not stored.

    A second event with the same `client_event_id` for the same profile hits the partial unique
    index and is skipped by ON CONFLICT DO NOTHING, so a retried trackEvent counts once.
    """
    e, v = _q(Event._meta.db_table), _q(Visitor._meta.db_table)
    names = list(fields)
    columns = ", ".join([_column(Event, "visitor"), *(_column(Event, n) for n in names)])
    values = [_field(Event, n).get_db_prep_save(fields[n], connection) for n in names]
    placeholders = ", ".join(["%s"] * len(names))
    resolve, resolve_params = resolve_sql(visitor_id)
    consent = f"({_column(Visitor, 'consent_personalization')} OR {_column(Visitor, 'consent_analytics')})"
    sql = (
        f"INSERT INTO {e} ({columns}) SELECT {v}.{_q('id')}, {placeholders} FROM {v} "
        f"WHERE {v}.{_q('id')} IN ({resolve}) AND {consent} "
        f"ON CONFLICT DO NOTHING RETURNING {_q('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *resolve_params])
        return cursor.fetchone() is not None


EVENT_COLUMNS = (
    "visitor",
    "type",
    "path",
    "value",
    "variant_id",
    "properties",
    "at",
    "client_event_id",
)


def insert_events(rows: list[tuple]) -> None:
    """Insert many events in one executemany; rows are tuples in EVENT_COLUMNS order with plain
    Python values. A row whose (visitor, client_event_id) is already stored is skipped (the
    partial unique index), so a concurrent writer of the same event wins without an error.
    Used by ingest.record_events, which checks consent and duplicates first."""
    if not rows:
        return
    table = _q(Event._meta.db_table)
    columns = ", ".join(_column(Event, name) for name in EVENT_COLUMNS)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))}) "
        f"ON CONFLICT DO NOTHING"
    )
    adapt_json = connection.ops.adapt_json_value
    params = [
        (pk, kind, path, value, variant, adapt_json(props, None), dt(at), client_id)
        for pk, kind, path, value, variant, props, at, client_id in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


PAGE_VIEW_COLUMNS = ("visitor", "path", "page_id", "variant_id", "arm", "at")


@cache
def _insert_page_view_text(vendor: str) -> str:
    columns = ", ".join(_column(PageView, name) for name in PAGE_VIEW_COLUMNS)
    return (
        f"INSERT INTO {_q(PageView._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(PAGE_VIEW_COLUMNS))})"
    )


def insert_page_view(
    visitor_pk: int, path: str, page_id: int | None, variant_id: str | None, arm: str, at: datetime
) -> None:
    """One row of the page view log (store._log), without the ORM's save machinery: it is on
    every tracked request of a visitor with analytics consent."""
    with connection.cursor() as cursor:
        cursor.execute(
            _insert_page_view_text(connection.vendor),
            [visitor_pk, path, page_id, variant_id, arm, dt(at)],
        )
