"""Batches of events from the site's server: validation of each item and the per-item answer.

Shared by the `trackEvents` mutation, `POST /api/events/` and `manage.py import_events`, so the
three accept exactly the same events. An invalid item is reported by its index with a code and
a message; the valid ones of the batch are stored all the same (graphql-api.md, EventError).
Idempotence is per profile and `eventId`; an event without `eventId` but with its own `at` gets
one derived from its content (derived_event_id), so replaying a batch stores nothing twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from personalization.profiles import store
from personalization.profiles.data_limits import (
    Unstorable,
    check_number,
    check_time,
    parse_json_object,
)

from .errors import BAD_USER_INPUT, NOT_FOUND, ClientError
from .text_input import clean_text, clean_value
from .validation import VARIANT_ID, clean_event_type, clean_path, clean_visitor_id

MAX_EVENTS = 1000
MAX_USER_KEY = 200
FUTURE_SLACK = timedelta(minutes=5)  # clocks of other systems drift; later than this is refused
DERIVED_PREFIX = "at:"  # derived idempotency keys (derived_event_id)
FIELDS = (
    "visitorId",
    "userKey",
    "type",
    "path",
    "value",
    "variantId",
    "properties",
    "eventId",
    "at",
)


def clean_event(item: Mapping[str, Any], now: datetime) -> store.NewEvent:
    """One event in camelCase keys (as EventInput and the JSON body spell them); ClientError
    says what is wrong. Every limit of profiles/data_limits.py is checked here, item by item,
    before anything is written: one bad item never costs the others."""
    try:
        return _clean_event(item, now)
    except Unstorable as exc:
        raise ClientError(exc.message, field=exc.field) from None


def _clean_event(item: Mapping[str, Any], now: datetime) -> store.NewEvent:
    if not isinstance(item, Mapping):
        raise ClientError("Each event must be a JSON object.")
    unknown = [key for key in item if key not in FIELDS]
    if unknown:
        raise ClientError(
            f"Unknown field {unknown[0]!r}; expected {', '.join(FIELDS)}.", field=unknown[0]
        )
    # Text as GraphQL's TextInputMiddleware leaves it (no NUL, no lone surrogates), for the JSON
    # body and import files too; properties are cleaned once parse_json_object has bounded
    # their depth (a body may nest them hundreds of levels deep).
    item = {key: clean_text(v) if isinstance(v, str) else v for key, v in item.items()}
    visitor_id = clean_visitor_id(_text(item, "visitorId"))
    user_key = _text(item, "userKey")
    if user_key is not None and not 0 < len(user_key) <= MAX_USER_KEY:
        raise ClientError(f"userKey must be 1 to {MAX_USER_KEY} characters.", field="userKey")
    if visitor_id is None and not user_key:
        raise ClientError("Give visitorId or userKey: whose event it is.", field="visitorId")
    kind = clean_event_type(_text(item, "type"))
    path = _text(item, "path")
    path = clean_path(path) if path else None
    value = item.get("value")
    if value is not None:
        value = float(check_number(value, "value"))
    properties = item.get("properties")
    if properties is not None:
        properties = clean_value(parse_json_object(properties, "properties"))
    event_id = _text(item, "eventId")
    if event_id is not None and not 0 < len(event_id) <= 100:
        raise ClientError("eventId must be 1 to 100 characters.", field="eventId")
    variant_id = _text(item, "variantId")
    if variant_id is not None and not VARIANT_ID.match(variant_id):
        raise ClientError(
            "variantId must be a variant id as served in personalizedPage.variant.id.",
            field="variantId",
        )
    at = _time(item.get("at"), now)
    if event_id is None and item.get("at") is not None:
        event_id = derived_event_id(kind, at, path, value, variant_id, properties)
    return store.NewEvent(
        type=kind,
        at=at,
        visitor_id=visitor_id,
        user_key=user_key if visitor_id is None else None,
        path=path,
        value=value,
        variant_id=variant_id,
        properties=properties,
        client_event_id=event_id,
    )


def derived_event_id(
    kind: str,
    at: datetime,
    path: str | None,
    value: float | None,
    variant_id: str | None,
    properties: Mapping[str, Any] | None,
) -> str:
    """The idempotency key of an event sent without `eventId` but with its own `at`: a hash of
    what it says (type, time to the microsecond in UTC, path, value, variant, properties), so a
    replayed batch stores it once per profile. Two events identical in all of these are one event;
    give them `eventId`s to keep both. Without `at` (stamped on arrival) there is none."""
    canonical = json.dumps(
        [kind, at.astimezone(UTC).isoformat(), path, value, variant_id, properties or {}],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return DERIVED_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()[:40]


def _text(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ClientError(f"{key} must be a string.", field=key)
    return value


def _time(value: Any, now: datetime) -> datetime:
    if value is None:
        return now
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ClientError(
                "at must be an ISO date-time such as 2026-11-23T10:00:00Z.", field="at"
            ) from None
    if not isinstance(value, datetime):
        raise ClientError("at must be an ISO date-time such as 2026-11-23T10:00:00Z.", field="at")
    try:
        value = check_time(value, "at")  # in the stored range before any arithmetic on it
    except Unstorable:
        if value.year >= now.year:  # past 2100: say what matters to the sender
            raise ClientError("at must not be in the future.", field="at") from None
        raise
    if value > now + FUTURE_SLACK:
        raise ClientError("at must not be in the future.", field="at")
    return value


def ingest(items: Sequence[Mapping[str, Any]], now: datetime, offset: int = 0) -> dict[str, Any]:
    """Validate and store a batch: {accepted, duplicates, errors: [{index, code, message}]}.

    `index` is the item's position in `items` plus `offset` (import_events numbers lines)."""
    errors: list[dict[str, Any]] = []
    valid: list[tuple[int, store.NewEvent]] = []
    for index, item in enumerate(items):
        try:
            valid.append((index, clean_event(item, now)))
        except ClientError as exc:
            errors.append(
                {
                    "index": index + offset,
                    "code": (exc.extensions or {}).get("code", BAD_USER_INPUT),
                    "message": exc.message,
                }
            )
    outcomes = store.record_events([event for _, event in valid])
    accepted = duplicates = 0
    for (index, _), outcome in zip(valid, outcomes, strict=True):
        if outcome == store.STORED:
            accepted += 1
        elif outcome == store.DUPLICATE:
            duplicates += 1
        else:
            errors.append(
                {
                    "index": index + offset,
                    "code": NOT_FOUND,
                    "message": "No visitor with consent has this visitorId or userKey: nothing was stored.",
                }
            )
    errors.sort(key=lambda e: e["index"])
    return {"accepted": accepted, "duplicates": duplicates, "errors": errors}
