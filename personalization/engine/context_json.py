"""The JSON form of a VisitorContext (docs/ruleset-format.md, "The visitor context as JSON"):
what `engine/cli.py` reads and what a frontend using another language's engine sends, so that
two implementations read the same context the same way.

camelCase keys, times as ISO 8601 with an offset (`2026-03-29T01:30:00+01:00`, `Z` for UTC),
days as `YYYY-MM-DD`. A missing key and `null` mean the same: the field's default. Unknown keys
are ignored. A value of the wrong type is refused with a `ContextError` naming the key (no guess):
`context_from_json` either reads the whole context or raises.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from .context import (
    DayCounts,
    Device,
    EventRecord,
    History,
    Location,
    Source,
    VisitorContext,
)

T = TypeVar("T")
# Times: date, "T", hours and minutes, optional seconds with 1-6 fraction digits, then Z or ±HH:MM.
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_YEAR, MAX_YEAR = 1900, 9998  # times outside are refused (no overflow in window arithmetic)
MAX_INT = 2**53  # integers beyond are refused: JavaScript cannot hold them exactly


class ContextError(ValueError):
    """A context that cannot be read: `where` is the key path ("history.visitCount")."""

    def __init__(self, where: str, expected: str):
        super().__init__(f"{where}: expected {expected}")
        self.where = where


# -- scalars ----------------------------------------------------------------------------------
def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ContextError(where, "a string")
    return value


def _int(value: Any, where: str) -> int:
    """A JSON number with an integral value (1 and 1.0 are the same number in JSON)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ContextError(where, "an integer")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise ContextError(where, "an integer")
    if abs(value) > MAX_INT:
        raise ContextError(where, f"an integer between -{MAX_INT} and {MAX_INT}")
    return int(value)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ContextError(where, "a number")
    if not math.isfinite(value):
        raise ContextError(where, "a finite number")
    return float(value)


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ContextError(where, "true or false")
    return value


