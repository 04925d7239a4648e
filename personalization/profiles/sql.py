"""The few statements the ORM cannot express, written once for both SQLite and PostgreSQL.

Why raw SQL: a page view must increment counters in the database in a constant number of
statements. Django's `bulk_create(update_conflicts=True)` sets `count = EXCLUDED.count` and cannot
add, and `QuerySet.update()` cannot return the updated row. Both databases (SQLite >= 3.35,
PostgreSQL >= 9.5) accept `INSERT ... ON CONFLICT (...) DO UPDATE SET n = table.n + excluded.n`
and `UPDATE ... RETURNING`, so every statement here runs unchanged on both.

Only the profile store calls these (store.py, ingest.py; the inserts are in sql_inserts.py);
values always travel as parameters, names come from model metadata.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from .models import (
    Event,
    PathView,
    PersonaAffinity,
    TagView,
    UserTraits,
    Visitor,
    VisitorAlias,
)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _field(model: type[Model], name: str) -> Field:
    """A concrete field of the model (not a reverse relation)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field), f"{model.__name__}.{name} is not a concrete field"
    return field


def _db_column(field: Field) -> str:
    assert field.column is not None, f"{field} has no column"  # concrete fields all have one
    return field.column


def _column(model: type[Model], field: str) -> str:
    return _q(_db_column(_field(model, field)))


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


@cache
def _start_page_view_text(vendor: str) -> str:
    """start_page_view's statement (built once per backend: the hot path of every page view)."""
    v = _q(Visitor._meta.db_table)
    col = {
        name: _column(Visitor, name)
        for name in (
            "last_seen",
            "first_seen",
            "visit_count",
            "visit_started_at",
            "previous_visit_ended_at",
            "page_views",
            "stage_reached",
            "consent_personalization",
            "consent_analytics",
            "visit_source",
        )
    }
    json_param = "CAST(%s AS jsonb)" if vendor == "postgresql" else "%s"
    new_visit = f"({col['last_seen']} IS NULL OR {col['last_seen']} < %s)"
    resolve, _ = resolve_sql("")
    return (
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
        f"RETURNING {_q('id')}, {col['consent_analytics']}, "
        f"CASE WHEN {col['visit_started_at']} = %s THEN 1 ELSE 0 END"
    )


