"""What incoming customer data may hold, so that SQLite and PostgreSQL both store it and both read
it back (issue 25). Every limit has a name here and is documented in docs/api.md ("Limits of
incoming data"); the API (trackEvent, trackEvents, POST /api/events/, setTraits, identify) and the
imports check each item with these functions before anything is written.

- Times: from EARLIEST_TIME (1970-01-01 UTC, included) to LATEST_TIME (2100-01-01 UTC, excluded).
  PostgreSQL stores year 1 BC, which Python cannot read back (a stored `0001-01-01T00:30+01:00`
  made every later read of that visitor an internal error); SQLite cannot store it at all.
- Numbers: finite, and no larger in size than MAX_ABS_NUMBER (2**53 - 1, the largest integer a
  JavaScript client reads exactly); a 310-digit integer cannot even be turned into a float.
- JSON (event properties, trait values): an object of at most MAX_JSON_BYTES bytes of compact
  UTF-8 JSON, at most MAX_JSON_DEPTH levels of objects and arrays (the object itself is the
  first), with text keys and no NaN or Infinity (which
  PostgreSQL's jsonb refuses), numbers as above.

`Unstorable` says what is wrong and which field; the API answers it as BAD_USER_INPUT for that
item only.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

EARLIEST_TIME = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2100, 1, 1, tzinfo=UTC)
MAX_ABS_NUMBER = 2**53 - 1
MAX_JSON_BYTES = 4096
MAX_JSON_DEPTH = 8


class Unstorable(ValueError):
    """A value outside the limits above; `field` names the input field."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


def check_time(value: datetime, field: str) -> datetime:
    """`value` (UTC when it carries no offset) if it lies in [EARLIEST_TIME, LATEST_TIME).
    The year is looked at first, so an offset at the edge of the calendar never overflows."""
    message = f"{field} must lie between {EARLIEST_TIME:%Y-%m-%d} and {LATEST_TIME:%Y-%m-%d} (UTC)."
    if not EARLIEST_TIME.year - 1 <= value.year <= LATEST_TIME.year:
        raise Unstorable(message, field)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        inside = EARLIEST_TIME <= value < LATEST_TIME
    except OverflowError:  # an offset the datetime type cannot apply
        inside = False
    if not inside:
        raise Unstorable(message, field)
    return value


def check_number(value: Any, field: str) -> int | float:
    """A JSON number (not a boolean) that is finite and at most MAX_ABS_NUMBER in size."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Unstorable(f"{field} must be a number.", field)
    if isinstance(value, float) and not math.isfinite(value):
        raise Unstorable(f"{field} must be a finite number (not NaN or Infinity).", field)
    if abs(value) > MAX_ABS_NUMBER:
        raise Unstorable(f"{field} must lie between -{MAX_ABS_NUMBER} and {MAX_ABS_NUMBER}.", field)
    return value


def check_json(value: Any, field: str, depth: int = 0) -> Any:
    """`value` if it is JSON both databases store: text keys, finite numbers within
    MAX_ABS_NUMBER, at most MAX_JSON_DEPTH levels of objects and arrays (`depth`: how many
    enclose it; the size is parse_json_object's)."""
    if isinstance(value, (dict, list, tuple)) and depth >= MAX_JSON_DEPTH:
        raise Unstorable(
            f"{field} must not nest objects and arrays more than {MAX_JSON_DEPTH} levels deep.",
            field,
        )
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, float)):
        check_number(value, field)
        return value
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise Unstorable(f"{field} must have text keys.", field)
            check_json(item, field, depth + 1)
        return value
    if isinstance(value, (list, tuple)):
        for item in value:
            check_json(item, field, depth + 1)
        return value
    raise Unstorable(f"{field} must hold only JSON values.", field)


def parse_json_object(value: Any, field: str) -> dict[str, Any]:
    """A JSON object given as an object or as JSON text, checked by check_json and under
    MAX_JSON_BYTES; Unstorable otherwise (text too long is refused before it is parsed)."""
    if isinstance(value, str):
        if len(value.encode("utf-8", "surrogatepass")) > MAX_JSON_BYTES:
            raise Unstorable(f"{field} must be under {MAX_JSON_BYTES} bytes of JSON.", field)
        try:
            value = json.loads(value, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            raise Unstorable(f"{field} must be a JSON object.", field) from None
    if not isinstance(value, dict):
        raise Unstorable(f"{field} must be a JSON object.", field)
    check_json(value, field)
    size = len(
        json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "replace")
    )
    if size > MAX_JSON_BYTES:
        raise Unstorable(f"{field} must be under {MAX_JSON_BYTES} bytes of JSON.", field)
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
