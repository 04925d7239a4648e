"""The few statements the ORM cannot express, written once for both SQLite and PostgreSQL.

Why raw SQL: a page view must increment counters in the database in a constant number of
statements. Django's `bulk_create(update_conflicts=True)` sets `count = EXCLUDED.count` and cannot
add, and `QuerySet.update()` cannot return the updated row. Both databases (SQLite >= 3.35,
PostgreSQL >= 9.5) accept `INSERT ... ON CONFLICT (...) DO UPDATE SET n = table.n + excluded.n`
and `UPDATE ... RETURNING`, so every statement here runs unchanged on both.

Only `store.py` calls these; values always travel as parameters, names come from model metadata.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Mapping

from django.db import connection
from django.db.models import Model

from .models import Event, Visitor, VisitorAlias


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: type[Model], field: str) -> str:
    return _q(model._meta.get_field(field).column)


def dt(value: datetime | None) -> Any:
    """A datetime as the backend stores it (naive UTC text on SQLite, aware on PostgreSQL)."""
    return connection.ops.adapt_datetimefield_value(value)


def resolve_sql(visitor_id: str) -> tuple[str, list[Any]]:
    """A subquery for the internal id of `visitor_id`, following aliases.

    UNION ALL of two indexed lookups rather than `public_id = %s OR id IN (...)`: PostgreSQL
    cannot use an index for an OR across two tables and would scan every visitor.
    """
    v, a = _q(Visitor._meta.db_table), _q(VisitorAlias._meta.db_table)
    sql = (
        f"SELECT {v}.{_q('id')} FROM {v} WHERE {v}.{_column(Visitor, 'public_id')} = %s "
        f"UNION ALL SELECT {a}.{_column(VisitorAlias, 'visitor')} FROM {a} "
        f"WHERE {a}.{_column(VisitorAlias, 'alias')} = %s"
    )
    return sql, [visitor_id, visitor_id]


def start_page_view(visitor_id: str, *, now: datetime, cutoff: datetime, stage: str | None,
                    source: Mapping[str, Any] | None = None) -> tuple[int, bool] | None:
    """Count one page view on the profile and return (pk, analytics consent), or None.

    One atomic UPDATE: a new visit starts when the last page view is older than `cutoff`
    (or there was none), and then the end of the previous visit is kept. Only a profile with
    personalization consent is touched; an unknown id changes nothing.
    """
    v = _q(Visitor._meta.db_table)
    col = {name: _column(Visitor, name) for name in (
        "last_seen", "first_seen", "visit_count", "visit_started_at", "previous_visit_ended_at",
        "page_views", "stage_reached", "consent_personalization", "consent_analytics", "visit_source",
    )}
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    new_visit = f"({col['last_seen']} IS NULL OR {col['last_seen']} < %s)"
    resolve, resolve_params = resolve_sql(visitor_id)
    sql = (
        f"UPDATE {v} SET "
        f"{col['visit_count']} = {col['visit_count']} + CASE WHEN {new_visit} THEN 1 ELSE 0 END, "
        f"{col['previous_visit_ended_at']} = CASE WHEN {new_visit} AND {col['last_seen']} IS NOT NULL "
        f"THEN {col['last_seen']} ELSE {col['previous_visit_ended_at']} END, "
        f"{col['visit_started_at']} = CASE WHEN {new_visit} THEN %s ELSE {col['visit_started_at']} END, "
        f"{col['first_seen']} = COALESCE({col['first_seen']}, %s), "
        f"{col['last_seen']} = CASE WHEN {col['last_seen']} IS NULL OR {col['last_seen']} < %s "
        f"THEN %s ELSE {col['last_seen']} END, "
        f"{col['page_views']} = {col['page_views']} + 1, "
        f"{col['stage_reached']} = COALESCE(%s, {col['stage_reached']}), "
        f"{col['visit_source']} = COALESCE({json_param}, {col['visit_source']}) "
        f"WHERE {_q('id')} IN ({resolve}) AND {col['consent_personalization']} "
        f"RETURNING {_q('id')}, {col['consent_analytics']}"
    )
    n, c = dt(now), dt(cutoff)
    params = [c, c, c, n, n, n, n, stage, json.dumps(dict(source)) if source is not None else None, *resolve_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return (row[0], bool(row[1])) if row else None


def add_to_counters(model: type[Model], key: str, amount: str, visitor_pk: int, values: Mapping[str, float]) -> None:
    """Add `values[k]` to the `amount` column of the (visitor, k) rows, creating missing rows.

    One statement for any number of keys; keys must be distinct (PostgreSQL refuses to touch a
    row twice in one upsert).
    """
    if not values:
        return
    table = _q(model._meta.db_table)
    visitor_col, key_col, amount_col = _column(model, "visitor"), _column(model, key), _column(model, amount)
    rows = ", ".join(["(%s, %s, %s)"] * len(values))
    sql = (
        f"INSERT INTO {table} ({visitor_col}, {key_col}, {amount_col}) VALUES {rows} "
        f"ON CONFLICT ({visitor_col}, {key_col}) DO UPDATE SET "
        f"{amount_col} = {table}.{amount_col} + excluded.{amount_col}"
    )
    params: list[Any] = []
    for k in sorted(values):  # a fixed order, so two writers lock rows in the same order
        params += [visitor_pk, k, values[k]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def move_counters(model: type[Model], key: str, amount: str, *, from_pk: int, to_pk: int) -> None:
    """Add every counter row of `from_pk` into `to_pk` (used when merging two profiles)."""
    table = _q(model._meta.db_table)
    visitor_col, key_col, amount_col = _column(model, "visitor"), _column(model, key), _column(model, amount)
    # The WHERE clause also keeps SQLite from reading ON CONFLICT as a join constraint.
    sql = (
        f"INSERT INTO {table} ({visitor_col}, {key_col}, {amount_col}) "
        f"SELECT %s, {key_col}, {amount_col} FROM {table} AS src WHERE src.{visitor_col} = %s "
        f"ORDER BY {key_col} "
        f"ON CONFLICT ({visitor_col}, {key_col}) DO UPDATE SET "
        f"{amount_col} = {table}.{amount_col} + excluded.{amount_col}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [to_pk, from_pk])
        cursor.execute(f"DELETE FROM {table} WHERE {visitor_col} = %s", [from_pk])


def insert_event(visitor_id: str, fields: Mapping[str, Any]) -> bool:
    """Store one event for the resolved profile, if it has any consent; False if not stored.

    A second event with the same `client_event_id` for the same profile hits the partial unique
    index and is skipped by ON CONFLICT DO NOTHING, so a retried trackEvent counts once.
    """
    e, v = _q(Event._meta.db_table), _q(Visitor._meta.db_table)
    names = list(fields)
    columns = ", ".join([_column(Event, "visitor"), *(_column(Event, n) for n in names)])
    values = [Event._meta.get_field(n).get_db_prep_save(fields[n], connection) for n in names]
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

