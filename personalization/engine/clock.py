"""Local time of a visitor: hour, weekday and date of `ctx.now` in the visitor's time zone.

The `local_hour`, `weekday` and `date` signals are about the visitor's own day ("lunch-time
offers in Stockholm"), so they use the GeoIP time zone when there is one and the site's time zone
otherwise. Pure standard library (zoneinfo): the engine imports this module, so it must stay free
of Django and I/O apart from the tz database read once per zone name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class LocalTime:
    hour: int  # 0-23
    weekday: str  # "mon" .. "sun"
    date: date
    timezone: str  # the IANA name actually used


@lru_cache(maxsize=512)
def zone(name: str | None) -> tzinfo | None:
    """The zone for an IANA name, or None when the name is unknown or malformed (cached)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def local_time(
    now: datetime, visitor_timezone: str | None, site_timezone: str = "UTC"
) -> LocalTime:
    """`now` seen in the visitor's zone, else the site's zone, else UTC.

    A naive `now` is taken as UTC (the engine is always given aware times; this is a safety net).
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    name: str | None = visitor_timezone
    tz = zone(visitor_timezone)
    if tz is None:
        name, tz = site_timezone, zone(site_timezone)
    if tz is None:
        name, tz = "UTC", UTC
    local = now.astimezone(tz)
    return LocalTime(
        hour=local.hour,
        weekday=WEEKDAYS[local.weekday()],
        date=local.date(),
        timezone=name or "UTC",
    )