def start_page_view(
    visitor_id: str,
    *,
    now: datetime,
    cutoff: datetime,
    stage: str | None,
    source: Mapping[str, Any] | None = None,
) -> tuple[int, bool, bool] | None:
    """Count one page view on the profile and return (pk, analytics consent, starts a visit), or None.

    One atomic UPDATE: a new visit starts when the last page view is older than `cutoff`
    (or there was none), and then the end of the previous visit is kept. Only a profile with
    personalization consent is touched; an unknown id changes nothing.
    """
    sql = _start_page_view_text(connection.vendor)
    n, c = dt(now), dt(cutoff)
    params = [
        c,
        c,
        c,
        n,
        n,
        n,
        n,
        stage,
        json.dumps(dict(source)) if source is not None else None,
        visitor_id,
        visitor_id,
        n,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return (row[0], bool(row[1]), bool(row[2])) if row else None


@lru_cache(maxsize=256)
def _add_to_counters_text(
    vendor: str, model: type[Model], key: str, names: tuple[str, ...], rows: int
) -> str:
    table = _q(model._meta.db_table)
    amounts = [_column(model, name) for name in names]
    visitor_col, key_col, day_col = (
        _column(model, "visitor"),
        _column(model, key),
        _column(model, "day"),
    )
    values = ", ".join(["(" + ", ".join(["%s"] * (3 + len(names))) + ")"] * rows)
    return (
        f"INSERT INTO {table} ({visitor_col}, {key_col}, {day_col}, {', '.join(amounts)}) VALUES {values} "
        f"ON CONFLICT ({visitor_col}, {key_col}, {day_col}) DO UPDATE SET "
        + ", ".join(f"{a} = {table}.{a} + excluded.{a}" for a in amounts)
    )


def add_to_counters(
    model: type[Model],
    key: str,
    visitor_pk: int,
    day: int,
    values: Mapping[str, Mapping[str, float]],
) -> None:
    """Add `values[k][column]` to the columns of the (visitor, k, day) rows, creating missing rows.

    One statement for any number of keys; keys must be distinct (PostgreSQL refuses to touch a
    row twice in one upsert). Every key gives the same columns.
    """
    if not values:
        return
    names = tuple(next(iter(values.values())))
    sql = _add_to_counters_text(connection.vendor, model, key, names, len(values))
    params: list[Any] = []
    for k in sorted(values):  # a fixed order, so two writers lock rows in the same order
        params += [visitor_pk, k, day, *(values[k][name] for name in names)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def move_counters(
    model: type[Model], key: str, amounts: tuple[str, ...], *, from_pk: int, to_pk: int
) -> None:
    """Add every counter row of `from_pk` into `to_pk`, day by day (merging two profiles)."""
    table = _q(model._meta.db_table)
    visitor_col, key_col, day_col = (
        _column(model, "visitor"),
        _column(model, key),
        _column(model, "day"),
    )
    cols = [_column(model, a) for a in amounts]
    # The WHERE clause also keeps SQLite from reading ON CONFLICT as a join constraint.
    sql = (
        f"INSERT INTO {table} ({visitor_col}, {key_col}, {day_col}, {', '.join(cols)}) "
        f"SELECT %s, {key_col}, {day_col}, {', '.join(cols)} FROM {table} AS src WHERE src.{visitor_col} = %s "
        f"ORDER BY {key_col}, {day_col} "
        f"ON CONFLICT ({visitor_col}, {key_col}, {day_col}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in cols)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [to_pk, from_pk])
        cursor.execute(f"DELETE FROM {table} WHERE {visitor_col} = %s", [from_pk])


@lru_cache(maxsize=64)
def _counters_text(vendor: str, visitor: str, with_days: bool, with_half_life: bool) -> str:
    """The UNION ALL of every counter of one profile (see read_counters); `visitor` is the SQL
    for its id: "%s" (a parameter) or a column of an outer query. Built once per shape."""
    p, t, a = (_q(m._meta.db_table) for m in (PathView, TagView, PersonaAffinity))
    v, day, cnt = _q("visitor_id"), _q("day"), _q("count")
    dbl = "DOUBLE PRECISION"
    parts = [
        f"SELECT 'path' AS k, {_q('path')} AS key, CAST(NULL AS INTEGER) AS d, CAST(SUM({cnt}) AS {dbl}) AS n, 0 AS s "
        f"FROM {p} WHERE {v} = {visitor} GROUP BY {_q('path')}",
        f"SELECT 'tag', {_q('tag')}, CAST(NULL AS INTEGER), CAST(SUM({cnt}) AS {dbl}), 0 FROM {t} WHERE {v} = {visitor} GROUP BY {_q('tag')}",
    ]
    if with_half_life:
        score = (
            f"CASE WHEN %s - {day} > %s THEN 0.0 ELSE {_q('score')} * "
            f"POWER(CAST(0.5 AS {dbl}), CAST(%s - {day} AS {dbl}) / CAST(%s AS {dbl})) END"
        )
    else:
        score = _q("score")
    parts.append(
        f"SELECT 'persona', {_q('persona')}, CAST(NULL AS INTEGER), CAST(SUM({score}) AS {dbl}), 0 FROM {a} "
        f"WHERE {v} = {visitor} GROUP BY {_q('persona')}"
    )
    if with_days:
        parts.append(
            f"SELECT 'path_day', {_q('path')}, {day}, CAST({cnt} AS {dbl}), {_q('starts')} FROM {p} "
            f"WHERE {v} = {visitor} AND {day} >= %s"
        )
        parts.append(
            f"SELECT 'tag_day', {_q('tag')}, {day}, CAST({cnt} AS {dbl}), 0 FROM {t} "
            f"WHERE {v} = {visitor} AND {day} >= %s"
        )
    return " UNION ALL ".join(parts)


def _counters_params(
    visitor_params: list[Any], *, today: int, since: int | None, half_life_days: float | None
) -> list[Any]:
    """The parameters of _counters_text, in order."""
    params: list[Any] = [*visitor_params, *visitor_params]
    if half_life_days:
        params += [today, 1000 * half_life_days, today, half_life_days]
    params += visitor_params
    if since is not None:
        params += [*visitor_params, since, *visitor_params, since]
    return params


def read_counters(
    visitor_pk: int, *, today: int, since: int | None, half_life_days: float | None
) -> list[tuple[str, str, int | None, float, int]]:
    """Every counter of a profile in one UNION ALL: rows (kind, key, day, amount, starts).

    kind "path" / "tag": lifetime sums; "persona": affinity, each day's points halved every
    `half_life_days` of age (None: summed as they are); "path_day" / "tag_day": the rows of days
    >= `since` (none when `since` is None). Points older than 1000 half-lives count 0 (PostgreSQL
    refuses to underflow POWER).
    """
    query = _counters_text(connection.vendor, "%s", since is not None, bool(half_life_days))
    params = _counters_params([visitor_pk], today=today, since=since, half_life_days=half_life_days)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return list(cursor.fetchall())


def _json_rows(vendor: str, columns: str, source: str) -> str:
    """A scalar subquery: the rows of `source` as one JSON array of arrays (NULL/[] when none)."""
    if vendor == "postgresql":
        return f"(SELECT json_agg(json_build_array({columns})) FROM ({source}) AS r)"
    return f"(SELECT json_group_array(json_array({columns})) FROM ({source}) AS r)"


@lru_cache(maxsize=16)
def _read_profile_text(vendor: str, with_days: bool, with_half_life: bool) -> str:
    v = _q(Visitor._meta.db_table)
    e = _q(Event._meta.db_table)
    pk = f"{v}.{_q('id')}"
    counters = _counters_text(vendor, pk, with_days, with_half_life)
    # SQLite: json() in the outer json_array (a subquery's column loses the JSON subtype)
    props = "r.p" if vendor == "postgresql" else "json(r.p)"
    events = (
        f"SELECT {_q('type')} AS t, {_q('at')} AS a, {_q('value')} AS n, {_q('properties')} AS p FROM {e} "
        f"WHERE {_q('visitor_id')} = {pk} AND {_q('at')} >= %s ORDER BY {_q('at')} DESC LIMIT %s"
    )
    traits = (
        f"(SELECT u.{_q('traits')} FROM {_q(UserTraits._meta.db_table)} AS u "
        f"WHERE u.{_q('user_key')} = {v}.{_column(Visitor, 'user_key')} LIMIT 1)"
    )
    columns = ", ".join(f"{v}.{_q(_db_column(f))}" for f in Visitor._meta.concrete_fields)
    resolve, _ = resolve_sql("")
    return (
        f"SELECT {columns}, {traits} AS user_traits, {_json_rows(vendor, 'r.k, r.key, r.d, r.n, r.s', counters)} AS counter_rows, "
        f"{_json_rows(vendor, f'r.t, r.a, r.n, {props}', events)} AS event_rows "
        f"FROM {v} WHERE {pk} IN ({resolve}) LIMIT 1"
    )


def read_profile(
    visitor_id: str,
    *,
    today: int,
    since: int | None,
    half_life_days: float | None,
    events_since: datetime,
    max_events: int,
) -> Visitor | None:
    """The profile `visitor_id` resolves to, with everything the engine reads, in one statement.

    The Visitor carries `user_traits` (its user key's trait values), `counter_rows` (read_counters'
    rows) and `event_rows` ((type, at, value, properties), the newest `max_events` since
    `events_since`) as JSON from correlated subqueries: one round trip whatever the history."""
    query = _read_profile_text(connection.vendor, since is not None, bool(half_life_days))
    params = [
        *_counters_params([], today=today, since=since, half_life_days=half_life_days),
        dt(events_since),
        max_events,
        visitor_id,
        visitor_id,
    ]
    visitor = next(iter(Visitor.objects.raw(query, params)), None)
    if visitor is not None:
        # An extra column of the raw query; not declared on Visitor, where history.resolve's
        # annotate(user_traits=...) would clash with it (django-stubs).
        visitor.user_traits = _json(visitor.user_traits, None)  # type: ignore[attr-defined]
        visitor.counter_rows = [tuple(row) for row in _json(visitor.counter_rows, [])]
        visitor.event_rows = [
            (t, _datetime(a), n, p) for t, a, n, p in _json(visitor.event_rows, [])
        ]
    return visitor


def _json(value: Any, default: Any) -> Any:
    """A JSON column as Python: the backend may hand it over parsed or as text."""
    if value is None:
        return default
    return json.loads(value) if isinstance(value, str) else value


def _datetime(value: Any) -> datetime:
    """A timestamp inside JSON (ISO text, naive UTC on SQLite) as an aware datetime."""
    if isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