def parse_time(value: Any, where: str) -> datetime:
    """An aware datetime from ISO 8601 text with an offset (the only form accepted)."""
    if not isinstance(value, str) or not _TIME.match(value):
        raise ContextError(where, "an ISO 8601 time with an offset, e.g. 2026-03-29T01:30:00Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ContextError(where, "a valid date and time") from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ContextError(where, f"a time between the years {MIN_YEAR} and {MAX_YEAR}")
    return moment


def _day(value: Any, where: str) -> date:
    if not isinstance(value, str) or not _DAY.match(value):
        raise ContextError(where, "a day as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ContextError(where, "a valid day") from None


# -- containers -------------------------------------------------------------------------------
def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ContextError(where, "an object")
    return value


def _opt(data: Mapping[str, Any], key: str, read: Callable[[Any, str], T], where: str) -> T | None:
    value = data.get(key)
    return None if value is None else read(value, f"{where}{key}")


def _list(read: Callable[[Any, str], T]) -> Callable[[Any, str], tuple[T, ...]]:
    def get(value: Any, where: str) -> tuple[T, ...]:
        if not isinstance(value, list):
            raise ContextError(where, "a list")
        return tuple(read(item, f"{where}[{i}]") for i, item in enumerate(value))

    return get


def _map(read: Callable[[Any, str], T]) -> Callable[[Any, str], dict[str, T]]:
    def get(value: Any, where: str) -> dict[str, T]:
        return {k: read(v, f"{where}.{k}") for k, v in _object(value, where).items()}

    return get


def _json(value: Any, where: str) -> Any:
    """Any JSON value (trait values, event properties), numbers finite. An integral number is
    an int whether written 2 or 2.0 (JSON does not tell them apart; JavaScript cannot)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ContextError(where, "a finite number")
        if value.is_integer() and abs(value) <= MAX_INT:
            return int(value)
    if isinstance(value, list):
        return [_json(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _json(v, f"{where}.{k}") for k, v in value.items()}
    return value


# -- the parts --------------------------------------------------------------------------------
def _location(value: Any, where: str) -> Location:
    d, w = _object(value, where), where + "."
    return Location(
        country_code=_opt(d, "countryCode", _text, w),
        country=_opt(d, "country", _text, w),
        region_code=_opt(d, "regionCode", _text, w),
        region=_opt(d, "region", _text, w),
        city=_opt(d, "city", _text, w),
        metro_code=_opt(d, "metroCode", _int, w),
        continent=_opt(d, "continent", _text, w),
        timezone=_opt(d, "timezone", _text, w),
        eu=_opt(d, "eu", _bool, w),
    )


def _device(value: Any, where: str) -> Device:
    d, w = _object(value, where), where + "."
    return Device(
        kind=_opt(d, "kind", _text, w) or "unknown",
        os=_opt(d, "os", _text, w),
        browser=_opt(d, "browser", _text, w),
    )


def _source(value: Any, where: str) -> Source:
    d, w = _object(value, where), where + "."
    channel = _opt(d, "channel", _text, w)
    return Source(
        channel="direct" if channel is None else channel,
        utm=_opt(d, "utm", _map(_text), w) or {},
        referrer_domain=_opt(d, "referrerDomain", _text, w),
        landing_path=_opt(d, "landingPath", _text, w),
        query=_opt(d, "query", _map(_text), w) or {},
    )


def _event(value: Any, where: str) -> EventRecord:
    d, w = _object(value, where), where + "."
    kind = d.get("type")
    at = d.get("at")
    if kind is None:
        raise ContextError(w + "type", "a string")
    if at is None:
        raise ContextError(w + "at", "an ISO 8601 time with an offset")
    return EventRecord(
        type=_text(kind, w + "type"),
        at=parse_time(at, w + "at"),
        value=_opt(d, "value", _number, w),
        properties=_opt(d, "properties", _map(_json), w) or {},
    )


def _day_counts(value: Any, where: str) -> DayCounts:
    d, w = _object(value, where), where + "."
    if d.get("day") is None:
        raise ContextError(w + "day", "a day as YYYY-MM-DD")
    return DayCounts(
        day=_day(d["day"], w + "day"),
        visits=_opt(d, "visits", _int, w) or 0,
        page_views=_opt(d, "pageViews", _int, w) or 0,
        paths=_opt(d, "paths", _map(_int), w) or {},
        tags=_opt(d, "tags", _map(_int), w) or {},
    )


def _history(value: Any, where: str) -> History:
    d, w = _object(value, where), where + "."
    visits = _opt(d, "visitCount", _int, w)
    return History(
        visit_count=1 if visits is None else visits,
        page_views=_opt(d, "pageViews", _int, w) or 0,
        path_views=_opt(d, "pathViews", _map(_int), w) or {},
        tag_views=_opt(d, "tagViews", _map(_int), w) or {},
        events=_opt(d, "events", _list(_event), w) or (),
        first_seen=_opt(d, "firstSeen", parse_time, w),
        last_seen=_opt(d, "lastSeen", parse_time, w),
        affinity=_opt(d, "affinity", _map(_number), w) or {},
        affinity_half_life_days=_opt(d, "affinityHalfLifeDays", _number, w),
        days=_opt(d, "days", _list(_day_counts), w) or (),
        stage=_opt(d, "stage", _text, w),
        traits=_opt(d, "traits", _map(_json), w) or {},
    )


def context_from_json(value: Any) -> VisitorContext:
    """The VisitorContext of a JSON object (already parsed); ContextError when it is not one."""
    d = _object(value, "context")
    if d.get("now") is None:
        raise ContextError("now", "an ISO 8601 time with an offset (it is required)")
    site_timezone = _opt(d, "siteTimezone", _text, "")
    forced_segments = _opt(d, "forcedSegments", _list(_text), "")
    return VisitorContext(
        now=parse_time(d["now"], "now"),
        site_timezone=site_timezone or "UTC",
        visitor_id=_opt(d, "visitorId", _text, ""),
        location=_opt(d, "location", _location, ""),
        device=_opt(d, "device", _device, "") or Device(),
        source=_opt(d, "source", _source, "") or Source(),
        history=_opt(d, "history", _history, ""),
        logged_in=bool(_opt(d, "loggedIn", _bool, "")),
        declared_persona=_opt(d, "declaredPersona", _text, ""),
        declared_interests=_opt(d, "declaredInterests", _list(_text), "") or (),
        forced_persona=_opt(d, "forcedPersona", _text, ""),
        forced_stage=_opt(d, "forcedStage", _text, ""),
        forced_segments=forced_segments,
    )


# -- writing ----------------------------------------------------------------------------------
def format_time(moment: datetime) -> str:
    """ISO 8601 with the offset kept (`+00:00` for UTC); microseconds only when there are some."""
    return moment.isoformat()


def context_to_json(ctx: VisitorContext) -> dict[str, Any]:
    """The JSON form of a context (every field written; the inverse of `context_from_json`)."""
    loc, dev, src, hist = ctx.location, ctx.device, ctx.source, ctx.history
    return {
        "now": format_time(ctx.now),
        "siteTimezone": ctx.site_timezone,
        "visitorId": ctx.visitor_id,
        "location": None
        if loc is None
        else {
            "countryCode": loc.country_code,
            "country": loc.country,
            "regionCode": loc.region_code,
            "region": loc.region,
            "city": loc.city,
            "metroCode": loc.metro_code,
            "continent": loc.continent,
            "timezone": loc.timezone,
            "eu": loc.eu,
        },
        "device": {"kind": dev.kind, "os": dev.os, "browser": dev.browser},
        "source": {
            "channel": src.channel,
            "utm": dict(src.utm),
            "referrerDomain": src.referrer_domain,
            "landingPath": src.landing_path,
            "query": dict(src.query),
        },
        "history": None if hist is None else _history_json(hist),
        "loggedIn": ctx.logged_in,
        "declaredPersona": ctx.declared_persona,
        "declaredInterests": list(ctx.declared_interests),
        "forcedPersona": ctx.forced_persona,
        "forcedStage": ctx.forced_stage,
        "forcedSegments": None if ctx.forced_segments is None else list(ctx.forced_segments),
    }


def _history_json(hist: History) -> dict[str, Any]:
    return {
        "visitCount": hist.visit_count,
        "pageViews": hist.page_views,
        "pathViews": dict(hist.path_views),
        "tagViews": dict(hist.tag_views),
        "events": [
            {
                "type": e.type,
                "at": format_time(e.at),
                "value": e.value,
                "properties": dict(e.properties),
            }
            for e in hist.events
        ],
        "firstSeen": None if hist.first_seen is None else format_time(hist.first_seen),
        "lastSeen": None if hist.last_seen is None else format_time(hist.last_seen),
        "affinity": dict(hist.affinity),
        "affinityHalfLifeDays": hist.affinity_half_life_days,
        "days": [
            {
                "day": d.day.isoformat(),
                "visits": d.visits,
                "pageViews": d.page_views,
                "paths": dict(d.paths),
                "tags": dict(d.tags),
            }
            for d in hist.days
        ],
        "stage": hist.stage,
        "traits": dict(hist.traits),
    }
