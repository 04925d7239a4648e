"""Scheduled alternatives: a page variant or block alternative with `go_live_at` / `expire_at`
is served only while go_live_at <= now < expire_at, `now` being the request's time (or the time
a preview simulates). Either end may be missing. Outside its window an alternative does not
exist for the choice: it never wins, never takes part in an A/B test.

Times come as aware datetimes (page variants) or ISO 8601 strings (block alternatives, stored
in StreamField JSON); a time without a zone is read as UTC. Pure: no clock is read here.
"""

from __future__ import annotations

from datetime import UTC, datetime

When = datetime | str | None


def as_time(value: When) -> datetime | None:
    """An aware datetime from a datetime or an ISO 8601 string; None for empty or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def is_live(now: datetime, go_live_at: When = None, expire_at: When = None) -> bool:
    """Is an alternative with this window served at `now`? (go live inclusive, expiry exclusive)"""
    now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    start, end = as_time(go_live_at), as_time(expire_at)
    if start is not None and now < start:
        return False
    return end is None or now < end


def window_note(now: datetime, go_live_at: When = None, expire_at: When = None) -> str:
    """Why an alternative is not live: "goes live 2026-12-07 00:00 UTC" / "expired 2026-12-12 00:00 UTC"."""
    now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    start, end = as_time(go_live_at), as_time(expire_at)
    if start is not None and now < start:
        return f"goes live {_show(start)}"
    if end is not None and now >= end:
        return f"expired {_show(end)}"
    return "live"


def _show(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
